"""Now playing: "♪ Title — Artist" on a person's profile and People row while
their player plays, if they chose to show it (setting ``now_playing``, off by
default).

The app writes it when the track changes (``publish``), takes it away when
the player pauses or stops, the person logs out or quits (``clear``), and while
one track plays moves ``until`` on with the presence heartbeat (every
``REFRESH_EVERY`` seconds, no write per tick). An app that crashes simply stops
refreshing: the row stops counting ``SHOWN_FOR`` after its last write and
nobody has to clean up after it.

Who sees it: the people who may see when the person was online (their
``last_seen`` setting, models/presence.py, and as there, someone who shows their
own to nobody sees nobody else's), never across a block in either direction,
and only while the person's setting is on (a setting switched off elsewhere
hides it at once, whatever another running app of theirs still writes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from peewee import JOIN, Case, fn

from . import clock
from .db import reads, writes
from .presence import LAST_SEEN_KEY, MAX_PEOPLE
from .schema import Block, Friendship, NowPlaying, Setting, User
from .text import clean_line
from .views import NowPlaying as NowPlayingView

SETTING_KEY = "now_playing"  # the switch (models/settings.py)
REFRESH_EVERY = 30.0  # seconds between two refreshes while one track plays
# Shown until one refresh was missed, plus slack for a slow write: after a
# crash it is gone within this.
SHOWN_FOR = timedelta(seconds=45)
MAX_TEXT = 200  # characters kept of a title or an artist


def _line(value: str) -> str:
    return clean_line(value)[:MAX_TEXT]


@writes
def publish(user_id: int, title: str, artist: str) -> None:
    """``user_id``'s player plays ``title`` by ``artist`` now (again: the refresh).
    A missing account is ignored."""
    if not User.select(User.id).where(User.id == user_id).exists():
        return
    values = {"title": _line(title), "artist": _line(artist),
              "until": clock.now() + SHOWN_FOR}
    NowPlaying.insert(user=user_id, **values).on_conflict(
        conflict_target=[NowPlaying.user],
        update={getattr(NowPlaying, name): value for name, value in values.items()},
    ).execute()


@writes
def clear(user_id: int) -> None:
    """The player paused or stopped, or the person left: nothing is shown now."""
    NowPlaying.delete().where(NowPlaying.user == user_id).execute()


@reads
def now_playing_of(viewer_id: int, user_ids: Iterable[int]) -> dict[int, NowPlayingView]:
    """What each of ``user_ids`` plays now, for those ``viewer_id`` may see it
    of (the viewer themself left out) — one query, up to ``MAX_PEOPLE``."""
    wanted = sorted({int(u) for u in user_ids} - {viewer_id})[:MAX_PEOPLE]
    if not wanted:
        return {}
    person = NowPlaying.user
    shown = Setting.alias("shown")
    audience = Setting.alias("audience")
    lo = Case(None, [(person < viewer_id, person)], viewer_id)
    hi = Case(None, [(person < viewer_id, viewer_id)], person)
    blocked = Block.select(Block.id).where(
        ((Block.blocker == person) & (Block.blocked == viewer_id))
        | ((Block.blocker == viewer_id) & (Block.blocked == person))
    )
    viewer_hides = Setting.select(Setting.id).where(
        (Setting.user == viewer_id) & (Setting.key == LAST_SEEN_KEY) & (Setting.value == "nobody")
    )
    rows = (
        NowPlaying.select(person, NowPlaying.title, NowPlaying.artist, audience.value,
                          Friendship.accepted)
        .join(shown, on=((shown.user == person) & (shown.key == SETTING_KEY)
                         & (shown.value == "1")))
        .join_from(NowPlaying, audience, JOIN.LEFT_OUTER,
                   on=((audience.user == person) & (audience.key == LAST_SEEN_KEY)))
        .join_from(NowPlaying, Friendship, JOIN.LEFT_OUTER,
                   on=((Friendship.user_lo == lo) & (Friendship.user_hi == hi)))
        .where(person.in_(wanted), NowPlaying.until > clock.now(),
               ~fn.EXISTS(blocked), ~fn.EXISTS(viewer_hides))
        .tuples()
    )
    found = {}
    for user_id, title, artist, seen_by, accepted in rows:
        if seen_by == "nobody" or (seen_by == "friends" and not accepted):
            continue
        found[user_id] = NowPlayingView(title=clean_line(title), artist=clean_line(artist))
    return found

