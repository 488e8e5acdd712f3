"""The browser tests need Chromium (Debian's ``chromium``) and Playwright for
Python; without them every test here skips with the reason (tests/optional_parts.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.optional_parts import chromium_missing

PASSWORD = "correct horse battery staple"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    """Without Chromium or Playwright every browser test is marked to skip, with
    the one-line reason naming the package (as the SSH tests' ``skipif``)."""
    reason = chromium_missing()
    if reason is None:
        return
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.skip(reason=reason))


def _two_friends(url: str) -> SimpleNamespace:
    from models import accounts, friends, messages
    from models.db import open_database

    open_database(url)
    anna = accounts.register("anna", "Анна", "Иванова", PASSWORD, PASSWORD).user
    michail = accounts.register("michail", "Michail", "Petrov", PASSWORD, PASSWORD).user
    friends.send_request(anna.id, michail.id)
    friends.accept_request(michail.id, anna.id)
    messages.send_message(michail.id, anna.id, "Привет! Are you coming tonight?", "seed-1")
    return SimpleNamespace(url=url, anna=anna, michail=michail)


@pytest.fixture
def web_db(tmp_path):
    """A SQLite file with Анна (anna) and Michail (michail), friends who have talked;
    open in this process too (a second app here plays Michail)."""
    from models.db import close_database

    yield _two_friends(f"sqlite:///{tmp_path / 'web.db'}")
    close_database()


@pytest.fixture
def web_db_any(db_url):
    """The same people on SQLite and on PostgreSQL (when the suite has a server):
    several web hosts share one PostgreSQL."""
    from models.db import close_database, database

    yield _two_friends(db_url)
    close_database()
    database.initialize(None)
