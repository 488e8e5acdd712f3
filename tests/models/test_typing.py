"""Typing: "Анна is typing…" reaches the other members through the live poll,
stays 5 s after the last key, goes at once with the message, and costs at most
one write per 3 s per person while they type."""

# ruff: noqa: F811 - pytest fixtures imported from test_activity are arguments here
from __future__ import annotations

from datetime import timedelta

import pytest
from playhouse.test_utils import count_queries

from models import clock, typing_signal
from models.errors import NotFoundError
from models.schema import DialogMember, Typing, User
from models.typing_signal import TYPING_FOR, WRITE_EVERY, TypingThrottle
from tests.models.test_activity import people, poll_as, send  # noqa: F401 - fixtures

S = timedelta(seconds=1)


def typists(user_id):
    return [(t.dialog_id, t.user.first_name) for t in typing_signal.typing_in_my_dialogs(user_id)]


def test_typing_is_seen_by_the_other_member_only(db, people):
    anna, boris, vera = people
    dialog = send(anna, boris, "Привет").dialog_id
    typing_signal.set_typing(anna, dialog, clock.now() + TYPING_FOR)
    assert typists(boris) == [(dialog, "Анна")]
    assert typists(anna) == [] and typists(vera) == []


def test_only_a_member_may_type_in_a_dialog(db, people):
    anna, boris, vera = people
    dialog = send(anna, boris, "Привет").dialog_id
    with pytest.raises(NotFoundError):
        typing_signal.set_typing(vera, dialog, clock.now() + TYPING_FOR)
    assert Typing.select().count() == 0


def test_the_sign_goes_when_its_time_passes(db, people):
    anna, boris, _ = people
    dialog = send(anna, boris, "Привет").dialog_id
    typing_signal.set_typing(anna, dialog, clock.now() + TYPING_FOR)
    clock.freeze(clock.now() + TYPING_FOR - S)
    assert typists(boris) == [(dialog, "Анна")]
    clock.freeze(clock.now() + S)
    assert typists(boris) == []


def test_sending_takes_the_sign_away_in_the_same_transaction(db, people):
    anna, boris, _ = people
    dialog = send(anna, boris, "Привет").dialog_id
    typing_signal.set_typing(anna, dialog, clock.now() + TYPING_FOR)
    send(anna, boris, "Как дела?")
    assert typists(boris) == []
    assert Typing.select().count() == 0


def test_several_people_typing_in_one_dialog_are_listed(db, people):
    """A dialog of three (made by hand until groups exist): Борис sees Анна
    and Vera typing in it, in the order they started."""
    anna, boris, vera = people
    dialog = send(anna, boris, "Привет").dialog_id
    DialogMember.create(dialog=dialog, user=vera, peer=anna)
    typing_signal.set_typing(anna, dialog, clock.now() + TYPING_FOR)
    typing_signal.set_typing(vera, dialog, clock.now() + TYPING_FOR)
    assert typists(boris) == [(dialog, "Анна"), (dialog, "Vera")]
    assert typists(vera) == [(dialog, "Анна")]


def test_the_live_poll_reports_typing_when_it_changes(db, people, poll_as):  # noqa: F811
    """Борис's poller learns that Анна types (one report), hears nothing more
    while nothing changes, and learns when she sent: the message and the
    empty list come in the same poll."""
    anna, boris, _ = people
    dialog = send(anna, boris, "Привет").dialog_id
    poller = poll_as(boris)
    poller.poll()  # the first poll only learns where things end
    typing_signal.set_typing(anna, dialog, clock.now() + TYPING_FOR)
    changes = poller.poll()
    assert [(t.dialog_id, t.user.login) for t in changes.typing] == [(dialog, "anna")]
    assert poller.poll() is None
    send(anna, boris, "Как дела?")
    changes = poller.poll()
    assert changes.typing == () and [m.text for m in changes.messages] == ["Как дела?"]


def test_a_hundred_typing_cost_the_poll_one_query(db, make_user, frozen_clock, monkeypatch):
    """A dialog where a hundred people type: the first poll that sees them reads
    who they are too (two queries); every later poll while they type on — each
    one's ``until`` moving — is one query, and shows the new times. A name
    changed meanwhile shows once the names kept are older than ``PEOPLE_KEPT``."""
    me = make_user("me").id
    first = make_user("p0").id
    dialog = send(first, me, "hi").dialog_id
    crowd = [first] + [make_user(f"p{i}").id for i in range(1, 100)]
    for person in crowd[1:]:
        DialogMember.create(dialog=dialog, user=person, peer=me)
    for person in crowd:
        typing_signal.set_typing(person, dialog, clock.now() + TYPING_FOR)
    views = typing_signal.TypingViews()
    with count_queries() as counter:
        found = views.views(typing_signal.typing_rows(me))
    assert counter.count == 2 and len(found) == 100
    clock.freeze(clock.now() + timedelta(seconds=1))
    for person in crowd:
        typing_signal.set_typing(person, dialog, clock.now() + TYPING_FOR)
    User.update(first_name="Renamed").where(User.id == first).execute()
    with count_queries() as counter:
        found = views.views(typing_signal.typing_rows(me))
    assert counter.count == 1 and len(found) == 100
    assert {view.until for view in found} == {clock.now() + TYPING_FOR}
    assert found[0].user.first_name == "Test"  # kept from the first poll
    monkeypatch.setattr(typing_signal, "PEOPLE_KEPT", -1.0)
    found = views.views(typing_signal.typing_rows(me))
    assert found[0].user.first_name == "Renamed"
    assert typing_signal.typing_in_my_dialogs(me) == found


