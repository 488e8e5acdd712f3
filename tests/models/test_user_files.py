"""Reading a file a person chose: only regular files, never past the limit, never
hanging; and file names from the disk shown as printable text.

Everything here is decided before a byte is read, so a named pipe cannot hang
the app and ``/dev/zero`` cannot fill its memory. The pipe tests run under an
alarm: if the code waits on the pipe, the alarm turns the hang into a failure.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket

import pytest

from models import media, profiles, tracks
from models.errors import ValidationError
from models.user_files import read_user_file, shown_path


@contextlib.contextmanager
def no_hang(seconds: int = 10):
    def hung(signum, frame):
        raise AssertionError(f"still waiting after {seconds} s: the read hangs")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def refusal(path, limit=1000, **kwargs) -> str:
    with no_hang(), pytest.raises(ValidationError) as caught:
        read_user_file(path, limit, **kwargs)
    assert caught.value.field == "path"
    return caught.value.message


def test_a_regular_file_is_read_whole(tmp_path):
    file = tmp_path / "song.ogg"
    file.write_bytes(b"x" * 1000)
    assert read_user_file(file, 1000) == b"x" * 1000
    assert read_user_file(str(file), 1000) == b"x" * 1000


def test_a_named_pipe_is_refused_at_once(tmp_path):
    """Nobody writes into the pipe: opening it for reading would wait forever."""
    fifo = tmp_path / "song.mp3"
    os.mkfifo(fifo)
    assert "named pipe" in refusal(fifo)


def test_a_device_is_refused_before_reading(monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("a byte was read")

    monkeypatch.setattr(os, "read", no_reading)
    assert "device" in refusal("/dev/zero")
    assert "device" in refusal("/dev/null")


def test_a_folder_is_refused(tmp_path):
    assert "is a folder" in refusal(tmp_path)


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.mp3"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(os.fspath(path))
        message = refusal(path)
    assert "socket" in message


def test_a_symbolic_link_is_refused_unless_asked(tmp_path):
    real = tmp_path / "real.png"
    real.write_bytes(b"picture")
    link = tmp_path / "link.png"
    link.symlink_to(real)
    assert "symbolic link" in refusal(link)
    assert read_user_file(link, 1000, follow_symlinks=True) == b"picture"
    dangling = tmp_path / "gone.png"
    dangling.symlink_to(tmp_path / "nothing")
    assert "symbolic link" in refusal(dangling)


def test_an_oversized_sparse_file_is_refused_from_its_size(tmp_path, monkeypatch):
    big = tmp_path / "huge.mp3"
    with open(big, "wb"):
        pass
    os.truncate(big, 60 * media.MB)  # sparse: no disk space used

    def no_reading(*args, **kwargs):
        raise AssertionError("a byte was read")

    monkeypatch.setattr(os, "read", no_reading)
    message = refusal(big, tracks.MAX_TRACK_BYTES)
    assert "60 MB" in message and "50 MB" in message


def test_a_file_larger_than_its_size_says_is_read_no_further_than_the_limit():
    """/proc files report size 0 and hold more: the read stops at limit + 1."""
    assert os.stat("/proc/self/maps").st_size == 0
    assert "larger than" in refusal("/proc/self/maps", limit=10)


def test_missing_and_blank(tmp_path):
    assert "no file" in refusal(tmp_path / "nothing.png")
    assert "Give the path" in refusal("  ")
    assert "no file" in refusal(str(tmp_path / "a\x00b.png"))


def test_every_upload_path_uses_the_safe_reader(db, make_user, tmp_path):
    """Avatars and tracks (the pickers, the CLI) refuse a pipe and a device alike."""
    anna = make_user("anna").id
    fifo = tmp_path / "face.png"
    os.mkfifo(fifo)
    for bad, words in ((fifo, "named pipe"), ("/dev/zero", "device")):
        with no_hang(), pytest.raises(ValidationError) as caught:
            profiles.set_avatar(anna, bad)
        assert words in caught.value.message
        with no_hang(), pytest.raises(ValidationError) as caught:
            tracks.import_track(anna, bad)
        assert words in caught.value.message


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"caf\xe9.wav", "caf\ufffd.wav"),
        ("caf\udce9.wav", "caf\ufffd.wav"),  # what os.listdir gives for the same bytes
        ("t\x1b]2;PWNED\x1b\\.png", "t]2;PWNED\\.png"),
        ("a\x07b\x9bc\u202ed.mp3", "abcd.mp3"),
        ("кафе.ogg", "кафе.ogg"),
    ],
)
def test_file_names_are_shown_printable(name, shown):
    result = shown_path(name)
    assert result == shown
    result.encode("utf-8")  # no lone surrogates left


def test_folder_import_goes_on_past_a_name_that_is_not_utf8(db, make_user, tmp_path):
    """`café.wav` in Latin-1 (byte E9) used to stop the whole folder with a
    UnicodeEncodeError; now it is a track titled “caf�” and the rest goes on."""
    from music.synth import tone

    anna = make_user("anna").id
    raw = os.fsencode(tmp_path)
    with open(os.path.join(raw, b"caf\xe9.wav"), "wb") as fh:
        fh.write(tone(330.0, 0.5))
    with open(os.path.join(raw, b"junk\xff.mp3"), "wb") as fh:
        fh.write(b"not audio\n" * 20)
    (tmp_path / "la.wav").write_bytes(tone(440.0, 0.5))
    report = tracks.import_folder(anna, tmp_path)
    assert sorted(t.title for t in report.imported) == ["caf\ufffd", "la"]
    [(path, reason)] = report.failed
    assert os.fsencode(path) == os.path.join(raw, b"junk\xff.mp3")  # the real file
    assert reason.startswith(f"{tmp_path}/junk\ufffd.mp3 ")
    reason.encode("utf-8")
    assert sorted(t.title for t in tracks.my_tracks(anna)) == ["caf\ufffd", "la"]
