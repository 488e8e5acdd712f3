"""Copy a whole community from one database to another (SQLite ⇄ PostgreSQL).

``copy_database(source_url, target_url)`` copies every table, media bytes
included, with ids preserved, into an empty target (fresh or migrated, no
data), in batches and in one transaction on the target. Before that
transaction commits it compares, table by table, the row count and a content
hash of the copy with the source's; any difference rolls the whole copy back.
PostgreSQL sequences are moved past the copied ids, so new rows get new ids,
and the target's planner statistics are gathered once it committed (``ANALYZE``;
PostgreSQL's copy is also vacuumed: ``models/planner_stats.py``).

This module works on two databases at once, so it does not go through the
``models.db.database`` proxy or its ``@reads``/``@writes`` decorators (those
serve the one open database); ``_driver_errors`` gives it the same promise:
only ``DomainError`` subclasses reach the caller.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import struct
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import peewee
from peewee import (
    BlobField,
    BooleanField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    PostgresqlDatabase,
    SqliteDatabase,
)

from . import migrations
from .db import _translate, database, make_database, open_database, resolve_url
from .errors import ConflictError, DatabaseError, DomainError, Text, ValidationError, msg
from .planner_stats import refresh
from .schema import ALL_TABLES, BaseModel, Meta

BATCH_ROWS = 500
BATCH_BLOB_ROWS = 16  # media rows carry whole files: keep a batch's memory small


@dataclass(frozen=True, slots=True)
class TableDigest:
    """A table's row count and the sha256 of its rows in primary-key order."""

    table: str
    rows: int
    sha256: str


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What ``copy_database`` copied; each table's digest matched the source's."""

    tables: tuple[TableDigest, ...]

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)


# ---------------------------------------------------------------- values

def _canonical(field: peewee.Field, value: object) -> object:
    """The backend-neutral Python value of a column (SQLite keeps datetimes as
    text and booleans as 0/1, psycopg2 returns bytea as memoryview)."""
    if value is None:
        return None
    if isinstance(field, BooleanField):
        return bool(value)
    if isinstance(field, DateTimeField):
        return field.python_value(value) if isinstance(value, str) else value
    if isinstance(field, DateField):
        if isinstance(value, datetime):
            return value.date()
        return field.python_value(value) if isinstance(value, str) else value
    if isinstance(field, BlobField):
        return bytes(value)
    if isinstance(field, FloatField):
        return float(value)
    if isinstance(field, IntegerField | ForeignKeyField):
        return int(value)
    return str(value)


def _stored(db: peewee.Database, value: object) -> object:
    """A canonical value as the target's driver should receive it (on SQLite,
    the text peewee itself writes for dates and times)."""
    if isinstance(db, SqliteDatabase):
        if isinstance(value, datetime):
            return value.isoformat(" ")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
    return value


def _feed(digest: hashlib._Hash, value: object) -> None:
    """Add one value to a hash unambiguously (type tag + length where needed)."""
    if value is None:
        digest.update(b"N")
    elif isinstance(value, bool):
        digest.update(b"T" if value else b"F")
    elif isinstance(value, int):
        digest.update(b"i" + str(value).encode() + b";")
    elif isinstance(value, float):
        digest.update(b"f" + struct.pack(">d", value))
    elif isinstance(value, datetime):
        digest.update(b"t" + value.isoformat().encode() + b";")
    elif isinstance(value, date):
        digest.update(b"d" + value.isoformat().encode() + b";")
    elif isinstance(value, bytes):
        digest.update(b"b" + str(len(value)).encode() + b":" + value)
    else:
        data = str(value).encode()
        digest.update(b"s" + str(len(data)).encode() + b":" + data)


# ---------------------------------------------------------------- reading

def _q(db: peewee.Database, name: str) -> str:
    return name.join(db.quote)


def _fields(model: type[BaseModel]) -> list[peewee.Field]:
    return list(model._meta.sorted_fields)


def _batch_size(model: type[BaseModel]) -> int:
    return BATCH_BLOB_ROWS if any(isinstance(f, BlobField) for f in _fields(model)) else BATCH_ROWS


def _rows(db: peewee.Database, model: type[BaseModel]) -> Iterator[list[tuple]]:
    """The table's rows, canonical, in primary-key order, a batch at a time
    (keyset paging, so a huge table never loads whole). Text keys compare
    byte-wise on both backends, so both list them in the same order."""
    fields = _fields(model)
    pk = model._meta.primary_key
    table = _q(db, model._meta.table_name)
    columns = ", ".join(_q(db, f.column_name) for f in fields)
    key = _q(db, pk.column_name)
    if isinstance(db, PostgresqlDatabase) and not isinstance(pk, IntegerField):
        key += ' COLLATE "C"'
    key_index = fields.index(pk)
    limit = _batch_size(model)
    last = None
    while True:
        if last is None:
            sql = f"SELECT {columns} FROM {table} ORDER BY {key} LIMIT {limit}"
            params: tuple = ()
        else:
            sql = (f"SELECT {columns} FROM {table} WHERE {key} > {db.param} "
                   f"ORDER BY {key} LIMIT {limit}")
            params = (last,)
        raw = db.execute_sql(sql, params).fetchall()
        if not raw:
            return
        batch = [tuple(_canonical(f, v) for f, v in zip(fields, row, strict=True)) for row in raw]
        yield batch
        if len(raw) < limit:
            return
        last = batch[-1][key_index]


def _digest(db: peewee.Database, model: type[BaseModel]) -> TableDigest:
    digest = hashlib.sha256()
    count = 0
    for batch in _rows(db, model):
        for row in batch:
            for value in row:
                _feed(digest, value)
            digest.update(b"\n")
        count += len(batch)
    return TableDigest(model._meta.table_name, count, digest.hexdigest())


def table_digests(db: peewee.Database) -> tuple[TableDigest, ...]:
    """Every table's row count and content hash (the same data gives the same
    hashes on SQLite and PostgreSQL)."""
    return tuple(_digest(db, model) for model in ALL_TABLES)


# ---------------------------------------------------------------- writing

def _insert(db: peewee.Database, model: type[BaseModel], rows: Sequence[tuple]) -> None:
    fields = _fields(model)
    columns = ", ".join(_q(db, f.column_name) for f in fields)
    one = "(" + ", ".join([db.param] * len(fields)) + ")"
    sql = (f"INSERT INTO {_q(db, model._meta.table_name)} ({columns}) "
           f"VALUES {', '.join([one] * len(rows))}")
    params = [_stored(db, value) for row in rows for value in row]
    db.execute_sql(sql, params)


def _reset_sequences(db: peewee.Database) -> None:
    """Move each PostgreSQL id sequence past the copied ids."""
    if not isinstance(db, PostgresqlDatabase):
        return  # SQLite's INTEGER PRIMARY KEY continues from the largest id
    for model in ALL_TABLES:
        pk = model._meta.primary_key
        if not isinstance(pk, peewee.AutoField):
            continue
        table, column = model._meta.table_name, pk.column_name
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), "
            f"COALESCE(MAX({_q(db, column)}), 1), MAX({_q(db, column)}) IS NOT NULL) "
            f"FROM {_q(db, table)}",
            (_q(db, table), column),
        )


def _refuse_non_empty(db: peewee.Database) -> None:
    for model in ALL_TABLES:
        if model is Meta:
            continue
        table = _q(db, model._meta.table_name)
        if db.execute_sql(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:
            users = db.execute_sql(f"SELECT COUNT(*) FROM {_q(db, 'user')}").fetchone()[0]
            if users:
                reason = msg(
                    "The target database is not empty: it already holds {users} account(s). "
                    "Copy only into a new, empty database; nothing was changed.",
                    users=users,
                )
            else:
                reason = msg(
                    "The target database is not empty: it already holds rows in its table "
                    "{table!r}. Copy only into a new, empty database; nothing was changed.",
                    table=model._meta.table_name,
                )
            raise ConflictError(reason, field="to")


# ---------------------------------------------------------------- the copy

@contextlib.contextmanager
def _driver_errors(where: Text) -> Iterator[None]:
    try:
        yield
    except DomainError:
        raise
    except (peewee.PeeweeException, sqlite3.Error) as exc:
        error = _translate(exc)
        raise DatabaseError(
            msg("{where}: {error}", where=where, error=error.message), field=error.field
        ) from exc


def _snapshot(db: peewee.Database):
    """A read transaction that sees one consistent state of the source while
    others keep writing to it (SQLite: deferred, so writers are not blocked)."""
    if isinstance(db, PostgresqlDatabase):
        return db.atomic("REPEATABLE READ READ ONLY")
    return db.atomic("DEFERRED")


def _same_place(source_url: str, target_url: str) -> bool:
    from .db import sqlite_path

    a, b = sqlite_path(source_url), sqlite_path(target_url)
    if a is not None and b is not None:
        return a.expanduser().resolve() == b.expanduser().resolve()
    return source_url == target_url


def copy_database(
    source_url: str,
    target_url: str,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy everything from ``source_url`` into the empty ``target_url``.

    ``progress(table, rows_copied_so_far)`` is called after each batch. Raises
    ``ValidationError`` for the same database twice or a source that needs an
    upgrade, ``ConflictError`` for a target with data, ``DatabaseError`` when a
    database cannot be used or the copy does not verify (nothing is kept then).
    """
    source_url, target_url = resolve_url(source_url), resolve_url(target_url)
    if _same_place(source_url, target_url):
        raise ValidationError("The source and the target are the same database.", field="to")
    from .db import sqlite_path

    if sqlite_path(source_url) is not None and not sqlite_path(source_url).exists():
        raise ValidationError(
            msg("There is no database at {path}.", path=sqlite_path(source_url)), field="from"
        )

    previous = database.obj
    source = target = None
    try:
        with _driver_errors(msg("The source database")):
            source = make_database(source_url)
            migrations.check_is_ours(source)
            version = migrations.check_version(source)
            if version != migrations.SCHEMA_VERSION:
                raise ValidationError(
                    msg(
                        "The source database has schema version {version}; run "
                        "`messenger db upgrade` on it first.",
                        version=version,
                    ),
                    field="from",
                )
        # The target is bound like any opened database while it is migrated
        # (a fresh one gets its tables here) and filled.
        target = open_database(target_url)
        report = _copy(source, target, progress)
        with _driver_errors(msg("The copy's planner statistics")):
            refresh(target)  # a bulk-filled database has none until autovacuum/ANALYZE
        return report
    finally:
        for db in (source, target):
            if db is not None and not db.is_closed():
                with contextlib.suppress(Exception):
                    db.close()
        database.initialize(previous)


def _copy(source, target, progress) -> CopyReport:
    copied: list[TableDigest] = []
    with _driver_errors(msg("The copy")), _snapshot(source), target.atomic():
        _refuse_non_empty(target)
        if isinstance(target, SqliteDatabase):
            # Rows arrive in id order, but a row may point at a later one of its table.
            target.execute_sql("PRAGMA defer_foreign_keys = ON")
        target.execute_sql(f"DELETE FROM {_q(target, Meta._meta.table_name)}")
        for model in ALL_TABLES:  # parents before children
            name = model._meta.table_name
            done = 0
            for batch in _rows(source, model):
                _insert(target, model, batch)
                done += len(batch)
                if progress is not None:
                    progress(name, done)
        _reset_sequences(target)
        for model in ALL_TABLES:
            want, got = _digest(source, model), _digest(target, model)
            if want != got:
                raise DatabaseError(
                    msg(
                        "The copy of table {table!r} does not match the source "
                        "({want} rows there, {got} here, or different contents); "
                        "nothing was kept.",
                        table=want.table, want=want.rows, got=got.rows,
                    )
                )
            copied.append(got)
    return CopyReport(tuple(copied))
