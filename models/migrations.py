"""Schema versions. An older database is upgraded inside one transaction;
a newer one is refused with a clear message."""

from __future__ import annotations

from collections.abc import Callable

import peewee

from .errors import SchemaTooNewError, UnhealthyDatabaseError, msg

SCHEMA_VERSION = 3

# Tables a later step creates: version 1 is the first release's tables only.
LATER_TABLES = frozenset({"setting"})


def _v1(db: peewee.Database) -> None:
    """The first release's tables.

    From version 2 on, each step is written with ``playhouse.migrate`` against
    the previous schema, never by re-reading the current models.
    """
    from .schema import ALL_TABLES

    db.create_tables(
        [model for model in ALL_TABLES if model._meta.table_name not in LATER_TABLES],
        safe=True,
    )


def _v2(db: peewee.Database) -> None:
    """Version 2 belongs to another branch of this release (the merge puts it here)."""


def _v3(db: peewee.Database) -> None:
    """Per-user settings: the ``setting`` table, (user, key) unique.

    The table is declared here as it is at version 3, not taken from
    ``schema.Setting``, so a later change of that model cannot change this step.
    """

    class Setting(peewee.Model):
        user = peewee.ForeignKeyField(_user_table(db), on_delete="CASCADE", index=False)
        key = peewee.CharField(max_length=32)
        value = peewee.TextField()

        class Meta:
            database = db
            table_name = "setting"
            indexes = ((("user", "key"), True),)

    db.create_tables([Setting], safe=True)


def _user_table(db: peewee.Database) -> type[peewee.Model]:
    """The ``user`` table as a foreign key target (its id is all a step needs)."""

    class User(peewee.Model):
        class Meta:
            database = db
            table_name = "user"

    return User


STEPS: dict[int, Callable[[peewee.Database], None]] = {1: _v1, 2: _v2, 3: _v3}


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
        for version in range(before + 1, SCHEMA_VERSION + 1):
            STEPS[version](db)
            _set_version(db, version)
    return before, SCHEMA_VERSION


def _set_version(db: peewee.Database, version: int) -> None:
    from .schema import Meta

    Meta.insert(key="schema_version", value=str(version)).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: str(version)}
    ).execute()
