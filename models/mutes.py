"""Muting: a dialog (or a group — any dialog, by its id) a person muted never
notifies them, and its unread messages stay out of their header's total
(``dialogs.unread_total``); the dialog itself still shows its own count.

One ``dialog_mute`` row per (person, dialog) muted; unmuting deletes it. Only a
member of a dialog can mute it: anyone else gets "not found", as for its history.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import clock, listen
from .db import reads, writes
from .errors import NotFoundError, ValidationError
from .schema import DialogMember, DialogMute


def _dialog_id(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError("A dialog is named by its number.", field="dialog_id")
    return value


def _require_member(user_id: int, dialog_id: int) -> None:
    member = DialogMember.select(DialogMember.id).where(
        (DialogMember.user == user_id) & (DialogMember.dialog == dialog_id)
    ).exists()
    if not member:
        raise NotFoundError("This dialog does not exist.", field="dialog_id")


@writes
def set_muted(user_id: int, dialog_id: int, muted: bool) -> bool:
    """Mute (``muted=True``) or unmute my dialog ``dialog_id``; returns whether it
    is muted now. Doing it twice changes nothing."""
    dialog_id = _dialog_id(dialog_id)
    _require_member(user_id, dialog_id)
    listen.notify(user_id)  # my other sessions' header totals change too
    if muted:
        DialogMute.insert(
            user=user_id, dialog=dialog_id, created_at=clock.now()
        ).on_conflict_ignore().execute()
    else:
        DialogMute.delete().where(
            (DialogMute.user == user_id) & (DialogMute.dialog == dialog_id)
        ).execute()
    return muted


@reads
def is_muted(user_id: int, dialog_id: int) -> bool:
    return DialogMute.select(DialogMute.id).where(
        (DialogMute.user == user_id) & (DialogMute.dialog == dialog_id)
    ).exists()


@reads
def muted_dialog_ids(user_id: int, among: Iterable[int] | None = None) -> frozenset[int]:
    """The dialogs I muted (only those in ``among`` when given) — one query."""
    query = DialogMute.select(DialogMute.dialog).where(DialogMute.user == user_id)
    if among is not None:
        ids = sorted({i for i in among if isinstance(i, int) and not isinstance(i, bool)})
        if not ids:
            return frozenset()
        query = query.where(DialogMute.dialog.in_(ids))
    return frozenset(row[0] for row in query.tuples())
