"""Schema step 8: presence and typing.

``user.online_until``: the person's app says "I am here" (a heartbeat, at
most every 30 s) by moving it a little into the future; a clean log-out sets it
to NULL, and a crashed app simply stops moving it, so the person goes offline
by themselves. ``user.last_seen_at`` (since version 1) is the moment of the
last heartbeat, so "last seen" and the operator's account list agree.

``typing``: one row per (dialog, person) while that person types in that
dialog, ``until`` the moment it stops counting (the last key + 5 s).

Written as plain SQL against the version-7 schema, never from the models.
"""

from __future__ import annotations

import peewee


def upgrade_presence(db: peewee.Database) -> None:
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    timestamp = "TIMESTAMP" if postgres else "DATETIME"
    key = "SERIAL NOT NULL PRIMARY KEY" if postgres else "INTEGER NOT NULL PRIMARY KEY"
    columns = {c.name for c in db.get_columns("user")}
    if "online_until" not in columns:
        db.execute_sql(f'ALTER TABLE "user" ADD COLUMN "online_until" {timestamp}')
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "typing" ("id" {key}, '
        '"dialog_id" INTEGER NOT NULL, "user_id" INTEGER NOT NULL, '
        f'"until" {timestamp} NOT NULL, '
        'FOREIGN KEY ("dialog_id") REFERENCES "dialog" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "typing_dialog_id_user_id" '
                   'ON "typing" ("dialog_id", "user_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "typing_user_id" ON "typing" ("user_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "typing_until" ON "typing" ("until")')
