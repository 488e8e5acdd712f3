"""Schema step: search keys that ignore accents (``muller`` finds ``Müller``).

Version 1 stored ``text.identity_key`` (case folded, accents kept) as the search
key of names and tracks. This step adds the columns for the other spelling
(``mueller``) and a community's search text, and recomputes every stored
search key with today's ``text.search_key``. Login keys and the unique name keys
of communities and playlists stay identity keys, unchanged: a login that logs
in today still logs in after the upgrade.

Written against the version-1 tables with ``playhouse.migrate`` and plain
table references (never the current models), so later schema changes do not
change what this step does. A database created fresh already has the columns
(``_v1`` creates today's tables); then only the (empty) recomputation runs.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SchemaMigrator, migrate

from . import search_keys

BATCH = 1000


def _added_columns(db: peewee.Database, migrator: SchemaMigrator) -> list:
    wanted = {
        "user": [
            ("first_alt_key", peewee.CharField(max_length=100, null=True)),
            ("last_alt_key", peewee.CharField(max_length=100, null=True)),
        ],
        "track": [("alt_key", peewee.TextField(null=True))],
        "community": [
            ("name_search", peewee.TextField(constraints=[peewee.SQL("DEFAULT ''")]))
        ],
    }
    operations = []
    for table, columns in wanted.items():
        present = {column.name for column in db.get_columns(table)}
        for name, field in columns:
            if name not in present:
                operations.append(migrator.add_column(table, name, field, allow_not_null=True))
    indexes = {index.name for index in db.get_indexes("user")}
    for column in ("first_alt_key", "last_alt_key"):
        if f"user_{column}" not in indexes:
            operations.append(migrator.add_index("user", (column,), False))
    return operations


def _rows(table: peewee.Table, *columns: str):
    """Every row of ``table`` as tuples (id first), read in keyset batches."""
    last = 0
    while True:
        batch = list(
            table.select(table.id, *(getattr(table, c) for c in columns))
            .where(table.id > last)
            .order_by(table.id)
            .limit(BATCH)
            .tuples()
        )
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1][0]


def _community_keys(name: str) -> dict[str, str]:
    return {"name_search": search_keys.community_search(name)}


# table -> (the columns keys are made of, the function making them, the key columns)
_KEYED_TABLES = (
    ("user", ("first_name", "last_name"), search_keys.person_keys,
     ("first_key", "first_alt_key", "last_key", "last_alt_key")),
    ("track", ("title", "artist"), search_keys.track_keys,
     ("title_key", "artist_key", "alt_key")),
    ("community", ("name",), _community_keys, ("name_search",)),
)


def _recompute(db: peewee.Database) -> None:
    """Write today's keys into every row whose stored keys differ (most names,
    ASCII or Cyrillic, keep theirs, so a large database upgrades quickly)."""
    for table_name, sources, keys_of, key_columns in _KEYED_TABLES:
        table = peewee.Table(table_name, ("id", *sources, *key_columns)).bind(db)
        for row_id, *values in list(_rows(table, *sources, *key_columns)):
            stored = dict(zip(key_columns, values[len(sources):], strict=True))
            keys = keys_of(*values[: len(sources)])
            changed = {column: key for column, key in keys.items() if stored[column] != key}
            if changed:
                table.update({getattr(table, c): key for c, key in changed.items()}).where(
                    table.id == row_id
                ).execute()


def upgrade_search_keys(db: peewee.Database) -> None:
    """Add the alternative-spelling and community search columns, then
    recompute every stored search key (inside the caller's transaction)."""
    operations = _added_columns(db, SchemaMigrator.from_database(db))
    if operations:
        migrate(*operations)
    _recompute(db)
