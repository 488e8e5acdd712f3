"""Friend requests and friendships.

A pair of people has at most one ``Friendship`` row (``user_lo`` < ``user_hi``):
``requester`` says who asked, ``accepted`` whether the other said yes. So the
relation between two people is one indexed lookup, and a request can never be
sent twice or crossed with the other person's.
"""

from __future__ import annotations

from . import activity, blocks, clock
from .db import reads, writes
from .errors import ConflictError, NotFoundError, ValidationError
from .people import USER_REF_FIELDS, require_user, user_ref
from .schema import Friendship, User
from .views import Relation, UserRef


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _row(user_id: int, other_id: int) -> Friendship | None:
    lo, hi = _pair(user_id, other_id)
    return (
        Friendship.select()
        .where((Friendship.user_lo == lo) & (Friendship.user_hi == hi))
        .first()
    )


def _relation_of(row: Friendship | None, user_id: int) -> Relation:
    if row is None:
        return Relation.NONE
    if row.accepted:
        return Relation.FRIENDS
    return Relation.REQUEST_SENT if row.requester_id == user_id else Relation.REQUEST_RECEIVED


def _not_self(user_id: int, other_id: int) -> None:
    if user_id == other_id:
        raise ValidationError("You cannot be your own friend.", field="other_id")


def _accept(row: Friendship) -> None:
    Friendship.update(accepted=True, accepted_at=clock.now()).where(
        Friendship.id == row.id
    ).execute()


@writes
def send_request(user_id: int, other_id: int) -> Relation:
    """Ask ``other_id`` to be friends. If they already asked me, we become friends."""
    _not_self(user_id, other_id)
    require_user(user_id)
    require_user(other_id, field="other_id")
    blocks.check_can_request(user_id, other_id)
    lo, hi = _pair(user_id, other_id)
    # Insert-or-keep: a concurrent request of the other person wins the race
    # and turns this call into an acceptance below, instead of a conflict.
    inserted = Friendship.insert(
        user_lo=lo, user_hi=hi, requester=user_id, accepted=False, created_at=clock.now()
    ).on_conflict_ignore().as_rowcount().execute()
    row = _row(user_id, other_id)
    if row.accepted:
        raise ConflictError("You are already friends.", field="other_id")
    if row.requester_id == user_id:
        if inserted:  # asking again tells nobody anything new
            activity.record(other_id, activity.FRIEND_REQUEST, actor_id=user_id)
        return Relation.REQUEST_SENT
    _accept(row)
    activity.record(other_id, activity.FRIEND_ACCEPTED, actor_id=user_id)
    return Relation.FRIENDS


@writes
def accept_request(user_id: int, requester_id: int) -> Relation:
    """Say yes to ``requester_id``'s request. Accepting twice changes nothing."""
    _not_self(user_id, requester_id)
    row = _row(user_id, requester_id)
    if row is not None and row.accepted:
        return Relation.FRIENDS
    # A request that crossed a block on PostgreSQL (sent while the block was
    # being written) outlives it; it still cannot become a friendship.
    blocks.check_can_request(user_id, requester_id)
    if row is None or row.requester_id != requester_id:
        raise NotFoundError("This person has not asked to be your friend.", field="requester_id")
    _accept(row)
    activity.record(requester_id, activity.FRIEND_ACCEPTED, actor_id=user_id)
    return Relation.FRIENDS


def _delete_pending(user_id: int, other_id: int, requester_id: int) -> bool:
    lo, hi = _pair(user_id, other_id)
    deleted = (
        Friendship.delete()
        .where(
            (Friendship.user_lo == lo)
            & (Friendship.user_hi == hi)
            & (Friendship.requester == requester_id)
            & ~Friendship.accepted
        )
        .execute()
    )
    return deleted > 0


@writes
def decline_request(user_id: int, requester_id: int) -> None:
    """Turn down ``requester_id``'s request; they may ask again later."""
    _not_self(user_id, requester_id)
    if not _delete_pending(user_id, requester_id, requester_id):
        raise NotFoundError("This person has not asked to be your friend.", field="requester_id")
    activity.record(requester_id, activity.FRIEND_DECLINED, actor_id=user_id)


@writes
def cancel_request(user_id: int, addressee_id: int) -> None:
    """Take back the request I sent to ``addressee_id``."""
    _not_self(user_id, addressee_id)
    if not _delete_pending(user_id, addressee_id, user_id):
        raise NotFoundError(
            "You have no pending friend request to this person.", field="addressee_id"
        )
    activity.record(addressee_id, activity.FRIEND_CANCELLED, actor_id=user_id)


@writes
def remove_friend(user_id: int, other_id: int) -> None:
    """End a friendship (either friend may)."""
    _not_self(user_id, other_id)
    lo, hi = _pair(user_id, other_id)
    deleted = (
        Friendship.delete()
        .where((Friendship.user_lo == lo) & (Friendship.user_hi == hi) & Friendship.accepted)
        .execute()
    )
    if not deleted:
        raise NotFoundError("You are not friends with this person.", field="other_id")
    activity.record(other_id, activity.FRIEND_REMOVED, actor_id=user_id)


def _people(user_id: int, *, accepted: bool, requested_by_me: bool | None) -> list[UserRef]:
    """The other side of my friendship rows, sorted by last name, first name.

    Two index searches (I am ``user_lo`` / I am ``user_hi``) feed one lookup of
    the people by id: one query however many friends.
    """
    mine_lo = Friendship.select(Friendship.user_hi).where(
        (Friendship.user_lo == user_id) & (Friendship.accepted == accepted)
    )
    mine_hi = Friendship.select(Friendship.user_lo).where(
        (Friendship.user_hi == user_id) & (Friendship.accepted == accepted)
    )
    if requested_by_me is True:
        mine_lo = mine_lo.where(Friendship.requester == user_id)
        mine_hi = mine_hi.where(Friendship.requester == user_id)
    elif requested_by_me is False:
        mine_lo = mine_lo.where(Friendship.requester != user_id)
        mine_hi = mine_hi.where(Friendship.requester != user_id)
    rows = (
        User.select(*USER_REF_FIELDS)
        .where(User.id.in_(mine_lo) | User.id.in_(mine_hi))
        .order_by(User.last_key, User.first_key, User.id)
    )
    return [user_ref(r) for r in rows]


@reads
def friends(user_id: int) -> list[UserRef]:
    """My friends, by last name, then first name."""
    return _people(user_id, accepted=True, requested_by_me=None)


@reads
def incoming_requests(user_id: int) -> list[UserRef]:
    """People who asked to be my friends and wait for my answer."""
    return _people(user_id, accepted=False, requested_by_me=False)


@reads
def outgoing_requests(user_id: int) -> list[UserRef]:
    """People I asked to be friends who have not answered yet."""
    return _people(user_id, accepted=False, requested_by_me=True)


@reads
def relation(user_id: int, other_id: int) -> Relation:
    """How ``other_id`` relates to me (one query; none for myself)."""
    if user_id == other_id:
        return Relation.SELF
    return _relation_of(_row(user_id, other_id), user_id)
