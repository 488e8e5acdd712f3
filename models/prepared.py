"""Statements whose SQL peewee builds once per database, not on every call.

Measured at community scale (bench/README.md), building the SQL text of a
joined SELECT costs peewee 0.5–0.7 ms, several times what SQLite needs to
answer it; the hot paths (chat pages, the dialog list, sending, the feeds)
therefore keep the text and bind new values each time. Peewee still writes
the SQL, so it stays right for either backend.

On PostgreSQL the server also keeps each statement, prepared once per
connection (``PREPARE``, then ``EXECUTE`` with the values): planning the
Following feed's page took the server 0.85 ms of its 2.2, more than running
it (bench/README.md). The server then plans a statement once for all values
when it estimates that plan no worse than one for each call's values
(``plan_cache_mode = auto``); a LIMIT is therefore written into the statement
as a number (one statement a page size), not left a parameter whose unknown
value the server takes for a tenth of the table (the Everyone feed: planned
at each call, 0.9 ms; planned once, 0.3). The chat pages and openings and the
feeds are planned once whatever the estimate says (``one_plan``: measured
at scale 1, chat page 1.7 → 0.9 ms); not every statement: a one-word people
search planned once took 35–50 ms instead of 2.5 (two words are: one plan
fits every pair, 1.9 → 1.0 ms), a post's comments 1.0 instead of 0.6.
``MESSENGER_PG_PREPARE=off`` sends the SQL each time instead, for a pooler
that hands each transaction another server connection (PgBouncer in
transaction mode), where a prepared statement is not there.
"""

from __future__ import annotations

import itertools
import os
import re
import time
import weakref
from collections.abc import Callable
from datetime import date, datetime

from peewee import BooleanField, DateField, DateTimeField, PostgresqlDatabase

from .db import database
from .gather import gathering

PREPARE_ENV = "MESSENGER_PG_PREPARE"
_names = itertools.count(1)
_MODE = ("plan_cache_mode",)  # a key of a connection's names: its mode now
MAX_TEXTS = 200  # statements prepared on one connection, at most (past it: sent as SQL)
# The statements prepared on each PostgreSQL connection, by ``Prepared``, with
# their names there (a new connection, as after a lost one, starts with none).
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_texts: dict[str, str] = {}  # each name's SQL, for ``statement_text``
_every: list[Prepared] = []  # every statement made (module-level: they live as long)


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

    def __init__(self, build: Callable[..., object], nargs: int, *, one_plan: bool = False):
        self._build = build
        self._nargs = nargs
        self._state: tuple | None = None
        self._typed_as: tuple = ()  # each converted column's PostgreSQL type oids
        self._typed: bool | None = None
        # PostgreSQL: planned once for all values (measured no worse for any)
        self._one_plan = one_plan
        _every.append(self)

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
        converters, typed_as = [], []
        for index, node in enumerate(query._returning or ()):
            field = getattr(node, "node", node)  # an aliased column
            if isinstance(field, DateTimeField):
                converters.append((index, _datetime_converter(field.python_value)))
            elif isinstance(field, DateField | BooleanField):
                converters.append((index, field.python_value))
            else:
                continue
            typed_as.append(next(oids for kind, oids in _PG_TYPED if isinstance(field, kind)))
        server_side = _server_side(db)
        state = (db, sql, tuple(params), tuple(slots), tuple(converters), server_side)
        self._state = state
        self._typed_as = tuple(typed_as)
        self._typed = None  # known from the first result's column types (``_converters``)
        return state

    def _converters(self, cursor, converters: tuple) -> tuple:
        """The converters this statement's rows need: on PostgreSQL none when
        its columns come typed as peewee would convert them (a timestamp as
        a ``datetime``, a boolean as a ``bool``: psycopg2 makes them so), as
        the first result's column types tell; a statement's column types do
        not change between calls there. Converting a post's 30 comments
        was a tenth of the call's time (issue 17, PostgreSQL)."""
        if gathering():
            return converters  # answered from JSON: its times come as text (models/gather.py)
        if self._typed is None:
            self._typed = all(  # (SQLite gives no column types: None)
                cursor.description[index][1] in oids
                for (index, _convert), oids in zip(converters, self._typed_as, strict=True))
        return () if self._typed else converters

    def _run(self, args: tuple):
        db = database.obj
        state = self._state
        if state is None or state[0] is not db:
            state = self._compile(db)
        _, sql, params, slots, converters, server_side = state
        values = [p if slot is None else args[slot] for p, slot in zip(params, slots, strict=True)]
        if server_side and not gathering():  # (gathered: its SQL goes in gather's statement)
            return self._execute_prepared(db, sql, values), converters
        return db.execute_sql(sql, values), converters

    def _execute_prepared(self, db, sql: str, values: list):
        # Each LIMIT's value written into the statement (one statement a page
        # size: few): with it a parameter, the server estimates a tenth of the
        # table for the LIMIT and keeps planning each call for its values.
        places = _limit_places(sql)
        if not places or not all(type(values[i]) is int for i in places):  # noqa: E721
            return _run_prepared(db, self, sql, values, self._one_plan)
        limits = tuple(values[i] for i in places)
        inlined = _inline(sql, dict(zip(places, limits, strict=True)))
        rest = [v for i, v in enumerate(values) if i not in places]
        return _run_prepared(db, (self, limits), inlined, rest, self._one_plan)

    def execute(self, *args):
        """Run the statement with these arguments; returns the DB-API cursor."""
        return self._run(args)[0]

    def rows(self, *args) -> list:
        """The rows (tuples, or lists when a column was converted)."""
        cursor, converters = self._run(args)
        return _convert(cursor.fetchall(), self._converters(cursor, converters))

    def dicts(self, *args) -> list[dict]:
        """Rows as dicts keyed by column name (or alias), converted as in ``rows``."""
        cursor, converters = self._run(args)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True))
                for row in _convert(cursor.fetchall(), self._converters(cursor, converters))]


