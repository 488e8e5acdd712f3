"""Schema version 10: the full-text index of messages and posts.

SQLite: FTS5 external-content tables ``message_search`` and ``post_search``
over the views ``message_search_source`` / ``post_search_source`` (the folded
text of each message that is not deleted, and of each post), kept by triggers,
so every write — the app's, a copy's, a bulk load's — changes the index in its
own transaction and a crash can never leave the two disagreeing.

PostgreSQL: a ``search`` tsvector column on ``message`` and ``post`` set by a
``BEFORE INSERT OR UPDATE`` trigger from ``messenger_vector(text)`` (folded
words, Russian and English stems), with a GIN index.

Both fold with ``messenger_fold`` (``models/search_fold.py``). An existing
database is indexed by the step, a batch at a time, telling ``progress``
(see ``reporting``) how far it got.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import peewee

from .search_fold import (
    FOLD_FUNCTION,
    PG_VECTOR_FUNCTION,
    PREFIX_LENGTHS,
    SQLITE_TOKENIZER,
    fold_sql_function,
)

BATCH = 20_000  # rows indexed per statement while building
Progress = Callable[[str, int, int], None]  # (what, done, total)
_progress: list[Progress] = []

# (table, its FTS5 index, the condition for a row to be findable, the columns
# indexed beside the folded text). A message's ``scope`` is the token ``d<dialog
# id>``: one chat's search asks the index for ``scope:d12`` with its words, so
# it never walks other chats' matches.
SQLITE_INDEXES = (
    # a group's system lines (kind "system": a JSON payload) are not text anyone wrote
    ("message", "message_search", "deleted = 0 AND kind = 'text'",
     (("scope", "'d' || {row}dialog_id"),)),
    ("post", "post_search", "1", ()),
)


@contextlib.contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    """Tell ``progress(what, done, total)`` how the index building goes while
    the block runs (``messenger db upgrade`` draws it as a progress line)."""
    if progress is None:
        yield
        return
    _progress.append(progress)
    try:
        yield
    finally:
        _progress.remove(progress)


def _tell(what: str, done: int, total: int) -> None:
    for progress in _progress:
        progress(what, done, total)


def upgrade_search_index(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        _postgresql(db)
    else:
        _sqlite(db)


# ---------------------------------------------------------------- SQLite

def sqlite_ddl(table: str, index: str, findable: str, extra: tuple) -> list[str]:
    """The view, FTS5 table and triggers that index ``table``'s ``text``."""
    names = ", ".join(["body", *(name for name, _ in extra)])

    def values(row: str) -> str:
        return ", ".join([f"{FOLD_FUNCTION}({row}text)",
                          *(expression.format(row=row) for _, expression in extra)])

    condition_new = findable.replace("deleted", "new.deleted").replace("kind", "new.kind")
    condition_old = findable.replace("deleted", "old.deleted").replace("kind", "old.kind")
    add = (f"INSERT INTO {index}(rowid, {names}) SELECT new.id, {values('new.')} "
           f"WHERE {condition_new};")
    remove = (f"INSERT INTO {index}({index}, rowid, {names}) "
              f"SELECT 'delete', old.id, {values('old.')} WHERE {condition_old};")
    watched = "text, id" + (", deleted" if "deleted" in findable else "")
    watched += ", dialog_id" if extra else ""  # the columns the scope is made of
    source = ", ".join(f"{e.format(row='')} AS {n}" for n, e in extra)
    return [
        f"CREATE VIEW IF NOT EXISTS {index}_source AS SELECT id, {FOLD_FUNCTION}(text) AS body"
        f'{", " + source if source else ""} FROM "{table}" WHERE {findable}',
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({names}, "
        f"content='{index}_source', content_rowid='id', tokenize=\"{SQLITE_TOKENIZER}\", "
        f"prefix='{' '.join(map(str, PREFIX_LENGTHS))}')",
        f'CREATE TRIGGER IF NOT EXISTS {index}_insert AFTER INSERT ON "{table}" BEGIN {add} END',
        f'CREATE TRIGGER IF NOT EXISTS {index}_delete AFTER DELETE ON "{table}" BEGIN {remove} END',
        f'CREATE TRIGGER IF NOT EXISTS {index}_update AFTER UPDATE OF {watched} ON "{table}" '
        f"BEGIN {remove} {add} END",
    ]


def _sqlite(db: peewee.Database) -> None:
    for table, index, findable, extra in SQLITE_INDEXES:
        for statement in sqlite_ddl(table, index, findable, extra):
            db.execute_sql(statement)
    fill_sqlite_indexes(db)
    for _table, index, _findable, _extra in SQLITE_INDEXES:
        db.execute_sql(f"INSERT INTO {index}({index}) VALUES ('optimize')")


def fill_sqlite_indexes(db: peewee.Database) -> None:
    """Index every row already written, a batch of ids per statement.

    Also what a bulk load does with the insert triggers dropped (bench/generate.py):
    FTS5 writes its pending terms out as a new segment at every statement's
    savepoint, so a trigger per inserted row makes a segment per row."""
    for table, index, findable, extra in SQLITE_INDEXES:
        columns = ", ".join(["body", *(name for name, _ in extra)])
        source = ", ".join([f"{FOLD_FUNCTION}(text)", *(e.format(row="") for _, e in extra)])
        _build(
            db, table,
            f"INSERT INTO {index}(rowid, {columns}) SELECT id, {source} "
            f'FROM "{table}" WHERE {findable} AND id > ? AND id <= ?',
        )


def _build(db: peewee.Database, table: str, statement: str) -> None:
    """Run ``statement`` (two parameters: an id range) over ``table`` a batch at a time."""
    top = db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
    done = 0
    _tell(table, 0, top)
    while done < top:
        upper = min(done + BATCH, top)
        db.execute_sql(statement, (done, upper))
        done = upper
        _tell(table, done, top)


# ---------------------------------------------------------------- PostgreSQL

PG_TABLES = (("message", "CASE WHEN NEW.deleted OR NEW.kind <> 'text' THEN NULL "
              "ELSE messenger_vector(NEW.text) END",
              "text, deleted", "NOT deleted AND kind = 'text'"),
             ("post", "messenger_vector(NEW.text)", "text", "TRUE"))


def _postgresql(db: peewee.Database) -> None:
    db.execute_sql(fold_sql_function())
    db.execute_sql(PG_VECTOR_FUNCTION)
    for table, vector, columns, findable in PG_TABLES:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS search tsvector')
        db.execute_sql(
            f"CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger "
            f"LANGUAGE plpgsql AS $body$ BEGIN NEW.search := {vector}; RETURN NEW; END $body$"
        )
        db.execute_sql(
            f'CREATE OR REPLACE TRIGGER {table}_search BEFORE INSERT OR UPDATE OF {columns} '
            f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()'
        )
        _build(
            db, table,
            f'UPDATE "{table}" SET search = messenger_vector(text) '
            f"WHERE {findable} AND id > %s AND id <= %s",
        )
        db.execute_sql(
            f'CREATE INDEX IF NOT EXISTS {table}_search ON "{table}" USING GIN (search)'
        )
