"""Schema version 15: PostgreSQL's ``messenger_send`` (models/migration_send.py)."""

from __future__ import annotations

import pytest

from models import messages, migrations
from models.db import is_sqlite


def _has_send_function(db) -> bool:
    return bool(db.execute_sql(
        "SELECT count(*) FROM pg_proc WHERE proname = 'messenger_send'").fetchone()[0])


def test_a_version_14_database_is_upgraded_and_sends_afterwards(db, make_user, frozen_clock):
    """A database at version 14 that holds messages gets the function (PostgreSQL;
    SQLite: the version only) and sends on, numbering after what was there."""
    anna, boris = make_user("anna").id, make_user("boris").id
    before = messages.send_message(anna, boris, "до обновления", "c-1")
    if not is_sqlite():
        db.execute_sql("DROP FUNCTION messenger_send")
    db.execute_sql("UPDATE meta SET value = '14' WHERE key = 'schema_version'")
    assert migrations.upgrade(db) == (14, migrations.SCHEMA_VERSION)
    if not is_sqlite():
        assert _has_send_function(db)
    after = messages.send_message(anna, boris, "после", "c-2")
    assert (before.seq, after.seq) == (1, 2)
    latest = migrations.SCHEMA_VERSION
    assert migrations.upgrade(db) == (latest, latest)  # nothing more to do


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_a_fresh_postgresql_database_has_the_function(db):
    assert _has_send_function(db)