def build_ahead(budget: float = 0.01) -> int:
    """Build the SQL of the statements not built yet for the open database, for
    about ``budget`` seconds at most (at least one); how many were built (0:
    none was left). A statement's first call builds its SQL: 1.5–3.5 ms for a
    chat's opening and a group's page (issue 17: the session's first group
    opened took 5 ms more than the next), so the app builds them in quiet
    moments after log-in. Only the statements of the modules imported so far."""
    db = database.obj
    if db is None:
        return 0
    started, built = time.perf_counter(), 0
    for statement in tuple(_every):
        state = statement._state
        if state is not None and state[0] is db:
            continue
        try:
            statement._compile(db)
        except Exception:  # noqa: BLE001 - its first call will say what is wrong
            _every.remove(statement)  # not tried again here
            continue
        built += 1
        if time.perf_counter() - started >= budget:
            break
    return built


def execute_sql(sql: str, params: list):
    """Plain SQL whose text repeats (its values apart), run as ``Prepared`` runs
    its statements: on PostgreSQL prepared once per connection (at most
    ``MAX_TEXTS`` texts a connection; more run as they are). ``page_extras``
    builds a few shapes of one statement for every page."""
    db = database.obj
    if not _server_side(db) or gathering():
        return db.execute_sql(sql, params)
    return _run_prepared(db, sql, sql, params, one_plan=True)


def _server_side(db) -> bool:
    """Whether statements are prepared on this database's server."""
    return isinstance(db, PostgresqlDatabase) and (
        os.environ.get(PREPARE_ENV, "").lower() not in ("0", "off", "no", "false"))


