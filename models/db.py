"""The database: chosen from a URL at start-up, bound through a proxy.

``open_database(url)`` is the only place a connection is configured. Domain
functions are wrapped in ``@reads`` or ``@writes``: both turn driver errors into
``DatabaseError`` (no raw database error escapes), and ``@writes`` runs the
function in one short transaction (``BEGIN IMMEDIATE`` on SQLite, so a
read-then-write never fails half-way with "database is locked"), retrying
when another process holds the lock.
"""

from __future__ import annotations

import functools
import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar
from urllib.parse import urlparse

import peewee
from peewee import DatabaseProxy, PostgresqlDatabase, SqliteDatabase

from . import integrity, pg_url, search_fold
from .errors import (
    ConflictError,
    DatabaseError,
    DomainError,
    UnhealthyDatabaseError,
    msg,
)
from .locations import (  # noqa: F401 - data_dir, default_url: re-exported
    data_dir,
    default_url,
    inspection_uri,
    read_only_error,
    resolve_url,
    restrict_mode,
    sqlite_path,
)
from .sqlite_file import _ExistingSqliteFile

database = DatabaseProxy()

SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: a committed message survives power loss
    "busy_timeout": 10_000,
}
LOCK_RETRY_SECONDS = 30.0

P = ParamSpec("P")
R = TypeVar("R")


# ---------------------------------------------------------------- opening

def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600), or vet an existing file."""
    if path.exists():
        if not path.is_file():
            raise UnhealthyDatabaseError(
                msg("{path} is not a file; it was left untouched.", path=path)
            )
        try:
            with open(path, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise DatabaseError(
                msg("Cannot read the database {path}: {reason}.", path=path, reason=exc.strerror)
            ) from exc
        if head and head != SQLITE_HEADER:
            raise UnhealthyDatabaseError(
                msg(
                    "{path} is not a SQLite database; it was left untouched. "
                    "Move it away or choose another file with --db.",
                    path=path,
                )
            )
        read_only = read_only_error(path)
        if read_only is not None:
            raise read_only
        if head:
            _refuse_foreign_sqlite(path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        return  # another process created it a moment ago
    except OSError as exc:
        raise DatabaseError(
            msg("Cannot create the database {path}: {reason}.", path=path, reason=exc.strerror)
        ) from exc


def _refuse_foreign_sqlite(path: Path) -> None:
    """Refuse another program's SQLite file before our pragmas touch it
    (switching to WAL rewrites the header, so the check must come first)."""
    from .migrations import foreign_reason

    try:
        conn = sqlite3.connect(inspection_uri(path), uri=True, timeout=10)
        try:
            reason = foreign_reason(lambda sql: conn.execute(sql).fetchall(), sqlite=True)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if _is_lock_error(exc) or _is_access_error(exc):
            raise (read_only_error(path) or _translate(exc)) from exc
        if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_CORRUPT:
            # A damaged page of the schema itself: the same advice as a damage
            # quick_check finds elsewhere in the file (back it up, check, restore).
            from .integrity import damaged_error

            raise damaged_error(str(exc)) from exc
        raise UnhealthyDatabaseError(
            msg(
                "{path} is damaged or is not a database ({reason}); it was left untouched.",
                path=path, reason=str(exc),
            )
        ) from exc
    if reason:
        raise UnhealthyDatabaseError(reason)


def make_database(url: str) -> peewee.Database:
    """A configured, unconnected peewee database for ``url``."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = sqlite_path(url)
        _prepare_sqlite_file(path)
        db = _ExistingSqliteFile(
            str(path), pragmas=SQLITE_PRAGMAS, timeout=10, lock_type="IMMEDIATE"
        )
        # The full-text index's triggers and views fold text with it (models/search_fold.py).
        db.register_function(search_fold.fold, search_fold.FOLD_FUNCTION, 1, deterministic=True)
        return db
    if parsed.scheme in pg_url.SCHEMES:
        pg_url.remember_password(url)
        pg_url.require_tls_for_remote(url)
        # The whole URL is libpq's DSN: sslmode, host=/socket/dir, connect_timeout …
        return PostgresqlDatabase(pg_url.libpq_url(url))
    raise DatabaseError(
        msg(
            "Unsupported database URL {url!r}: use sqlite:///path.db or postgresql://user@host/db.",
            url=pg_url.redact(url, url),
        )
    )


def open_database(
    url: str | None = None, *, upgrade: bool = True, verify: bool | None = None
) -> peewee.Database:
    """Bind the proxy to the database at ``url`` and bring its schema up to date.

    ``verify`` (default: ``upgrade``, i.e. opened for use) starts SQLite's
    quick_check; no write happens before it found the file sound (see
    ``models.integrity``; a big file found sound within the last day is not
    checked again). Raises ``UnhealthyDatabaseError`` for a file that is
    not ours or is damaged (never written to), ``SchemaTooNewError`` for a
    database from a newer release.
    """
    from . import migrations

    url = resolve_url(url)
    db = make_database(url)
    database.initialize(db)
    try:
        if isinstance(db, _ExistingSqliteFile) and (upgrade if verify is None else verify):
            path = Path(db.database)
            if integrity.is_small(path):
                db.quick_check = integrity.QuickCheck(path)
                integrity.refuse_if_damaged(db)
            elif not integrity.recently_found_sound(db):
                db.quick_check = integrity.QuickCheck(path, record=True)
        migrations.check_is_ours(db)
        if getattr(db, "quick_check", None) is not None:
            db.quick_check.ours.set()  # its sound verdict may now be kept in the file
        if upgrade:
            if not migrations.is_current(db):
                integrity.refuse_if_damaged(db)
            migrations.upgrade(db)
        else:
            migrations.check_version(db)
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        close_database()
        raise _translate(exc, url) from exc
    except DomainError:
        close_database()
        raise
    path = sqlite_path(url)
    if path is not None and path.exists():
        restrict_mode(path)
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


