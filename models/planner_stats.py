"""Planner statistics after a bulk change (``messenger db copy``, an upgrade step
that built indexes over existing rows).

A database filled in one go has tables and indexes but no statistics: SQLite has
no ``sqlite_stat1`` and PostgreSQL's autovacuum gets to the tables only later, so
until then the planner guesses row counts (a PostgreSQL chat page measured 4.2 ms
right after a copy instead of 2 ms). ``refresh`` gathers them at once.

On PostgreSQL it also vacuums: a table filled in one go has no page marked
all-visible, so an index-only scan reads the table's page of each row anyway
and the planner prefers narrower indexes (the Following feed read each of the
~1 200 posts a person follows from the table, not from the (author, id)
index), until autovacuum comes by — and then it rewrote the visibility map
of the whole copy while people used it (issue 17, the PostgreSQL figures that
moved during a run).
"""

from __future__ import annotations

import peewee


def refresh(db: peewee.Database) -> None:
    """Gather the planner's statistics of every table and index of ``db``.

    SQLite: ``ANALYZE`` writes ``sqlite_stat1``; ``PRAGMA optimize`` then lets
    later connections keep them current. PostgreSQL: ``VACUUM (ANALYZE)`` of
    the whole database (sets ``pg_stat_user_tables.last_analyze`` and marks
    the pages all-visible); run outside a transaction, as ``VACUUM`` must be.
    """
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql("VACUUM (ANALYZE)")
        return
    db.execute_sql("ANALYZE")
    if isinstance(db, peewee.SqliteDatabase):
        db.execute_sql("PRAGMA optimize")
