"""Schema versions. An older database is upgraded inside one transaction;
a newer one is refused with a clear message."""

from __future__ import annotations

from collections.abc import Callable

import peewee

from .errors import SchemaTooNewError, UnhealthyDatabaseError, msg, msg_template

SCHEMA_VERSION = 19


def _v1(db: peewee.Database) -> None:
    """The first release's tables.

    From version 2 on, each step is written with ``playhouse.migrate`` or plain
    SQL against the previous schema, never by re-reading the current models.
    """
    from .schema import V1_TABLES

    db.create_tables(V1_TABLES, safe=True)


def _v2(db: peewee.Database) -> None:
    """Search keys that ignore accents, and columns for a name's other spelling."""
    from .migration_search_keys import upgrade_search_keys

    upgrade_search_keys(db)


def _v3(db: peewee.Database) -> None:
    """Per-user settings: the ``setting`` table, (user, key) unique.

    The table is declared here as it is at version 3, not taken from
    ``schema.Setting``, so a later change of that model cannot change this step.
    """

    class Setting(peewee.Model):
        user = peewee.ForeignKeyField(_user_table(db), on_delete="CASCADE", index=False)
        key = peewee.CharField(max_length=32)
        value = peewee.TextField()

        class Meta:
            database = db
            table_name = "setting"
            indexes = ((("user", "key"), True),)

    db.create_tables([Setting], safe=True)


def _user_table(db: peewee.Database) -> type[peewee.Model]:
    """The ``user`` table as a foreign key target (its id is all a step needs)."""

    class User(peewee.Model):
        class Meta:
            database = db
            table_name = "user"

    return User


def key_and_time_types(db: peewee.Database) -> tuple[str, str]:
    """The SQL types of an id column and of a time column on this backend."""
    if isinstance(db, peewee.PostgresqlDatabase):
        return "SERIAL NOT NULL PRIMARY KEY", "TIMESTAMP"
    return "INTEGER NOT NULL PRIMARY KEY", "DATETIME"


def _v4(db: peewee.Database) -> None:
    """``draft``: what each person typed for a dialog and has not sent yet."""
    key, timestamp = key_and_time_types(db)
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "draft" ("id" {key}, '
        '"user_id" INTEGER NOT NULL, "peer_id" INTEGER NOT NULL, "text" TEXT NOT NULL, '
        f'"reply_to_id" INTEGER, "updated_at" {timestamp} NOT NULL, '
        'FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("peer_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("reply_to_id") REFERENCES "message" ("id") ON DELETE SET NULL)'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "draft_peer_id" ON "draft" ("peer_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "draft_reply_to_id" ON "draft" ("reply_to_id")')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "draft_user_id_peer_id" '
                   'ON "draft" ("user_id", "peer_id")')


def _v5(db: peewee.Database) -> None:
    """Group conversations (models/migration_groups.py)."""
    from .migration_groups import upgrade_groups

    upgrade_groups(db)


def _v6(db: peewee.Database) -> None:
    """``block``: whom each person blocked (models/blocks.py), one row per pair."""
    key, timestamp = key_and_time_types(db)
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "block" ("id" {key}, '
        '"blocker_id" INTEGER NOT NULL, "blocked_id" INTEGER NOT NULL, '
        f'"created_at" {timestamp} NOT NULL, '
        'FOREIGN KEY ("blocker_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("blocked_id") REFERENCES "user" ("id") ON DELETE CASCADE, '
        'CHECK ("blocker_id" <> "blocked_id"))'
    )
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "block_blocker_id_blocked_id" '
                   'ON "block" ("blocker_id", "blocked_id")')
    # "who blocked me": the lookup that hides their posts from me
    db.execute_sql('CREATE INDEX IF NOT EXISTS "block_blocked_id_blocker_id" '
                   'ON "block" ("blocked_id", "blocker_id")')


def _v7(db: peewee.Database) -> None:
    """``dialog_mute``: the dialogs (and groups) each person muted."""
    from .migration_mutes import create_dialog_mute

    create_dialog_mute(db)


def _v8(db: peewee.Database) -> None:
    """Presence and typing (models/presence.py, models/typing.py)."""
    from .migration_presence import upgrade_presence

    upgrade_presence(db)


def _v9(db: peewee.Database) -> None:
    """``reaction``: one emoji per person per message or post (models/reactions.py)."""
    from .migration_reactions import create_reactions

    create_reactions(db)


def _v10(db: peewee.Database) -> None:
    """The full-text index of messages and posts (``models/migration_search.py``),
    built for the rows already there."""
    from .migration_search import upgrade_search_index

    upgrade_search_index(db)


