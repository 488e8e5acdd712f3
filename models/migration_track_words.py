"""Schema step 17: ``track_word``, the beginnings of the words of track
titles and artists (models/track_words.py), filled for the tracks already in
the catalogue.

Written in plain SQL against the version-16 tables, so later schema changes do
not change what this step does. The words are cut from each track's stored
keys (``title_key``, ``artist_key``, ``alt_key``) by the same Python function
that writes them for a new track, read in keyset batches and written in
multi-row INSERTs, before the index is built (one build, not a row-by-row
insert into a B-tree). As step 16, it gathers the statistics of its own table
only (not an ``INDEX_BUILDING_STEPS`` step).
"""

from __future__ import annotations

import peewee

from .track_words import insert_rows, rows_of

BATCH = 500


def create_track_words(db: peewee.Database) -> None:
    key = ("SERIAL NOT NULL PRIMARY KEY" if isinstance(db, peewee.PostgresqlDatabase)
           else "INTEGER NOT NULL PRIMARY KEY")
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "track_word" ("id" {key}, '
        '"track_id" INTEGER NOT NULL, "prefix" TEXT NOT NULL, "tail" TEXT, '
        '"title_key" TEXT NOT NULL, '
        'FOREIGN KEY ("track_id") REFERENCES "track" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql('DELETE FROM "track_word"')  # a step run again starts over
    p = db.param
    last = filled = 0
    while True:
        batch = db.execute_sql(
            f'SELECT id, title_key, artist_key, alt_key FROM "track" WHERE id > {p} '
            f"ORDER BY id LIMIT {BATCH}", (last,)
        ).fetchall()
        insert_rows(db, [row for track in batch for row in rows_of(*track)])
        filled += len(batch)
        if len(batch) < BATCH:
            break
        last = batch[-1][0]
    db.execute_sql('CREATE INDEX IF NOT EXISTS "track_word_track_id" '
                   'ON "track_word" ("track_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "track_word_prefix_title_key_track_id" '
                   'ON "track_word" ("prefix", "title_key", "track_id")')
    if filled:  # a new, empty database gathers none (models/planner_stats.py)
        db.execute_sql('ANALYZE "track_word"')
