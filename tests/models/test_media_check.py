"""``messenger db check`` verifies every stored file (models/maintenance.py): the
bytes of each `media` row are hashed again and compared with the sha256 (and
size) stored beside them, on SQLite and PostgreSQL; a mismatch is named with
what uses it, and a terminal sees the progress.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import cli
from models import clock, maintenance, track_words
from models.db import database
from models.media import store_media
from models.schema import Media, Track, User
from models.text import search_key

ROOT = Path(__file__).resolve().parents[2]


def _library(make_user) -> tuple[int, int]:
    """A track's file and an avatar; returns (track media id, avatar media id)."""
    anna = make_user("anna")
    song = store_media(b"RIFF" + bytes(range(256)) * 40, "audio/wav", max_bytes=10**6)
    face = store_media(b"\x89PNG" + b"\x01" * 500, "image/png", max_bytes=10**6)
    track = Track.create(media=song.id, title="Песня \x1b]2;x\x07", artist="", album="",
                         duration=1.0, title_key=search_key("песня"), artist_key="",
                         added_by=anna.id, created_at=clock.now())
    track_words.store(database, track.id, track.title_key, "", None)  # as an import does
    User.update(avatar=face.id).where(User.id == anna.id).execute()
    return song.id, face.id


def _flip_a_byte(media_id: int) -> None:
    data = bytearray(bytes(Media.get_by_id(media_id).data))
    data[len(data) // 2] ^= 0xFF
    Media.update(data=bytes(data)).where(Media.id == media_id).execute()


def test_intact_files_pass_and_progress_reaches_the_end(db, make_user):
    _library(make_user)
    seen = []
    assert maintenance.check_database(progress=lambda done, total: seen.append((done, total))) == []
    total = sum(m.size for m in Media.select())
    assert seen and seen[-1] == (total, total)


def test_changed_bytes_are_named_with_what_uses_them(db, make_user):
    song, face = _library(make_user)
    _flip_a_byte(song)
    _flip_a_byte(face)
    problems = maintenance.check_database()
    assert len(problems) == 2
    assert problems[0].startswith(f"Media {song}: its bytes no longer match its sha256")
    assert "track" in problems[0] and "Песня" in problems[0]
    assert "\x1b" not in problems[0] and "\x07" not in problems[0]
    assert problems[1].startswith(f"Media {face}:") and "avatar of anna" in problems[1]


def test_a_truncated_file_is_caught_too(db, make_user):
    song, _ = _library(make_user)
    data = bytes(Media.get_by_id(song).data)
    Media.update(data=data[:100]).where(Media.id == song).execute()
    assert [p for p in maintenance.check_database() if p.startswith(f"Media {song}:")]


def test_db_check_exits_1_and_lists_the_damaged_file(tmp_path, unbind, make_user_factory, capsys):
    from models.db import close_database, open_database

    url = f"sqlite:///{tmp_path / 'm.db'}"
    open_database(url)
    song = store_media(b"ID3" + b"\x02" * 3000, "audio/mpeg", max_bytes=10**6)
    _flip_a_byte(song.id)
    close_database()
    assert cli.main(["db", "check", "--db", url]) == 1
    out = capsys.readouterr().out
    assert f"Media {song.id}: its bytes no longer match" in out


def test_a_terminal_sees_the_progress(tmp_path):
    """On a terminal `db check` draws a progress line on stderr; in a pipe it does not."""
    db = tmp_path / "m.db"
    env = {**os.environ, "MESSENGER_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    env.pop("MESSENGER_DB", None)
    command = [sys.executable, "-m", "cli", "db", "check", "--db", f"sqlite:///{db}"]
    subprocess.run([sys.executable, "-m", "cli", "db", "upgrade", "--db", f"sqlite:///{db}"],
                   env=env, check=True, capture_output=True, cwd=tmp_path)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=follower,
                              cwd=tmp_path, timeout=120)
        os.close(follower)
        follower = -1
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    assert done.returncode == 0, done.stdout
    assert b"Checking stored files: 100%" in seen
    piped = subprocess.run(command, env=env, capture_output=True, cwd=tmp_path, timeout=120)
    assert piped.returncode == 0 and b"Checking" not in piped.stderr
