"""A person's new name, login or avatar reaches the chats open elsewhere.

Everyone who shares a dialog or a group with the person sees them on the dialog
list, in the chat's header and on each of their messages, as read when that
list or chat was read. The writer of the change therefore tells each of them,
in the same transaction, with one ``PROFILE_CHANGED`` row apiece: one read of
who they are and one insert, however many dialogs they share. Blocking does not
stop it, as it stops no other activity: a name stays visible to the people one
blocked (models/blocks.py), and so does what their own chats already show.
"""

from __future__ import annotations

from . import activity
from .db import writes
from .schema import DialogMember


@writes
def tell_people_in_dialogs(user_id: int) -> None:
    """Tell every other member of every dialog and group ``user_id`` is in (or
    was removed from: its history, read only, still shows them) that what they
    show of ``user_id`` changed. Call it inside the change's transaction."""
    dialogs = DialogMember.select(DialogMember.dialog).where(DialogMember.user == user_id)
    others = [uid for (uid,) in DialogMember.select(DialogMember.user).distinct()
              .where(DialogMember.dialog.in_(dialogs) & (DialogMember.user != user_id))
              .tuples()]
    activity.record_many(others, activity.PROFILE_CHANGED, actor_id=user_id)
