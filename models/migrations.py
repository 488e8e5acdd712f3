"""Schema versions. An older database is upgraded inside one transaction;
a newer one is refused with a clear message."""

from __future__ import annotations

from collections.abc import Callable

import peewee

from .errors import SchemaTooNewError, UnhealthyDatabaseError, msg

SCHEMA_VERSION = 4


def _v1(db: peewee.Database) -> None:
    """The first release's tables.

    From version 2 on, each step is written with ``playhouse.migrate`` or plain
    SQL against the previous schema, never by re-reading the current models.
    """
    from .schema import V1_TABLES

    db.create_tables(V1_TABLES, safe=True)


def _v4(db: peewee.Database) -> None:
    """``draft``: what each person typed for a dialog and has not sent yet."""
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    key = "SERIAL NOT NULL PRIMARY KEY" if postgres else "INTEGER NOT NULL PRIMARY KEY"
    timestamp = "TIMESTAMP" if postgres else "DATETIME"
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "draft" ("id" {key}, '
        '"user_id" INTEGER NOT NULL, "peer_id" INTEGER NOT NULL, "text" TEXT NOT NULL, '
        f'"reply_to_id" INTEGER, "updated_at" {timestamp} NOT NULL, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("peer_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("reply_to_id") REFERENCES "message" ("id") ON DELETE SET NULL)'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "draft_peer_id" ON "draft" ("peer_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "draft_reply_to_id" ON "draft" ("reply_to_id")')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "draft_user_id_peer_id" '
                   'ON "draft" ("user_id", "peer_id")')


# Versions 2 and 3 come from other branches (the numbers are assigned at merge).
STEPS: dict[int, Callable[[peewee.Database], None]] = {1: _v1, 4: _v4}


def _tables(db: peewee.Database) -> set[str]:
    return set(db.get_tables())


def check_is_ours(db: peewee.Database) -> None:
    """Refuse a database that holds tables but none of ours: never write into it."""
    tables = _tables(db)
    if tables and "meta" not in tables:
        raise UnhealthyDatabaseError(
            "This database holds other tables and is not a Messenger database; "
            "it was left untouched."
        )


def current_version(db: peewee.Database) -> int:
    if "meta" not in _tables(db):
        return 0
    row = db.execute_sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def check_version(db: peewee.Database) -> int:
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            msg(
                "This database has schema version {version}, newer than this Messenger "
                "understands ({latest}). Upgrade Messenger to open it.",
                version=version, latest=SCHEMA_VERSION,
            )
        )
    return version


def upgrade(db: peewee.Database) -> tuple[int, int]:
    """Bring the schema to ``SCHEMA_VERSION``; returns (before, after)."""
    if check_version(db) == SCHEMA_VERSION:
        return SCHEMA_VERSION, SCHEMA_VERSION
    with db.atomic():
        if isinstance(db, peewee.PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(727274)")  # one upgrader at a time
        before = check_version(db)  # again, inside the lock: another process may have done it
        for version in sorted(v for v in STEPS if before < v <= SCHEMA_VERSION):
            STEPS[version](db)
            _set_version(db, version)
    return before, SCHEMA_VERSION


def _set_version(db: peewee.Database, version: int) -> None:
    from .schema import Meta

    Meta.insert(key="schema_version", value=str(version)).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: str(version)}
    ).execute()
