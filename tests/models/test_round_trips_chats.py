"""A chat opened cold (its dialog's id not known yet) and a chat opened at its
first unread message are two round trips on PostgreSQL (issue 17), and show
what the long way shows: the same messages, order, read marks and extras.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from models import conversations, dialogs, groups, messages, pair_pages, reactions, unread
from models.schema import Message
from tests.models.test_round_trips import on_pg, picture, round_trips

SCREEN = 2


@pytest.fixture
def chat(db, make_user, frozen_clock):
    """Анна and Михаил: 30 messages (a picture, a reply, a reaction), Анна's
    saved notes, and Ольга with no dialog with Анна."""
    anna, michail, olga = (make_user(login, first, "Test").id for login, first in (
        ("anna", "Анна"), ("michail", "Михаил"), ("olga", "Ольга")))
    first = messages.send_message(anna, michail, "", "c-0", attachments=[picture()])
    for i in range(1, 30):
        sent = messages.send_message(michail if i % 3 else anna, anna if i % 3 else michail,
                                     f"m{i}", f"c-{i}", reply_to_id=first.id if i == 7 else None)
    reactions.react_to_message(anna, sent.id, "🔥")
    messages.send_message(anna, anna, "заметка", "n-1")
    return anna, michail, olga


def forget(user_id: int, peer_id: int) -> None:
    dialogs._KNOWN.remember(user_id, peer_id, None)  # as in a fresh process


def long_way(monkeypatch, call, *args, **kwargs):
    """``call`` with the page looked up the old way (membership first)."""
    with monkeypatch.context() as patched:
        patched.setattr(pair_pages, "cold_rows", lambda *a: None)
        patched.setattr(pair_pages, "newest_rows", lambda *a: None)
        return call(*args, **kwargs)


@pytest.mark.parametrize("limit", [1, 5, 29, 30, 50])
def test_a_cold_chat_page_is_two_statements_and_the_page_of_the_long_way(chat, monkeypatch,
                                                                        limit):
    anna, michail, _ = chat
    for user_id, peer_id, newest in ((anna, michail, 30), (michail, anna, 30), (anna, anna, 1)):
        for before in (None, 31, 30, 12, 2, 1):
            forget(user_id, peer_id)
            trips, page = round_trips(dialogs.history, user_id, peer_id, before, limit)
            expected = long_way(monkeypatch, dialogs.history, user_id, peer_id, before, limit)
            assert page == expected, (user_id, peer_id, before)
            if page and (before or 0) <= newest + 1:  # a page's seq, or the newest page
                assert trips <= SCREEN, (user_id, peer_id, before, trips)
    forget(anna, michail)
    page = dialogs.history(anna, michail, limit=limit)
    assert page[0].reactions and page[-1].seq == 31 - min(limit, 30)


def test_a_cold_page_with_a_gap_in_its_seqs_is_read_the_long_way(chat, monkeypatch):
    """Seqs have no gaps as the app writes them; a page that finds fewer rows
    than its range (a row removed by hand) is not trusted."""
    anna, michail, _ = chat
    page = dialogs.history(anna, michail, limit=10)
    Message.delete().where(Message.id == page[4].id).execute()
    for before in (None, 25):
        forget(anna, michail)
        got = dialogs.history(anna, michail, before, 10)
        assert got == long_way(monkeypatch, dialogs.history, anna, michail, before, 10)
        assert len(got) == 10
    forget(anna, michail)
    assert dialogs.history(anna, michail, 3, 10) == long_way(
        monkeypatch, dialogs.history, anna, michail, 3, 10)


def test_no_dialog_is_still_an_empty_page(chat):
    anna, _, olga = chat
    forget(anna, olga)
    assert dialogs.history(anna, olga) == [] and dialogs.history(anna, olga, 5) == []


@pytest.mark.parametrize("known", [True, False])
def test_a_chat_opened_at_its_first_unread_is_two_round_trips_and_the_same_window(
        chat, monkeypatch, known):
    anna, michail, _ = chat
    dialog_id = dialogs.history(anna, michail, limit=1)[0].dialog_id
    for mark in (0, 3, 20, 26, 29, 30):
        conversations.mark_read_in(anna, dialog_id, mark)
        for limit in (5, 10, 30, 50):
            if not known:
                forget(anna, michail)
            trips, window = round_trips(unread.history_at_first_unread, anna, michail, limit)
            assert window == long_way(monkeypatch, unread.history_at_first_unread, anna,
                                      michail, limit), (mark, limit)
            assert trips <= SCREEN + 1
            if not window.has_newer:
                assert on_pg(trips, SCREEN), (mark, limit)


def test_a_group_opened_at_its_first_unread_is_two_round_trips(chat):
    anna, michail, olga = chat
    gid = groups.create_group(michail, "Команда", [anna, olga])
    for i in range(12):
        messages.send_to_dialog(michail, gid, f"g{i}", f"g-{i}")
    groups.remove_member(michail, gid, olga)
    messages.send_to_dialog(michail, gid, "после", "p-1")
    for user_id in (anna, olga):
        trips, window = round_trips(conversations.history_at_first_unread_of, user_id, gid, 50)
        assert on_pg(trips, SCREEN) and not window.has_newer
        assert window.messages == tuple(conversations.history_of(user_id, gid))
    with pytest.raises(conversations.NotFoundError):
        conversations.history_at_first_unread_of(anna, 10**6)
