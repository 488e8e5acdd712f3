"""What counts as our database (models/migrations.py ``foreign_reason``), on SQLite
and PostgreSQL: another program's database is refused by every way in (opening,
``db check``, ``demo``, ``db upgrade``, the app) and stays byte-for-byte as it was,
even when it has a `meta(key, value)` table like Chromium's History; a Messenger
database made before the marks existed still opens and gets them.
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

import cli
from models import migrations
from models.db import close_database, open_database
from models.errors import UnhealthyDatabaseError
from models.schema import Meta


def chromium_history(path) -> None:
    """The shape of Chromium's History file: `meta(key, value)` plus its own tables."""
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
        INSERT INTO meta VALUES ('mmap_status', '-1'), ('version', '46'),
                                ('last_compatible_version', '16');
        CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR,
                          title LONGVARCHAR, visit_count INTEGER DEFAULT 0 NOT NULL);
        INSERT INTO urls (url, title) VALUES ('https://example.org/', 'Example');
    """)
    conn.commit()
    conn.close()


def meta_with_our_version(path) -> None:
    """Someone else's `meta` that even has a `schema_version` key — but none of our tables."""
    chromium_history(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.commit()
    conn.close()


def ours_with_another_application_id(path) -> None:
    """Our tables, but the header says another program wrote the file."""
    open_database(f"sqlite:///{path}")
    close_database()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


FOREIGN = [chromium_history, meta_with_our_version, ours_with_another_application_id]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("make", FOREIGN)
def test_open_database_refuses_a_foreign_sqlite_file_untouched(tmp_path, unbind, make):
    path = tmp_path / "History"
    make(path)
    before = sha256(path)
    with pytest.raises(UnhealthyDatabaseError) as err:
        open_database(f"sqlite:///{path}")
    assert "not a Messenger database" in err.value.message
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["History"]


@pytest.mark.parametrize("argv", [["db", "check"], ["demo"], ["db", "upgrade"], ["admin", "users"], []])
def test_every_command_and_the_app_refuse_chromiums_history(tmp_path, unbind, capsys, monkeypatch,
                                                             argv):
    path = tmp_path / "History"
    chromium_history(path)
    before = sha256(path)
    started = []
    monkeypatch.setattr("tui.app.make_app", lambda *a, **k: started.append(a))
    code = cli.main([*argv, "--db", f"sqlite:///{path}"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "not a Messenger database" in err
    assert "healthy" not in out
    assert started == []
    assert sha256(path) == before


def test_a_new_database_is_marked_as_ours(tmp_path, unbind):
    path = tmp_path / "m.db"
    db = open_database(f"sqlite:///{path}")
    assert db.execute_sql("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    assert Meta.get_by_id("app").value == "messenger"
    close_database()
    with open(path, "rb") as fh:  # the header field others (e.g. `file`) read
        assert fh.read(72)[68:72] == b"MSNG"


def test_a_messenger_database_from_before_the_marks_opens_and_gets_them(tmp_path, unbind):
    """A version-1 database written before application_id and the `app` row existed."""
    path = tmp_path / "old.db"
    open_database(f"sqlite:///{path}").execute_sql("PRAGMA application_id = 0")
    Meta.delete().where(Meta.key == "app").execute()
    close_database()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    conn.close()
    db = open_database(f"sqlite:///{path}")
    assert db.execute_sql("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    assert Meta.get_by_id("app").value == "messenger"


@pytest.mark.postgresql
def test_postgresql_foreign_meta_is_refused_and_unchanged(empty_pg_url, unbind):
    import psycopg2

    conn = psycopg2.connect(empty_pg_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS meta, urls CASCADE")
        cur.execute("CREATE TABLE meta (key text PRIMARY KEY, value text)")
        cur.execute("INSERT INTO meta VALUES ('version', '46'), ('schema_version', '1')")
        cur.execute("CREATE TABLE urls (id serial PRIMARY KEY, url text)")

    def tables():
        with conn.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "ORDER BY 1")
            names = [r[0] for r in cur.fetchall()]
            cur.execute("SELECT key, value FROM meta ORDER BY key")
            return names, cur.fetchall()

    before = tables()
    try:
        with pytest.raises(UnhealthyDatabaseError):
            open_database(empty_pg_url)
        assert tables() == before
    finally:
        with conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS meta, urls CASCADE")
        conn.close()


@pytest.mark.postgresql
def test_postgresql_messenger_database_without_the_marker_opens_and_gets_it(empty_pg_url, unbind):
    open_database(empty_pg_url)
    Meta.delete().where(Meta.key == "app").execute()
    close_database()
    open_database(empty_pg_url)
    assert Meta.get_by_id("app").value == "messenger"
