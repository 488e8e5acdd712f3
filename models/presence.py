"""Presence: who is online, and when someone was last, as a viewer may see it.

A running app beats (``heartbeat``) every ``HEARTBEAT_EVERY`` seconds: one
UPDATE of the person's row that sets ``last_seen_at`` to now and
``online_until`` a little past the next beat. Nothing is written per key or
per message. A clean log-out ends it at once (``go_offline``); an app that
crashes or loses its host simply stops beating, and ``online_until`` passes by
itself — nobody has to clean up after it.

Who may see it is each person's setting ``last_seen`` (models/settings.py):
everybody, friends, or nobody — and, as in Telegram, a person who shows it to
nobody sees nobody else's either. ``presence_of`` answers for a whole list of
people (a page of dialogs) in one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from peewee import JOIN, Case

from . import clock
from .db import reads, writes
from .schema import Friendship, Setting, User
from .views import Presence

HEARTBEAT_EVERY = 30.0  # seconds between two heartbeats of a running app
# Online until two beats were missed, plus slack for a slow write: after a crash
# the person goes offline within this.
ONLINE_FOR = timedelta(seconds=75)
MAX_PEOPLE = 500  # people one query asks about

LAST_SEEN_KEY = "last_seen"  # the setting (models/settings.py)


@writes
def heartbeat(user_id: int) -> None:
    """The person's app is running now (a missing account is ignored)."""
    now = clock.now()
    User.update(last_seen_at=now, online_until=now + ONLINE_FOR).where(
        User.id == user_id
    ).execute()


@writes
def go_offline(user_id: int) -> None:
    """The person logged out or quit: offline now, last seen now."""
    User.update(last_seen_at=clock.now(), online_until=None).where(User.id == user_id).execute()


def _visible(audience: str | None, friends: bool) -> bool:
    if audience == "nobody":
        return False
    if audience == "friends":
        return friends
    return True  # "everybody", never set, or a value this version does not know


@reads
def presence_of(viewer_id: int, user_ids: Iterable[int]) -> dict[int, Presence]:
    """The presence of each of ``user_ids`` that ``viewer_id`` may see (the others,
    and the viewer themself, are left out) — one query however many are asked,
    up to ``MAX_PEOPLE``."""
    wanted = sorted({int(u) for u in user_ids} - {viewer_id})[:MAX_PEOPLE]
    if not wanted:
        return {}
    lo = Case(None, [(User.id < viewer_id, User.id)], viewer_id)
    hi = Case(None, [(User.id < viewer_id, viewer_id)], User.id)
    rows = (
        User.select(User.id, User.last_seen_at, User.online_until, Setting.value,
                    Friendship.accepted)
        .join(Setting, JOIN.LEFT_OUTER,
              on=((Setting.user == User.id) & (Setting.key == LAST_SEEN_KEY)))
        .join_from(User, Friendship, JOIN.LEFT_OUTER,
                   on=((Friendship.user_lo == lo) & (Friendship.user_hi == hi)))
        .where(User.id.in_([viewer_id, *wanted]))
        .tuples()
    )
    now = clock.now()
    found: dict[int, Presence] = {}
    viewer_hides = False
    for user_id, last_seen, online_until, audience, accepted in rows:
        if user_id == viewer_id:
            viewer_hides = audience == "nobody"
            continue
        if _visible(audience, bool(accepted)):
            online = online_until is not None and online_until > now
            found[user_id] = Presence(
                online=online, last_seen_at=last_seen, friend=bool(accepted))
    return {} if viewer_hides else found
