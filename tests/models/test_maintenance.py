"""Operator tools: integrity check, backup, schema status and the account list
(models/maintenance.py, behind `messenger db …` and `messenger admin users`)."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime, timedelta

import pytest
from playhouse.test_utils import count_queries

from models import clock, maintenance, migrations
from models.db import close_database, database, is_sqlite, open_database
from models.errors import NotFoundError, ValidationError
from models.schema import Meta, PlaylistTrack, Post, User
from models.text import search_key


def test_a_fresh_database_is_healthy(db):
    """`messenger db check` on a new database finds nothing to report."""
    assert maintenance.check_database() == []
    status = maintenance.schema_status()
    assert status.version == migrations.SCHEMA_VERSION and status.up_to_date


def test_an_old_schema_version_is_reported_and_upgraded(db):
    """A database that missed an upgrade is reported as such, and upgrading it
    reports the versions before and after."""
    Meta.update(value="0").where(Meta.key == "schema_version").execute()
    problems = maintenance.check_database()
    assert any("older" in p and "messenger db upgrade" in p for p in problems)
    assert not maintenance.schema_status().up_to_date
    assert maintenance.upgrade_schema() == (0, migrations.SCHEMA_VERSION)
    assert maintenance.check_database() == []
    assert maintenance.upgrade_schema() == (migrations.SCHEMA_VERSION,) * 2


def test_a_missing_table_is_named(db):
    """If a table was dropped by hand, the check names it."""
    db.drop_tables([PlaylistTrack])
    problems = maintenance.check_database()
    assert problems == ["Missing tables: playlist_track."]


def _user(login: str, first: str, last: str) -> User:
    """A bare account row (the `make_user` fixture opens its own database)."""
    return User.create(
        login=login, login_key=search_key(login), password_hash="!",
        first_name=first, last_name=last, first_key=search_key(first),
        last_key=search_key(last), created_at=clock.now(),
    )


@pytest.fixture
def sqlite_db(tmp_path, monkeypatch):
    """A SQLite file of its own, for what only SQLite has (pragmas, pages, backup)."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    path = tmp_path / "m.db"
    db = open_database(f"sqlite:///{path}")
    yield path, db
    close_database()
    database.initialize(None)


def test_an_orphaned_row_is_reported(sqlite_db):
    """A post whose author row vanished (written with foreign keys off) is reported
    with its table and the table it points to."""
    _path, db = sqlite_db
    anna = _user("anna", "Анна", "Иванова")
    Post.create(author=anna.id, text="hello", created_at=clock.now())
    db.execute_sql("PRAGMA foreign_keys = OFF")
    db.execute_sql('DELETE FROM "user"')
    db.execute_sql("PRAGMA foreign_keys = ON")
    problems = maintenance.check_database()
    assert len(problems) == 1
    assert "table post" in problems[0] and "missing row of user" in problems[0]


def test_a_damaged_page_is_reported_in_a_few_lines(sqlite_db):
    """A page overwritten with zeros shows up as integrity problems, listed briefly."""
    path, _db = sqlite_db
    Meta.insert_many([{"key": f"k{i:05d}", "value": "v" * 200} for i in range(3000)]).execute()
    close_database()
    data = bytearray(path.read_bytes())
    middle = (len(data) // 4096) // 2
    data[middle * 4096 + 8:(middle + 1) * 4096] = bytes(4096 - 8)
    path.write_bytes(bytes(data))
    open_database(f"sqlite:///{path}", upgrade=False)
    problems = maintenance.check_database()
    assert problems
    assert all(p.startswith("Integrity:") for p in problems)
    assert len(problems) <= maintenance.MAX_REPORTED + 1
    assert all("\n" not in p for p in problems)


def test_backup_is_a_private_consistent_copy(sqlite_db, tmp_path):
    """The backup holds the same people, is readable only by its owner, and is one
    self-contained file (no WAL side files needed)."""
    _path, db = sqlite_db
    _user("anna", "Анна", "Иванова")
    _user("michail", "Michail", "Petrov")
    dest = tmp_path / "backups" / "monday.db"
    dest.parent.mkdir()
    assert maintenance.backup_database(dest) == dest
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    conn = sqlite3.connect(f"file:{dest}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute('SELECT login FROM "user" ORDER BY id').fetchall() == [
            ("anna",), ("michail",)
        ]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_backup_never_overwrites(sqlite_db, tmp_path):
    """An existing file at the backup path is refused and kept as it was."""
    path, _db = sqlite_db
    dest = tmp_path / "precious.txt"
    dest.write_text("keep me")
    with pytest.raises(ValidationError) as err:
        maintenance.backup_database(dest)
    assert err.value.field == "dest" and "already exists" in err.value.message
    assert dest.read_text() == "keep me"


def test_backup_into_a_missing_folder_says_so(sqlite_db, tmp_path):
    """A backup path in a folder that does not exist is a readable refusal."""
    with pytest.raises(ValidationError) as err:
        maintenance.backup_database(tmp_path / "no" / "such" / "folder" / "b.db")
    assert "Cannot create" in err.value.message


def test_backup_of_the_current_backend(db, tmp_path):
    """SQLite databases are copied; PostgreSQL ones point the operator to pg_dump."""
    dest = tmp_path / "copy.db"
    if is_sqlite():
        maintenance.backup_database(dest)
        assert dest.stat().st_size > 0
    else:
        with pytest.raises(ValidationError) as err:
            maintenance.backup_database(dest)
        assert "pg_dump" in err.value.message
        assert not dest.exists()


def test_list_users_shows_accounts_in_order_with_dates(db, make_user, frozen_clock):
    """The operator's list shows every account by id, with when it was created
    and when it was last seen (None for never)."""
    anna = make_user("anna", "Анна", "Иванова")
    clock.freeze(frozen_clock + timedelta(days=1))
    michail = make_user("michail", "Michail", "Petrov", last_seen_at=datetime(2026, 3, 15, 9, 30))
    rows = maintenance.list_users()
    assert [(r.user.id, r.user.login, r.user.full_name) for r in rows] == [
        (anna.id, "anna", "Анна Иванова"),
        (michail.id, "michail", "Michail Petrov"),
    ]
    assert rows[0].created_at == frozen_clock and rows[0].last_seen_at is None
    assert rows[1].last_seen_at == datetime(2026, 3, 15, 9, 30)


def test_list_users_pages_by_id_in_one_query_each(db, make_user):
    """The list is read in pages after a given id, one query per page."""
    for i in range(7):
        make_user(f"user{i}", "Name", f"Number{i}")
    with count_queries() as counter:
        first = maintenance.list_users(limit=3)
    assert counter.count == 1
    second = maintenance.list_users(after_id=first[-1].user.id, limit=3)
    third = maintenance.list_users(after_id=second[-1].user.id, limit=3)
    logins = [r.user.login for r in (*first, *second, *third)]
    assert logins == [f"user{i}" for i in range(7)]
    assert maintenance.count_users() == 7


def test_user_by_login_ignores_case_and_names_a_missing_login(db, make_user):
    """Operator commands find `Anna` as `anna`; an unknown login is a clear refusal."""
    anna = make_user("anna", "Анна", "Иванова")
    assert maintenance.user_by_login("ANNA").id == anna.id
    with pytest.raises(NotFoundError) as err:
        maintenance.user_by_login("nobody")
    assert err.value.field == "login" and "nobody" in err.value.message
