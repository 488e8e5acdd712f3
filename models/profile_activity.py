"""A person's new name, login or avatar reaches the people who see them.

Everyone who shares a dialog or a group with the person sees them on the dialog
list, in the chat's header and on each of their messages; their friends, and
those a friend request waits between them and the person, see them in Friends
(its lists), on their posts (the Following feed) and on their profile; each as
read when that list, chat or page was read. The writer of the change therefore
tells each of them, in the same transaction, with one ``PROFILE_CHANGED`` row
apiece: one read of who they are (dialogs and friendships in one union, each
person once) and one insert, however many dialogs they share. Blocking does not
stop it, as it stops no other activity: a name stays visible to the people one
blocked (models/blocks.py), and so does what their own chats already show.
"""

from __future__ import annotations

from . import activity
from .db import writes
from .schema import DialogMember, Friendship


@writes
def tell_people_who_see_them(user_id: int) -> None:
    """Tell every other member of every dialog and group ``user_id`` is in (or
    was removed from: its history, read only, still shows them), and everyone
    on the other side of a friendship or a friend request with them, that what
    they show of ``user_id`` changed. Call it inside the change's transaction."""
    dialogs = DialogMember.select(DialogMember.dialog).where(DialogMember.user == user_id)
    talk = DialogMember.select(DialogMember.user).where(
        DialogMember.dialog.in_(dialogs) & (DialogMember.user != user_id))
    friends_hi = Friendship.select(Friendship.user_hi).where(Friendship.user_lo == user_id)
    friends_lo = Friendship.select(Friendship.user_lo).where(Friendship.user_hi == user_id)
    others = [uid for (uid,) in (talk | friends_hi | friends_lo).tuples()]  # UNION: once each
    activity.record_many(others, activity.PROFILE_CHANGED, actor_id=user_id)