# ---------------------------------------------------------------- calls

def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(
        word in text
        for word in ("database is locked", "database is busy", "deadlock", "could not serialize")
    )


def _open_url() -> str | None:
    """The URL of the open PostgreSQL database (its name is the whole URL)."""
    db = database.obj
    return db.database if isinstance(db, PostgresqlDatabase) else None


def _is_access_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "unable to open" in text or "readonly" in text or "read-only" in text


def _translate(exc: BaseException, url: str | None = None) -> DomainError:
    text = pg_url.redact(str(exc), url or _open_url())
    low = text.lower()
    if isinstance(exc, peewee.IntegrityError):
        return ConflictError("That change conflicts with existing data.")
    if "malformed" in low:
        integrity.note_damage(database.obj, text)  # every later write is refused at once
        return integrity.damaged_error(text)
    if "file is not a database" in low:
        return UnhealthyDatabaseError(
            "The database file is damaged or is not a database; it was left untouched."
        )
    if _is_lock_error(exc):
        return DatabaseError("The database is busy. Please try again in a moment.")
    if _is_access_error(exc):
        db = database.obj
        path = Path(db.database) if isinstance(db, SqliteDatabase) else None
        read_only = read_only_error(path) if path is not None and path.exists() else None
        if read_only is not None:
            return read_only
        return DatabaseError(
            "The database file cannot be opened for reading and writing. Check that it is "
            "still in its place and that you may read and write it."
        )
    if "could not connect" in low or "connection" in low or "server closed" in low:
        return DatabaseError(
            msg(
                "The database server cannot be reached ({reason}). Check that it is running "
                "and that the URL is right.",
                reason=" ".join(text.split()) or type(exc).__name__,
            )
        )
    reason = text.splitlines()[0] if text else type(exc).__name__
    return DatabaseError(msg("The database failed: {reason}.", reason=reason))


def reads(func: Callable[P, R]) -> Callable[P, R]:
    """Mark a read-only domain call: driver errors become ``DatabaseError``.

    A read that finds its connection dead (a restarted server) reconnects and
    runs once more: reading twice changes nothing.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        _follow_moved_file()
        retried = False
        while True:
            try:
                return func(*args, **kwargs)
            except (peewee.PeeweeException, sqlite3.Error) as exc:
                if isinstance(exc, peewee.InterfaceError | peewee.OperationalError):
                    lost = _connection_lost()
                    _reset_connection()
                    if lost and not retried and not _in_transaction():
                        retried = True
                        continue
                raise _translate(exc) from exc

    return wrapper


def writes(func: Callable[P, R]) -> Callable[P, R]:
    """Run a domain call in one short write transaction, retrying on lock contention.

    Nested calls join the caller's transaction. Domain errors raised inside roll
    the transaction back and propagate unchanged. A connection found dead when
    the transaction begins (a restarted server) is replaced once; a failure after
    the function started is never retried here, since it may have committed.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        db = database.obj
        if db is None:
            raise DatabaseError("No database is open.")
        if db.in_transaction():
            return func(*args, **kwargs)
        integrity.refuse_if_damaged(db)
        _follow_moved_file()
        deadline = time.monotonic() + LOCK_RETRY_SECONDS
        delay = 0.005
        reconnected = False
        while True:
            started = False
            try:
                with db.atomic():
                    started = True
                    return func(*args, **kwargs)
            except (peewee.PeeweeException, sqlite3.Error) as exc:
                if _is_lock_error(exc) and time.monotonic() < deadline:
                    time.sleep(delay * (1 + random.random()))
                    delay = min(delay * 2, 0.25)
                    continue
                if isinstance(exc, peewee.InterfaceError | peewee.OperationalError):
                    lost = _connection_lost()
                    _reset_connection()
                    if lost and not started and not reconnected:
                        reconnected = True  # BEGIN failed: nothing was sent yet
                        continue
                raise _translate(exc) from exc

    return wrapper


def _follow_moved_file() -> None:
    db = database.obj
    if isinstance(db, _ExistingSqliteFile):
        db.follow_moved_file()


def _in_transaction() -> bool:
    db = database.obj
    return db is not None and db.in_transaction()


def _connection_lost() -> bool:
    """Whether this thread's connection is broken (psycopg2 marks it closed when
    the server went away); SQLite connections to a file do not break this way."""
    db = database.obj
    if db is None or db.is_closed():
        return False
    conn = db._state.conn
    return bool(getattr(conn, "closed", 0)) if not isinstance(conn, sqlite3.Connection) else False


def _reset_connection() -> None:
    """Drop this thread's connection after a failure, so the next call reconnects
    (a restarted server or a restored file works again without a restart)."""
    db = database.obj
    if db is None:
        return
    try:
        if not db.in_transaction():
            db.close()
    except Exception:  # noqa: BLE001 - the connection is already broken
        pass
