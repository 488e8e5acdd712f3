"""Groups under concurrent use, on SQLite and on PostgreSQL: separate processes
send into one group while two admins add and remove people in it, racing for
the same person. Numbering stays gapless, every message arrives once, each
race has exactly one winner (the loser gets a clear refusal), and the member
count agrees with the member rows. Processes run tests/models/concurrency_worker.py."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from test_concurrency import counter_of, run_together

from models import groups, system_lines
from models.schema import Dialog, DialogMember, Message

pytestmark = pytest.mark.slow

SENDERS = 3
PER_SENDER = 150
ROUNDS = 25


def test_sends_adds_and_removes_at_once_keep_a_group_consistent(db, db_url, make_user_factory):
    owner = make_user_factory("owner")
    admins = [make_user_factory(f"admin{i}") for i in range(2)]
    senders = [make_user_factory(f"sender{i}") for i in range(SENDERS)]
    shared = [make_user_factory(f"shared{i}") for i in range(ROUNDS)]
    own = [[make_user_factory(f"own{a}x{i}") for i in range(ROUNDS)] for a in range(2)]
    gid = groups.create_group(owner, "Шторм", admins + senders)
    for admin in admins:
        groups.set_admin(owner, gid, admin, True)
    start_seq = Dialog.get_by_id(gid).last_seq
    tasks = {f"sender{i}": ("group_send", user, gid, PER_SENDER, f"s{i}")
             for i, user in enumerate(senders)}
    tasks.update({f"admin{a}": ("group_churn", admin, gid, shared, own[a])
                  for a, admin in enumerate(admins)})
    tasks["hopeful"] = ("group_try_send", own[0], gid, 400)
    outcome = run_together(db_url, tasks)

    rows = list(Message.select().where(Message.dialog == gid).order_by(Message.seq))
    assert [m.seq for m in rows] == list(range(1, len(rows) + 1))
    dialog = Dialog.get_by_id(gid)
    assert dialog.last_seq == len(rows) and dialog.last_message_id == max(m.id for m in rows)

    hopeful = [m for m in rows if m.kind == system_lines.TEXT and m.sender_id in own[0]]
    assert len(hopeful) == outcome["hopeful"]
    for m in hopeful:  # only while they were in: after their "added", before their "removed"
        member = DialogMember.get(dialog=gid, user=m.sender_id)
        assert member.from_seq < m.seq < member.left_seq
    texts = [m for m in rows if m.kind == system_lines.TEXT and m.sender_id in senders]
    assert len(texts) == SENDERS * PER_SENDER
    by_sender = defaultdict(list)
    for m in texts:
        by_sender[m.sender_id].append(counter_of(m.client_id))
    assert all(c == list(range(PER_SENDER)) for c in by_sender.values())

    wins = [outcome[f"admin{a}"] for a in range(2)]
    added, removed = sum(w["added"] for w in wins), sum(w["removed"] for w in wins)
    # Every try either changed the group or was clearly refused (a re-add after
    # the other admin's remove is a fresh add, so a person may join twice).
    assert added + sum(w["add_lost"] for w in wins) == 2 * ROUNDS
    assert removed + sum(w["remove_lost"] for w in wins) == 2 * ROUNDS
    assert ROUNDS <= added == removed  # each person in at least once, and out as often
    lines = [system_lines.parse(m.text)[:2] for m in rows[start_seq:]
             if m.kind == system_lines.SYSTEM]
    assert Counter(event for event, _ in lines) == {
        "added": added + 2 * ROUNDS, "removed": removed + 2 * ROUNDS}
    for person in shared:  # in and out strictly by turns, out at the end
        events = [event for event, target in lines if target == person]
        assert events == ["added", "removed"] * (len(events) // 2) and events

    present = DialogMember.select().where(
        (DialogMember.dialog == gid) & DialogMember.left_seq.is_null()).count()
    assert present == dialog.member_count == 1 + len(admins) + SENDERS
    assert DialogMember.select().where(DialogMember.dialog == gid).count() == (
        1 + len(admins) + SENDERS + ROUNDS * 3)  # one row per person ever in it
    for person in shared + own[0] + own[1]:
        member = DialogMember.get(dialog=gid, user=person)
        assert member.left_seq is not None and member.from_seq <= member.left_seq
    assert {m.user.id for m in groups.group_members(owner, gid)} == {owner, *admins, *senders}
