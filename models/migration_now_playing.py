"""Schema step 13: ``now_playing``, one row per person whose player plays and
who chose to show it (models/now_playing.py), counting until ``until``.

Written as plain SQL against the version-10 schema, never from the models.
"""

from __future__ import annotations

import peewee


def create_now_playing(db: peewee.Database) -> None:
    from .migrations import key_and_time_types

    key, timestamp = key_and_time_types(db)
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "now_playing" ("id" {key}, '
        '"user_id" INTEGER NOT NULL, "title" VARCHAR(200) NOT NULL, '
        f'"artist" VARCHAR(200) NOT NULL, "until" {timestamp} NOT NULL, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "now_playing_user_id" '
                   'ON "now_playing" ("user_id")')
