"""Tracks: audio import, the shared catalogue, each person's library, search.

A track is imported once per content: the same bytes imported again (by anyone,
under any file name) are the same track, just added to the importer's library.
Importing checks that the file really is audio the player can open
(``audio_files.probe_audio``) and reads title, artist and album from the tags,
the file name being the fallback title; ``import_track`` also takes explicit
``title=``, ``artist=``, ``album=`` that win over the tags.

Playlists, which hold catalogue tracks, are in ``playlists``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peewee import JOIN, SQL

from . import clock, media, search_keys, text, track_words
from .audio_files import AUDIO_EXTENSIONS, probe_audio
from .db import database, reads, writes
from .errors import DomainError, NotFoundError, ValidationError, msg
from .people import require_user
from .schema import Track, UserTrack
from .user_files import shown_path
from .views import TrackView

MAX_TRACK_BYTES = 50 * media.MB
MAX_TAG_LENGTH = 200
MAX_RESULTS = 500


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What ``import_folder`` did: new tracks, tracks already in the catalogue
    (now in the library too), files refused with the reason, and files skipped
    because their names are not audio file names (covers, playlists, notes)."""

    imported: tuple[TrackView, ...]
    duplicates: tuple[TrackView, ...]
    failed: tuple[tuple[Path, str], ...]
    ignored: tuple[Path, ...] = ()


def _clean_tag(value: str | None) -> str:
    cleaned = text.clean_line(value or "")
    if not text.has_visible_character(cleaned):
        return ""  # a tag that draws nothing is no tag (the title falls back to the file name)
    if len(cleaned) > MAX_TAG_LENGTH:
        cleaned = cleaned[: MAX_TAG_LENGTH - 1].rstrip() + "…"
    return cleaned


# ---------------------------------------------------------------- views

def track_columns():
    """The columns of a ``TrackView`` and the ``UserTrack`` alias (``mine``) they
    read the library flag from; join ``mine`` to use them."""
    mine = UserTrack.alias("mine")
    columns = (
        Track.id,
        Track.media.alias("media_id"),
        Track.title,
        Track.artist,
        Track.album,
        Track.duration,
        mine.id.alias("mine_id"),
    )
    return mine, columns


def _tracks_query(user_id: int):
    """Tracks with whether ``user_id`` has each in the library, in one SELECT."""
    mine, columns = track_columns()
    return (
        Track.select(*columns)
        .join(
            mine,
            JOIN.LEFT_OUTER,
            on=(mine.track == Track.id) & (mine.user == user_id),
        )
    )


def track_from_row(row) -> TrackView:
    """A ``TrackView`` of a row selected with ``track_columns``."""
    return TrackView(
        id=row.id,
        media_id=row.media_id,
        title=row.title,
        artist=row.artist,
        album=row.album,
        duration=row.duration,
        in_my_library=row.mine_id is not None,
    )


def _track_view(user_id: int, track_id: int) -> TrackView:
    row = _tracks_query(user_id).where(Track.id == track_id).objects().first()
    if row is None:
        raise NotFoundError("That track does not exist.", field="track_id")
    return track_from_row(row)


# ---------------------------------------------------------------- import

def import_track(user_id: int, path: str | os.PathLike[str] | bytes, **options) -> TrackView:
    """Import one audio file (at most 50 MB) into the catalogue and the user's library.

    ``path`` may also be the file's bytes (then ``filename=`` names it in
    messages and is the fallback title). The same bytes imported before give
    the existing track. ``title=``/``artist=``/``album=`` override the tags. A
    symbolic link is refused unless ``follow_symlinks=True``. The options are
    those of ``import_file``.
    """
    return import_file(user_id, path, **options)[0]


