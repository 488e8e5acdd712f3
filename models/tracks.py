"""Tracks: audio import, the shared catalogue, each person's library, playlists.

A track is imported once per content: the same bytes imported again (by anyone,
under any file name) are the same track, just added to the importer's library.
Importing checks that the file really is audio the player can open — mutagen
must find a stream with a positive duration, and MP3 and WAV files must not be
cut off — and reads title, artist and album from the tags, the file name being
the fallback title. WAV files carry their tags in an ID3 chunk (what
``music.synth`` writes); ``import_track`` also takes explicit ``title=``,
``artist=``, ``album=`` that win over the tags.

Playlist positions are 0-based and contiguous: ``playlist_tracks`` returns the
entries in position order, so the index of a row on screen is its position.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peewee import JOIN, fn

from . import clock, media, text
from .db import reads, writes
from .errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    PermissionDeniedError,
    Text,
    ValidationError,
    msg,
)
from .people import require_user
from .schema import Playlist, PlaylistTrack, Track, UserTrack
from .views import PlaylistView, TrackView

MAX_TRACK_BYTES = 50 * media.MB
MAX_TAG_LENGTH = 200
MAX_PLAYLIST_NAME = 100
MAX_RESULTS = 500

# mutagen's type name -> the mime type we store. Only formats SDL_mixer (the
# player) can decode: an AAC/M4A file would import and then never play.
PLAYABLE = {
    "MP3": "audio/mpeg",
    "EasyMP3": "audio/mpeg",
    "OggVorbis": "audio/ogg",
    "OggOpus": "audio/opus",
    "FLAC": "audio/flac",
    "WAVE": "audio/wav",
    "AIFF": "audio/aiff",
}
AUDIO_EXTENSIONS = {
    ".mp3", ".ogg", ".oga", ".opus", ".flac", ".wav", ".wave", ".aif", ".aiff",
    ".m4a", ".mp4", ".aac", ".wma", ".ape", ".wv", ".mpc",
}


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What ``import_folder`` did: new tracks, tracks already in the catalogue
    (now in the library too), files refused with the reason, and files skipped
    because their names are not audio file names (covers, playlists, notes)."""

    imported: tuple[TrackView, ...]
    duplicates: tuple[TrackView, ...]
    failed: tuple[tuple[Path, str], ...]
    ignored: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class _Probe:
    mime: str
    duration: float
    title: str
    artist: str
    album: str


# ---------------------------------------------------------------- reading audio

