"""Upgrading to schema version 5 (group conversations) loses nothing.

The version-4 database (``v4_database``, tests/models/conftest.py) is written
by the version-4 release's own code (demo data and a few hundred more
messages), its source taken from git. On SQLite it is upgraded in
place; for PostgreSQL the version-4 release itself copies it there with ``messenger db
copy``, and this build upgrades that. Every row of every version-4 table keeps
its id and values, the dialog list shows the same dialogs, groups work on the
upgraded data, and a version-4 build refuses the upgraded database clearly.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models import conversations, dialogs, groups, messages, migrations
from models.copy import table_digests
from models.db import close_database, database, open_database
from models.errors import SchemaTooNewError
from tests.models.conftest import version_4_source


def v4_rows(path: Path, tables: list[str] | None = None) -> dict[str, list[tuple]]:
    """Every row of the version-4 tables, in their version-4 columns, by id."""
    with sqlite3.connect(path) as con:
        if tables is None:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        found = {}
        for table in tables:
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            order = "key" if table == "meta" else "id" if "id" in columns else "login_key"
            found[table] = (columns, con.execute(
                f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" '
                f'ORDER BY "{order}"').fetchall())
    return found


def lists_before(path: Path) -> dict[int, list[tuple[int, int, int]]]:
    """Per person, the version-4 dialog list: (dialog id, peer id, unread), newest first."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        users = [r[0] for r in con.execute("SELECT id FROM user ORDER BY id")]
        return {user: con.execute(
            "SELECT m.dialog_id, m.peer_id, (SELECT COUNT(*) FROM message x WHERE "
            "x.dialog_id = m.dialog_id AND x.seq > m.last_read_seq AND x.sender_id != ? "
            "AND x.deleted = 0) FROM dialog_member m WHERE m.user_id = ? "
            "ORDER BY m.last_message_id DESC", (user, user)).fetchall() for user in users}


def lists_now(users) -> dict[int, list[tuple[int, int, int]]]:
    return {user: [(s.dialog_id, s.peer.id, s.unread_count)
                   for s in dialogs.dialog_list(user, limit=500).items] for user in users}


def groups_work(users: list[int]) -> None:
    """On the upgraded data: a group is made, written to and listed."""
    gid = groups.create_group(users[0], "После обновления", users[1:4])
    sent = messages.send_to_dialog(users[1], gid, f"@{dialogs.load_users(users[0], users[0])[users[0]].login} привет",
                                   messages.new_client_id())
    assert conversations.history_of(users[0], gid)[0].id == sent.id
    assert conversations.mention_count(users[0], gid) == 1
    assert dialogs.dialog_list(users[2]).items[0].title == "После обновления"


def test_a_version_4_database_upgrades_on_sqlite_keeping_every_row(tmp_path, unbind,
                                                                   v4_database):
    path = tmp_path / "v4.sqlite3"
    shutil.copy(v4_database, path)
    before = v4_rows(path)
    assert sum(len(rows) for _, rows in before.values()) > 500
    expected_lists = lists_before(path)
    db = open_database(f"sqlite:///{path}")
    assert migrations.current_version(db) == migrations.SCHEMA_VERSION
    assert db.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    after = v4_rows(path, list(before))
    for table, (columns, rows) in before.items():
        now_columns, now_rows = after[table]
        assert now_columns[: len(columns)] == columns, table
        if table == "meta":
            rows = [r for r in rows if r[0] != "schema_version"]
            now_rows = [r for r in now_rows if r[0] != "schema_version"]
        assert [r[: len(columns)] for r in now_rows] == rows, table
    assert lists_now(expected_lists) == expected_lists
    groups_work(sorted(expected_lists))


def _run_v4(source: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(source), "MESSENGER_HOME": str(home)}
    env.pop("MESSENGER_DB", None)
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=source, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.postgresql
def test_a_version_4_database_copied_to_postgresql_upgrades_there(tmp_path, empty_pg_url,
                                                                  v4_database):
    """The version-4 build copies the fixture to PostgreSQL; this build upgrades
    it to the very rows the SQLite upgrade gives; then the version-4 build
    refuses it with a clear message instead of a traceback."""
    old = version_4_source(tmp_path / "v4")
    home = tmp_path / "home"
    source = tmp_path / "source.sqlite3"  # opening a database may write to it: never the fixture
    shutil.copy(v4_database, source)
    copied = _run_v4(old, home, "db", "copy", "--from", f"sqlite:///{source}",
                     "--to", empty_pg_url)
    assert copied.returncode == 0, copied.stdout + copied.stderr
    expected_lists = lists_before(v4_database)

    pg = open_database(empty_pg_url)
    assert migrations.current_version(pg) == migrations.SCHEMA_VERSION
    assert lists_now(expected_lists) == expected_lists
    pg_digests = table_digests(pg)
    close_database()
    path = tmp_path / "v4.sqlite3"
    shutil.copy(v4_database, path)
    sqlite_digests = table_digests(open_database(f"sqlite:///{path}"))
    close_database()
    assert pg_digests == sqlite_digests  # every row, id and value, on both backends
    open_database(empty_pg_url)
    groups_work(sorted(expected_lists))
    close_database()
    database.initialize(None)

    refused = _run_v4(old, home, "db", "check", "--db", empty_pg_url)
    assert refused.returncode != 0
    newer = f"schema version {migrations.SCHEMA_VERSION}, newer than this Messenger understands (4)"
    assert newer in refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_newer_database_is_refused_by_an_older_build(tmp_path, unbind, monkeypatch,
                                                          v4_database):
    """The check a version-4 build makes, made by this build one version back."""
    path = tmp_path / "v5.sqlite3"
    shutil.copy(v4_database, path)
    open_database(f"sqlite:///{path}")
    close_database()
    newest = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 4)
    with pytest.raises(SchemaTooNewError) as err:
        open_database(f"sqlite:///{path}")
    assert f"schema version {newest}" in str(err.value.message)
