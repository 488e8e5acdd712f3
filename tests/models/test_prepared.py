"""Statements built once (models/prepared.py) still answer for the database
that is open now, with the values of this call."""

from __future__ import annotations

import pytest

from models import dialogs, messages, posts
from models.db import close_database, database, is_sqlite, open_database
from models.prepared import Prepared
from models.schema import Message, User


@pytest.mark.sqlite_only  # it switches between two SQLite files
def test_reopening_another_database_reads_that_database(db, make_user, tmp_path, frozen_clock):
    """After switching to another database file, a chat shows that file's
    messages, not those of the file the statement was first built for."""
    assert is_sqlite()
    anna, boris = make_user("anna", "Анна", "Иванова"), make_user("boris", "Борис", "Петров")
    messages.send_message(anna.id, boris.id, "в первой базе", messages.new_client_id())
    assert [m.text for m in dialogs.history(anna.id, boris.id)] == ["в первой базе"]

    close_database()
    open_database(f"sqlite:///{tmp_path / 'second.db'}")
    try:
        a2, b2 = make_user("anna2", "Анна", "Смирнова"), make_user("boris2", "Борис", "Орлов")
        messages.send_message(a2.id, b2.id, "во второй базе", messages.new_client_id())
        assert [m.text for m in dialogs.history(a2.id, b2.id)] == ["во второй базе"]
        assert [p.text for p in posts.feed_everyone(a2.id).items] == []
    finally:
        close_database()
        database.initialize(None)


def test_text_that_looks_like_a_number_is_stored_as_sent(db, make_user, frozen_clock):
    """A message whose text and client id are digits is stored and shown as
    typed (the statement binds it as text, like any other message)."""
    anna, boris = make_user("anna"), make_user("boris")
    sent = messages.send_message(anna.id, boris.id, "-7340000000005", "-7340000000001")
    assert sent.text == "-7340000000005" and sent.client_id == "-7340000000001"
    (shown,) = dialogs.history(anna.id, boris.id)
    assert shown == sent
    stored = Message.get_by_id(sent.id)
    assert (stored.text, stored.client_id) == ("-7340000000005", "-7340000000001")


def test_every_argument_must_appear_in_the_statement(db):
    """A statement that ignores one of its arguments is a programming error,
    reported when it is first used rather than answering with wrong rows."""
    broken = Prepared(lambda user_id, unused: User.select(User.id).where(User.id == user_id), 2)
    with pytest.raises(AssertionError):
        broken.rows(1, 2)