class _NamedBytes(io.BytesIO):
    """Bytes with a file name, so mutagen can use the extension as a hint."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def _probe(data: bytes, name: str) -> _Probe:
    """Sniff ``data`` with mutagen; a ``ValidationError`` naming ``name`` unless it
    is complete audio the player can decode."""
    import mutagen

    def refuse(reason: Text) -> ValidationError:
        return ValidationError(reason, field="path")

    if not data:
        raise refuse(msg("{name} is empty.", name=name))
    if data[:3] == b"ID3" and _id3_end(data) > len(data):
        raise refuse(_cut_tag(name))
    try:
        audio = mutagen.File(_NamedBytes(data, name), easy=True)
    except Exception as exc:  # noqa: BLE001 - mutagen raises many kinds for bad input
        detail = _first_line(exc).rstrip(".")
        if detail and detail != "error":
            raise refuse(msg(
                "{name} is not a readable audio file ({detail}).", name=name, detail=detail
            )) from None
        raise refuse(msg("{name} is not a readable audio file.", name=name)) from None
    if audio is None:
        raise refuse(msg(
            "{name} is not an audio file; use MP3, OGG, Opus, FLAC, WAV or AIFF.", name=name
        ))
    kind = type(audio).__name__
    mime = PLAYABLE.get(kind)
    if mime is None:
        raise refuse(msg(
            "{name} is {kind} audio, which the player cannot play; "
            "use MP3, OGG, Opus, FLAC, WAV or AIFF.",
            name=name, kind=kind,
        ))
    info = audio.info
    length = float(getattr(info, "length", 0) or 0)
    if not length > 0 or getattr(info, "sample_rate", 1) == 0:
        raise refuse(msg("{name} holds no sound (its length is zero).", name=name))
    if mime == "audio/mpeg":
        broken = _mpeg_damage(data, name)
        if broken:
            raise refuse(broken)
    elif mime == "audio/wav":
        broken = _wav_damage(data, name)
        if broken:
            raise refuse(broken)
    tags = audio.tags
    return _Probe(
        mime=mime,
        duration=length,
        title=_tag(tags, "title", "TIT2"),
        artist=_tag(tags, "artist", "TPE1"),
        album=_tag(tags, "album", "TALB"),
    )


def _tag(tags, easy_key: str, id3_frame: str) -> str:
    """A tag as text: easy keys (Vorbis comments, EasyID3) or an ID3 frame
    (the non-easy ID3 of WAV and AIFF files)."""
    if tags is None:
        return ""
    try:
        if hasattr(tags, "getall"):  # a raw ID3 tag
            frames = tags.getall(id3_frame)
            values = [str(v) for frame in frames for v in frame.text]
        else:
            values = [str(v) for v in tags.get(easy_key, [])]
    except (KeyError, ValueError, TypeError):
        return ""
    return values[0] if values else ""


def _first_line(exc: BaseException) -> str:
    text_ = str(exc).strip()
    return text_.splitlines()[0] if text_ else type(exc).__name__


# MPEG audio frame headers, for the cut-off check.
_BITRATES = {
    (1, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (1, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (1, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (2, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (2, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (2, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _frame_length(data: bytes, pos: int) -> int:
    """Length of the MPEG audio frame whose header is at ``pos``, 0 if none is there."""
    if pos + 4 > len(data) or data[pos] != 0xFF or data[pos + 1] & 0xE0 != 0xE0:
        return 0
    version_bits = (data[pos + 1] >> 3) & 3
    layer = 4 - ((data[pos + 1] >> 1) & 3)
    bitrate_index = data[pos + 2] >> 4
    rate_index = (data[pos + 2] >> 2) & 3
    padding = (data[pos + 2] >> 1) & 1
    if version_bits == 1 or layer == 4 or bitrate_index in (0, 15) or rate_index == 3:
        return 0  # reserved values, or free format (no length to check)
    version = 1 if version_bits == 3 else 2
    bitrate = _BITRATES[(version, layer)][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version_bits][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    if layer == 3 and version == 2:
        return 72 * bitrate // rate + padding
    return 144 * bitrate // rate + padding


def _id3_end(data: bytes) -> int:
    """Where an ID3v2 tag at the start of ``data`` ends (its size is "syncsafe")."""
    if len(data) < 10:
        return 10
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | (byte & 0x7F)
    return 10 + size + (10 if data[5] & 0x10 else 0)


def _cut_tag(name: str) -> Text:
    return msg(
        "{name} is cut off: its tag header promises more bytes than the file has.", name=name
    )


def _mpeg_damage(data: bytes, name: str) -> Text | None:
    """Why an MP3 cannot be trusted (cut off mid-frame), or ``None``.

    Walks the frame chain from the first frame to the end of the audio; a frame
    that claims more bytes than are left means the download or copy was cut.
    Anything that is not a frame (an APE tag, junk) ends the walk harmlessly.
    """
    start = _id3_end(data) if data[:3] == b"ID3" else 0
    if start > len(data):
        return _cut_tag(name)
    end = len(data)
    if end - start >= 128 and data[end - 128 : end - 125] == b"TAG":
        end -= 128  # ID3v1 tag
    audio = data[:end]
    pos = start
    limit = min(len(audio), start + 64 * 1024)
    while pos < limit:
        length = _frame_length(audio, pos)
        if length and (pos + length >= len(audio) or _frame_length(audio, pos + length)):
            break
        pos += 1
    else:
        return msg("{name} holds no MPEG audio frames.", name=name)
    frames = 0
    while pos < len(audio):
        length = _frame_length(audio, pos)
        if not length:
            break
        if pos + length > len(audio):
            return msg(
                "{name} is cut off in the middle of the audio (an incomplete download or copy?).",
                name=name,
            )
        pos += length
        frames += 1
    return None if frames else msg("{name} holds no complete MPEG audio frame.", name=name)


def _wav_damage(data: bytes, name: str) -> Text | None:
    """Why a WAV file cannot be trusted (its sound data is shorter than declared)."""
    pos = 12
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if chunk == b"data":
            if pos + 8 + size > len(data):
                return msg(
                    "{name} is cut off: it has less sound data than its header says.", name=name
                )
            return None
        pos += 8 + size + (size & 1)
    return msg("{name} holds no sound data.", name=name)


def _clean_tag(value: str | None) -> str:
    cleaned = text.clean_line(value or "")
    if len(cleaned) > MAX_TAG_LENGTH:
        cleaned = cleaned[: MAX_TAG_LENGTH - 1].rstrip() + "…"
    return cleaned


# ---------------------------------------------------------------- views

def _track_columns():
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
    mine, columns = _track_columns()
    return (
        Track.select(*columns)
        .join(
            mine,
            JOIN.LEFT_OUTER,
            on=(mine.track == Track.id) & (mine.user == user_id),
        )
    )


def _view(row) -> TrackView:
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
    return _view(row)


# ---------------------------------------------------------------- import

def import_track(
    user_id: int,
    path: str | os.PathLike[str] | bytes,
    *,
    title: str | None = None,
    artist: str | None = None,
    album: str | None = None,
    filename: str | None = None,
) -> TrackView:
    """Import one audio file (at most 50 MB) into the catalogue and the user's library.

    ``path`` may also be the file's bytes (then ``filename`` names it in
    messages and is the fallback title). The same bytes imported before give
    the existing track. ``title``/``artist``/``album`` override the tags.
    """
    return _import(user_id, path, title=title, artist=artist, album=album, filename=filename)[0]


def _import(user_id, path, *, title=None, artist=None, album=None, filename=None):
    data = media.read_upload(path, MAX_TRACK_BYTES)
    if isinstance(path, bytes | bytearray | memoryview):
        shown = filename or "The file"
        stem = Path(filename).stem if filename else ""
    else:
        shown = os.fspath(path)
        stem = Path(shown).stem
    probe = _probe(data, shown)
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
    if existing is None:
        # ignore a conflict: on PostgreSQL another importer of the same bytes may
        # commit between the check and the insert
        Track.insert(
            media=stored.id,
            title=title,
            artist=artist,
            album=album,
            duration=duration,
            title_key=text.search_key(title),
            artist_key=text.search_key(artist),
            added_by=user_id,
            created_at=now,
        ).on_conflict_ignore().execute()
    track_id = Track.select(Track.id).where(Track.media == stored.id).scalar()
    UserTrack.insert(user=user_id, track=track_id, added_at=now).on_conflict_ignore().execute()
    return _track_view(user_id, track_id), existing is None


def import_folder(
    user_id: int,
    path: str | os.PathLike[str],
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every audio file under ``path`` (recursively), one transaction each.

    A bad file is reported in ``failed`` with the reason and does not stop the
    rest. ``progress(done, total)`` is called before the first file and after
    each one. Files whose names are not audio names are ``ignored``.
    """
    folder = Path(os.fspath(path)).expanduser()
    if not folder.is_dir():
        raise ValidationError(msg("{path} is not a folder.", path=os.fspath(path)), field="path")
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
            view, is_new = _import(user_id, file)
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
def my_tracks(user_id: int, limit: int = MAX_RESULTS) -> list[TrackView]:
    """The user's library, most recently added first."""
    mine, columns = _track_columns()
    rows = (
        Track.select(*columns)
        .join(mine, on=(mine.track == Track.id))
        .where(mine.user == user_id)
        .order_by(mine.id.desc())
        .limit(_limit(limit))
        .objects()
    )
    return [_view(row) for row in rows]


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
    return [_view(row) for row in rows]


