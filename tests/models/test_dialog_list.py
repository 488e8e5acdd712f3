"""The dialog list's group half (models/dialog_list.py), on SQLite and
PostgreSQL: a person's groups read by key — their memberships, then each
group's dialog row by its id — with the same rows, order, counts and pages as
when the dialog rows were joined. People: Анна, Михаил, Ольга, Дмитрий, Ева."""

from __future__ import annotations

import logging

import pytest
from peewee import fn
from playhouse.test_utils import count_queries

from models import conversations, dialogs, groups, messages
from models.db import is_sqlite
from models.errors import NotFoundError, ValidationError
from models.schema import Dialog, DialogMember
from tests.sql_log import peewee_log


def send(user, dialog_id, text):
    return messages.send_to_dialog(user, dialog_id, text, messages.new_client_id())


def say(sender, peer, text):
    return messages.send_message(sender, peer, text, messages.new_client_id())


def row(s):
    """What a list row shows, in one tuple."""
    name = s.title if s.kind == "group" else s.peer.login
    return (s.kind, name, s.last_message_preview or (s.last_system and s.last_system.event),
            s.unread_count, s.mention_count, s.read_only, s.role, s.member_count)


@pytest.fixture
def anna_lists(crew):
    """Анна in six groups and three dialogs, their newest messages interleaved:
    one group she was removed from (later messages and a rename do not reach her
    row), one she left, one with unread mentions, one she has read, one she made
    and is alone with Михаил in, one quiet since it was made."""
    anna, michail, olga, dmitry, eva = crew
    quiet = groups.create_group(olga, "Тихая", [anna])
    hike = groups.create_group(anna, "Поход", [michail, olga])
    say(michail, anna, "привет")
    removed = groups.create_group(dmitry, "Клуб", [anna, michail])
    send(michail, removed, "до")
    groups.remove_member(dmitry, removed, anna)
    left = groups.create_group(eva, "Книги", [anna, olga])
    send(olga, left, "читаю")
    read = groups.create_group(michail, "Работа", [anna, dmitry, eva])
    last_read = send(dmitry, read, "отчёт")
    conversations.mark_read_in(anna, read, last_read.seq)
    say(olga, anna, "как дела?")
    send(michail, removed, "после")  # Анна no longer sees it
    groups.rename_group(dmitry, removed, "Секрет")
    send(michail, hike, "@anna идём?")
    send(olga, hike, "я тоже @anna")
    send(olga, hike, "в субботу")
    groups.leave_group(anna, left)
    send(olga, left, "после ухода")  # not Анна's either
    say(anna, eva, "ты где?")
    return anna, {"quiet": quiet, "hike": hike, "removed": removed, "left": left, "read": read}


EXPECTED = [
    ("pair", "eva", "ты где?", 0, 0, False, None, 2),
    ("group", "Книги", "left", 1, 0, True, None, 2),
    ("group", "Поход", "в субботу", 3, 2, False, "owner", 3),
    ("pair", "olga", "как дела?", 1, 0, False, None, 2),
    ("group", "Работа", "отчёт", 0, 0, False, "member", 4),
    ("group", "Клуб", "removed", 1, 0, True, None, 2),
    ("pair", "michail", "привет", 1, 0, False, None, 2),
    ("group", "Тихая", "created", 0, 0, False, "member", 2),
]


