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


def _recompute(db: peewee.Database) -> None:
    user = peewee.Table("user", ("id", "first_name", "last_name", "first_key", "last_key",
                                 "first_alt_key", "last_alt_key")).bind(db)
    for user_id, first, last in list(_rows(user, "first_name", "last_name")):
        keys = search_keys.person_keys(first, last)
        user.update({getattr(user, k): v for k, v in keys.items()}).where(
            user.id == user_id
        ).execute()
    track = peewee.Table("track", ("id", "title", "artist", "title_key", "artist_key",
                                   "alt_key")).bind(db)
    for track_id, title, artist in list(_rows(track, "title", "artist")):
        keys = search_keys.track_keys(title, artist)
        track.update({getattr(track, k): v for k, v in keys.items()}).where(
            track.id == track_id
        ).execute()
    community = peewee.Table("community", ("id", "name", "name_search")).bind(db)
    for community_id, name in list(_rows(community, "name")):
        community.update({community.name_search: search_keys.community_search(name)}).where(
            community.id == community_id
        ).execute()


def upgrade_search_keys(db: peewee.Database) -> None:
    """Add the alternative-spelling and community search columns, then
    recompute every stored search key (inside the caller's transaction)."""
    operations = _added_columns(db, SchemaMigrator.from_database(db))
    if operations:
        migrate(*operations)
    _recompute(db)
