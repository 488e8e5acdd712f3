"""The database core: how a database is found, opened, vetted, upgraded, and how
domain calls meet driver errors and locks (models/db.py, models/migrations.py)."""

from __future__ import annotations

import sqlite3
import stat
import threading
import types

import peewee
import pytest

import models.db as dbmod
from models import migrations
from models.db import close_database, database, open_database, resolve_url, writes
from models.errors import (
    ConflictError,
    DatabaseError,
    DomainError,
    SchemaTooNewError,
    UnhealthyDatabaseError,
)
from models.schema import ALL_TABLES, Meta


@pytest.fixture
def unbind():
    """Close and unbind whatever a test opened."""
    yield
    close_database()
    database.initialize(None)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _pragmas(db) -> dict[str, object]:
    return {
        name: db.execute_sql(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
    }


EXPECTED_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2,
                    "busy_timeout": 10_000}


# ---------------------------------------------------------------- opening

def test_every_connection_is_safe_for_crashes_and_sharing(tmp_path, unbind):
    """A sent message survives a crash and several people can share the file:
    WAL, foreign keys, synchronous=FULL and a busy timeout on every connection,
    including the ones worker threads open."""
    db = open_database(f"sqlite:///{tmp_path / 'm.db'}")
    assert _pragmas(db) == EXPECTED_PRAGMAS

    seen = {}

    def in_worker():
        seen.update(_pragmas(db))
        db.close()

    worker = threading.Thread(target=in_worker)
    worker.start()
    worker.join()
    assert seen == EXPECTED_PRAGMAS


def test_first_run_creates_a_private_database_in_a_private_folder(tmp_path, monkeypatch, unbind):
    """On first start the default database appears under MESSENGER_HOME, the folder
    readable only by its owner (0700) and the file too (0600)."""
    home = tmp_path / "home" / "messenger"
    monkeypatch.setenv("MESSENGER_HOME", str(home))
    monkeypatch.delenv("MESSENGER_DB", raising=False)
    open_database(None)
    Meta.get(Meta.key == "schema_version")  # it really is a database
    path = home / "messenger.db"
    assert path.is_file()
    assert _mode(path) == 0o600
    assert _mode(home) == 0o700
    wal = home / "messenger.db-wal"
    if wal.exists():
        assert _mode(wal) & 0o077 == 0


