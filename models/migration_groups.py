"""Schema step 5: group conversations.

Written in plain SQL against the version-4 tables (never the current models),
for both backends, inside the upgrade's one transaction:

- ``dialog``: ``kind`` ('pair' | 'group'), ``title``, ``member_count``; a
  group has no ``user_lo``/``user_hi``, so those become NULL-able.
- ``dialog_member``: ``role``, ``from_seq``, ``left_seq``, ``joined_at``;
  ``peer`` NULL-able (group members have none); indexes (user, role) and
  (dialog, last_read_seq).
- ``message``: ``kind`` ('text' | 'system').
- ``draft``: ``dialog`` (a group's draft) and ``peer`` NULL-able.
- new tables ``mention`` and ``read_receipt``.

Every existing row keeps its id and values: the new columns default to what
a pair dialog always was (kind 'pair', role NULL, from_seq 0, kind 'text').

Dropping NOT NULL: PostgreSQL alters the column. SQLite cannot, short of
rebuilding the table, and a rebuild of ``dialog`` would drop the table that
``message`` and ``dialog_member`` reference (with foreign keys on, DROP TABLE
deletes its rows first and the cascade would take every message). Removing a
NOT NULL constraint changes nothing stored, so SQLite's documented way for
such changes is used instead (https://sqlite.org/lang_altertable.html,
"making other kinds of table schema changes"): the table's CREATE text in
``sqlite_schema`` is edited under ``PRAGMA writable_schema`` and the schema
cookie is bumped, in the same transaction.

A database created fresh already has these columns (``_v1`` creates today's
tables); then only what is missing is added.
"""

from __future__ import annotations

import peewee

NULLABLE = {  # table: columns whose NOT NULL goes
    "dialog": ("user_lo_id", "user_hi_id"),
    "dialog_member": ("peer_id",),
    "draft": ("peer_id",),
}


def upgrade_groups(db: peewee.Database) -> None:
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    timestamp = "TIMESTAMP" if postgres else "DATETIME"
    key = "SERIAL NOT NULL PRIMARY KEY" if postgres else "INTEGER NOT NULL PRIMARY KEY"
    _drop_not_null(db, postgres)
    _add_columns(db, {
        "dialog": [
            ("kind", "VARCHAR(8) NOT NULL DEFAULT 'pair'"),
            ("title", "VARCHAR(100)"),
            ("member_count", "INTEGER NOT NULL DEFAULT 0"),
        ],
        "dialog_member": [
            ("role", "VARCHAR(8)"),
            ("from_seq", "INTEGER NOT NULL DEFAULT 0"),
            ("left_seq", "INTEGER"),
            ("joined_at", timestamp),
        ],
        "message": [("kind", "VARCHAR(8) NOT NULL DEFAULT 'text'")],
        "draft": [("dialog_id", 'INTEGER REFERENCES "dialog" ("id") ON DELETE CASCADE')],
    })
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "mention" ("id" {key}, "user_id" INTEGER NOT NULL, '
        '"dialog_id" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "message_id" INTEGER NOT NULL, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("dialog_id") REFERENCES "dialog" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("message_id") REFERENCES "message" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "read_receipt" ("id" {key}, "dialog_id" INTEGER NOT NULL, '
        f'"user_id" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "read_at" {timestamp} NOT NULL, '
        'FOREIGN KEY ("dialog_id") REFERENCES "dialog" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE)'
    )
    for name, table, columns, unique in (
        ("dialog_member_user_id_role", "dialog_member", "user_id, role", False),
        ("dialog_member_dialog_id_last_read_seq", "dialog_member", "dialog_id, last_read_seq",
         False),
        ("draft_user_id_dialog_id", "draft", "user_id, dialog_id", True),
        ("mention_user_id_dialog_id_seq", "mention", "user_id, dialog_id, seq", True),
        ("mention_dialog_id", "mention", "dialog_id", False),
        ("mention_message_id", "mention", "message_id", False),
        ("read_receipt_dialog_id_seq_user_id", "read_receipt", "dialog_id, seq, user_id", False),
        ("read_receipt_user_id", "read_receipt", "user_id", False),
    ):
        quoted = ", ".join(f'"{c.strip()}"' for c in columns.split(","))
        db.execute_sql(
            f'CREATE {"UNIQUE " if unique else ""}INDEX IF NOT EXISTS "{name}" '
            f'ON "{table}" ({quoted})'
        )


def _add_columns(db: peewee.Database, wanted: dict[str, list[tuple[str, str]]]) -> None:
    for table, columns in wanted.items():
        present = {column.name for column in db.get_columns(table)}
        for name, definition in columns:
            if name not in present:
                db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {definition}')


def _drop_not_null(db: peewee.Database, postgres: bool) -> None:
    if postgres:
        for table, columns in NULLABLE.items():
            for column in columns:
                db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" DROP NOT NULL')
        return
    edits = {}
    for table, columns in NULLABLE.items():
        sql = db.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        new = sql
        for column in columns:
            new = new.replace(f'"{column}" INTEGER NOT NULL', f'"{column}" INTEGER')
        if new != sql:
            edits[table] = new
    if not edits:
        return
    cookie = db.execute_sql("PRAGMA schema_version").fetchone()[0]
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        for table, new in edits.items():
            db.execute_sql(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (new, table)
            )
        db.execute_sql(f"PRAGMA schema_version = {cookie + 1}")
    finally:
        db.execute_sql("PRAGMA writable_schema = OFF")
