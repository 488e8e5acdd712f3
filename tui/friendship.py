"""Friendship actions of the screens (a profile page, Friends): what each expects
the relation to be, and what to say when it changed since the screen drew it.

A screen shows the relation it last read; the other person may have answered,
cancelled or removed meanwhile (in another terminal). An action re-reads the
relation first and acts only if it is still the one the person saw, so ``x``
never declines a request that became a friendship, and says so plainly.
"""

from __future__ import annotations

from models import friends
from models.views import Relation

from .i18n import _

# The relation each action acts on.
EXPECTED = {
    "add": Relation.NONE,
    "accept": Relation.REQUEST_RECEIVED,
    "decline": Relation.REQUEST_RECEIVED,
    "cancel": Relation.REQUEST_SENT,
    "remove": Relation.FRIENDS,
}

ACTIONS = {
    "add": friends.send_request,
    "accept": friends.accept_request,
    "decline": friends.decline_request,
    "cancel": friends.cancel_request,
    "remove": friends.remove_friend,
}

CHANGED_MEANWHILE = {
    Relation.NONE: "{name} and you have no friend request or friendship any more; nothing was done.",
    Relation.FRIENDS: "You and {name} are friends already; nothing was done.",
    Relation.REQUEST_SENT: "You have asked {name} to be friends already; nothing was done.",
    Relation.REQUEST_RECEIVED: "{name} has asked you to be friends meanwhile; nothing was done.",
}


def changed_meanwhile_text(now: Relation, name: str) -> str:
    """The notice for an action refused because the relation is ``now``."""
    return _(CHANGED_MEANWHILE[now]).format(name=name)


def act_if_unchanged(verb: str, me: int, other: int) -> Relation | None:
    """Run ``verb`` (a key of ``ACTIONS``) if the relation is still what it expects;
    returns ``None`` when it did, else the relation found (nothing done).
    Runs in a worker: two short database calls."""
    now = friends.relation(me, other)
    if now is not EXPECTED[verb]:
        return now
    ACTIONS[verb](me, other)
    return None
