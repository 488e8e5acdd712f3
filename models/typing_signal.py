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

from datetime import datetime, timedelta

from peewee import JOIN

from . import clock, listen
from .db import database, is_sqlite, reads, writes
from .errors import NotFoundError
from .prepared import Prepared
from .schema import DialogMember, Typing, User
from .views import TypingView, UserRef

TYPING_FOR = timedelta(seconds=5)  # the sign stays this long after the last key
WRITE_EVERY = timedelta(seconds=3)  # at most one write per person and dialog this often
PRUNE_AFTER = timedelta(minutes=1)  # rows left by a crashed app go after this
PRUNE_EVERY = 50  # typing writes by this process between two prunes
MAX_TYPISTS = 500  # rows one poll reads

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
    lambda user_id, now: Typing.select(
        Typing.dialog, Typing.until, User.id, User.login, User.first_name, User.last_name,
        User.avatar,
    )
    # CROSS JOIN: SQLite then starts from the few rows of people typing now, and
    # looks each one's dialog up in my memberships, never the other way round
    # (some people have a thousand dialogs).
    .join(DialogMember, JOIN.CROSS)
    .switch(Typing)
    .join(User, on=(User.id == Typing.user))
    .where((DialogMember.dialog == Typing.dialog) & (DialogMember.user == user_id)
           & (Typing.until > now) & (Typing.user != user_id))
    .order_by(Typing.dialog, Typing.id)
    .limit(MAX_TYPISTS)
    .tuples(),
    2,
)


@reads
def typing_rows(user_id: int) -> tuple[tuple, ...]:
    """``typing_in_my_dialogs`` as plain rows, for the poll to compare with the
    last ones before it builds anything (one query)."""
    now = clock.now()
    stamp = now.isoformat(" ") if is_sqlite() else now  # stored as text there
    return tuple(tuple(row) for row in _TYPING.rows(user_id, stamp))


def typing_views(rows: tuple[tuple, ...]) -> tuple[TypingView, ...]:
    return tuple(
        TypingView(
            dialog_id=dialog_id, until=until,
            user=UserRef(id=uid, login=login, first_name=first, last_name=last,
                         avatar_id=avatar),
        )
        for dialog_id, until, uid, login, first, last, avatar in rows
    )


def typing_in_my_dialogs(user_id: int) -> tuple[TypingView, ...]:
    """Who is typing now in the dialogs ``user_id`` is a member of (not they
    themself), by dialog, the first to start first — one query."""
    return typing_views(typing_rows(user_id))


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