def _v11(db: peewee.Database) -> None:
    """``attachment``: pictures and tracks on messages and posts
    (``models/migration_attachments.py``, ``models/attachments.py``)."""
    from .migration_attachments import create_attachments

    create_attachments(db)


def _v12(db: peewee.Database) -> None:
    """Comments, likes and reactions on them, and reposts (models/migration_comments.py)."""
    from .migration_comments import upgrade_comments

    upgrade_comments(db)


def _v13(db: peewee.Database) -> None:
    """``now_playing``: what each person listens to, with its expiry."""
    from .migration_now_playing import create_now_playing

    create_now_playing(db)


def _v14(db: peewee.Database) -> None:
    """PostgreSQL: ``messenger_fold`` folds a text of Latin and Cyrillic letters
    with a short map (the same result, ten times quicker: every message and
    post written goes through it). SQLite folds in Python: nothing to do."""
    from .search_fold import fold_sql_function

    if not isinstance(db, peewee.SqliteDatabase):
        db.execute_sql(fold_sql_function())


def _v15(db: peewee.Database) -> None:
    """PostgreSQL: ``messenger_send``, a message sent in one statement
    (models/migration_send.py). SQLite sends in Python: nothing to do."""
    from .migration_send import create_send_function

    create_send_function(db)


def _v16(db: peewee.Database) -> None:
    """``community_word``: the beginnings of the words of community names, so
    a community search seeks instead of reading every name
    (models/community_words.py)."""
    from .migration_community_words import create_community_words

    create_community_words(db)


def _v17(db: peewee.Database) -> None:
    """``track_word``: the beginnings of the words of track titles and
    artists, so a track search seeks instead of reading every track's keys
    (models/track_words.py)."""
    from .migration_track_words import create_track_words

    create_track_words(db)


def _v18(db: peewee.Database) -> None:
    """PostgreSQL 14 and newer: statistics of ``message.dialog_id + 0``, the
    join key a search of someone with many messages hides from the index on
    ``dialog_id`` (``search_sql._pg_messages_by_volume``), so the planner
    still knows how many messages the join keeps. SQLite: nothing to do."""
    if isinstance(db, peewee.SqliteDatabase):
        return
    if int(db.execute_sql("SHOW server_version_num").fetchone()[0]) < 140_000:
        return  # statistics of expressions came with 14; 13 plans with a guess
    db.execute_sql("CREATE STATISTICS IF NOT EXISTS message_dialog_key "
                   "ON (dialog_id + 0) FROM message")
    if db.execute_sql("SELECT EXISTS (SELECT 1 FROM message)").fetchone()[0]:
        db.execute_sql("ANALYZE message")  # (an empty table's statistics would mislead)


def _v19(db: peewee.Database) -> None:
    """``post_draft``: a post or a comment each person wrote and has not sent
    yet (models/post_drafts.py)."""
    from .migration_post_drafts import create_post_drafts

    create_post_drafts(db)


STEPS: dict[int, Callable[[peewee.Database], None]] = {
    1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6, 7: _v7, 8: _v8, 9: _v9, 10: _v10,
    11: _v11, 12: _v12, 13: _v13, 14: _v14, 15: _v15, 16: _v16, 17: _v17, 18: _v18,
    19: _v19,
}


def _tables(db: peewee.Database) -> set[str]:
    return set(db.get_tables())


# ---------------------------------------------------------------- whose database

# SQLite's header field for "which program's file is this" (PRAGMA application_id):
# 0x4D534E47, the ASCII bytes "MSNG". Written when a database is created or
# upgraded; ``file`` (libmagic) and other tools can read it from the header.
APPLICATION_ID = 0x4D534E47
APP_KEY, APP_MARK = "app", "messenger"  # the marker row in `meta`, on both backends
NOT_OURS = msg_template(
    "This database holds other tables and is not a Messenger database; "
    "it was left untouched."
)


