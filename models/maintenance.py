"""Operator tools behind ``messenger db …`` and ``messenger admin users``:
integrity check, consistent backup, schema status and the account list."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee
from peewee import fn

from . import migrations, people, search_check, word_check
from .db import database, is_sqlite, reads, writes
from .errors import DatabaseError, NotFoundError, ValidationError, msg
from .schema import ALL_TABLES, Media, Track, User
from .text import clean_line, identity_key
from .views import UserRef

MAX_REPORTED = 20  # integrity lines listed; a damaged page yields hundreds
SEARCH_INDEX_VERSION = 10  # the schema step that made the full-text index
MEDIA_BATCH = 32  # stored files hashed per query (tracks are up to tens of MB)


@dataclass(frozen=True, slots=True)
class UserAccount:
    """One line of ``messenger admin users``."""

    user: UserRef
    created_at: datetime
    last_seen_at: datetime | None


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """The schema version a database has and the one this program writes."""

    version: int
    latest: int

    @property
    def up_to_date(self) -> bool:
        return self.version == self.latest


def _db() -> peewee.Database:
    db = database.obj
    if db is None:
        raise DatabaseError("No database is open.")
    return db


@reads
def schema_status() -> SchemaStatus:
    return SchemaStatus(migrations.current_version(_db()), migrations.SCHEMA_VERSION)


@writes
def upgrade_schema() -> tuple[int, int]:
    """Run the pending migrations; returns (version before, version after)."""
    return migrations.upgrade(_db())


@reads
def check_database(
    progress: Callable[[int, int], None] | None = None,
    index_progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Problems found in the open database, one readable line each; empty when healthy.

    SQLite: ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``. Both
    backends: the schema version, the presence of every table, each group's
    member count and single owner against its member rows, and every stored
    file's bytes against its sha256 and size (``progress(done, total)`` is told
    the bytes hashed so far), and the full-text index against the messages and
    posts (``models/search_check.py``; ``index_progress`` is told the rows), and
    the words name searches read against the communities' and tracks' keys
    (``models/word_check.py``).
    """
    db = _db()
    problems: list[str] = []
    try:
        version = migrations.current_version(db)
        if version > migrations.SCHEMA_VERSION:
            problems.append(
                f"Schema version {version} is newer than this Messenger understands "
                f"({migrations.SCHEMA_VERSION})."
            )
        elif version < migrations.SCHEMA_VERSION:
            problems.append(
                f"Schema version {version} is older than {migrations.SCHEMA_VERSION}: "
                "run `messenger db upgrade`."
            )
        present = set(db.get_tables())
        missing = sorted(m._meta.table_name for m in ALL_TABLES if m._meta.table_name not in present)
        if missing:
            problems.append(f"Missing tables: {', '.join(missing)}.")
        if is_sqlite():
            problems.extend(_sqlite_problems(db))
        if not missing:
            problems.extend(_group_problems(db))
            problems.extend(_media_problems(progress))
        if not missing and version >= SEARCH_INDEX_VERSION:
            problems.extend(search_check.index_problems(db, index_progress))
        if not missing:
            problems.extend(word_check.word_problems(db))
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        problems.append(f"The database cannot be read: {exc}.")
    return problems


def _sqlite_problems(db: peewee.Database) -> list[str]:
    problems = []
    lines = [
        line.strip()
        for (text,) in db.execute_sql(f"PRAGMA integrity_check({MAX_REPORTED})").fetchall()
        for line in str(text).splitlines()
        if line.strip() not in ("ok", "", "*** in database main ***")
    ]
    problems.extend(f"Integrity: {line}" for line in lines[:MAX_REPORTED])
    if len(lines) > MAX_REPORTED:
        problems.append(f"Integrity: … and {len(lines) - MAX_REPORTED} more.")
    orphans = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _fk in orphans[:MAX_REPORTED]:
        problems.append(
            f"Foreign key: row {rowid} of table {table} points to a missing row of {parent}."
        )
    if len(orphans) > MAX_REPORTED:
        problems.append(f"Foreign key: … and {len(orphans) - MAX_REPORTED} more.")
    return problems


def _group_problems(db: peewee.Database) -> list[str]:
    """Groups whose member count or owner disagrees with their member rows."""
    rows = db.execute_sql(
        "SELECT d.id, d.member_count,"
        " SUM(CASE WHEN m.left_seq IS NULL THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN m.left_seq IS NULL AND m.role = 'owner' THEN 1 ELSE 0 END)"
        " FROM dialog d LEFT JOIN dialog_member m ON m.dialog_id = d.id"
        " WHERE d.kind = 'group' GROUP BY d.id, d.member_count"
    ).fetchall()
    problems = []
    for dialog_id, count, present, owners in rows:
        if count != (present or 0):
            problems.append(f"Group {dialog_id}: member count {count}, "
                            f"but {present or 0} present members.")
        if (owners or 0) != 1:
            problems.append(f"Group {dialog_id}: {owners or 0} owners instead of one.")
    return problems[:MAX_REPORTED]