def test_groups_and_dialogs_come_in_order_with_their_counts(db, anna_lists):
    """Every row's place, title (a removed member keeps the one she saw), newest
    line, unread and mention counts, role and member count, in one page."""
    anna, _ = anna_lists
    page = dialogs.dialog_list(anna)
    assert [row(s) for s in page.items] == EXPECTED
    assert page.next_cursor is None


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_small_pages_add_up_to_the_whole_list(db, anna_lists, limit):
    """Pages smaller than the number of groups: the group half is cut to the
    page before its rows are read, and the next page starts after the last row."""
    anna, _ = anna_lists
    seen, cursor = [], None
    for _ in range(len(EXPECTED)):
        page = dialogs.dialog_list(anna, cursor=cursor, limit=limit)
        assert len(page.items) <= limit
        seen.extend(row(s) for s in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == EXPECTED


def test_one_group_or_dialog_as_the_list_shows_it_in_one_statement(db, crew, anna_lists):
    """A chat opened from elsewhere reads its row in one statement (both halves
    of the list asked at once; before: the membership, the pair half, the group
    half); a stranger's or a bad id's error is as before."""
    anna, named = anna_lists
    eva = crew[4]
    listed = {(s.kind, s.dialog_id): s for s in dialogs.dialog_list(anna).items}
    with count_queries() as counter:
        hike = dialogs.dialog_summary(anna, named["hike"])
    assert counter.count == 1
    assert row(hike) == EXPECTED[2] and hike == listed[("group", named["hike"])]
    assert row(dialogs.dialog_summary(anna, named["removed"])) == EXPECTED[5]
    assert row(dialogs.dialog_summary(anna, named["quiet"])) == EXPECTED[7]
    pair = next(s for s in listed.values() if s.kind == "pair" and s.peer.login == "eva")
    with count_queries() as counter:
        assert dialogs.dialog_summary(anna, pair.dialog_id) == pair
    assert counter.count == 1
    with pytest.raises(NotFoundError):
        dialogs.dialog_summary(anna, 10**6)
    with pytest.raises(NotFoundError):  # Ева is not in «Поход»
        dialogs.dialog_summary(eva, named["hike"])
    with pytest.raises(ValidationError):
        dialogs.dialog_summary(anna, "x")


def test_the_live_poll_hears_of_groups_by_their_newest_message(db, crew, anna_lists):
    """messages_after finds new messages in Анна's groups (read by their dialog
    rows' newest message) and nothing of a group after she was removed or left."""
    anna, named = anna_lists
    olga = crew[2]
    mark = dialogs.latest_message_id()
    assert dialogs.messages_after(anna, mark) == []
    fresh = send(olga, named["quiet"], "новость")
    send(olga, named["left"], "мимо")
    assert [m.id for m in dialogs.messages_after(anna, mark)] == [fresh.id]
    top = dialogs.dialog_list(anna, limit=1).items[0]
    assert (top.title, top.last_message_preview, top.unread_count) == ("Тихая", "новость", 1)


class _Statements(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.seen: list[tuple[str, tuple]] = []

    def emit(self, record):
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            if sql.lstrip().upper().startswith(("SELECT", "(SELECT")):
                self.seen.append((sql, tuple(params or ())))


def test_a_persons_groups_are_read_by_key_among_many_dialogs(db, anna_lists):
    """With 20 000 other groups in the community (Анна in a hundred quiet ones),
    the list, a page after it, one group's row and the live poll never scan the
    dialog table: each read of it is by its key. PostgreSQL's plan joined every
    dialog row with Анна's memberships before (a ``Seq Scan on dialog``, hashed,
    or here the whole ``dialog_pkey`` merge-joined); SQLite's plans stay
    searches by key."""
    anna, named = anna_lists
    Dialog.insert_many(
        [{"kind": "group", "title": f"g{i}", "created_at": "2026-01-01 00:00:00",
          "last_seq": 0, "last_message_id": 0, "member_count": 1} for i in range(20_000)]
    ).execute()
    first_other = Dialog.select(fn.MIN(Dialog.id)).where(Dialog.title == "g0").scalar()
    # …and a member of a hundred of them (quiet ones, last in her list): enough
    # memberships for PostgreSQL to have hashed all dialogs when they were joined
    DialogMember.insert_many(
        [{"dialog": first_other + i, "user": anna, "last_read_seq": 0, "last_message_id": 0,
          "role": "member", "from_seq": 0} for i in range(100)]
    ).execute()
    db.execute_sql("ANALYZE")
    statements = _Statements()
    with peewee_log(statements):
        first = dialogs.dialog_list(anna, limit=3)
        dialogs.dialog_list(anna, cursor=first.next_cursor, limit=3)
        dialogs.dialog_summary(anna, named["hike"])
        dialogs.messages_after(anna, 0)
    assert len(statements.seen) >= 4
    for sql, params in statements.seen:
        if is_sqlite():
            plan = [r[-1] for r in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
            scans = [line for line in plan if line.startswith("SCAN")
                     and "INDEX" not in line and line.split()[1] in {"t3", "dialog"}]
        else:
            plan = [r[0] for r in db.execute_sql("EXPLAIN " + sql, params)]
            scans = [line for at, line in enumerate(plan) if " on dialog " in line
                     and "Index Cond: (id = " not in " ".join(plan[at + 1:at + 2])]
        assert scans == [], (sql, plan)