def import_file(
    user_id: int,
    path: str | os.PathLike[str] | bytes,
    *,
    title: str | None = None,
    artist: str | None = None,
    album: str | None = None,
    filename: str | None = None,
    follow_symlinks: bool = False,
) -> tuple[TrackView, bool]:
    """``import_track``, and whether the track is new to the catalogue (``False``:
    the same bytes were imported before, by anyone)."""
    data = media.read_upload(path, MAX_TRACK_BYTES, follow_symlinks=follow_symlinks)
    if isinstance(path, bytes | bytearray | memoryview):
        shown = shown_path(filename) if filename else "The file"
        stem = Path(shown).stem if filename else ""
    else:
        shown = shown_path(path)  # a name that is not UTF-8 is shown with "�"
        stem = Path(shown).stem
    probe = probe_audio(data, shown)
    final_title = _clean_tag(title if title is not None else probe.title)
    final_title = final_title or _clean_tag(stem) or "Untitled"
    return _save_track(
        user_id,
        data,
        probe.mime,
        title=final_title,
        artist=_clean_tag(artist if artist is not None else probe.artist),
        album=_clean_tag(album if album is not None else probe.album),
        duration=probe.duration,
    )


@writes
def _save_track(user_id, data, mime, *, title, artist, album, duration) -> tuple[TrackView, bool]:
    """Store the bytes and the track (once per content) and add it to the library."""
    require_user(user_id)
    stored = media.store_media(data, mime, max_bytes=MAX_TRACK_BYTES)
    now = clock.now()
    existing = Track.select(Track.id).where(Track.media == stored.id).scalar()
    keys = search_keys.track_keys(title, artist)
    if existing is None:
        # ignore a conflict: on PostgreSQL another importer of the same bytes may
        # commit between the check and the insert
        Track.insert(
            media=stored.id,
            title=title,
            artist=artist,
            album=album,
            duration=duration,
            **keys,
            added_by=user_id,
            created_at=now,
        ).on_conflict_ignore().execute()
    track_id = Track.select(Track.id).where(Track.media == stored.id).scalar()
    if existing is None:  # its words, for search (the other importer's are the same)
        track_words.store(database, track_id, **keys)
    UserTrack.insert(user=user_id, track=track_id, added_at=now).on_conflict_ignore().execute()
    return _track_view(user_id, track_id), existing is None


def import_folder(
    user_id: int,
    path: str | os.PathLike[str],
    progress: Callable[[int, int], None] | None = None,
    *,
    follow_symlinks: bool = False,
) -> ImportReport:
    """Import every audio file under ``path`` (recursively), one transaction each.

    A bad file is reported in ``failed`` with the reason and does not stop the
    rest. ``progress(done, total)`` is called before the first file and after
    each one. Files whose names are not audio names are ``ignored``. Paths in
    the report are the real ones (names that are not UTF-8 keep Python's
    surrogate escapes); reasons name files as ``user_files.shown_path`` does.
    Symbolic links are refused unless ``follow_symlinks`` (folders are never
    followed into).
    """
    folder = Path(os.fspath(path)).expanduser()
    if not folder.is_dir():
        raise ValidationError(msg("{path} is not a folder.", path=shown_path(path)), field="path")
    candidates: list[Path] = []
    ignored: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            file = Path(root) / name
            (candidates if file.suffix.lower() in AUDIO_EXTENSIONS else ignored).append(file)
    imported: list[TrackView] = []
    duplicates: list[TrackView] = []
    failed: list[tuple[Path, str]] = []
    total = len(candidates)
    if progress:
        progress(0, total)
    for done, file in enumerate(candidates, start=1):
        try:
            view, is_new = import_file(user_id, file, follow_symlinks=follow_symlinks)
        except DomainError as exc:
            if isinstance(exc, NotFoundError) and exc.field == "user_id":
                raise
            failed.append((file, exc.message))
        except OSError as exc:
            reason = str(exc.strerror or exc)
            failed.append((file, msg("cannot be read: {reason}.", reason=reason)))
        else:
            (imported if is_new else duplicates).append(view)
        if progress:
            progress(done, total)
    return ImportReport(tuple(imported), tuple(duplicates), tuple(failed), tuple(ignored))


