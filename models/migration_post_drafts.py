"""Schema step 19: ``post_draft``, one row per person and box of a post or a
comment written and not sent yet (models/post_drafts.py).

Written as plain SQL against the version-18 schema, never from the models.
"""

from __future__ import annotations

import peewee


def create_post_drafts(db: peewee.Database) -> None:
    from .migrations import key_and_time_types

    key, timestamp = key_and_time_types(db)
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "post_draft" ("id" {key}, '
        '"user_id" INTEGER NOT NULL, "box" VARCHAR(16) NOT NULL, '
        '"target" INTEGER NOT NULL, "text" TEXT NOT NULL, '
        f'"updated_at" {timestamp} NOT NULL, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        """CHECK ("box" IN ('post', 'wall', 'community', 'comment')))"""
    )
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "post_draft_user_id_box_target" '
                   'ON "post_draft" ("user_id", "box", "target")')