def _media_problems(progress: Callable[[int, int], None] | None) -> list[str]:
    """Stored files whose bytes no longer match their sha256 (or size), named
    with what uses them; read a batch at a time, never all at once."""
    total = Media.select(fn.COALESCE(fn.SUM(Media.size), 0)).scalar() or 0
    bad: list[tuple[int, str]] = []
    done = after = 0
    while True:
        batch = list(
            Media.select(Media.id, Media.sha256, Media.size, Media.data)
            .where(Media.id > after).order_by(Media.id).limit(MEDIA_BATCH).tuples()
        )
        for media_id, sha256, size, data in batch:
            data = bytes(data or b"")
            if hashlib.sha256(data).hexdigest() != sha256 or len(data) != size:
                bad.append((media_id, sha256))
            done += len(data)
        if progress is not None:
            progress(min(done, total), total)
        if len(batch) < MEDIA_BATCH:
            break
        after = batch[-1][0]
    lines = [
        f"Media {media_id}: its bytes no longer match its sha256 {sha256[:12]}…"
        f"{_media_users(media_id)}."
        for media_id, sha256 in bad[:MAX_REPORTED]
    ]
    if len(bad) > MAX_REPORTED:
        lines.append(f"Media: … and {len(bad) - MAX_REPORTED} more.")
    return lines


def _media_users(media_id: int) -> str:
    users = [
        f"track {row.id} “{clean_line(row.title)}”"
        for row in Track.select(Track.id, Track.title).where(Track.media == media_id)
    ] + [
        f"avatar of {clean_line(row.login)}"
        for row in User.select(User.login).where(User.avatar == media_id).limit(5)
    ]
    return f" (used by {', '.join(users)})" if users else ""


def _exists(dest: Path) -> ValidationError:
    return ValidationError(
        msg("{path} already exists; choose a new file name.", path=dest), field="dest"
    )


@reads
def backup_database(dest: Path) -> Path:
    """Copy the open SQLite database to ``dest`` as one consistent snapshot.

    Safe while other processes write (SQLite's backup API reads one snapshot).
    ``dest`` is created with mode 0600 and is never overwritten. PostgreSQL
    databases are backed up with ``pg_dump``; this refuses them.
    """
    db = _db()
    if not is_sqlite():
        raise ValidationError(
            "This is a PostgreSQL database: back it up with pg_dump "
            "(e.g. pg_dump -Fc DBNAME > messenger.dump).",
            field="dest",
        )
    dest = Path(dest).expanduser()
    source = Path(db.database)
    if dest.exists():
        raise _exists(dest)
    if dest.resolve() == source.resolve():
        raise ValidationError("The backup cannot replace the database itself.", field="dest")
    try:
        fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError as exc:
        raise _exists(dest) from exc
    except OSError as exc:
        raise ValidationError(
            msg("Cannot create {path}: {reason}.", path=dest, reason=exc.strerror), field="dest"
        ) from exc
    try:
        src = sqlite3.connect(str(source), timeout=10)
        try:
            dst = sqlite3.connect(str(dest))
            try:
                src.backup(dst)  # one step: one read snapshot, consistent
                # A backup is one self-contained file, not a WAL database with side files.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        dest.unlink(missing_ok=True)
        raise DatabaseError(msg("The backup failed: {reason}.", reason=str(exc))) from exc
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return dest


@reads
def list_users(*, after_id: int = 0, limit: int | None = None) -> list[UserAccount]:
    """Accounts by id, after ``after_id`` (keyset), at most ``limit`` of them."""
    query = (
        User.select(
            User.id,
            User.login,
            User.first_name,
            User.last_name,
            User.avatar,
            User.created_at,
            User.last_seen_at,
        )
        .where(User.id > after_id)
        .order_by(User.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        UserAccount(
            user=UserRef(row.id, row.login, row.first_name, row.last_name, row.avatar_id),
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
        )
        for row in query
    ]


@reads
def count_users() -> int:
    return User.select().count()


@reads
def user_by_login(login: str) -> UserRef:
    """The account with this login (any case), for operator commands."""
    user = people.user_with_login_key(identity_key(login))
    if user is None:
        raise NotFoundError(
            msg("There is no account with the login {login!r}.", login=login), field="login"
        )
    return user
