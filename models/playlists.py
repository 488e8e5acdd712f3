"""Playlists: each person's named, ordered lists of catalogue tracks.

Names are unique per owner, ignoring case. Positions are 0-based and
contiguous: ``playlist_tracks`` returns the entries in position order, so the
index of a row on screen is its position. A track may appear twice; taking a
track out of one's library leaves it in one's playlists.
"""

from __future__ import annotations

from peewee import JOIN, fn

from . import clock, text
from .db import reads, writes
from .errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError, msg
from .people import require_user
from .schema import Playlist, PlaylistTrack, Track
from .tracks import require_track, track_columns, track_from_row
from .views import PlaylistView, TrackView

MAX_PLAYLIST_NAME = 100


def _playlist_name(name: str) -> str:
    if not isinstance(name, str):
        raise ValidationError("Give the playlist a name.", field="name")
    cleaned = text.clean_line(name)
    if not cleaned:
        raise ValidationError("Give the playlist a name.", field="name")
    if len(cleaned) > MAX_PLAYLIST_NAME:
        raise ValidationError(
            msg(
                "A playlist name has at most {limit} characters; this one has {length}.",
                limit=MAX_PLAYLIST_NAME, length=len(cleaned),
            ),
            field="name",
        )
    return text.require_visible_name(cleaned, "name")


def _check_name_free(user_id: int, key: str, except_id: int | None = None) -> None:
    clash = Playlist.select(Playlist.id).where(
        (Playlist.owner == user_id) & (Playlist.name_key == key)
    )
    if except_id is not None:
        clash = clash.where(Playlist.id != except_id)
    if clash.exists():
        raise ConflictError("You already have a playlist with this name.", field="name")


def _owned_playlist(user_id: int, playlist_id: int) -> Playlist:
    row = (
        Playlist.select(Playlist.id, Playlist.owner, Playlist.name)
        .where(Playlist.id == playlist_id)
        .first()
    )
    if row is None:
        raise NotFoundError("That playlist does not exist.", field="playlist_id")
    if row.owner_id != user_id:
        raise PermissionDeniedError("Only the owner can see or change this playlist.")
    return row


def _playlist_view(playlist_id: int) -> PlaylistView:
    row = (
        Playlist.select(Playlist.id, Playlist.name, fn.COUNT(PlaylistTrack.id).alias("count"))
        .join(PlaylistTrack, JOIN.LEFT_OUTER, on=(PlaylistTrack.playlist == Playlist.id))
        .where(Playlist.id == playlist_id)
        .group_by(Playlist.id, Playlist.name)
        .objects()
        .get()
    )
    return PlaylistView(id=row.id, name=row.name, track_count=row.count)


@writes
def create_playlist(user_id: int, name: str) -> PlaylistView:
    """A new, empty playlist; names are unique per owner, ignoring case."""
    cleaned = _playlist_name(name)
    require_user(user_id)
    key = text.identity_key(cleaned)
    _check_name_free(user_id, key)
    row = Playlist.create(owner=user_id, name=cleaned, name_key=key, created_at=clock.now())
    return PlaylistView(id=row.id, name=row.name, track_count=0)


@writes
def rename_playlist(user_id: int, playlist_id: int, name: str) -> PlaylistView:
    cleaned = _playlist_name(name)
    _owned_playlist(user_id, playlist_id)
    key = text.identity_key(cleaned)
    _check_name_free(user_id, key, except_id=playlist_id)
    Playlist.update(name=cleaned, name_key=key).where(Playlist.id == playlist_id).execute()
    return _playlist_view(playlist_id)


@writes
def delete_playlist(user_id: int, playlist_id: int) -> None:
    """Delete the playlist and its entries (the tracks stay)."""
    _owned_playlist(user_id, playlist_id)
    PlaylistTrack.delete().where(PlaylistTrack.playlist == playlist_id).execute()
    Playlist.delete().where(Playlist.id == playlist_id).execute()


