"""Schema step 11: the ``attachment`` table, written as it is at that version.

An attachment hangs off exactly one message or one post (a nullable foreign key
each, ``ON DELETE CASCADE``, and a CHECK that exactly one is set) at a
``position`` (0…9, unique per target). It is either an image (``media_id``: the
stored, normalised picture, with its size in pixels) or a track of the shared
catalogue (``track_id``); the CHECKs keep the kind and its reference in step.

``media_id`` is ``ON DELETE RESTRICT``: a picture is only ever removed by the
sweep in ``models/attachments.py``, which first makes sure nothing refers to it.
"""

from __future__ import annotations

import peewee


def create_attachments(db: peewee.Database) -> None:
    from .migrations import key_and_time_types

    key, _timestamp = key_and_time_types(db)
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "attachment" ("id" {key}, '
        '"message_id" INTEGER, "post_id" INTEGER, "position" INTEGER NOT NULL, '
        '"kind" VARCHAR(8) NOT NULL, "media_id" INTEGER, "track_id" INTEGER, '
        '"width" INTEGER, "height" INTEGER, '
        'FOREIGN KEY ("message_id") REFERENCES "message" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("post_id") REFERENCES "post" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("media_id") REFERENCES "media" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("track_id") REFERENCES "track" ("id") ON DELETE CASCADE, '
        'CHECK ((message_id IS NULL) <> (post_id IS NULL)), '
        "CHECK ((kind = 'image' AND media_id IS NOT NULL AND track_id IS NULL) "
        "OR (kind = 'track' AND track_id IS NOT NULL AND media_id IS NULL)), "
        'CHECK (position >= 0))'
    )
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "attachment_message_id_position" '
                   'ON "attachment" ("message_id", "position")')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "attachment_post_id_position" '
                   'ON "attachment" ("post_id", "position")')
    # the sweep's "is this picture still used?" and a track's cascade
    db.execute_sql('CREATE INDEX IF NOT EXISTS "attachment_media_id" ON "attachment" ("media_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "attachment_track_id" ON "attachment" ("track_id")')
