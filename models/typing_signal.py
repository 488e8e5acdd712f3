"""Typing: "Анна is typing…" for the other members of a dialog.

A ``typing`` row per (dialog, person) says until when that person counts as
typing: their last key + ``TYPING_FOR``. Writers keep it cheap with
``TypingThrottle``: the first key writes at once (so the others see it within
one poll), later keys at most once per ``WRITE_EVERY`` — one write at the end
of each window, carrying the last key's time, so the sign goes exactly
``TYPING_FOR`` after the last key without any write when the typing stops.
Sending a message deletes the row in the send's own transaction
(``stop_typing`` from ``messages.send_message``): the sign goes with the
message, in the same poll.

Readers learn of it through the live poll (models/activity.py): when the
database changed, one query lists who types in my dialogs now
(``typing_in_my_dialogs``); rows whose ``until`` has passed are skipped, and
the app drops a sign by itself when its ``until`` passes. Rows are keyed by
dialog id, so a dialog of many members lists each person typing in it.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from peewee import JOIN

from . import clock, listen
from .db import database, is_sqlite, reads, writes
from .errors import NotFoundError
from .people import USER_REF_FIELDS
from .prepared import Prepared
from .schema import DialogMember, Typing, User
from .views import TypingView, UserRef

TYPING_FOR = timedelta(seconds=5)  # the sign stays this long after the last key
WRITE_EVERY = timedelta(seconds=3)  # at most one write per person and dialog this often
PRUNE_AFTER = timedelta(minutes=1)  # rows left by a crashed app go after this
PRUNE_EVERY = 50  # typing writes by this process between two prunes
MAX_TYPISTS = 500  # rows one poll reads
PEOPLE_KEPT = 300.0  # seconds a poll keeps the names of people typing

_writes_since_prune = 0


@writes
def set_typing(user_id: int, dialog_id: int, until: datetime) -> None:
    """``user_id`` types in ``dialog_id`` until ``until``. Only a member may."""
    member = (
        DialogMember.select(DialogMember.id)
        .where((DialogMember.dialog == dialog_id) & (DialogMember.user == user_id))
        .exists()
    )
    if not member:
        raise NotFoundError("That dialog does not exist.", field="dialog")
    if not is_sqlite():  # wake the other members' apps at commit
        database.obj.execute_sql(
            "SELECT pg_notify(%s, user_id::text) FROM dialog_member "
            "WHERE dialog_id = %s AND user_id <> %s",
            (listen.CHANNEL, dialog_id, user_id),
        )
    Typing.insert(dialog=dialog_id, user=user_id, until=until).on_conflict(
        conflict_target=[Typing.dialog, Typing.user], update={Typing.until: until}
    ).execute()
    _maybe_prune()


_STOP = Prepared(
    lambda user_id, dialog_id: Typing.delete().where(
        (Typing.dialog == dialog_id) & (Typing.user == user_id)
    ),
    2,
)


@writes
def stop_typing(user_id: int, dialog_id: int) -> None:
    """``user_id`` no longer types in ``dialog_id`` (they sent, or left it empty)."""
    _STOP.execute(user_id, dialog_id)


def _maybe_prune() -> None:
    global _writes_since_prune
    _writes_since_prune += 1
    if _writes_since_prune >= PRUNE_EVERY:
        _writes_since_prune = 0
        Typing.delete().where(Typing.until < clock.now() - PRUNE_AFTER).execute()


_TYPING = Prepared(
    lambda user_id, now: Typing.select(Typing.dialog, Typing.user, Typing.until)
    # CROSS JOIN: SQLite then starts from the few rows of people typing now, and
    # looks each one's dialog up in my memberships, never the other way round
    # (some people have a thousand dialogs).
    .join(DialogMember, JOIN.CROSS)
    .where((DialogMember.dialog == Typing.dialog) & (DialogMember.user == user_id)
           & (Typing.until > now) & (Typing.user != user_id))
    .order_by(Typing.dialog, Typing.id)
    .limit(MAX_TYPISTS)
    .tuples(),
    2,
)


@reads
def typing_rows(user_id: int) -> tuple[tuple, ...]:
    """Who types in ``user_id``'s dialogs now, as (dialog id, person id, until as
    the database returns it): one query of three narrow columns, nothing
    converted, for the poll to compare with the last ones before it builds
    anything (``TypingViews``)."""
    now = clock.now()
    stamp = now.isoformat(" ") if is_sqlite() else now  # stored as text there
    return tuple(_TYPING.execute(user_id, stamp).fetchall())


def _until(value: object) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


class TypingViews:
    """Turns ``typing_rows`` into ``TypingView``s, reusing what it made before:
    the view of a row that did not change, and the ``UserRef`` of a person it
    looked up in the last ``PEOPLE_KEPT`` seconds (so a poll while a hundred
    people type reads their names once, not every tick; a new name shows
    within that time)."""

    def __init__(self) -> None:
        self._people: dict[int, tuple[UserRef, float]] = {}  # id → (person, looked up at)
        self._views: dict[tuple, TypingView] = {}

    @reads
    def views(self, rows: tuple[tuple, ...]) -> tuple[TypingView, ...]:
        now, wanted = time.monotonic(), {row[1] for row in rows}
        people = self._people
        if len(people) > 2 * MAX_TYPISTS or any(
            now - at > PEOPLE_KEPT for _ref, at in people.values()
        ):  # forget the stale and those no longer typing
            people = {uid: kept for uid, kept in people.items()
                      if uid in wanted and now - kept[1] <= PEOPLE_KEPT}
        missing = wanted - people.keys()
        if missing:  # one query for everyone new
            people = {**people, **{
                row[0]: (UserRef(*row), now) for row in
                User.select(*USER_REF_FIELDS).where(User.id.in_(sorted(missing))).tuples()
            }}
        views: dict[tuple, TypingView] = {}
        for row in rows:
            if row[1] not in people:
                continue  # the account is gone meanwhile
            person, view = people[row[1]][0], self._views.get(row)
            if view is None or view.user is not person:  # a new row, or looked up again
                view = TypingView(dialog_id=row[0], user=person, until=_until(row[2]))
            views[row] = view
        self._people, self._views = people, views
        return tuple(views.values())


def typing_in_my_dialogs(user_id: int) -> tuple[TypingView, ...]:
    """Who is typing now in the dialogs ``user_id`` is a member of (not they
    themself), by dialog, the first to start first — two queries at most."""
    return TypingViews().views(typing_rows(user_id))


class TypingThrottle:
    """When one person's app writes their typing in one dialog (see the module
    docstring). Pure bookkeeping, no database: the app calls ``key`` on every key
    that changed the text and writes the ``until`` it returns; when it returns
    ``None`` a write is owed at ``due_at()``, made with ``flush``."""

    def __init__(self) -> None:
        self._written_at: datetime | None = None
        self._written_until: datetime | None = None
        self._last_key: datetime | None = None

    def key(self, now: datetime) -> datetime | None:
        """A key at ``now``: the ``until`` to write at once, or ``None``."""
        self._last_key = now
        if self._written_at is None or now - self._written_at >= WRITE_EVERY:
            return self._write(now, now + TYPING_FOR)
        return None

    def due_at(self) -> datetime | None:
        """When the owed write may be made (``None``: nothing owed)."""
        if self._last_key is None or self._written_at is None or self._written_until is None:
            return None
        if self._last_key + TYPING_FOR <= self._written_until:
            return None
        return self._written_at + WRITE_EVERY

    def flush(self, now: datetime) -> datetime | None:
        """The ``until`` to write now, if a write is owed and allowed."""
        due = self.due_at()
        if due is None or now < due or self._last_key is None:
            return None
        return self._write(now, self._last_key + TYPING_FOR)

    def reset(self) -> None:
        """The message went (or the dialog was left): the next key starts afresh."""
        self._written_at = self._written_until = self._last_key = None

    def _write(self, now: datetime, until: datetime) -> datetime:
        self._written_at, self._written_until = now, until
        return until
