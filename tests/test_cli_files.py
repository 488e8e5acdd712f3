"""What `messenger` prints about files and stored text, run as a terminal runs it.

`music import` must not hang on a named pipe, read `/dev/zero` or follow a link
it was not asked to follow; a file name that is not UTF-8 is printed with "�"
instead of crashing; and no line — file names, tags, names someone wrote
straight into the database file — carries a raw control character.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models import accounts, demo, media
from models.db import close_database, database, open_database
from music import synth

ROOT = Path(__file__).resolve().parents[1]
# ESC, BEL, other C0, DEL, C1 and the bidi embeddings/overrides/isolates
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NASTY = "Eve\x1b]2;PWNED\x07\x1b[31m\x9b1m\u202eevil"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MESSENGER_DB", raising=False)
    yield
    close_database()
    database.initialize(None)


@pytest.fixture
def db_file(tmp_path) -> Path:
    """A SQLite database with the account ``anna``."""
    path = tmp_path / "m.db"
    open_database(f"sqlite:///{path}")
    accounts.register("anna", "Анна", "Иванова", demo.DEMO_PASSWORD)
    close_database()
    return path


def messenger(tmp_path, *argv: str) -> subprocess.CompletedProcess:
    """``messenger ARGV…`` in its own process; stdout and stderr as bytes."""
    script = Path(sys.executable).parent / "messenger"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "cli"]
    env = {**os.environ, "MESSENGER_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    env.pop("MESSENGER_DB", None)
    # the timeout only turns a hang into a failure; a healthy run takes seconds
    return subprocess.run([*command, *argv], capture_output=True, env=env, timeout=120,
                          cwd=tmp_path)


def assert_clean(output: bytes) -> str:
    text = output.decode("utf-8")  # strict: no undecodable bytes either
    assert not CONTROL.findall(text.replace("\n", "")), text
    return text


def test_import_refuses_what_is_not_a_regular_file_before_reading(tmp_path, db_file):
    """A pipe (nobody writes into it), /dev/zero, a link and a 60 MB sparse file
    are each refused at once with a reason; the good file is still imported."""
    fifo = tmp_path / "pipe.mp3"
    os.mkfifo(fifo)
    good = tmp_path / "good.wav"
    good.write_bytes(synth.tone(440.0, 0.5))
    link = tmp_path / "link.wav"
    link.symlink_to(good)
    sparse = tmp_path / "huge.mp3"
    sparse.touch()
    os.truncate(sparse, 60 * media.MB)
    result = messenger(tmp_path, "music", "import", "--user", "anna", "--db",
                       f"sqlite:///{db_file}", str(fifo), "/dev/zero", str(link),
                       str(sparse), str(good))
    out = assert_clean(result.stdout)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    lines = out.splitlines()
    assert lines[0].startswith(f"failed     {fifo}: ") and "named pipe" in lines[0]
    assert lines[1].startswith("failed     /dev/zero: ") and "device" in lines[1]
    assert lines[2].startswith(f"failed     {link}: ") and "symbolic link" in lines[2]
    assert lines[3].startswith(f"failed     {sparse}: ") and "60 MB" in lines[3]
    assert lines[4].startswith("imported   “good”")
    assert lines[-1] == "1 imported, 0 already there, 4 failed."

    followed = messenger(tmp_path, "music", "import", "--user", "anna", "--db",
                         f"sqlite:///{db_file}", "--follow-symlinks", str(link))
    assert followed.returncode == 0
    assert followed.stdout.decode().startswith("duplicate  “good”")


def test_a_file_name_that_is_not_utf8_is_shown_with_a_replacement(tmp_path, db_file):
    """`café.wav` written in Latin-1 (byte E9) imports as “caf�” and the rest of
    the folder goes on; no traceback."""
    folder = tmp_path / "albums"
    folder.mkdir()
    bfolder = os.fsencode(folder)
    with open(os.path.join(bfolder, b"caf\xe9.wav"), "wb") as fh:
        fh.write(synth.tone(330.0, 0.5))
    with open(os.path.join(bfolder, b"junk\xff.mp3"), "wb") as fh:
        fh.write(b"not audio at all\n" * 10)
    (folder / "la.wav").write_bytes(synth.tone(440.0, 0.5))
    result = messenger(tmp_path, "music", "import", "--user", "anna", "--db",
                       f"sqlite:///{db_file}", str(folder))
    assert b"Traceback" not in result.stderr, result.stderr
    out = assert_clean(result.stdout)
    assert result.returncode == 0
    assert "imported   “caf\ufffd”" in out
    assert "imported   “la”" in out
    assert f"failed     {folder}/junk\ufffd.mp3: " in out
    assert out.splitlines()[-1] == "2 imported, 0 already there, 1 failed."


def test_tags_with_control_characters_are_printed_and_stored_clean(tmp_path, db_file):
    song = tmp_path / "song.wav"
    song.write_bytes(synth.with_tags(synth.tone(440.0, 0.5), title="Hi\x1b]52;c;cHduZWQ=\x07there",
                                     artist="\u202eBand\x9b"))
    result = messenger(tmp_path, "music", "import", "--user", "anna", "--db",
                       f"sqlite:///{db_file}", str(song))
    out = assert_clean(result.stdout)
    assert out.startswith("imported   “Hi]52;c;cHduZWQ=there” by Band")
    with sqlite3.connect(db_file) as conn:
        title, artist = conn.execute("SELECT title, artist FROM track").fetchone()
    assert (title, artist) == ("Hi]52;c;cHduZWQ=there", "Band")


def _write_nasty_names(db_file: Path) -> None:
    """What a group member with write access to the file can do with sqlite3."""
    with sqlite3.connect(db_file) as conn:
        conn.execute('UPDATE "user" SET first_name = ?, last_name = ? WHERE login = ?',
                     (NASTY, "\x9d0;owned\x9c", "anna"))


def test_admin_users_prints_no_control_characters(tmp_path, db_file):
    _write_nasty_names(db_file)
    result = messenger(tmp_path, "admin", "users", "--db", f"sqlite:///{db_file}")
    assert result.returncode == 0
    out = assert_clean(result.stdout)
    row = out.splitlines()[1]
    assert "anna" in row and "Eve]2;PWNED[31m1mevil 0;owned" in row


def test_admin_users_json_gives_the_exact_names_escaped(tmp_path, db_file):
    _write_nasty_names(db_file)
    result = messenger(tmp_path, "admin", "users", "--json", "--db", f"sqlite:///{db_file}")
    assert result.returncode == 0
    assert_clean(result.stdout)
    people = json.loads(result.stdout)
    assert [p["login"] for p in people] == ["anna"]
    assert people[0]["first_name"] == NASTY and people[0]["last_name"] == "\x9d0;owned\x9c"
    assert set(people[0]) == {"id", "login", "first_name", "last_name", "created_at",
                              "last_seen_at"}


def test_admin_users_json_is_documented(capsys):
    import cli

    with pytest.raises(SystemExit):
        cli.main(["admin", "users", "--help"])
    assert "--json" in capsys.readouterr().out
    assert "--json" in (ROOT / "README.md").read_text("utf-8")


def test_an_error_quoting_outside_text_is_printed_clean(tmp_path, db_file):
    result = messenger(tmp_path, "admin", "reset-password", "no\x1b]2;x\x07body",
                       "--db", f"sqlite:///{db_file}")
    assert result.returncode == 1
    assert_clean(result.stderr)
    assert b"Traceback" not in result.stderr


def test_a_program_copied_to_mp3_is_refused_and_not_stored(tmp_path, db_file):
    """`cp /bin/ls x.mp3; messenger music import --user anna x.mp3` stored a
    16.9-second track that played noise."""
    import shutil

    fake = tmp_path / "x.mp3"
    shutil.copyfile(shutil.which("ls"), fake)
    result = messenger(tmp_path, "music", "import", "--user", "anna", "--db",
                       f"sqlite:///{db_file}", str(fake))
    out = assert_clean(result.stdout)
    assert result.returncode == 1
    assert out.splitlines()[0].startswith(f"failed     {fake}: ")
    assert "not an MP3 file" in out.splitlines()[0]
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM track").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM media").fetchone() == (0,)
