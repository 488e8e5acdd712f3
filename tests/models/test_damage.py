"""A damaged SQLite database is never written to (models/integrity.py, models/db.py).

At start-up ``quick_check`` runs before any write: 4 KB of random bytes in the
middle of a database make ``open_database``, the app and ``demo`` refuse it, or —
for a file too big to wait for — make the first write (the log-in) refuse it;
the file stays byte for byte. Later, the first statement that meets "database
disk image is malformed" stops every write of the process, with a message that
names ``messenger db backup``.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

import cli
from models import accounts, integrity, messages
from models.db import close_database, open_database
from models.errors import UnhealthyDatabaseError
from models.schema import User
from tests.damage import checks_started, smash_table, smash_the_middle, written

PASSWORD = "violet kettle under the piano"


def community(path) -> tuple[int, int]:
    """A small community (a few hundred KB, like a demo): anna, boris, their chat."""
    open_database(f"sqlite:///{path}")
    anna = accounts.register("anna", "Анна", "Иванова", PASSWORD, PASSWORD).user.id
    boris = accounts.register("boris", "Борис", "Петров", PASSWORD, PASSWORD).user.id
    for i in range(600):
        messages.send_message(anna if i % 2 else boris, boris if i % 2 else anna,
                              f"message {i} " + "слово " * 30, f"c{i}")
    close_database()  # checkpoints: everything is in the main file, no -wal left
    return anna, boris


def test_open_refuses_a_database_with_4_kb_of_random_bytes_in_the_middle(tmp_path, unbind):
    path = tmp_path / "m.db"
    community(path)
    smash_the_middle(path)
    before = written(path)
    with pytest.raises(UnhealthyDatabaseError) as err:
        open_database(f"sqlite:///{path}")
    assert "damaged" in err.value.message and "messenger db backup" in err.value.message
    assert written(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["m.db"]


def _killed_mid_session(path) -> None:
    """A writer that died without closing: its committed changes wait in the -wal."""
    code = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "conn.execute(\"UPDATE user SET city = 'Казань'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)


def test_a_damaged_file_with_a_wal_left_behind_is_refused_without_a_checkpoint(tmp_path, unbind):
    """Closing the last read-write connection would copy the -wal into the damaged
    file; the checks read it read-only instead, so neither file changes."""
    path = tmp_path / "m.db"
    community(path)
    _killed_mid_session(path)
    wal = path.with_name("m.db-wal")
    assert wal.stat().st_size > 0
    smash_the_middle(path)
    before = (written(path), hashlib.sha256(wal.read_bytes()).hexdigest())
    with pytest.raises(UnhealthyDatabaseError):
        open_database(f"sqlite:///{path}")
    assert (written(path), hashlib.sha256(wal.read_bytes()).hexdigest()) == before


@pytest.mark.parametrize("argv", [[], ["demo"], ["db", "upgrade"], ["admin", "reset-password", "anna"]])
def test_the_app_and_the_commands_refuse_it_untouched(tmp_path, unbind, capsys, monkeypatch, argv):
    path = tmp_path / "m.db"
    community(path)
    smash_the_middle(path)
    before = written(path)
    started = []
    monkeypatch.setattr("tui.app.make_app", lambda *a, **k: started.append(a))
    assert cli.main([*argv, "--db", f"sqlite:///{path}"]) == 1
    assert "messenger db backup" in capsys.readouterr().err
    assert started == []
    assert written(path) == before


def test_a_big_file_is_checked_while_the_app_starts_and_before_the_first_write(
    tmp_path, unbind, monkeypatch
):
    """Too big to wait for before the first paint: the database opens, and the
    log-in (the first write) waits for quick_check's verdict and is refused."""
    path = tmp_path / "m.db"
    community(path)
    smash_table(path, "message")  # a page of data: the schema, read as it opens, is sound
    before = written(path)
    monkeypatch.setattr(integrity, "SYNC_CHECK_BYTES", 0)
    open_database(f"sqlite:///{path}")
    with pytest.raises(UnhealthyDatabaseError) as err:
        accounts.log_in("anna", PASSWORD)
    assert "messenger db backup" in err.value.message
    assert written(path) == before


def _verdict(path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?",
                           (integrity.VERDICT_KEY,)).fetchone()
    finally:
        conn.close()
    return None if row is None else row[0]


def _set_verdict(path, when: datetime) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     (integrity.VERDICT_KEY, when.isoformat(timespec="seconds")))
    conn.close()


def _opened_and_checked(path) -> integrity.QuickCheck | None:
    """``open_database``, then the start-up check's thread run to its end."""
    db = open_database(f"sqlite:///{path}")
    check = db.quick_check
    if check is not None:
        check.thread.join(30)
        assert not check.thread.is_alive()
    return check


