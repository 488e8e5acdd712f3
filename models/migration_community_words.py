"""Schema step 16: ``community_word``, the beginnings of the words of
community names (models/community_words.py), filled for the communities
already there.

Written in plain SQL against the version-15 tables, so later schema changes do
not change what this step does. The words are cut from each community's
stored ``name_search`` by the same Python function that writes them for a new
name (a word start is a Unicode rule neither SQLite nor PostgreSQL states the
same way), read in keyset batches and written in multi-row INSERTs: 50 000
communities are a few seconds. Not an ``INDEX_BUILDING_STEPS`` step: it
gathers the statistics of its own table.
"""

from __future__ import annotations

import peewee

from .community_words import insert_rows, rows_of

BATCH = 500


def create_community_words(db: peewee.Database) -> None:
    key = ("SERIAL NOT NULL PRIMARY KEY" if isinstance(db, peewee.PostgresqlDatabase)
           else "INTEGER NOT NULL PRIMARY KEY")
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "community_word" ("id" {key}, '
        '"community_id" INTEGER NOT NULL, "prefix" TEXT NOT NULL, "tail" TEXT, '
        '"name_key" TEXT NOT NULL, '
        'FOREIGN KEY ("community_id") REFERENCES "community" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql('DELETE FROM "community_word"')  # a step run again starts over
    filled = _fill(db)
    db.execute_sql('CREATE INDEX IF NOT EXISTS "community_word_community_id" '
                   'ON "community_word" ("community_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "community_word_prefix_name_key" '
                   'ON "community_word" ("prefix", "name_key")')
    # its own statistics only: the whole database's ANALYZE after an
    # index-building step reads every index (minutes for 7 GB) for one small table
    if filled:  # a new, empty database gathers none (models/planner_stats.py)
        db.execute_sql('ANALYZE "community_word"')


def _fill(db: peewee.Database) -> int:
    """Every community's words (before the indexes: one build each, not a
    row-by-row insert into two B-trees); returns how many communities."""
    p = db.param
    last = done = 0
    while True:
        batch = db.execute_sql(
            f'SELECT id, name_key, name_search FROM "community" WHERE id > {p} '
            f"ORDER BY id LIMIT {BATCH}", (last,)
        ).fetchall()
        insert_rows(db, [row for cid, key, search in batch for row in rows_of(cid, key, search)])
        done += len(batch)
        if len(batch) < BATCH:
            return done
        last = batch[-1][0]
