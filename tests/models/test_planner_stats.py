"""Planner statistics after bulk changes: a database made by ``messenger db copy``
or taken through an index-building upgrade step has them at once (SQLite's
``sqlite_stat1``, PostgreSQL's ``last_analyze``), instead of a planner that guesses
until autovacuum comes by (models/planner_stats.py)."""

from __future__ import annotations

import pytest

from models import accounts, migrations, posts
from models.copy import copy_database
from models.db import close_database, database, make_database, open_database
from models.messages import send_message
from models.schema import Meta, User
from tests.conftest import emptied_pg
from tests.models.version_four import v4_message

PASSWORD = "a long enough pass phrase"


def _analysed_tables(url: str) -> set[str]:
    """The tables the planner has statistics for, read on a fresh connection."""
    db = make_database(url)
    try:
        if url.startswith("sqlite"):
            if not db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
                                  ).fetchone():
                return set()
            return {r[0] for r in db.execute_sql("SELECT tbl FROM sqlite_stat1").fetchall()}
        return {r[0] for r in db.execute_sql(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
        ).fetchall()}
    finally:
        db.close()


def _community(url: str) -> None:
    open_database(url)
    anna = accounts.register("anna", "Анна", "Иванова", PASSWORD).user.id
    boris = accounts.register("boris", "Борис", "Петров", PASSWORD).user.id
    posts.create_post(anna, "Привет, мир")
    for n in range(5):
        send_message(anna, boris, f"message {n}", f"c-{n}")
    close_database()
    database.initialize(None)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    yield tmp_path
    close_database()
    database.initialize(None)


def test_a_sqlite_copy_has_planner_statistics(home):
    """The SQLite file `db copy` made has sqlite_stat1 rows for the chat's tables."""
    source, target = f"sqlite:///{home / 'a.db'}", f"sqlite:///{home / 'b.db'}"
    _community(source)
    assert _analysed_tables(source) == set()  # the app itself never ran ANALYZE here
    copy_database(source, target)
    assert {"message", "dialog", "dialog_member", "user", "post"} <= _analysed_tables(target)


@pytest.mark.postgresql
def test_a_postgresql_copy_has_planner_statistics(home, empty_pg_url):
    """Every table of the PostgreSQL database `db copy` filled was analysed."""
    source = f"sqlite:///{home / 'a.db'}"
    _community(source)
    copy_database(source, empty_pg_url)
    db = make_database(empty_pg_url)
    try:
        tables = {r[0] for r in db.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()}
    finally:
        db.close()
    assert "message" in tables
    assert _analysed_tables(empty_pg_url) >= tables


def _visibility_after_a_copy(home, url: str) -> tuple[list, set[str]]:
    """Copy a small community into the empty ``url``; return the pages and
    all-visible pages of three tables and the tables ``VACUUM`` went through."""
    source = f"sqlite:///{home / 'a.db'}"
    if not (home / "a.db").exists():
        _community(source)
    copy_database(source, url)
    db = make_database(url)
    try:
        rows = db.execute_sql(
            "SELECT c.relname, relpages, relallvisible FROM pg_class c "
            "JOIN pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE c.relname IN ('message', 'post', 'user') ORDER BY c.relname").fetchall()
        vacuumed = {r[0] for r in db.execute_sql(
            "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL").fetchall()}
    finally:
        db.close()
    return rows, vacuumed


@pytest.mark.postgresql
def test_a_postgresql_copy_is_vacuumed(home, empty_pg_url):
    """The copy's pages are marked all-visible (``VACUUM``): index-only scans
    read no table page, and autovacuum has no whole copy to go through later.

    PostgreSQL's ``VACUUM`` leaves a page unmarked when, at that instant,
    another process pins it (the checkpointer writing it out) or a snapshot
    in the same database (an autovacuum worker's ``ANALYZE``) is older than
    its rows: in one CI run one of these one-page tables was left so. So the
    copy is made again into the emptied database, at most three times;
    without the copy's ``VACUUM`` no attempt marks a page, and every attempt
    must have vacuumed every table."""
    attempts = []
    for _attempt in range(3):
        rows, vacuumed = _visibility_after_a_copy(home, empty_pg_url)
        assert [r[0] for r in rows] == ["message", "post", "user"]
        assert {"message", "post", "user"} <= vacuumed
        attempts.append(rows)
        if all(pages > 0 and visible == pages for _name, pages, visible in rows):
            return
        emptied_pg(empty_pg_url)
        database.initialize(None)
    pytest.fail(f"pages not all-visible after three copies: {attempts}")


def test_an_upgrade_that_builds_an_index_over_data_analyses(db_url):
    """`db upgrade` of a database holding data through the search index step leaves
    planner statistics for the tables it indexed, on both backends."""
    db = open_database(db_url, upgrade=False)
    try:
        for step in (1, 2, 3, 4):
            migrations.STEPS[step](db)
        Meta.insert(key="schema_version", value="4").execute()
        ids = [User.insert(login=login, login_key=login, password_hash="!", first_name=login,
                           last_name="Old", first_key=login, last_key="old",
                           created_at="2024-01-01 00:00:00").execute()
               for login in ("vera", "pavel")]
        v4_message(db, ids[0], ids[1], "Старые походы на Ладогу")
    finally:
        close_database()
    assert "message" not in _analysed_tables(db_url)
    db = open_database(db_url, upgrade=False)
    try:
        assert migrations.upgrade(db) == (4, migrations.SCHEMA_VERSION)
    finally:
        close_database()
        database.initialize(None)
    assert {"message", "user", "dialog_member"} <= _analysed_tables(db_url)


def test_a_fresh_database_is_not_analysed(db_url):
    """Creating the tables of a new, empty database gathers no statistics: there is
    nothing to measure, and statistics of empty tables would mislead the planner
    once people write."""
    open_database(db_url)
    close_database()
    database.initialize(None)
    assert _analysed_tables(db_url) == set()
