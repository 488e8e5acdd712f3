"""Keeping SQLite's full-text index quick to read while people write.

FTS5 adds every write transaction to its index as a small segment and merges
them four at a time; a query looks each of its words up in every segment, so
a busy community's index of a dozen segments answers a one-chat next match
about three times slower than a merged one (bench/README.md: 0.76 → 0.33 ms
at scale 0.1). ``tidy_search_index`` does one bounded step of merging
(``'merge'`` with a page budget, merging levels that hold two segments or
more); the app's live thread calls it now and then, so no one waits for it
and no call holds the write lock for long. PostgreSQL's GIN indexes need
nothing of the kind.
"""

from __future__ import annotations

from .db import database, is_sqlite, writes
from .migration_search import SQLITE_INDEXES

MERGE_PAGES = 200  # index pages written per step: a few milliseconds of writing
USERMERGE = 2  # segments on one level that a step merges (FTS5's own default: 4)


@writes
def tidy_search_index(pages: int = MERGE_PAGES) -> None:
    """One bounded step of merging the search index's segments (SQLite only)."""
    if not is_sqlite():
        return
    for _table, index, _findable, _extra in SQLITE_INDEXES:
        row = database.execute_sql(
            f"SELECT v FROM {index}_config WHERE k = 'usermerge'").fetchone()
        if row is None or row[0] != USERMERGE:
            database.execute_sql(
                f"INSERT INTO {index}({index}, rank) VALUES ('usermerge', {USERMERGE})")
        database.execute_sql(f"INSERT INTO {index}({index}, rank) VALUES ('merge', ?)",
                             (int(pages),))
