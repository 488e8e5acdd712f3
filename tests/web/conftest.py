"""The browser tests need Chromium (Debian's ``chromium``) and Playwright for
Python; without them every test here skips with the reason (tests/optional_parts.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.optional_parts import chromium_missing

PASSWORD = "correct horse battery staple"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(autouse=True)
def _chromium_present():
    if reason := chromium_missing():
        pytest.skip(reason)


@pytest.fixture
def web_db(tmp_path):
    """A SQLite file with Анна (anna) and Michail (michail), friends who have talked;
    open in this process too (a second app here plays Michail)."""
    from models import accounts, friends, messages
    from models.db import close_database, open_database

    url = f"sqlite:///{tmp_path / 'web.db'}"
    open_database(url)
    anna = accounts.register("anna", "Анна", "Иванова", PASSWORD, PASSWORD).user
    michail = accounts.register("michail", "Michail", "Petrov", PASSWORD, PASSWORD).user
    friends.send_request(anna.id, michail.id)
    friends.accept_request(michail.id, anna.id)
    messages.send_message(michail.id, anna.id, "Привет! Are you coming tonight?", "seed-1")
    yield SimpleNamespace(url=url, anna=anna, michail=michail)
    close_database()
