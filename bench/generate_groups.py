"""The groups of the benchmark community (``bench/generate.py`` calls ``fill_groups``).

At ``--scale 1``: 2 000 groups of 3 to 500 members (most small, as in life),
a few messages each, and one group of 500 members with 100 000 messages that
person 1 is in (``BIG_GROUP_TITLE``). Person 1 is also in a few dozen other
groups, so their dialog list mixes groups with their 1 000 dialogs. Rows are
written as the app would have: a "created" system line first, gapless seqs,
the dialog's ``last_seq``/``last_message_id`` and ``member_count``, each
member's role, ``from_seq`` and read mark (some members behind), mention rows
for the messages that name someone. Group messages come after the dialogs'
(higher ids and later times), interleaved among the groups.
"""

from __future__ import annotations

import json
import random

BIG_GROUP_TITLE = "Большая беседа"


def sizes_at(scale: float, users: int) -> dict[str, int]:
    def n(full: int, least: int, *, own: bool = False) -> int:
        # person 1's groups and the big group stop growing at scale 1 (see Sizes.at)
        return max(least, round(full * (min(scale, 1.0) if own else scale)))

    return {
        "groups": n(2_000, 5),
        "big_group_members": min(500, users),
        "big_group_messages": n(100_000, 100, own=True),
        "other_group_messages": n(20_000, 50),
        "bench_groups": min(n(40, 3, own=True), n(2_000, 5) - 1),
    }


def _group_size(rng: random.Random, users: int) -> int:
    """3–500, most groups small: a long-tailed draw."""
    return min(users, max(3, min(500, int(3 + rng.paretovariate(1.2) * 2))))


def fill_groups(conn, scale: float, users: int, rng: random.Random, next_message_id: int,
                next_dialog_id: int, ts, sentence) -> dict[str, int]:
    """Insert the groups; ``ts(fraction)`` makes a timestamp, ``sentence(rng)`` a text."""
    sizes = sizes_at(scale, users)
    groups: list[list[int]] = []
    big = [1] + rng.sample(range(2, users + 1), sizes["big_group_members"] - 1)
    groups.append(big)
    for index in range(1, sizes["groups"]):
        size = _group_size(rng, users)
        members = rng.sample(range(2, users + 1), size)
        if index <= sizes["bench_groups"]:
            members[0] = 1
        groups.append(members)

    # Messages: the big group's 100 000 and the others' share, interleaved.
    per_group = [1] * len(groups)  # the "created" line
    per_group[0] += sizes["big_group_messages"]
    for _ in range(sizes["other_group_messages"]):
        per_group[rng.randint(1, len(groups) - 1)] += 1
    # Each group's first message is its "created" line; the rest interleave.
    rest = [g for g, count in enumerate(per_group) for _ in range(count - 1)]
    rng.shuffle(rest)
    order = list(range(len(groups))) + rest

    seqs = [0] * len(groups)
    last_id = [0] * len(groups)
    total = len(order)
    rows, mentions = [], []
    for index, g in enumerate(order):
        mid = next_message_id + index
        seqs[g] += 1
        members = groups[g]
        when = ts(0.3 + 0.7 * index / total)
        if seqs[g] == 1:
            rows.append((mid, next_dialog_id + g, 1, members[0], f"g{mid}",
                         json.dumps({"event": "created", "title": _title(g)},
                                    ensure_ascii=False, sort_keys=True),
                         None, when, 0, "system"))
        else:
            sender = rng.choice(members)
            text = sentence(rng)
            if rng.random() < 0.02:
                named = rng.choice(members)
                if named != sender:
                    text = f"@user{named} {text}" if named != 1 else f"@bench {text}"
                    mentions.append((named, next_dialog_id + g, seqs[g], mid))
            rows.append((mid, next_dialog_id + g, seqs[g], sender, f"g{mid}", text, None, when,
                         0, "text"))
        last_id[g] = mid
        if len(rows) >= 50_000:
            _insert_messages(conn, rows)
            rows = []
    _insert_messages(conn, rows)
    conn.executemany(
        "INSERT INTO dialog (id, user_lo_id, user_hi_id, created_at, last_seq, last_message_id,"
        " kind, title, member_count) VALUES (?, NULL, NULL, ?, ?, ?, 'group', ?, ?)",
        [(next_dialog_id + g, ts(0.3), seqs[g], last_id[g], _title(g), len(members))
         for g, members in enumerate(groups)],
    )
    member_rows = []
    for g, members in enumerate(groups):
        for k, user in enumerate(members):
            role = "owner" if k == 0 else "admin" if k < 3 and len(members) > 10 else "member"
            behind = 40 if g == 0 and user == 1 else (
                rng.randint(1, 5) if rng.random() < 0.3 else 0)
            member_rows.append((next_dialog_id + g, user, max(0, seqs[g] - behind), role,
                                ts(0.3)))
    conn.executemany(
        "INSERT INTO dialog_member (dialog_id, user_id, peer_id, last_read_seq,"
        " last_message_id, role, from_seq, left_seq, joined_at)"
        " VALUES (?, ?, NULL, ?, 0, ?, 1, NULL, ?)", member_rows)
    conn.executemany(
        "INSERT INTO mention (user_id, dialog_id, seq, message_id) VALUES (?, ?, ?, ?)",
        mentions)
    return {
        "groups": len(groups),
        "group_members": len(member_rows),
        "group_messages": total,
        "big_group_id": next_dialog_id,
        "big_group_messages": seqs[0],
        "bench_groups": sum(1 in members for members in groups),
    }


def _title(g: int) -> str:
    return BIG_GROUP_TITLE if g == 0 else f"Беседа {g}" if g % 2 else f"Group chat {g}"


def _insert_messages(conn, rows) -> None:
    conn.executemany(
        "INSERT INTO message (id, dialog_id, seq, sender_id, client_id, text, reply_to_id,"
        " created_at, deleted, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
