"""DraftKeeper (tui/draft_keeper.py): what it writes is always the newest state."""

from __future__ import annotations

import threading

from models import messages
from models.drafts import drafts_for
from tui.chats import peer_key
from tui.draft_keeper import ComposeState, DraftKeeper


def stored(user_id: int) -> dict[int, tuple[str, int | None]]:
    return {d.peer.id: (d.text, d.reply_to.id if d.reply_to else None)
            for d in drafts_for(user_id)}


def test_flush_writes_what_is_current_when_it_runs(db, make_user, frozen_clock):
    """Text changed twice between flushes is written once, as it is last; a
    state emptied (the message was sent) removes the draft; a flush with
    nothing changed writes nothing."""
    anna, michail = make_user("anna").id, make_user("michail").id
    keeper = DraftKeeper(anna)
    keeper.put(peer_key(michail), ComposeState("one"))
    keeper.put(peer_key(michail), ComposeState("one two"))
    assert keeper.unsaved()
    keeper.flush()
    assert stored(anna) == {michail: ("one two", None)}
    assert not keeper.unsaved()
    keeper.put(peer_key(michail), ComposeState(""))
    keeper.flush()
    assert stored(anna) == {}


def test_flushes_from_many_threads_end_with_the_newest_text(db, make_user, frozen_clock):
    anna, michail = make_user("anna").id, make_user("michail").id
    keeper = DraftKeeper(anna)
    threads = []
    for n in range(20):
        keeper.put(peer_key(michail), ComposeState(f"version {n}"))
        thread = threading.Thread(target=keeper.flush)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    assert stored(anna) == {michail: ("version 19", None)}


def test_a_reply_deleted_meanwhile_is_dropped_and_the_text_kept(db, make_user, frozen_clock):
    anna, michail = make_user("anna").id, make_user("michail").id
    theirs = messages.send_message(michail, anna, "Question?", "q1")
    keeper = DraftKeeper(anna)
    messages.delete_message(michail, theirs.id)
    keeper.put(peer_key(michail), ComposeState("Answer", reply_to=theirs))
    keeper.flush()
    assert stored(anna) == {michail: ("Answer", None)}


def test_a_draft_too_long_is_refused_once_and_the_others_are_written(db, make_user, frozen_clock):
    """A draft over the length allowed is refused, and said once while it stays
    too long as typing goes on (each pause in typing wrote it and said so
    again); the other dialogs' drafts of the same flush are written all the
    same; back under the limit it is written, and over it again said again."""
    import pytest

    from models.drafts import MAX_DRAFT_LENGTH
    from models.errors import ValidationError

    anna, michail, olga = (make_user(n).id for n in ("anna", "michail", "olga"))
    keeper = DraftKeeper(anna)
    long = "x" * MAX_DRAFT_LENGTH
    keeper.put(peer_key(michail), ComposeState(long + "y"))
    keeper.put(peer_key(olga), ComposeState("for Olga"))
    with pytest.raises(ValidationError):
        keeper.flush()
    assert stored(anna) == {olga: ("for Olga", None)}
    keeper.put(peer_key(michail), ComposeState(long + "yz"))
    keeper.put(peer_key(olga), ComposeState("for Olga, more"))
    keeper.flush()  # the same refusal again: not said again
    assert stored(anna) == {olga: ("for Olga, more", None)}
    keeper.put(peer_key(michail), ComposeState(long))
    keeper.flush()
    assert stored(anna)[michail] == (long, None)
    keeper.put(peer_key(michail), ComposeState(long + "!"))
    with pytest.raises(ValidationError):
        keeper.flush()