def test_a_text_file_is_reported_and_left_byte_for_byte(tmp_path, unbind):
    """Pointing --db at someone's notes says it is not a database and changes nothing."""
    path = tmp_path / "notes.db"
    path.write_bytes(b"shopping list\nmilk\n")
    with pytest.raises(UnhealthyDatabaseError) as err:
        open_database(f"sqlite:///{path}")
    assert "not a SQLite database" in err.value.message
    assert path.read_bytes() == b"shopping list\nmilk\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path, unbind):
    """A SQLite file of another program (its own tables, no `meta`) is refused and
    stays byte-for-byte as it was: no WAL switch, no tables of ours added."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (9.5)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(UnhealthyDatabaseError) as err:
        open_database(f"sqlite:///{path}")
    assert "not a Messenger database" in err.value.message
    assert path.read_bytes() == before


def test_a_damaged_database_is_reported_not_repaired(tmp_path, unbind):
    """A Messenger file whose first page was overwritten is reported as damaged and
    left as it is, for the operator to restore from a backup."""
    path = tmp_path / "m.db"
    open_database(f"sqlite:///{path}")
    close_database()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # keep the header, smash the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(UnhealthyDatabaseError):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == bytes(data)


def test_a_database_from_a_newer_release_is_refused_with_versions(tmp_path, unbind):
    """A database written by a newer Messenger stops the program with a sentence
    naming both versions, and its version stays what it was."""
    path = tmp_path / "m.db"
    open_database(f"sqlite:///{path}")
    Meta.update(value="999").where(Meta.key == "schema_version").execute()
    close_database()
    with pytest.raises(SchemaTooNewError) as err:
        open_database(f"sqlite:///{path}")
    assert "999" in err.value.message
    assert str(migrations.SCHEMA_VERSION) in err.value.message
    assert "newer" in err.value.message
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta").fetchone() == ("999",)
    conn.close()


def _version_zero_database(path) -> None:
    """A database of ours from before the first versioned release: `meta`, no tables."""
    conn = sqlite3.connect(path)
    conn.execute('CREATE TABLE "meta" ("key" VARCHAR(64) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)')
    conn.commit()
    conn.close()


def test_an_older_database_is_upgraded_on_open(tmp_path, unbind):
    """Opening an older database brings every table and the version up to date."""
    path = tmp_path / "old.db"
    _version_zero_database(path)
    db = open_database(f"sqlite:///{path}")
    assert migrations.current_version(db) == migrations.SCHEMA_VERSION
    assert {m._meta.table_name for m in ALL_TABLES} <= set(db.get_tables())


def test_an_upgrade_that_fails_half_way_leaves_the_old_database(tmp_path, monkeypatch, unbind):
    """The upgrade is one transaction: when a step fails after creating tables,
    the database is exactly the old one (no new tables, version still 0)."""
    path = tmp_path / "old.db"
    _version_zero_database(path)

    def create_tables_then_fail(db):
        migrations._v1(db)
        raise peewee.OperationalError("disk I/O error")

    monkeypatch.setitem(migrations.STEPS, 1, create_tables_then_fail)
    with pytest.raises(DatabaseError) as err:
        open_database(f"sqlite:///{path}")
    assert not isinstance(err.value, UnhealthyDatabaseError)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    rows = conn.execute("SELECT * FROM meta").fetchall()
    conn.close()
    assert tables == {"meta"}
    assert rows == []


# ---------------------------------------------------------------- locations

def test_explicit_url_beats_environment_beats_default(tmp_path, monkeypatch):
    """--db wins over MESSENGER_DB, which wins over the file in the data folder."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MESSENGER_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'home' / 'messenger.db'}"
    monkeypatch.setenv("MESSENGER_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url(f"sqlite:///{tmp_path / 'flag.db'}") == f"sqlite:///{tmp_path / 'flag.db'}"


def test_environment_url_is_the_one_opened(tmp_path, monkeypatch, unbind):
    """MESSENGER_DB alone decides which file the program opens."""
    monkeypatch.setenv("MESSENGER_DB", f"sqlite:///{tmp_path / 'env.db'}")
    open_database(None)
    assert (tmp_path / "env.db").is_file()


@pytest.mark.parametrize("url", ["mysql://root@localhost/chat", "ftp://host/file.db"])
def test_unsupported_url_names_the_supported_ones(url, unbind):
    """A mistyped URL gets a message showing the two forms that work."""
    with pytest.raises(DatabaseError) as err:
        open_database(url)
    assert "sqlite:///" in err.value.message and "postgresql://" in err.value.message


def test_sqlite_url_without_a_file_is_refused(unbind):
    """An in-memory SQLite database would lose everything on exit: refused."""
    with pytest.raises(DatabaseError) as err:
        open_database("sqlite:///:memory:")
    assert "file name" in err.value.message


# ---------------------------------------------------------------- calls

@writes
def _put(key: str, value: str) -> None:
    Meta.insert(key=key, value=value).execute()


@dbmod.reads
def _read_missing_table() -> list:
    return database.obj.execute_sql("SELECT * FROM no_such_table").fetchall()


def test_a_uniqueness_clash_becomes_a_conflict_error(db):
    """Inserting a duplicate key surfaces as ConflictError, never a peewee error,
    and the failed transaction leaves nothing behind."""
    _put("greeting", "hello")
    with pytest.raises(ConflictError):
        _put("greeting", "again")
    assert Meta.get(Meta.key == "greeting").value == "hello"


def test_a_failing_read_becomes_a_database_error(db):
    """A read that the driver rejects surfaces as a DomainError with a sentence."""
    with pytest.raises(DatabaseError) as err:
        _read_missing_table()
    assert not isinstance(err.value, peewee.PeeweeException)
    assert err.value.message


def test_a_write_without_an_open_database_is_a_domain_error(unbind):
    """Calling a domain write before a database is opened says so plainly."""
    database.initialize(None)
    with pytest.raises(DomainError) as err:
        _put("k", "v")
    assert "No database" in err.value.message


@pytest.fixture
def sqlite_file(tmp_path, unbind):
    path = tmp_path / "m.db"
    db = open_database(f"sqlite:///{path}")
    return path, db


def _hold_write_lock(path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta (key, value) VALUES ('other', 'process')")
    return other


def test_a_lock_that_outlasts_the_retries_becomes_a_busy_message(sqlite_file, monkeypatch):
    """When another process keeps the database locked for too long, the person sees
    "The database is busy", not a driver error; once the lock is gone, writing works."""
    path, db = sqlite_file
    monkeypatch.setattr(dbmod, "LOCK_RETRY_SECONDS", 0)
    db.execute_sql("PRAGMA busy_timeout = 0")
    other = _hold_write_lock(path)
    try:
        with pytest.raises(DatabaseError) as err:
            _put("mine", "x")
        assert "busy" in err.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    _put("mine", "x")
    assert Meta.get(Meta.key == "mine").value == "x"


def test_a_writer_waits_for_another_writer_and_then_succeeds(sqlite_file, monkeypatch):
    """While another connection holds the write lock, a write retries; when the lock
    is released it goes through, and both writes are in the database."""
    path, db = sqlite_file
    db.execute_sql("PRAGMA busy_timeout = 0")  # make each attempt fail at once
    other = _hold_write_lock(path)
    waits = []

    def fake_sleep(seconds):
        waits.append(seconds)
        if len(waits) == 2:  # the other process finishes while we wait
            other.execute("COMMIT")

    monkeypatch.setattr(dbmod, "time", types.SimpleNamespace(
        monotonic=dbmod.time.monotonic, sleep=fake_sleep))
    try:
        _put("mine", "after waiting")
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    assert len(waits) == 2
    assert Meta.get(Meta.key == "mine").value == "after waiting"
    assert Meta.get(Meta.key == "other").value == "process"
