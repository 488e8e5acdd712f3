"""Fixtures for tests that open databases themselves (not through ``db``)."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from models.db import close_database, database
from models.prepared import statement_text
from tests.sql_log import peewee_log


@pytest.fixture
def unbind(tmp_path, monkeypatch):
    """A data folder of the test's own and no database URL from outside; whatever
    the test opened is closed and unbound afterwards."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MESSENGER_DB", raising=False)
    for name in ("MESSENGER_DB_INSECURE", "PGSSLMODE", "PGHOST", "PGHOSTADDR"):
        monkeypatch.delenv(name, raising=False)
    yield
    close_database()
    database.initialize(None)


@pytest.fixture
def sql_sent():
    """``with sql_sent() as sent:`` collects the text of every statement peewee
    sends meanwhile (on PostgreSQL each is a round trip to the server)."""

    @contextlib.contextmanager
    def capture():
        sent: list[str] = []

        class Handler(logging.Handler):
            def emit(self, record):
                if isinstance(record.msg, tuple):  # (a prepared one: the SQL it runs)
                    sent.append(statement_text(record.msg[0]))

        with peewee_log(Handler(logging.DEBUG)):
            yield sent

    return capture


@pytest.fixture
def crew(make_user, frozen_clock):
    """Анна, Михаил, Ольга, Дмитрий and an outsider, Ева: their ids."""
    made = [make_user(login, first, "Test") for login, first in (
        ("anna", "Анна"), ("michail", "Михаил"), ("olga", "Ольга"), ("dmitry", "Дмитрий"),
        ("eva", "Ева"))]
    return [u.id for u in made]


ROOT = Path(__file__).resolve().parents[2]
V4_COMMIT = "f0badf91faeb1f4199983fdea682b30f89dddb2a"  # the last release with schema version 4


GIT_MISSING = "git not installed (apt-get install git): the version-4 release is read from it"


def pytest_collection_modifyitems(config, items):
    """Without git, the tests that need the version-4 release (the database it
    writes, and its source) are marked to skip, naming the package."""
    if shutil.which("git") is not None:
        return
    for item in items:
        if "v4_database" in getattr(item, "fixturenames", ()):  # the source too: it uses both
            item.add_marker(pytest.mark.skip(reason=GIT_MISSING))


def version_4_source(into: Path) -> Path:
    """The version-4 release's source, from git (read only: nothing is checked out)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", V4_COMMIT, "models", "cli", "data", "music"],
        capture_output=True,
    )
    if archive.returncode != 0:
        pytest.fail(f"the version-4 release ({V4_COMMIT[:7]}) is not in this clone's history "
                    f"(a shallow clone?): {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(into, filter="data")
        else:  # 3.11.0-3.11.3 (Debian 12's 3.11.2): our own git's archive of our own files
            tar.extractall(into)
    return into


@pytest.fixture(scope="session")
def v4_database(tmp_path_factory) -> Path:
    """A schema-version-4 database as the version-4 release writes it (demo data
    and 300 more messages: ``tests/fixtures/make_v4_fixture.py``), made once per
    test process by that release's own code. Tests open copies of it."""
    where = tmp_path_factory.mktemp("v4")
    source = version_4_source(where / "source")
    target = where / "messenger-v4.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(source)}
    env.pop("MESSENGER_DB", None)
    made = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fixtures" / "make_v4_fixture.py"), str(target)],
        cwd=source, env=env, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    return target
