"""Where a chat with unread messages opens: at the first message I have not
read, read page by page from there, never by loading everything after it."""

from __future__ import annotations

import pytest
from playhouse.test_utils import count_queries

from models import dialogs, messages, unread
from models.errors import ValidationError
from models.views import UnreadWindow


@pytest.fixture
def people(make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    boris = make_user("boris", "Борис", "Петров")
    vera = make_user("vera", "Vera", "Smith")
    return anna.id, boris.id, vera.id


def send(user, peer, text):
    return messages.send_message(user, peer, text, messages.new_client_id())


def test_far_back_first_unread_opens_its_own_page(db, people):
    """Anna read up to message 100 of 300; Boris wrote the 200 after it. Her
    chat opens on 50 messages from 96 (five read ones for context), with the
    first unread one (101) marked and newer pages still to come."""
    anna, boris, _ = people
    for i in range(100):
        send(anna, boris, f"mine {i}")
    for i in range(200):
        send(boris, anna, f"his {i}")
    window = unread.history_at_first_unread(anna, boris, limit=50)
    assert window.first_unread_seq == 101
    assert window.has_newer
    assert [m.seq for m in window.messages] == list(range(145, 95, -1))  # newest first
    assert window.messages[-1].text == "mine 95"


def test_first_unread_near_the_end_opens_the_newest_page(db, people):
    """Three unread messages after 60 read ones: the newest page, as usual,
    with the first unread one marked."""
    anna, boris, _ = people
    for i in range(60):
        send(anna, boris, f"mine {i}")
    for i in range(3):
        send(boris, anna, f"his {i}")
    window = unread.history_at_first_unread(anna, boris, limit=50)
    assert window.first_unread_seq == 61
    assert not window.has_newer
    assert [m.seq for m in window.messages] == list(range(63, 13, -1))
    assert window.messages == tuple(dialogs.history(anna, boris, limit=50))


def test_nothing_unread_is_the_newest_page_without_a_mark(db, people):
    """Read to the end (answering reads everything before), or only my own
    messages, or an unread message that was deleted: no mark."""
    anna, boris, vera = people
    send(boris, anna, "hi")
    send(anna, boris, "hello")
    window = unread.history_at_first_unread(anna, boris)
    assert window.first_unread_seq is None and not window.has_newer
    assert [m.text for m in window.messages] == ["hello", "hi"]
    gone = send(boris, anna, "oops")
    messages.delete_message(boris, gone.id)
    assert unread.history_at_first_unread(anna, boris).first_unread_seq is None
    assert unread.history_at_first_unread(vera, anna) == UnreadWindow((), None, False)


def test_the_mark_follows_mark_read(db, people):
    """After Anna read up to 20 of Boris's 30 messages, the first unread is 21."""
    anna, boris, _ = people
    for i in range(30):
        send(boris, anna, f"his {i}")
    assert unread.history_at_first_unread(anna, boris).first_unread_seq == 1
    dialogs.mark_read(anna, boris, 20)
    assert unread.history_at_first_unread(anna, boris, limit=10).first_unread_seq == 21


def test_costs_the_same_queries_whatever_the_dialog_size(db, people):
    """A first unread message 10 or 400 messages back costs the same queries."""
    anna, boris, _ = people
    for i in range(20):
        send(boris, anna, f"his {i}")
    dialogs.mark_read(anna, boris, 10)
    with count_queries() as small:
        unread.history_at_first_unread(anna, boris, limit=5)
    for i in range(400):
        send(boris, anna, f"more {i}")
    with count_queries() as big:
        window = unread.history_at_first_unread(anna, boris, limit=5)
    assert window.first_unread_seq == 11 and window.has_newer
    assert big.count == small.count <= 6  # the page, its marks, mentions, reactions, attachments: batched


def test_a_bad_page_size_is_refused(db, people):
    anna, boris, _ = people
    with pytest.raises(ValidationError):
        unread.history_at_first_unread(anna, boris, limit=0)
