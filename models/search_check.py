"""``messenger db check`` for the full-text index: does it agree with the
messages and posts it indexes? Each disagreement is named by its row.

SQLite: the ids the FTS5 index holds (its ``*_docsize`` table) against the
findable rows — a row missing from the index, or an entry with no findable
row (a deleted message still findable) — then each entry's words against
its text (a checksum of the words per row: the index's words read through
``fts5vocab``, the text's folded and cut as FTS5 cuts it), then FTS5's own
``integrity-check`` against the content, which notices anything else. The
words of the whole index are read once (a few seconds and some hundred MB
at a million messages: an operator's check, not a hot path). PostgreSQL: each row's ``search`` vector
against ``messenger_vector(text)`` of its current text.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Callable

import peewee

from .migration_comments import PG_COMMENT_TABLE, SQLITE_COMMENT_INDEX
from .migration_search import PG_TABLES, SQLITE_INDEXES
from .search_fold import fold_by_words, fts_tokens

BATCH = 5_000
MAX_NAMED = 10  # ids listed per kind of disagreement
Progress = Callable[[int, int], None]


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:MAX_NAMED])
    return shown + (f" and {len(ids) - MAX_NAMED} more" if len(ids) > MAX_NAMED else "")


def index_problems(db: peewee.Database, progress: Progress | None = None) -> list[str]:
    """Readable lines, one per kind of disagreement per table; empty when the index agrees."""
    if isinstance(db, peewee.PostgresqlDatabase):
        return _postgresql(db, progress)
    return _sqlite(db, progress)


def _sqlite(db: peewee.Database, progress: Progress | None) -> list[str]:
    present = set(db.get_tables())
    problems: list[str] = []
    for table, index, findable, _extra in (*SQLITE_INDEXES, SQLITE_COMMENT_INDEX):
        if index not in present:
            problems.append(f"Search index: table {index} is missing: run `messenger db upgrade`.")
            continue
        missing, extra, stale = _sqlite_rows(db, table, index, findable, progress)
        what = f"{table}s"
        if missing:
            problems.append(f"Search index: {len(missing)} {what} are not in the index "
                            f"(ids {_ids(missing)}).")
        if extra:
            problems.append(f"Search index: {len(extra)} entries of {index} have no findable "
                            f"{table} (deleted or gone; ids {_ids(extra)}).")
        if stale:
            problems.append(f"Search index: {len(stale)} {what} are indexed with other words "
                            f"than their text (ids {_ids(stale)}).")
        if not (missing or extra or stale) and not _fts_agrees(db, index):
            problems.append(f"Search index: {index} does not match the text of its {what} "
                            "(FTS5 integrity-check).")
    return problems


def _sqlite_rows(db, table: str, index: str, findable: str, progress: Progress | None):
    """(missing, extra, stale) ids of ``table`` against ``index``, a batch of ids at a time."""
    top = db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
    top = max(top, db.execute_sql(f"SELECT COALESCE(MAX(id), 0) FROM {index}_docsize").fetchone()[0])
    missing: list[int] = []
    extra: list[int] = []
    stale: list[int] = []
    indexed = _indexed_sums(db, index)
    low = 0
    while low < top:
        high = low + BATCH
        rows = dict(db.execute_sql(
            f'SELECT id, text FROM "{table}" WHERE {findable} AND id > ? AND id <= ?', (low, high)
        ).fetchall())
        ids = {row[0] for row in db.execute_sql(
            f"SELECT id FROM {index}_docsize WHERE id > ? AND id <= ?", (low, high)
        ).fetchall()}
        missing += sorted(rows.keys() - ids)
        extra += sorted(ids - rows.keys())
        for row_id in sorted(rows.keys() & ids):
            if indexed.get(row_id, 0) != _words_sum(fts_tokens(fold_by_words(rows[row_id]))):
                stale.append(row_id)
        low = high
        if progress is not None:
            progress(min(low, top), top)
    return missing, extra, stale


def _words_sum(words) -> int:
    """An order-free checksum of a row's words (each word's CRC-32, summed)."""
    return sum(zlib.crc32(word.encode()) for word in words)


def _indexed_sums(db, index: str) -> dict[int, int]:
    """``_words_sum`` of the words the index holds for each row (its text column)."""
    vocabulary = f"temp.{index}_check_words"
    db.execute_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocabulary} "
                   f"USING fts5vocab(main, {index}, 'instance')")
    sums: dict[int, int] = defaultdict(int)
    try:
        for term, doc in db.execute_sql(f"SELECT term, doc FROM {vocabulary} WHERE col = 'body'"):
            sums[doc] += zlib.crc32(term.encode())
    finally:
        db.execute_sql(f"DROP TABLE IF EXISTS {vocabulary}")
    return sums


def _fts_agrees(db, index: str) -> bool:
    try:
        db.connection().execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def _postgresql(db: peewee.Database, progress: Progress | None) -> list[str]:
    problems: list[str] = []
    for table, _vector, _columns, findable in (*PG_TABLES, PG_COMMENT_TABLE):
        wrong = [row[0] for row in db.execute_sql(
            f'SELECT id FROM "{table}" WHERE search IS DISTINCT FROM '
            f"(CASE WHEN {findable} THEN messenger_vector(text) END) ORDER BY id"
        ).fetchall()]
        if wrong:
            problems.append(f"Search index: {len(wrong)} {table}s are indexed with other words "
                            f"than their text, or a deleted one is still findable "
                            f"(ids {_ids(wrong)}).")
        if progress is not None:
            progress(1, 1)
    return problems
