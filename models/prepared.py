"""Statements whose SQL peewee builds once per database, not on every call.

Measured at community scale (bench/README.md), building the SQL text of a
joined SELECT costs peewee 0.5–0.7 ms, several times what SQLite needs to
answer it; the hot paths (chat pages, the dialog list, sending, the feeds)
therefore keep the text and bind new values each time. Peewee still writes
the SQL, so it stays right for either backend.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from peewee import BooleanField, DateField, DateTimeField

from .db import database


def _datetime_converter(fallback: Callable[[object], object]) -> Callable[[object], object]:
    """Stored times are ISO text on SQLite: ``fromisoformat`` reads them five times
    faster than peewee's format list, which stays the fallback for anything else."""

    def convert(value):
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        return fallback(value)

    return convert


class Prepared:
    """A statement whose SQL peewee builds once per database instead of on every call.

    Building the SQL of a joined query costs peewee about 0.5 ms — several times
    what SQLite needs to answer it (bench/README.md) — so the hot paths (a chat
    page, the dialog list, sending) build it once and only bind new values.
    ``build`` gets one placeholder per argument and returns the query; every
    parameter equal to a placeholder (or to its text, for text columns) is
    replaced by the argument at each call, and rows come back converted as
    peewee would have converted them.
    """

    _MARK = -7_340_000_000_001  # placeholders: integers no id, seq or limit takes

    def __init__(self, build: Callable[..., object], nargs: int):
        self._build = build
        self._nargs = nargs
        self._state: tuple | None = None

    def _compile(self, db) -> tuple:
        marks = [self._MARK - i for i in range(self._nargs)]
        query = self._build(*marks)
        sql, params = query.sql()
        texts = [str(mark) for mark in marks]
        slots = [
            marks.index(p) if isinstance(p, int) and not isinstance(p, bool) and p in marks
            else texts.index(p) if isinstance(p, str) and p in texts
            else None
            for p in params
        ]
        assert set(slots) - {None} == set(range(self._nargs)), "every argument must be bound"
        # Only the columns a driver returns in another form (SQLite's text
        # times, 0/1 booleans) need peewee's converter; ids, numbers and text
        # come back as they are.
        converters = []
        for index, node in enumerate(query._returning or ()):
            field = getattr(node, "node", node)  # an aliased column
            if isinstance(field, DateTimeField):
                converters.append((index, _datetime_converter(field.python_value)))
            elif isinstance(field, DateField | BooleanField):
                converters.append((index, field.python_value))
        state = (db, sql, tuple(params), tuple(slots), tuple(converters))
        self._state = state
        return state

    def _run(self, args: tuple):
        db = database.obj
        state = self._state
        if state is None or state[0] is not db:
            state = self._compile(db)
        _, sql, params, slots, converters = state
        values = [p if slot is None else args[slot] for p, slot in zip(params, slots, strict=True)]
        return db.execute_sql(sql, values), converters

    def execute(self, *args):
        """Run the statement with these arguments; returns the DB-API cursor."""
        return self._run(args)[0]

    def rows(self, *args) -> list:
        """The rows (tuples, or lists when a column was converted)."""
        cursor, converters = self._run(args)
        return _convert(cursor.fetchall(), converters)

    def dicts(self, *args) -> list[dict]:
        """Rows as dicts keyed by column name (or alias), converted as in ``rows``."""
        cursor, converters = self._run(args)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True))
                for row in _convert(cursor.fetchall(), converters)]


def _convert(rows: list, converters: tuple) -> list:
    if converters:
        rows = [list(row) for row in rows]
        for row in rows:
            for index, convert in converters:
                row[index] = convert(row[index])
    return rows
