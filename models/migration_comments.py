"""Schema step 12: comments under posts, likes on comments, reactions on
comments, and reposts — written as they are at that version.

- ``comment``: a post's comments (one level of replies through ``reply_to_id``;
  a deleted comment keeps its row, flagged, so a reply still quotes "deleted").
- ``comment_like``: one per person per comment; ``comment.like_count`` is
  recounted in the liking transaction, as ``post.like_count`` is.
- ``post.comment_count``: kept in the commenting transaction, so a feed page
  shows counts without a query per post; existing posts start at 0 (no comment
  existed before this step).
- ``post.repost_of_id`` (``ON DELETE SET NULL``) and ``post.is_repost``: a
  repost whose original is deleted is still a repost, one of a deleted post.
- ``reaction.comment_id``: the third kind of reaction target (see
  migration_reactions: one more nullable column and one more unique index).
- the full-text index of comments (``index_comments``; models/comment_search.py).
"""

from __future__ import annotations

import peewee


def upgrade_comments(db: peewee.Database) -> None:
    from .migrations import key_and_time_types

    key, timestamp = key_and_time_types(db)
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "comment" ("id" {key}, '
        '"post_id" INTEGER NOT NULL, "author_id" INTEGER NOT NULL, "text" TEXT NOT NULL, '
        f'"reply_to_id" INTEGER, "created_at" {timestamp} NOT NULL, '
        f'"edited_at" {timestamp}, "deleted" BOOLEAN NOT NULL DEFAULT FALSE, '
        '"like_count" INTEGER NOT NULL DEFAULT 0, '
        'FOREIGN KEY ("post_id") REFERENCES "post" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("author_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("reply_to_id") REFERENCES "comment" ("id") ON DELETE SET NULL)'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "comment_post_id_id" ON "comment" ("post_id", "id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "comment_author_id" ON "comment" ("author_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "comment_reply_to_id" ON "comment" ("reply_to_id")')
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "comment_like" ("id" {key}, '
        '"comment_id" INTEGER NOT NULL, "user_id" INTEGER NOT NULL, '
        f'"created_at" {timestamp} NOT NULL, '
        'FOREIGN KEY ("comment_id") REFERENCES "comment" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "comment_like_comment_id_user_id" '
                   'ON "comment_like" ("comment_id", "user_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "comment_like_user_id" ON "comment_like" ("user_id")')
    _add_column(db, "post", "comment_count", "INTEGER NOT NULL DEFAULT 0")
    _add_column(db, "post", "repost_of_id",
                'INTEGER REFERENCES "post" ("id") ON DELETE SET NULL')
    _add_column(db, "post", "is_repost", "BOOLEAN NOT NULL DEFAULT FALSE")
    db.execute_sql('CREATE INDEX IF NOT EXISTS "post_repost_of_id" ON "post" ("repost_of_id")')
    _add_column(db, "reaction", "comment_id",
                'INTEGER REFERENCES "comment" ("id") ON DELETE CASCADE')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "reaction_comment_id_user_id" '
                   'ON "reaction" ("comment_id", "user_id")')
    index_comments(db)


def _add_column(db: peewee.Database, table: str, column: str, definition: str) -> None:
    if column not in {c.name for c in db.get_columns(table)}:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}')


# As migration_search's SQLITE_INDEXES / PG_TABLES rows (``messenger db check``
# checks these too, models/search_check.py).
SQLITE_COMMENT_INDEX = ("comment", "comment_search", "deleted = 0", ())
PG_COMMENT_TABLE = ("comment", "", "text, deleted", "NOT deleted")


def index_comments(db: peewee.Database) -> None:
    """The full-text index of comments, as messages and posts have theirs
    (models/migration_search.py): an FTS5 table kept by triggers on SQLite, a
    ``search`` tsvector column set by a trigger on PostgreSQL. A deleted
    comment leaves the index."""
    from .migration_search import sqlite_ddl

    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql('ALTER TABLE "comment" ADD COLUMN IF NOT EXISTS search tsvector')
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION comment_search_vector() RETURNS trigger "
            "LANGUAGE plpgsql AS $body$ BEGIN NEW.search := CASE WHEN NEW.deleted THEN NULL "
            "ELSE messenger_vector(NEW.text) END; RETURN NEW; END $body$"
        )
        db.execute_sql(
            "CREATE OR REPLACE TRIGGER comment_search BEFORE INSERT OR UPDATE OF text, deleted "
            'ON "comment" FOR EACH ROW EXECUTE FUNCTION comment_search_vector()'
        )
        db.execute_sql('UPDATE "comment" SET search = messenger_vector(text) WHERE NOT deleted')
        db.execute_sql(
            'CREATE INDEX IF NOT EXISTS comment_search ON "comment" USING GIN (search)'
        )
        return
    for statement in sqlite_ddl(*SQLITE_COMMENT_INDEX):
        db.execute_sql(statement)
    db.execute_sql("INSERT INTO comment_search(comment_search) VALUES ('rebuild')")