# ---------------------------------------------------------------- the throttle

def _type(throttle: TypingThrottle, keys, until_s: float):
    """Press keys at ``keys`` (seconds from 0) and run the owed writes when due,
    as the app's timer does; returns the writes as (second, until second)."""
    t0 = clock.now()
    writes = []
    events = sorted(keys)
    now_s = 0.0
    while now_s <= until_s:
        now = t0 + timedelta(seconds=now_s)
        if events and events[0] <= now_s:
            events.pop(0)
            until = throttle.key(now)
            if until is not None:
                writes.append((now_s, (until - t0).total_seconds()))
        due = throttle.due_at()
        if due is not None and due <= now:
            until = throttle.flush(now)
            if until is not None:
                writes.append((now_s, (until - t0).total_seconds()))
        now_s = round(now_s + 0.05, 2)
    return writes


def test_typing_for_twenty_seconds_writes_at_most_every_three(frozen_clock):
    """Keys every 100 ms for 20 s: the first key writes at once, then one write
    per 3 s — never two closer than that — and the last one says: until the
    last key + 5 s."""
    keys = [round(i * 0.1, 2) for i in range(201)]
    writes = _type(TypingThrottle(), keys, 30)
    assert writes[0] == (0.0, 5.0)
    gaps = [b[0] - a[0] for a, b in zip(writes, writes[1:], strict=False)]
    assert all(gap >= WRITE_EVERY.total_seconds() - 1e-9 for gap in gaps)
    assert len(writes) <= 20 / 3 + 2
    assert writes[-1][1] == pytest.approx(20.0 + 5.0)


def test_one_key_writes_once_and_nothing_more(frozen_clock):
    assert _type(TypingThrottle(), [0.0], 30) == [(0.0, 5.0)]


def test_a_pause_then_typing_again_writes_at_once(frozen_clock):
    writes = _type(TypingThrottle(), [0.0, 1.0, 12.0], 30)
    assert writes == [(0.0, 5.0), (3.0, 6.0), (12.0, 17.0)]


def test_after_a_send_the_next_key_starts_afresh(frozen_clock):
    throttle = TypingThrottle()
    assert throttle.key(clock.now()) is not None
    throttle.reset()
    assert throttle.due_at() is None
    assert throttle.key(clock.now() + S) == clock.now() + S + TYPING_FOR


def test_the_typing_query_starts_from_who_types(db, make_user, frozen_clock, query_plans):
    """Someone with many dialogs: the poll's typing question looks up the few
    typing rows in my memberships, never walks all my dialogs."""
    me = make_user("me").id
    others = [make_user(f"p{i}").id for i in range(30)]
    dialog = None
    for other in others:
        dialog = send(other, me, "hi").dialog_id
    typing_signal.set_typing(others[-1], dialog, clock.now() + TYPING_FOR)
    with query_plans() as plans:
        assert len(typing_signal.typing_in_my_dialogs(me)) == 1
    assert plans.full_scans() == []
    member_lines = [line for line in plans.lines if "dialog_member" in line]
    assert member_lines and all("SEARCH" in line and "user_id=?" in line for line in member_lines)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_typing_wakes_the_other_members_app_on_postgresql(db, people):
    """On PostgreSQL an app waits for NOTIFY between polls: Анна's first key
    wakes Борис's waiter at once (not at its fallback interval); her own
    waiter hears nothing of it."""
    from concurrent.futures import ThreadPoolExecutor

    from models import listen

    anna, boris, _ = people
    dialog = send(anna, boris, "Привет").dialog_id
    waiters = {who: listen.ChangeWaiter(who) for who in (anna, boris)}
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        for waiter in waiters.values():
            assert pool.submit(waiter.wait, 0).result(timeout=30) is True  # LISTEN began
        woken = pool.submit(waiters[boris].wait, 60)
        typing_signal.set_typing(anna, dialog, clock.now() + TYPING_FOR)
        assert woken.result(timeout=30) is True and waiters[boris].notified == 1
        assert pool.submit(waiters[anna].wait, 0.2).result(timeout=30) is False
    finally:
        for waiter in waiters.values():
            waiter.interrupt()
            pool.submit(waiter.close).result(timeout=30)
        pool.shutdown()