def _run_prepared(db, key, sql: str, values: list, one_plan: bool = False):
    """``EXECUTE`` of ``sql``, prepared on this connection (under ``key``) by its
    first call in the same round trip (``PREPARE …; EXECUTE …``: one query).

    ``one_plan``: run under ``plan_cache_mode = force_generic_plan`` (else
    ``auto``); the connection's mode is set, in the same query, only when it
    changes (inside a transaction, whose rollback would undo it, it is set
    again next time)."""
    connection = db.connection()
    names = _prepared_on.get(connection)
    if names is None:
        names = _prepared_on.setdefault(connection, {})
    name = names.get(key)
    if name is None and len(names) >= MAX_TEXTS:
        return db.execute_sql(sql, values)  # (statements of every shape: no more kept)
    mode = "force_generic_plan" if one_plan else "auto"
    setting = "" if names.get(_MODE, "auto") == mode else f"SET plan_cache_mode = {mode}; "
    new = name is None
    if new:  # a new name each try: a PREPARE whose EXECUTE failed stays on the server
        name = f"messenger_{next(_names)}"
    execute = f"EXECUTE {name} ({', '.join(['%s'] * len(values))})" if values \
        else f"EXECUTE {name}"
    if new:
        # Typed by this first call's values: an id compared with the largest
        # cursor (2**63 - 1) would otherwise be taken for an int4.
        types = ", ".join(_pg_type(value) for value in values)
        prepare = f"PREPARE {name} ({types}) AS {_numbered(sql)}" if values \
            else f"PREPARE {name} AS {sql}"
        execute = f"{prepare}; {execute}"
    cursor = db.execute_sql(setting + execute, values)  # (a failure undoes the SET too)
    if new:
        names[key] = name
        _texts[name] = sql
    if setting:
        names[_MODE] = "unknown" if db.in_transaction() else mode
    return cursor


_PLACEHOLDER = re.compile(r"%%|%s")  # psycopg2's parameter, or a literal %
_LIMITS: dict[str, tuple[int, ...]] = {}


def _limit_places(sql: str) -> tuple[int, ...]:
    """The indexes, among ``sql``'s ``%s`` parameters, of those right after ``LIMIT``."""
    found = _LIMITS.get(sql)
    if found is None:
        places, index = [], 0
        for match in _PLACEHOLDER.finditer(sql):
            if match.group() == "%s":
                if re.search(r"LIMIT\s*$", sql[:match.start()]):
                    places.append(index)
                index += 1
        found = _LIMITS[sql] = tuple(places)
    return found


def _inline(sql: str, values: dict[int, int]) -> str:
    """``sql`` with the ``%s`` parameters at these indexes written as their numbers."""
    index = -1

    def put(match: re.Match) -> str:
        nonlocal index
        if match.group() == "%%":
            return "%%"
        index += 1
        return str(int(values[index])) if index in values else "%s"

    return _PLACEHOLDER.sub(put, sql)


def statement_text(sent: str) -> str:
    """The SQL of a statement as sent: for ``EXECUTE`` of one of these, the
    statement it runs (the tests and the bench look for what a call asks;
    a first call's ``PREPARE`` holds it already)."""
    if sent.startswith("EXECUTE messenger_"):
        return _texts.get(sent.split()[1], sent)
    return sent


# Python's types as PostgreSQL's, the first that matches (bool before int,
# datetime before date: each is the other's subclass).
_PG_TYPES = ((bool, "boolean"), (int, "bigint"), (float, "double precision"),
             (str, "text"), (datetime, "timestamp"), (date, "date"))


def _pg_type(value: object) -> str:
    for python_type, pg_type in _PG_TYPES:
        if isinstance(value, python_type):
            return pg_type
    if isinstance(value, list | tuple) and value and all(
            type(v) is int for v in value):  # noqa: E721 - not bool
        return "bigint[]"
    return "unknown"  # (None) the server infers it from where it stands


def _numbered(sql: str) -> str:
    """psycopg2's ``%s`` placeholders as PostgreSQL's ``$1``, ``$2``… (``%%``
    stays: psycopg2 makes it ``%`` as it sends the values of the EXECUTE)."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(
        lambda match: "%%" if match.group() == "%%" else f"${next(numbers)}", sql)


# PostgreSQL's type oids that psycopg2 returns as the field's Python type:
# timestamp and timestamptz, date, boolean.
_PG_TYPED = ((DateTimeField, (1114, 1184)), (DateField, (1082,)), (BooleanField, (16,)))


def _convert(rows: list, converters: tuple) -> list:
    if converters:
        rows = [list(row) for row in rows]
        for row in rows:
            for index, convert in converters:
                row[index] = convert(row[index])
    return rows