# ---------------------------------------------------------------- catalogue and library

def _limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValidationError("A list holds at least one item.", field="limit")
    return min(limit, MAX_RESULTS)


@reads
def my_tracks(user_id: int, limit: int = MAX_RESULTS, query: str = "") -> list[TrackView]:
    """The user's library, most recently added first; with ``query``, only the
    tracks it finds as ``search_tracks`` would (title or artist, any case or script)."""
    mine, columns = track_columns()
    condition = mine.user == user_id
    found = _query_match(query)
    if found is not None:
        condition = condition & found
    rows = (
        Track.select(*columns)
        .join(mine, on=(mine.track == Track.id))
        .where(condition)
        .order_by(mine.id.desc())
        .limit(_limit(limit))
        .objects()
    )
    return [track_from_row(row) for row in rows]


@reads
def all_tracks(user_id: int, query: str = "", limit: int = MAX_RESULTS) -> list[TrackView]:
    """The whole catalogue by title (or the tracks matching ``query``)."""
    if text.search_key(query or ""):
        return search_tracks(user_id, query, limit=limit)
    rows = (
        _tracks_query(user_id)
        .order_by(Track.title_key, Track.id)
        .limit(_limit(limit))
        .objects()
    )
    return [track_from_row(row) for row in rows]


def _query_match(query: str, wanted: int | None = None):
    """The condition of the tracks ``query`` finds (a word of the title or the
    artist starts with it: models/track_words.py), or None for a query of no
    words; with ``wanted``, only the first that many in the catalogue's order
    (and perhaps some after them)."""
    keys = search_keys.QueryKeys.of(query or "")
    if not keys.key:
        return None
    sql, params = track_words.matching_ids(keys, database.param, wanted)
    return Track.id.in_(SQL(f"({sql})", params))


@reads
def search_tracks(user_id: int, query: str, limit: int = MAX_RESULTS) -> list[TrackView]:
    """Tracks a word of whose title or artist starts with ``query`` (which may
    go on over the next words), in any case and script (``вальс``, ``ВАЛЬС``,
    ``Вальс`` match alike), ignoring accents (``dvorak`` finds ``Dvořák``,
    ``mueller`` finds ``Müller``); by title.

    One run of ``track_word``'s index per spelling of the query, already in
    title order: the same work however large the catalogue (schema 17,
    models/track_words.py).
    """
    limit = _limit(limit)
    condition = _query_match(query, wanted=limit)
    if condition is None:
        return []
    rows = (
        _tracks_query(user_id)
        .where(condition)
        .order_by(Track.title_key, Track.id)
        .limit(limit)
        .objects()
    )
    return [track_from_row(row) for row in rows]


def require_track(track_id: int) -> None:
    """``NotFoundError(field="track_id")`` unless the catalogue has this track."""
    if not Track.select(Track.id).where(Track.id == track_id).exists():
        raise NotFoundError("That track does not exist.", field="track_id")


@reads
def get_track(user_id: int, track_id: int) -> TrackView:
    """One catalogue track as ``user_id`` sees it (whether it is in their library);
    ``NotFoundError(field="track_id")`` when the catalogue no longer has it."""
    return _track_view(user_id, track_id)


@writes
def add_to_library(user_id: int, track_id: int) -> TrackView:
    """Add a catalogue track to the user's library (adding it twice is harmless)."""
    require_user(user_id)
    require_track(track_id)
    UserTrack.insert(user=user_id, track=track_id, added_at=clock.now()).on_conflict_ignore().execute()
    return _track_view(user_id, track_id)


@writes
def remove_from_library(user_id: int, track_id: int) -> None:
    """Take a track out of the user's library; it stays in the catalogue and playlists."""
    require_track(track_id)
    UserTrack.delete().where((UserTrack.user == user_id) & (UserTrack.track == track_id)).execute()
