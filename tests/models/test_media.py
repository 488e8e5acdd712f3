"""Stored files: size limits, one copy per content, safe reading of uploads, the player cache."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from models import media
from models.errors import NotFoundError, ValidationError
from models.schema import Media

KB = 1024


def test_store_and_load_round_trip(db):
    """A stored file comes back byte for byte, with its type, size and hash."""
    data = b"\x00\x01binary\xffdata"
    view = media.store_media(data, "audio/ogg", max_bytes=KB)
    assert view.size == len(data)
    assert view.mime == "audio/ogg"
    assert view.sha256 == hashlib.sha256(data).hexdigest()
    assert media.load_media(view.id) == data
    assert media.media_info(view.id) == view


def test_same_bytes_stored_twice_are_one_row(db):
    """Uploading the same picture twice keeps one copy in the database."""
    first = media.store_media(b"same bytes", "image/png", max_bytes=KB)
    second = media.store_media(b"same bytes", "image/png", max_bytes=KB)
    other = media.store_media(b"other bytes", "image/png", max_bytes=KB)
    assert second == first
    assert other.id != first.id
    assert Media.select().count() == 2


def test_too_large_is_refused_with_limit_in_mb(db):
    """A file over the limit is refused and the message names the limit in MB."""
    with pytest.raises(ValidationError) as caught:
        media.store_media(b"x" * (2 * media.MB + 1), "audio/mpeg", max_bytes=2 * media.MB)
    assert "2 MB" in caught.value.message
    assert Media.select().count() == 0


def test_empty_file_and_bad_type_are_refused(db):
    """An empty file or a nonsense type is refused, nothing is stored."""
    with pytest.raises(ValidationError) as empty:
        media.store_media(b"", "image/png", max_bytes=KB)
    assert empty.value.field == "data"
    with pytest.raises(ValidationError) as bad_type:
        media.store_media(b"abc", "not a type", max_bytes=KB)
    assert bad_type.value.field == "mime"
    assert Media.select().count() == 0


def test_missing_media_is_not_found(db):
    """Asking for a file that does not exist says so instead of crashing."""
    with pytest.raises(NotFoundError):
        media.load_media(12345)
    with pytest.raises(NotFoundError):
        media.media_info(12345)
    with pytest.raises(NotFoundError):
        media.media_path(12345)


def test_media_path_is_private_cached_copy(db, tmp_path):
    """Players get a 0600 file in a 0700 cache folder, named by content hash, not by the user."""
    data = b"ID3 fake mp3 payload" * 10
    view = media.store_media(data, "audio/mpeg", max_bytes=KB)
    path = media.media_path(view.id)
    assert path.parent == tmp_path / "home" / "cache"
    assert path.name == f"{view.sha256}.mp3"
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left


def test_media_path_reuses_good_copy_and_repairs_bad_one(db):
    """A cached copy of the right size is reused; a truncated one is rewritten."""
    data = b"0123456789" * 50
    view = media.store_media(data, "audio/ogg", max_bytes=KB)
    path = media.media_path(view.id)
    inode = path.stat().st_ino
    assert media.media_path(view.id) == path
    assert path.stat().st_ino == inode  # not rewritten

    path.write_bytes(data[:10])  # a copy cut short, e.g. by a crash of an older version
    assert media.media_path(view.id) == path
    assert path.read_bytes() == data


def test_read_upload_bytes_and_file(tmp_path):
    """Bytes pass through; a regular file is read whole."""
    assert media.read_upload(b"abc", 10) == b"abc"
    file = tmp_path / "song.ogg"
    file.write_bytes(b"hello")
    assert media.read_upload(file, 10) == b"hello"
    assert media.read_upload(str(file), 10) == b"hello"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: tmp / "nothing-here.png", "no file"),
        (lambda tmp: tmp, "folder"),
        (lambda tmp: "   ", "Give the path"),
    ],
    ids=["missing", "directory", "blank"],
)
def test_read_upload_refuses_missing_folder_blank(tmp_path, make, words):
    """A path that is missing, a folder or blank gets a sentence about the path."""
    with pytest.raises(ValidationError) as caught:
        media.read_upload(make(tmp_path), 100)
    assert caught.value.field == "path"
    assert words in caught.value.message


def test_read_upload_refuses_large_file_before_reading(tmp_path, monkeypatch):
    """A file over the limit is refused from its size alone, without reading it."""
    big = tmp_path / "huge.bin"
    with open(big, "wb") as fh:
        fh.truncate(11 * media.MB)  # sparse: no disk space used

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(os, "read", no_reading)
    with pytest.raises(ValidationError) as caught:
        media.read_upload(big, 10 * media.MB)
    assert caught.value.field == "path"
    assert "11 MB" in caught.value.message and "10 MB" in caught.value.message


def test_read_upload_refuses_large_bytes():
    """Bytes over the limit are refused too."""
    with pytest.raises(ValidationError) as caught:
        media.read_upload(b"x" * (media.MB + 1), media.MB)
    assert "1 MB" in caught.value.message


def test_read_upload_refuses_unreadable_file(tmp_path, monkeypatch):
    """A file the person may not read is refused with a clear reason."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"data")
    secret.chmod(0)
    if os.access(secret, os.R_OK):  # running as root: make the refusal happen anyway
        real_open = os.open

        def denied(path, *args, **kwargs):
            if os.fspath(path) == os.fspath(secret):
                raise PermissionError(13, "Permission denied")
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", denied)
    with pytest.raises(ValidationError) as caught:
        media.read_upload(secret, 100)
    assert caught.value.field == "path"
    assert "permission denied" in caught.value.message


def test_read_upload_refuses_a_pipe(tmp_path):
    """A named pipe is refused at once instead of hanging the app while it waits for data."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ValidationError) as caught:
        media.read_upload(fifo, 100)
    assert "not a regular file" in caught.value.message
