"""Searching one chat: next and previous match through a long history, and
opening the chat at a found message with the page around it."""

from __future__ import annotations

import pytest

from models import clock
from models.chat_search import NEWER, OLDER, history_after, next_match, page_around
from models.errors import NotFoundError
from models.schema import Dialog, DialogMember, Message

LONG = 600


@pytest.fixture
def long_chat(db, make_user, frozen_clock):
    """Anna and Boris's dialog of LONG messages (the word "needle" in numbers
    7, 300 and 555), plus a chat of Anna and Vera with a needle of its own."""
    anna, boris, vera = (make_user(login).id for login in ("anna", "boris", "vera"))
    chats = {}
    for peer, count, needles in ((boris, LONG, {7, 300, 555}), (vera, 3, {2})):
        dialog = Dialog.create(user_lo=anna, user_hi=peer, created_at=clock.now(), last_seq=count)
        DialogMember.insert_many([{"dialog": dialog, "user": anna, "peer": peer},
                                  {"dialog": dialog, "user": peer, "peer": anna}]).execute()
        Message.insert_many([
            {"dialog": dialog, "seq": seq, "sender": anna if seq % 2 else peer,
             "client_id": f"{peer}-{seq}", "created_at": clock.now(),
             "text": f"line {seq} with a needle" if seq in needles else f"line {seq} of hay"}
            for seq in range(1, count + 1)
        ]).execute()
        chats[peer] = dialog.id
    return anna, boris, vera, chats


def _seq(hit) -> int | None:
    return None if hit is None else hit.seq


def test_next_match_walks_back_and_forth_through_the_whole_history(long_chat):
    anna, boris, _vera, chats = long_chat
    chat = chats[boris]
    newest = next_match(anna, chat, "needle")
    assert _seq(newest) == 555
    older = next_match(anna, chat, "needle", newest.message_id, OLDER)
    assert _seq(older) == 300
    oldest = next_match(anna, chat, "needle", older.message_id, OLDER)
    assert _seq(oldest) == 7
    assert next_match(anna, chat, "needle", oldest.message_id, OLDER) is None
    assert _seq(next_match(anna, chat, "needle", oldest.message_id, NEWER)) == 300
    assert next_match(anna, chat, "needle", newest.message_id, NEWER) is None
    text = newest.snippet.text
    assert [text[s:e] for s, e in newest.snippet.highlights] == ["needle"]


def test_next_match_stays_in_its_chat_and_its_members(long_chat):
    anna, boris, vera, chats = long_chat
    assert _seq(next_match(anna, chats[vera], "needle")) == 2
    assert _seq(next_match(vera, chats[vera], "needle")) == 2
    with pytest.raises(NotFoundError):
        next_match(vera, chats[boris], "needle")
    assert next_match(anna, chats[boris], "needle from:boris") is not None
    assert _seq(next_match(anna, chats[boris], "needle from:boris")) == 300


def test_page_around_opens_the_chat_at_a_message(long_chat):
    anna, boris, _vera, chats = long_chat
    target = next_match(anna, chats[boris], "needle", None, OLDER)  # seq 555
    target = next_match(anna, chats[boris], "needle", target.message_id, OLDER)  # seq 300
    page = page_around(anna, target.message_id, before=10, after=5)
    assert [m.seq for m in page.messages] == list(range(305, 289, -1))
    assert page.target_id == target.message_id
    assert page.has_older and page.has_newer
    newer = history_after(anna, chats[boris], page.messages[0].seq, limit=20)
    assert [m.seq for m in newer] == list(range(325, 305, -1))


def test_page_around_the_first_and_the_newest_message(long_chat):
    anna, boris, _vera, chats = long_chat
    first = Message.get((Message.dialog == chats[boris]) & (Message.seq == 1)).id
    last = Message.get((Message.dialog == chats[boris]) & (Message.seq == LONG)).id
    start = page_around(anna, first, before=5, after=5)
    assert [m.seq for m in start.messages] == [6, 5, 4, 3, 2, 1]
    assert not start.has_older and start.has_newer
    end = page_around(anna, last, before=3, after=5)
    assert [m.seq for m in end.messages] == [LONG, LONG - 1, LONG - 2, LONG - 3]
    assert end.has_older and not end.has_newer


def test_nobody_outside_the_chat_opens_it_at_a_message(long_chat):
    anna, boris, vera, chats = long_chat
    message = Message.get((Message.dialog == chats[boris]) & (Message.seq == 3)).id
    with pytest.raises(NotFoundError):
        page_around(vera, message)
    with pytest.raises(NotFoundError):
        history_after(vera, chats[boris], 1)


def test_next_match_asks_one_query_when_it_finds_one(long_chat):
    """The search keeps to what I may read; membership is asked only when
    nothing is found (to tell an outsider the chat does not exist)."""
    from playhouse.test_utils import count_queries

    anna, _boris, vera, chats = long_chat
    boris_chat = next(iter(chats.values()))
    with count_queries() as counter:
        assert _seq(next_match(anna, boris_chat, "needle")) == 555
    assert counter.count == 1
    with count_queries() as counter:
        assert next_match(anna, boris_chat, "needle", direction=NEWER) is None
    assert counter.count == 1
    with pytest.raises(NotFoundError):
        next_match(vera, boris_chat, "needle")
    with pytest.raises(NotFoundError):
        next_match(vera, boris_chat, "", direction=NEWER)
