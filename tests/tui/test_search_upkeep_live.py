"""The live thread tidies the search index on SQLite now and then: after its
step the index has fewer segments and the search finds the same."""

from __future__ import annotations

import pytest

from models import messages, search
from models.db import close_database, open_database
from tests.models.test_search_upkeep import segments
from tests.tui.test_live import _Inbox, _until
from tui import live


@pytest.mark.sqlite_only
def test_the_live_thread_merges_the_search_index(tmp_path, make_user_factory, monkeypatch):
    db = open_database(f"sqlite:///{tmp_path / 'upkeep.db'}")
    anna, boris = make_user_factory("anna"), make_user_factory("boris")
    for i in range(40):
        messages.send_message(anna, boris, f"кофе и дождь {i}", f"upkeep-{i}")
    found = [hit.message_id for hit in search.search_messages(anna, "кофе", limit=50).items]
    many = segments(db)
    monkeypatch.setattr(live, "TIDY_EVERY", 0.0)
    thread = live.PollThread(_Inbox(), anna, interval=0.01)
    thread.start()
    try:
        assert _until(lambda: segments(db) <= 2)
        assert segments(db) < many
    finally:
        thread.stop()
        thread.join(30)
    assert [hit.message_id for hit in search.search_messages(anna, "кофе", limit=50).items] \
        == found
    close_database()
    assert not thread.is_alive()
