"""Schema step 7: ``dialog_mute``, one row per (person, dialog) muted.

A table of its own rather than a column of ``dialog_member``: muting is keyed
by the dialog id alone, so a group (a dialog of another kind) is muted the same
way, and the step stays independent of how membership rows change. Plain SQL,
as the table is at this version, for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import peewee


def create_dialog_mute(db: peewee.Database) -> None:
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    key = "SERIAL NOT NULL PRIMARY KEY" if postgres else "INTEGER NOT NULL PRIMARY KEY"
    timestamp = "TIMESTAMP" if postgres else "DATETIME"
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "dialog_mute" ("id" {key}, '
        '"user_id" INTEGER NOT NULL, "dialog_id" INTEGER NOT NULL, '
        f'"created_at" {timestamp} NOT NULL, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("dialog_id") REFERENCES "dialog" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "dialog_mute_user_id_dialog_id" '
                   'ON "dialog_mute" ("user_id", "dialog_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "dialog_mute_dialog_id" '
                   'ON "dialog_mute" ("dialog_id")')
