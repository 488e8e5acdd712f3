"""Schema step 9: the ``reaction`` table, written as it is at that version.

A reaction points at what it is on through one nullable foreign key per kind
of target (``message_id``, ``post_id``), so deleting a message, a post or a
person takes its reactions along on both backends, and the database itself
keeps one reaction per person per target (a unique index per kind; NULLs never
clash). The CHECK says "not two targets at once" rather than "exactly one", so
a later kind (comments) is one ``ADD COLUMN comment_id … REFERENCES`` and one
more unique index, with no table rebuild on SQLite.
"""

from __future__ import annotations

import peewee


def create_reactions(db: peewee.Database) -> None:
    from .migrations import key_and_time_types

    key, timestamp = key_and_time_types(db)
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "reaction" ("id" {key}, '
        '"user_id" INTEGER NOT NULL, "emoji" VARCHAR(16) NOT NULL, '
        '"message_id" INTEGER, "post_id" INTEGER, '
        f'"created_at" {timestamp} NOT NULL, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("message_id") REFERENCES "message" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("post_id") REFERENCES "post" ("id") ON DELETE CASCADE, '
        'CHECK (message_id IS NULL OR post_id IS NULL))'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "reaction_user_id" ON "reaction" ("user_id")')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "reaction_message_id_user_id" '
                   'ON "reaction" ("message_id", "user_id")')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "reaction_post_id_user_id" '
                   'ON "reaction" ("post_id", "user_id")')
