"""Fixtures for tests that open databases themselves (not through ``db``)."""

from __future__ import annotations

import pytest

from models.db import close_database, database


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