def _word_match(field, key: str):
    """``field`` starts with ``key`` or has a word that does (keys are casefolded)."""
    return ((field >= key) & (field < text.prefix_upper_bound(key))) | field.contains(" " + key)


@reads
def search_tracks(user_id: int, query: str, limit: int = MAX_RESULTS) -> list[TrackView]:
    """Tracks whose title or artist starts with ``query`` or has a word that does,
    in any case and script (``вальс``, ``ВАЛЬС``, ``Вальс`` match alike).

    The word match reads the (short) key columns of the catalogue; the catalogue
    of a community is small enough for that, and it keeps the schema simple.
    """
    key = text.search_key(query or "")
    if not key:
        return []
    rows = (
        _tracks_query(user_id)
        .where(_word_match(Track.title_key, key) | _word_match(Track.artist_key, key))
        .order_by(Track.title_key, Track.id)
        .limit(_limit(limit))
        .objects()
    )
    return [_view(row) for row in rows]


def _require_track(track_id: int) -> None:
    if not Track.select(Track.id).where(Track.id == track_id).exists():
        raise NotFoundError("That track does not exist.", field="track_id")


@writes
def add_to_library(user_id: int, track_id: int) -> TrackView:
    """Add a catalogue track to the user's library (adding it twice is harmless)."""
    require_user(user_id)
    _require_track(track_id)
    UserTrack.insert(user=user_id, track=track_id, added_at=clock.now()).on_conflict_ignore().execute()
    return _track_view(user_id, track_id)


@writes
def remove_from_library(user_id: int, track_id: int) -> None:
    """Take a track out of the user's library; it stays in the catalogue and playlists."""
    _require_track(track_id)
    UserTrack.delete().where((UserTrack.user == user_id) & (UserTrack.track == track_id)).execute()


# ---------------------------------------------------------------- playlists

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
    return cleaned


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
    key = text.search_key(cleaned)
    _check_name_free(user_id, key)
    row = Playlist.create(owner=user_id, name=cleaned, name_key=key, created_at=clock.now())
    return PlaylistView(id=row.id, name=row.name, track_count=0)


@writes
def rename_playlist(user_id: int, playlist_id: int, name: str) -> PlaylistView:
    cleaned = _playlist_name(name)
    _owned_playlist(user_id, playlist_id)
    key = text.search_key(cleaned)
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
    _require_track(track_id)
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
    mine, columns = _track_columns()
    rows = (
        PlaylistTrack.select(*columns)
        .join(Track, on=(PlaylistTrack.track == Track.id))
        .join(mine, JOIN.LEFT_OUTER, on=(mine.track == Track.id) & (mine.user == user_id))
        .where(PlaylistTrack.playlist == playlist_id)
        .order_by(PlaylistTrack.position, PlaylistTrack.id)
        .objects()
    )
    return [_view(row) for row in rows]


@reads
def playlist_tracks(user_id: int, playlist_id: int) -> list[TrackView]:
    """The playlist's tracks in order (its owner only)."""
    _owned_playlist(user_id, playlist_id)
    return _playlist_entries(user_id, playlist_id)
