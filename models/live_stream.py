"""Ids that commit late: where the live poller stands in each list it reads
(models/activity.py ``LivePoller``), and PostgreSQL's transaction snapshots
that tell when no row can still appear below an id already read."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .db import database, is_sqlite

GAP_WAIT = 15.0  # seconds a PostgreSQL transaction may hold an id before it commits


@dataclass(frozen=True, slots=True)
class _Stream:
    """Where reading one live list (my messages, my activity) stands.

    Everything with an id up to ``settled`` was delivered or never will be;
    above it, ``delivered`` holds what was, and ``high`` is the largest id seen.
    On SQLite ``settled == high`` always: its writers commit one at a time, in
    id order. On PostgreSQL an id is taken before its transaction commits, so a
    row can appear below one already read; the poller reads again from
    ``settled`` and drops what it delivered before.
    """

    settled: int
    high: int = -1
    delivered: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if self.high < self.settled:
            object.__setattr__(self, "high", self.settled)

    def settle(self, up_to: int) -> _Stream:
        if up_to <= self.settled:
            return self
        settled = min(up_to, self.high)
        return _Stream(settled, self.high, frozenset(i for i in self.delivered if i > settled))

    def take(self, rows: list, *, full: bool) -> tuple[list, _Stream]:
        """The rows not delivered yet, and the stream that has delivered them. A full
        page moves ``settled`` to its end, so the next poll reads on (a row still
        uncommitted below it then goes unnoticed: only hundreds of rows for one
        person within a few seconds come to that)."""
        new = [row for row in rows if row.id not in self.delivered]
        if not new and not full:
            return [], self
        high = max([self.high, *(row.id for row in rows)])
        delivered = self.delivered | {row.id for row in new}
        stream = _Stream(self.settled, high, delivered)
        if is_sqlite():
            stream = _Stream(high)
        elif full:
            stream = stream.settle(rows[-1].id)
        return new, stream


@dataclass(frozen=True, slots=True)
class _Checkpoint:
    """Ids up to (``messages``, ``activity``) were read before a moment when the
    transactions numbered below ``xmax`` were all the ones that could still commit."""

    xmax: int
    messages: int
    activity: int
    at: float  # time.monotonic()


def _snapshot() -> tuple[int, int] | None:
    """PostgreSQL's (xmin, xmax) now: every transaction numbered below xmin has
    ended; none numbered xmax or above had begun. None on SQLite."""
    if is_sqlite():
        return None
    row = database.obj.execute_sql(
        "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint"
        " FROM pg_current_snapshot() AS s"
    ).fetchone()
    return row[0], row[1]


def _checkpoint(
    pending: tuple[_Checkpoint, ...], snapshot: tuple[int, int] | None, messages: int,
    activity: int,
) -> tuple[_Checkpoint, ...]:
    """Remember that ids up to these were read before ``snapshot`` was taken."""
    if snapshot is None:
        return pending
    if pending and (pending[-1].messages, pending[-1].activity) == (messages, activity):
        return pending  # nothing new read since: the older checkpoint settles sooner
    return (*pending, _Checkpoint(snapshot[1], messages, activity, time.monotonic()))


def _settle(
    pending: tuple[_Checkpoint, ...], snapshot: tuple[int, int]
) -> tuple[tuple[int, int], tuple[_Checkpoint, ...]]:
    """How far both lists are settled now, and the checkpoints still waiting.

    A row with an id below one read at a checkpoint got its id from a
    transaction that already had its own number then (``listen.notify`` runs
    ``txid_current()`` before such a row is inserted), so below the
    checkpoint's ``xmax``. Once the
    oldest running transaction is at or past that ``xmax`` (``snapshot``'s
    xmin), all of them have committed or rolled back, and the reads that follow
    see every row they left. A checkpoint older than ``GAP_WAIT`` settles anyway,
    so a transaction left open elsewhere cannot make every poll read more.
    """
    xmin = snapshot[0]
    now = time.monotonic()
    messages = activity = -1
    waiting = []
    for point in pending:
        if point.xmax <= xmin or now - point.at >= GAP_WAIT:
            messages, activity = max(messages, point.messages), max(activity, point.activity)
        else:
            waiting.append(point)
    return (messages, activity), tuple(waiting)