@reads
def playlists(user_id: int) -> list[PlaylistView]:
    """The user's playlists by name, with their track counts (one query)."""
    rows = (
        Playlist.select(Playlist.id, Playlist.name, fn.COUNT(PlaylistTrack.id).alias("count"))
        .join(PlaylistTrack, JOIN.LEFT_OUTER, on=(PlaylistTrack.playlist == Playlist.id))
        .where(Playlist.owner == user_id)
        .group_by(Playlist.id, Playlist.name, Playlist.name_key)
        .order_by(Playlist.name_key, Playlist.id)
        .objects()
    )
    return [PlaylistView(id=r.id, name=r.name, track_count=r.count) for r in rows]


def _entry_ids(playlist_id: int) -> list[int]:
    return [
        row.id
        for row in PlaylistTrack.select(PlaylistTrack.id)
        .where(PlaylistTrack.playlist == playlist_id)
        .order_by(PlaylistTrack.position, PlaylistTrack.id)
    ]


def _check_position(position: int, count: int, field: str) -> int:
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position < count:
        raise ValidationError(
            msg(
                "There is no track at position {position} of this playlist (it has {count}).",
                position=position, count=count,
            ),
            field=field,
        )
    return position


def _renumber(entry_ids: list[int], old: list[int]) -> None:
    """Give each entry its index as position, writing only the ones that moved."""
    for position, entry_id in enumerate(entry_ids):
        if position >= len(old) or old[position] != entry_id:
            PlaylistTrack.update(position=position).where(PlaylistTrack.id == entry_id).execute()


@writes
def add_to_playlist(user_id: int, playlist_id: int, track_id: int) -> PlaylistView:
    """Append a track to the end of the playlist (a track may appear twice)."""
    _owned_playlist(user_id, playlist_id)
    require_track(track_id)
    last = (
        PlaylistTrack.select(fn.MAX(PlaylistTrack.position))
        .where(PlaylistTrack.playlist == playlist_id)
        .scalar()
    )
    PlaylistTrack.create(
        playlist=playlist_id, track=track_id, position=0 if last is None else last + 1
    )
    return _playlist_view(playlist_id)


@writes
def remove_from_playlist(user_id: int, playlist_id: int, position: int) -> PlaylistView:
    """Take out the entry at ``position``; the ones after it move up."""
    _owned_playlist(user_id, playlist_id)
    ids = _entry_ids(playlist_id)
    _check_position(position, len(ids), "position")
    old = list(ids)
    PlaylistTrack.delete().where(PlaylistTrack.id == ids.pop(position)).execute()
    _renumber(ids, old)
    return _playlist_view(playlist_id)


@writes
def move_in_playlist(
    user_id: int, playlist_id: int, from_pos: int, to_pos: int
) -> list[TrackView]:
    """Move the entry at ``from_pos`` so it ends up at ``to_pos``; returns the new order."""
    _owned_playlist(user_id, playlist_id)
    ids = _entry_ids(playlist_id)
    _check_position(from_pos, len(ids), "from_pos")
    _check_position(to_pos, len(ids), "to_pos")
    old = list(ids)
    ids.insert(to_pos, ids.pop(from_pos))
    _renumber(ids, old)
    return _playlist_entries(user_id, playlist_id)


def _playlist_entries(user_id: int, playlist_id: int) -> list[TrackView]:
    mine, columns = track_columns()
    rows = (
        PlaylistTrack.select(*columns)
        .join(Track, on=(PlaylistTrack.track == Track.id))
        .join(mine, JOIN.LEFT_OUTER, on=(mine.track == Track.id) & (mine.user == user_id))
        .where(PlaylistTrack.playlist == playlist_id)
        .order_by(PlaylistTrack.position, PlaylistTrack.id)
        .objects()
    )
    return [track_from_row(row) for row in rows]


@reads
def playlist_tracks(user_id: int, playlist_id: int) -> list[TrackView]:
    """The playlist's tracks in order (its owner only)."""
    _owned_playlist(user_id, playlist_id)
    return _playlist_entries(user_id, playlist_id)
