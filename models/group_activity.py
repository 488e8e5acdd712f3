"""Activity addressed to a group's members (models/activity.py has the feed).

A send into a group writes no activity at all: members learn of new messages
from the group's dialog row (``dialogs.messages_after``). The rare changes
every member must see — an edit, a deletion, a rename, a change of roles —
write one row per present member in one ``INSERT … SELECT``.
"""

from __future__ import annotations

from peewee import Value

from . import activity, clock, listen
from .db import writes
from .schema import Activity, DialogMember


@writes
def record_for_members(dialog_id: int, actor_id: int, kind: str, ref_id: int | None = None) -> None:
    """Tell every present member of group ``dialog_id`` but the actor."""
    activity.check_kind(kind)
    listen.notify_members(dialog_id)
    present = DialogMember.select(
        DialogMember.user, Value(kind), Value(actor_id), Value(dialog_id), Value(ref_id),
        Value(clock.now()),
    ).where((DialogMember.dialog == dialog_id) & DialogMember.left_seq.is_null()
            & (DialogMember.user != actor_id))
    Activity.insert_from(
        present,
        [Activity.user, Activity.kind, Activity.actor, Activity.dialog, Activity.ref_id,
         Activity.created_at],
    ).execute()


@writes
def record_for_conversation(dialog_id: int, actor_id: int, kind: str,
                            ref_id: int | None = None) -> None:
    """Tell the others of ``actor_id``'s dialog (its peer) or group (its present members)."""
    role = DialogMember.select(DialogMember.role).where(
        (DialogMember.dialog == dialog_id) & (DialogMember.user == actor_id)).scalar()
    if role is None:
        activity.record_for_peer(dialog_id, actor_id, kind, ref_id)
    else:
        record_for_members(dialog_id, actor_id, kind, ref_id)
