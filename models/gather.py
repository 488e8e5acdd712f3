"""Several independent reads in one round trip on PostgreSQL (issue 17).

``gather`` runs domain reads whose statements do not depend on each other
(the sections of the global search): on PostgreSQL it runs each call with
its statements *recorded* instead of sent — the first statement a call would
send stops it — asks every recorded statement in one ``SELECT`` (each one's
rows as a JSON array, a column apiece), and runs the calls again, now
answered from those rows. A call that needs a statement its first answers
decide (a ``from:`` login looked up first) takes one more round; after
``ROUNDS`` the rest run as usual. SQLite (function calls, no round trips)
runs the calls as they are.

What comes back through JSON is what the driver gives for the types these
reads select — whole numbers, text, booleans, NULL — but timestamps, which
come as ISO text; peewee's ``DateTimeField`` and ``search.as_datetime``
read that text as the same ``datetime``; a whole ``float8`` comes as a whole
number (peewee's ``FloatField`` and ``page_extras`` make it a float again).
Reads of ``numeric`` or ``bytea`` columns must not be gathered.

It is not free: the server writes the JSON, the client parses it, and the
calls run twice. For a few rows a part (the search's sections, a page's
originals and extras) that costs about what the saved round trips do on a
local server (bench/README.md, fourth round); for a page of 50 messages it
cost more, so pages carry what they need as columns of their own statement.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from operator import itemgetter
from typing import Any, TypeVar

from .db import database, is_sqlite

T = TypeVar("T")
_second = itemgetter(1)
ROUNDS = 3  # batched rounds before the calls left run on their own

_active = threading.local()  # the replay of this thread, if it gathers


class _Pending(BaseException):  # not an Exception: no domain code catches it
    """A call reached a statement that has no answer yet."""


class _Rows:
    """A cursor over answered rows, as much of one as peewee and the callers use."""

    def __init__(self, names: list[str], rows: list[tuple]) -> None:
        # no rows, no names (JSON carries them in the rows): nothing to name
        self.description = [(name, None, None, None, None, None, None) for name in names]
        self._rows = rows
        self._at = 0
        self.rowcount = len(rows)

    def fetchone(self):
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchmany(self, size: int = 1):
        part = self._rows[self._at:self._at + size]
        self._at += len(part)
        return part

    def fetchall(self):
        rest = self._rows[self._at:]
        self._at = len(self._rows)
        return rest

    def __iter__(self):
        while (row := self.fetchone()) is not None:
            yield row

    def close(self) -> None:
        pass


def _key(sql: str, params) -> tuple:
    return sql, tuple(tuple(p) if isinstance(p, list) else p for p in params or ())


class _Replay:
    def __init__(self, answers: dict, record: bool) -> None:
        self.answers = answers
        self.record = record
        self.wanted: dict[tuple, tuple[str, list]] = {}

    def execute(self, original, sql: str, params):
        key = _key(sql, params)
        if key in self.answers:
            names, rows = self.answers[key]
            return _Rows(names, rows)
        if not self.record:
            return original(sql, params)
        self.wanted[key] = (sql, list(params or ()))
        raise _Pending


def gathering() -> bool:
    """Whether this thread's statements now go through ``gather``'s replay."""
    return getattr(_active, "replay", None) is not None


def _install(db) -> None:
    """Route ``db.execute_sql`` through this thread's replay while one runs."""
    if getattr(db, "_gather_installed", False):
        return
    original = db.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        replay = getattr(_active, "replay", None)
        if replay is None:
            return original(sql, params, *args, **kwargs)
        return replay.execute(lambda s, p: original(s, p, *args, **kwargs), sql, params)

    db.execute_sql = execute_sql
    db._gather_installed = True


class _Pairs(list):
    """A JSON object as its (key, value) pairs: a row's columns, in order, names
    repeated as a statement may repeat them."""


def _values(value):
    if isinstance(value, _Pairs):
        return {k: _values(v) for k, v in value}
    if isinstance(value, list):
        return [_values(v) for v in value]
    return value


def _fetch(wanted: dict[tuple, tuple[str, list]]) -> dict[tuple, tuple[list, list]]:
    """Every wanted statement's rows, in one statement."""
    parts, params = [], []
    for sql, part_params in wanted.values():
        parts.append(f"(SELECT coalesce(json_agg(x), '[]')::text FROM ({sql}) x)")
        params += part_params
    row = database.obj.execute_sql("SELECT " + ", ".join(parts), params).fetchone()
    answers = {}
    for key, text in zip(wanted, row, strict=True):
        objects = []

        def pairs(found, objects=objects):
            objects.append(found)
            return _Pairs(found)

        decoded = json.loads(text, object_pairs_hook=pairs)
        names = [name for name, _ in decoded[0]] if decoded else []
        if len(objects) == len(decoded):  # one object a row: no column holds objects
            rows = [tuple(map(_second, row)) for row in decoded]
        else:
            rows = [tuple(_values(v) for _, v in row) for row in decoded]
        answers[key] = (names, rows)
    return answers


def gather(calls: dict[str, Callable[[], T]]) -> dict[str, T]:
    """Each call's result, by name; on PostgreSQL their statements go together."""
    if is_sqlite() or getattr(_active, "replay", None) is not None:
        return {name: call() for name, call in calls.items()}
    _install(database.obj)
    answers: dict[tuple, Any] = {}
    done: dict[str, T] = {}
    for round_ in range(ROUNDS + 1):
        replay = _Replay(answers, record=round_ < ROUNDS)
        _active.replay = replay
        try:
            for name, call in calls.items():
                if name not in done:
                    try:
                        done[name] = call()
                    except _Pending:
                        pass
        finally:
            _active.replay = None
        if not replay.wanted:
            break
        answers.update(_fetch(replay.wanted))
    return {name: done[name] for name in calls}
