"""``python -m bench.run --explain`` and ``--profile``: what an operation asks
the database (every statement and SQLite's plan for it) and where its time goes."""

from __future__ import annotations

import cProfile
import logging
import pstats
import sqlite3
import sys

from .timing import Operation


class _SqlCapture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.queries: list[tuple[str, tuple]] = []

    def emit(self, record):
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            self.queries.append((record.msg[0], tuple(record.msg[1] or ())))


def explain(ops: list[Operation], conn: sqlite3.Connection) -> None:
    """Print every SELECT each operation runs and SQLite's plan for it."""
    logger = logging.getLogger("peewee")
    for op in ops:
        capture = _SqlCapture()
        logger.addHandler(capture)
        old = logger.level
        logger.setLevel(logging.DEBUG)
        try:
            op.app()
        finally:
            logger.removeHandler(capture)
            logger.setLevel(old)
        print(f"\n=== {op.name}: {len(capture.queries)} statements")
        for sql, params in capture.queries:
            print("  " + sql[:300] + (" …" if len(sql) > 300 else ""))
            if sql.lstrip().upper().startswith("SELECT"):
                for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params):
                    print("      " + str(row[-1]))


def profile(op: Operation, runs: int) -> None:
    """cProfile ``runs`` calls of one operation; print the top of the profile."""
    op.app()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        op.app()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
