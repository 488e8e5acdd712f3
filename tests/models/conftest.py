"""Fixtures for tests that open databases themselves (not through ``db``)."""

from __future__ import annotations

import contextlib
import logging

import pytest

from models.db import close_database, database
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
                if isinstance(record.msg, tuple):
                    sent.append(record.msg[0])

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
