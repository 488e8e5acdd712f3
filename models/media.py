"""Stored files (avatars, tracks): kept in the database, addressed by sha256.

The bytes live in the ``media`` table so every backend and every host sees the
same files and a database backup is a backup of everything. Players that need a
real file get a cached copy under ``data_dir()/cache``, named by the content
hash: a user's own name for a file is never used as a path.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import stat
import tempfile
from pathlib import Path

from . import clock, db
from .errors import DomainError, NotFoundError, ValidationError, msg
from .schema import Media
from .text import clean_line
from .user_files import MB as MB  # re-exported: sizes are given in media.MB
from .user_files import megabytes, read_user_file
from .views import MediaView

_MIME = re.compile(r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*$")

# Extensions for the cached copy: players (pygame, SDL_mixer) guess the format from it.
_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/vorbis": "ogg",
    "audio/opus": "opus",
    "audio/flac": "flac",
    "audio/x-flac": "flac",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/mp4": "m4a",
    "audio/x-m4a": "m4a",
}


def format_mb(size: int) -> str:
    """``10485760`` → ``"10 MB"``, ``1572864`` → ``"1.5 MB"``."""
    return f"{megabytes(size):g} MB"


def _view(row: Media) -> MediaView:
    return MediaView(id=row.id, sha256=row.sha256, mime=row.mime, size=row.size)


def _clean_mime(mime: str) -> str:
    value = clean_line(mime or "").lower()
    if not _MIME.match(value) or len(value) > 64:
        raise ValidationError(msg("{mime!r} is not a valid file type.", mime=mime), field="mime")
    return value


# ---------------------------------------------------------------- storing

@db.writes
def store_media(data: bytes, mime: str, *, max_bytes: int) -> MediaView:
    """Store ``data`` once: the same bytes stored twice give the same row.

    A second store of known bytes keeps the first row (and its type). Race-safe:
    the insert ignores a conflict on the sha256 and the row is then read back.
    """
    data = bytes(data)
    if not data:
        raise ValidationError("The file is empty.", field="data")
    if len(data) > max_bytes:
        raise ValidationError(
            msg(
                "The file is {size:g} MB; the limit is {limit:g} MB.",
                size=megabytes(len(data)), limit=megabytes(max_bytes),
            ),
            field="data",
        )
    mime = _clean_mime(mime)
    digest = hashlib.sha256(data).hexdigest()
    Media.insert(
        sha256=digest, mime=mime, size=len(data), data=data, created_at=clock.now()
    ).on_conflict_ignore().execute()
    row = (
        Media.select(Media.id, Media.sha256, Media.mime, Media.size)
        .where(Media.sha256 == digest)
        .get()
    )
    return _view(row)


@db.reads
def media_info(media_id: int) -> MediaView:
    """Type and size of a stored file, without reading its bytes."""
    row = (
        Media.select(Media.id, Media.sha256, Media.mime, Media.size)
        .where(Media.id == media_id)
        .first()
    )
    if row is None:
        raise NotFoundError("That file no longer exists.", field="media")
    return _view(row)


@db.reads
def load_media(media_id: int) -> bytes:
    """The bytes of a stored file."""
    row = Media.select(Media.data).where(Media.id == media_id).first()
    if row is None:
        raise NotFoundError("That file no longer exists.", field="media")
    return bytes(row.data)


def _extension(mime: str) -> str:
    ext = _EXTENSIONS.get(mime)
    if ext is None:
        guessed = mimetypes.guess_extension(mime) or ".bin"
        ext = guessed.lstrip(".")
    return ext if ext.isalnum() else "bin"


def cache_dir() -> Path:
    return db.data_dir() / "cache"


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = path.stat()
    if stat.S_IMODE(info.st_mode) != 0o700 and info.st_uid == os.getuid():
        os.chmod(path, 0o700)


def media_path(media_id: int) -> Path:
    """A file holding the media's bytes, for players that need a path.

    ``data_dir()/cache/<sha256>.<ext>``: folder 0700, file 0600, written
    atomically (temp file + rename) and reused while it has the right size.
    """
    info = media_info(media_id)
    folder = cache_dir()
    path = folder / f"{info.sha256}.{_extension(info.mime)}"
    try:
        existing = path.lstat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise _cache_error(folder, exc) from exc
    if (
        existing is not None
        and stat.S_ISREG(existing.st_mode)
        and existing.st_size == info.size
    ):
        return path
    data = load_media(media_id)
    try:
        _private_dir(folder)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".part-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise _cache_error(folder, exc) from exc
    return path


def _cache_error(folder: Path, exc: OSError) -> DomainError:
    reason = exc.strerror or type(exc).__name__
    return DomainError(
        msg("Cannot write the media cache in {folder}: {reason}.", folder=folder, reason=reason)
    )


# ---------------------------------------------------------------- uploads

def read_upload(
    path_or_bytes: str | os.PathLike[str] | bytes,
    max_bytes: int,
    *,
    follow_symlinks: bool = False,
) -> bytes:
    """Read a file a person named, refusing what we cannot or should not read.

    A path goes through ``user_files.read_user_file``: missing files, folders,
    devices, pipes, sockets, symbolic links (unless ``follow_symlinks``),
    unreadable files and files larger than ``max_bytes`` raise
    ``ValidationError(field="path")`` before a byte is read. Bytes given
    directly are only checked for size.
    """
    if isinstance(path_or_bytes, bytearray | memoryview):
        path_or_bytes = bytes(path_or_bytes)
    if isinstance(path_or_bytes, bytes):
        if len(path_or_bytes) > max_bytes:
            raise ValidationError(
                msg(
                    "The file is {size:g} MB; the limit is {limit:g} MB.",
                    size=megabytes(len(path_or_bytes)), limit=megabytes(max_bytes),
                ),
                field="path",
            )
        return path_or_bytes
    return read_user_file(path_or_bytes, max_bytes, follow_symlinks=follow_symlinks)
