"""Planner statistics after a bulk change (``messenger db copy``, an upgrade step
that built indexes over existing rows).

A database filled in one go has tables and indexes but no statistics: SQLite has
no ``sqlite_stat1`` and PostgreSQL's autovacuum gets to the tables only later, so
until then the planner guesses row counts (a PostgreSQL chat page measured 4.2 ms
right after a copy instead of 2 ms). ``refresh`` gathers them at once.
"""

from __future__ import annotations

import peewee


def refresh(db: peewee.Database) -> None:
    """Gather the planner's statistics of every table and index of ``db``.

    SQLite: ``ANALYZE`` writes ``sqlite_stat1``; ``PRAGMA optimize`` then lets
    later connections keep them current. PostgreSQL: ``ANALYZE`` of the whole
    database (sets ``pg_stat_user_tables.last_analyze``).
    """
    db.execute_sql("ANALYZE")
    if isinstance(db, peewee.SqliteDatabase):
        db.execute_sql("PRAGMA optimize")
