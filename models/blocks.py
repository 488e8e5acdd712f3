"""Blocking a person (VK's blacklist).

Whom I block cannot write to me, cannot ask to be my friend, cannot add me to
a group, and no longer sees my posts or my profile beyond my name. Blocking
ends our friendship and removes a pending request either way. It is never
announced to them: no activity row, no notification; they learn of it only
when a message or request of theirs is refused.

One ``Block`` row per (blocker, blocked); "did X block Y" is one lookup in
its unique index, "who blocked me" one in the (blocked, blocker) index.
"""

from __future__ import annotations

from peewee import Expression

from . import clock
from .db import reads, writes
from .errors import PermissionDeniedError, ValidationError, msg_template
from .people import USER_REF_FIELDS, require_user, user_ref
from .prepared import Prepared
from .schema import Block, Dialog, Friendship, User
from .views import UserRef

# What the blocked person is told when a message of theirs is refused, and
# what I am told when I try to write to someone I blocked.
MESSAGES_REFUSED = msg_template("This person does not accept your messages.")
YOU_BLOCKED_THEM = msg_template("You blocked this person. Unblock them to write to them.")
REQUEST_REFUSED = msg_template("This person does not accept your friend requests.")
REQUEST_TO_BLOCKED = msg_template("You blocked this person. Unblock them first.")
GROUP_ADD_REFUSED = msg_template("This person cannot be added to a group by you.")

_BLOCKED = Prepared(
    lambda blocker, target: Block.select(Block.id)
    .where((Block.blocker == blocker) & (Block.blocked == target))
    .limit(1)
    .tuples(),
    2,
)
# Both directions in one statement (one round trip on PostgreSQL): the blockers.
_BLOCKERS = Prepared(
    lambda a, b: Block.select(Block.blocker)
    .where(((Block.blocker == a) & (Block.blocked == b))
           | ((Block.blocker == b) & (Block.blocked == a)))
    .tuples(),
    2,
)


def _blockers(a_id: int, b_id: int) -> set[int]:
    """Which of the two blocked the other (empty: neither)."""
    return {blocker for (blocker,) in _BLOCKERS.rows(a_id, b_id)}


def _not_self(user_id: int, other_id: int) -> None:
    if user_id == other_id:
        raise ValidationError("You cannot block yourself.", field="other_id")


# ---------------------------------------------------------------- questions

@reads
def is_blocked(blocker_id: int, target_id: int) -> bool:
    """Whether ``blocker_id`` blocked ``target_id`` (one index lookup)."""
    return bool(_BLOCKED.rows(blocker_id, target_id))


@reads
def blocked_either_way(a_id: int, b_id: int) -> bool:
    """Whether either of the two blocked the other."""
    return bool(_blockers(a_id, b_id))


def blockers_of(viewer_id: int):
    """A subquery: the people who blocked ``viewer_id`` (their posts are hidden
    from them); ``not_blocked_by_author`` wraps it into a condition."""
    return Block.select(Block.blocker).where(Block.blocked == viewer_id)


def not_blocked_by_author(author_column, viewer_id: int) -> Expression:
    """A condition that is true for rows whose ``author_column`` did not block
    ``viewer_id``: what a query of posts adds so that the viewer does not see
    the posts of people who blocked them."""
    return author_column.not_in(blockers_of(viewer_id))


# ---------------------------------------------------------------- refusals

def check_can_message(sender_id: int, peer_id: int) -> None:
    """Refuse a message (a new one, a reply, an edit, a resend) from
    ``sender_id`` into the dialog with ``peer_id`` when either blocked the other.
    Call inside the write transaction."""
    if sender_id == peer_id:
        return
    blockers = _blockers(sender_id, peer_id)
    if peer_id in blockers:
        raise PermissionDeniedError(MESSAGES_REFUSED, field="peer_id")
    if sender_id in blockers:
        raise PermissionDeniedError(YOU_BLOCKED_THEM, field="peer_id")


def check_can_request(requester_id: int, other_id: int) -> None:
    """Refuse a friend request between two people when either blocked the other."""
    blockers = _blockers(requester_id, other_id)
    if other_id in blockers:
        raise PermissionDeniedError(REQUEST_REFUSED, field="other_id")
    if requester_id in blockers:
        raise PermissionDeniedError(REQUEST_TO_BLOCKED, field="other_id")


@reads
def check_can_add_to_group(adder_id: int, *person_ids: int) -> None:
    """Refuse adding people to a group (or creating a group with them) by
    ``adder_id`` when any of them blocked ``adder_id``: one query however many.

    Group conversations call this with the people they add, inside their write
    transaction; raises ``PermissionDeniedError`` naming nobody (the refusal
    itself is all the adder learns).
    """
    others = [p for p in person_ids if p != adder_id]
    if not others:
        return
    refusing = (
        Block.select(Block.id)
        .where((Block.blocked == adder_id) & Block.blocker.in_(others))
        .limit(1)
        .exists()
    )
    if refusing:
        raise PermissionDeniedError(GROUP_ADD_REFUSED, field="user_id")


# ---------------------------------------------------------------- changes

@writes
def block(user_id: int, other_id: int) -> None:
    """Block ``other_id``: our friendship and any pending request between us
    go (silently: nothing tells them). Blocking again changes nothing."""
    _not_self(user_id, other_id)
    require_user(user_id)
    require_user(other_id, field="other_id")
    lo, hi = (user_id, other_id) if user_id < other_id else (other_id, user_id)
    # Take our dialog's row lock, as a sender does: a message being sent now
    # commits before the block or sees it (messages.send_message asks again).
    Dialog.update(last_seq=Dialog.last_seq).where(
        (Dialog.user_lo == lo) & (Dialog.user_hi == hi)
    ).execute()
    Block.insert(blocker=user_id, blocked=other_id, created_at=clock.now()).on_conflict_ignore(
    ).execute()
    Friendship.delete().where((Friendship.user_lo == lo) & (Friendship.user_hi == hi)).execute()


@writes
def unblock(user_id: int, other_id: int) -> None:
    """Unblock ``other_id`` (a friendship that blocking ended stays ended).
    Unblocking someone not blocked changes nothing."""
    _not_self(user_id, other_id)
    Block.delete().where((Block.blocker == user_id) & (Block.blocked == other_id)).execute()


@reads
def list_blocked(user_id: int) -> list[UserRef]:
    """Whom I blocked, by last name, then first name (one query)."""
    rows = (
        User.select(*USER_REF_FIELDS)
        .join(Block, on=(Block.blocked == User.id))
        .where(Block.blocker == user_id)
        .order_by(User.last_key, User.first_key, User.id)
    )
    return [user_ref(r) for r in rows]