def test_a_big_file_found_sound_is_not_read_again_at_the_next_start(tmp_path, unbind,
                                                                    monkeypatch):
    """The verdict is kept in the file: the next start within a day neither
    reads the whole file nor makes the log-in wait; damage done since is still
    met by the first statement that reads it, and stops every write."""
    path = tmp_path / "m.db"
    anna, boris = community(path)
    monkeypatch.setattr(integrity, "SYNC_CHECK_BYTES", 0)
    began = datetime.now(UTC).replace(microsecond=0)
    assert _opened_and_checked(path) is not None
    kept = datetime.fromisoformat(_verdict(path))
    assert began - timedelta(seconds=1) <= kept <= datetime.now(UTC)
    close_database()
    smash_table(path, "message")
    started = checks_started(monkeypatch)
    assert _opened_and_checked(path) is None
    assert started == []
    assert accounts.log_in("anna", PASSWORD).id == anna  # no wait, no check
    with pytest.raises(UnhealthyDatabaseError) as err:
        messages.send_message(anna, boris, "hello?", "after-damage")
    assert "messenger db backup" in err.value.message
    with pytest.raises(UnhealthyDatabaseError):
        accounts.touch_last_seen(anna)


@pytest.mark.parametrize("age", [timedelta(hours=25), timedelta(hours=-2)],
                         ids=["a day old", "in the future"])
def test_a_big_file_is_checked_again_when_its_verdict_is_not_from_the_last_day(
    tmp_path, unbind, monkeypatch, age
):
    path = tmp_path / "m.db"
    community(path)
    _set_verdict(path, datetime.now(UTC) - age)
    smash_table(path, "message")
    before = written(path)
    monkeypatch.setattr(integrity, "SYNC_CHECK_BYTES", 0)
    assert _opened_and_checked(path) is not None
    with pytest.raises(UnhealthyDatabaseError):
        accounts.log_in("anna", PASSWORD)
    assert written(path) == before


def test_a_small_file_is_checked_at_every_start_whatever_its_verdict(tmp_path, unbind):
    path = tmp_path / "m.db"
    community(path)
    _set_verdict(path, datetime.now(UTC))
    smash_the_middle(path)
    before = written(path)
    with pytest.raises(UnhealthyDatabaseError):
        open_database(f"sqlite:///{path}")
    assert written(path) == before


def test_a_small_file_gets_no_verdict_written_as_it_starts(tmp_path, unbind):
    """Checked at every start anyway: no write (and no sync to disk) is added to it."""
    path = tmp_path / "m.db"
    community(path)
    assert _opened_and_checked(path) is not None
    assert _verdict(path) is None


def test_no_verdict_is_written_to_a_big_file_that_is_not_found_ours(tmp_path, unbind,
                                                                  monkeypatch):
    """The check's thread writes its verdict only once ``open_database`` has found
    the file ours; here that check refuses it (as for a file changed under it)."""
    from models import migrations

    path = tmp_path / "m.db"
    community(path)
    before = written(path)
    monkeypatch.setattr(integrity, "SYNC_CHECK_BYTES", 0)
    monkeypatch.setattr(integrity, "OURS_WAIT", 0.5)

    def refused(db):
        raise UnhealthyDatabaseError("not ours")

    monkeypatch.setattr(migrations, "check_is_ours", refused)
    started = checks_started(monkeypatch)
    with pytest.raises(UnhealthyDatabaseError):
        open_database(f"sqlite:///{path}")
    assert len(started) == 1
    started[0].thread.join(10)
    assert not started[0].thread.is_alive()
    assert started[0].wait() is None  # found sound, and still not written to
    assert written(path) == before
    assert _verdict(path) is None


def test_damage_met_later_stops_every_write_at_once(tmp_path, unbind):
    """The message table goes bad while the app runs: sending fails with the
    damage message, and then even a write to the healthy user table is refused
    without touching the file."""
    path = tmp_path / "m.db"
    anna, boris = community(path)
    open_database(f"sqlite:///{path}")  # sound at start-up
    close_database()  # this thread's connection; the next call reconnects
    smash_table(path, "message")
    with pytest.raises(UnhealthyDatabaseError) as err:
        messages.send_message(anna, boris, "hello?", "after-damage")
    assert "malformed" in err.value.message and "messenger db backup" in err.value.message
    before = written(path)
    with pytest.raises(UnhealthyDatabaseError) as err:
        accounts.touch_last_seen(anna)
    assert "messenger db backup" in err.value.message
    assert written(path) == before
    close_database()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("SELECT last_seen_at FROM user WHERE id = ?", (anna,)).fetchone() == (None,)
    conn.close()


def test_a_sound_database_opens_and_takes_writes(tmp_path, unbind):
    path = tmp_path / "m.db"
    anna, _ = community(path)
    open_database(f"sqlite:///{path}")
    accounts.touch_last_seen(anna)
    assert User.get_by_id(anna).last_seen_at is not None
