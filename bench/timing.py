"""Timing an operation beside its floor, and the table of the results.

An ``Operation`` pairs the app's call with the same question asked of plain
``sqlite3`` (or psycopg, bench/run_pg.py); ``measure`` times both, alternating,
and judges the app's p95 against the operation's target.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

WARM_UP = 3
COLD_BYTES = 64 * 2**20  # more than the CPU's caches


def evict_caches(buffer: bytearray) -> None:
    """Write a byte in every 64-byte line of ``buffer`` (larger than the CPU's
    caches), so the next call starts with none of its data there."""
    buffer[::64] = bytes(len(buffer) // 64)


@dataclass
class Operation:
    name: str
    label: str
    target: str  # human-readable
    check: Callable[[float, float], bool] | None  # (app p95, floor p95) -> met?
    app: Callable[[], object]
    floor: Callable[[], object]
    runs: int
    counted: bool = True  # compare the number of rows app and floor return


def _rows(result: object) -> int:
    items = getattr(result, "items", result)
    return len(items) if isinstance(items, list | tuple) else 1


def timings(app: Callable[[], object], floor_: Callable[[], object],
            runs: int, cold: bool = False,
            apart: bool = False) -> tuple[list[float], list[float]]:
    """Milliseconds of ``runs`` calls of each, after WARM_UP untimed ones.

    App and floor calls alternate, so a burst of other work on the machine
    falls on both sides alike and the ratio stays meaningful. The floor's
    reads also push the app's data out of the CPU's caches — more of them the
    larger the community when the floor's work grows with it, so an app call
    costing the same at two scales measures slower at the larger (bench/README).
    ``apart``: all the app's calls, then all the floor's, so neither follows
    the other (bench/scaling.py, which compares the app with itself at two
    scales, not with its floor). ``cold``: every timed call starts with the
    caches emptied (``evict_caches``, untimed), the same state at any scale.
    """
    buffer = bytearray(COLD_BYTES) if cold else None
    app_ms: list[float] = []
    floor_ms: list[float] = []
    pairs = ((app, app_ms), (floor_, floor_ms))
    blocks = [pairs[:1], pairs[1:]] if apart else [pairs]
    for block in blocks:
        for _ in range(WARM_UP):
            for func, _out in block:
                func()
        for _ in range(runs):
            for func, out in block:
                if buffer is not None:
                    evict_caches(buffer)
                start = time.perf_counter_ns()
                func()
                out.append((time.perf_counter_ns() - start) / 1e6)
    return app_ms, floor_ms


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"median_ms": round(statistics.median(ordered), 4), "p95_ms": round(p95, 4),
            "runs": len(ordered)}


def measure(ops: list[Operation], only: set[str] | None = None,
            cold: bool = False, apart: bool = False) -> list[dict]:
    results = []
    for op in ops:
        if only and op.name not in only:
            continue
        app_rows = _rows(op.app()) if op.counted else None
        floor_rows = _rows(op.floor()) if op.counted else None
        app_ms, floor_ms = timings(op.app, op.floor, op.runs, cold, apart)
        app, fl = summary(app_ms), summary(floor_ms)
        results.append({
            "name": op.name,
            "label": op.label,
            "target": op.target,
            "app": app,
            "floor": fl,
            "ratio_p95": round(app["p95_ms"] / fl["p95_ms"], 2) if fl["p95_ms"] else None,
            "met": bool(op.check(app["p95_ms"], fl["p95_ms"])) if op.check else None,
            "rows": {"app": app_rows, "floor": floor_rows},
        })
    return results


def table(results: list[dict]) -> str:
    head = (f"{'operation':<44} {'app med':>9} {'app p95':>9} {'floor med':>9} "
            f"{'floor p95':>9} {'ratio':>6}  {'target':<20} met")
    lines = [head, "-" * len(head)]
    for r in results:
        mark = {True: "yes", False: "NO", None: "-"}[r["met"]]
        rows = "" if r["rows"]["app"] == r["rows"]["floor"] else \
            f"  (rows {r['rows']['app']} vs {r['rows']['floor']})"
        lines.append(
            f"{r['label']:<44} {r['app']['median_ms']:>9.3f} {r['app']['p95_ms']:>9.3f} "
            f"{r['floor']['median_ms']:>9.3f} {r['floor']['p95_ms']:>9.3f} "
            f"{r['ratio_p95']:>6.2f}  {r['target']:<20} {mark}{rows}"
        )
    lines.append("times in ms; ratio = app p95 / floor p95")
    return "\n".join(lines)