def foreign_reason(execute: Callable[[str], list[tuple]], *, sqlite: bool) -> str | None:
    """Why the database behind ``execute`` (runs one SQL statement, returns its
    rows) is not ours, or ``None`` when it is ours or empty.

    Ours: SQLite's application_id is ours (or 0 in a database made before the
    mark existed) and `meta` holds our ``schema_version``. A database with
    application_id 0 or no `app` row in `meta` (PostgreSQL) is taken for ours
    only when it also has our `user` table (``login_key``, ``password_hash``):
    Chromium's History, for one, has `meta(key, value)` but no `user`. A database
    with no tables at all, or only an empty `meta` (version 0), is new to us.
    """
    app_id = execute("PRAGMA application_id")[0][0] if sqlite else 0
    if app_id not in (0, APPLICATION_ID):
        return NOT_OURS
    if sqlite:
        tables = {r[0] for r in execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        tables = {name for name in tables if not name.startswith("sqlite_")}
    else:
        tables = {
            r[0] for r in execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        }
    if not tables:
        return None
    if "meta" not in tables:
        return NOT_OURS
    try:
        meta = dict(execute("SELECT key, value FROM meta"))
    except Exception:  # noqa: BLE001 - a `meta` of another shape is not ours
        return NOT_OURS
    if tables == {"meta"} and not meta:
        return None
    if not str(meta.get("schema_version", "")).isdigit():
        return NOT_OURS
    if (app_id == APPLICATION_ID or not sqlite) and meta.get(APP_KEY) == APP_MARK:
        return None
    return None if _has_our_user_table(execute, sqlite=sqlite, tables=tables) else NOT_OURS


def _has_our_user_table(execute, *, sqlite: bool, tables: set[str]) -> bool:
    if "user" not in tables:
        return False
    if sqlite:
        columns = {r[0] for r in execute("SELECT name FROM pragma_table_info('user')")}
    else:
        columns = {
            r[0] for r in execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'user'"
            )
        }
    return {"login_key", "password_hash"} <= columns


def check_is_ours(db: peewee.Database) -> None:
    """Refuse a database that is not ours (see ``foreign_reason``): never write into it."""
    reason = foreign_reason(
        lambda sql: db.execute_sql(sql).fetchall(),
        sqlite=isinstance(db, peewee.SqliteDatabase),
    )
    if reason:
        raise UnhealthyDatabaseError(reason)


def _is_marked(db: peewee.Database) -> bool:
    if isinstance(db, peewee.SqliteDatabase):
        if db.execute_sql("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return False
    # Plain SQL: the models (models.schema) load with the first log-in, not at start-up.
    row = db.execute_sql(f"SELECT value FROM meta WHERE key = {db.param}", (APP_KEY,)).fetchone()
    return row is not None and row[0] == APP_MARK


def _mark(db: peewee.Database) -> None:
    """Write the marks that make this database unmistakably ours (idempotent)."""
    from .schema import Meta

    if isinstance(db, peewee.SqliteDatabase):
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    Meta.insert(key=APP_KEY, value=APP_MARK).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: APP_MARK}
    ).execute()


def current_version(db: peewee.Database) -> int:
    if "meta" not in _tables(db):
        return 0
    row = db.execute_sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def check_version(db: peewee.Database) -> int:
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            msg(
                "This database has schema version {version}, newer than this Messenger "
                "understands ({latest}). Upgrade Messenger to open it.",
                version=version, latest=SCHEMA_VERSION,
            )
        )
    return version


def is_current(db: peewee.Database) -> bool:
    """Whether ``upgrade`` has nothing to write."""
    return check_version(db) == SCHEMA_VERSION and _is_marked(db)


# Steps that build indexes over the rows a database already holds (search keys,
# the group columns, the full-text index): after them the planner's statistics
# are gathered again (models/planner_stats.py). Add a new such step here.
INDEX_BUILDING_STEPS = frozenset({2, 5, 10, 12})


def upgrade(db: peewee.Database) -> tuple[int, int]:
    """Bring the schema to ``SCHEMA_VERSION``; returns (before, after).

    A database that held data and went through an index-building step is
    analysed once the upgrade committed."""
    if is_current(db):
        return SCHEMA_VERSION, SCHEMA_VERSION
    with db.atomic():
        if isinstance(db, peewee.PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(727274)")  # one upgrader at a time
        before = check_version(db)  # again, inside the lock: another process may have done it
        ran = sorted(v for v in STEPS if before < v <= SCHEMA_VERSION)
        for version in ran:
            STEPS[version](db)
            _set_version(db, version)
        _mark(db)  # also a database made before the marks existed
    if before > 0 and INDEX_BUILDING_STEPS.intersection(ran):
        from .planner_stats import refresh

        refresh(db)
    return before, SCHEMA_VERSION


def _set_version(db: peewee.Database, version: int) -> None:
    from .schema import Meta

    Meta.insert(key="schema_version", value=str(version)).on_conflict(
        conflict_target=[Meta.key], update={Meta.value: str(version)}
    ).execute()
