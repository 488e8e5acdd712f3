"""Several processes sending messages into one database at once.

    python -m bench.writers --db .bench/community-v1-s1.db --processes 4 --seconds 20

Each writer is a fresh process with its own connection (``open_database``, as
the app opens it: WAL, ``synchronous=FULL``, busy timeout, lock retries) that
sends ``messages.send_message`` round-robin over its own share of existing
dialogs (none of person 1, 2 or 3, whose dialogs the other benchmarks read).
All start together (each reports ready, then waits for "go"), send for the
same number of seconds, and report how many messages they sent, how long each
send took and every error. Afterwards the database is asked how many of this
run's messages it holds: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCH-RESULT "
PAIRS_PER_WRITER = 100


def writer(db: str, pairs: list[tuple[int, int]], seconds: float, tag: str) -> dict:
    """Send for ``seconds`` after "go" arrives on stdin; counts, latencies, errors."""
    from models import messages
    from models.db import close_database, open_database
    from models.errors import DomainError

    open_database(f"sqlite:///{db}")
    print("ready", flush=True)
    sys.stdin.readline()  # "go"
    sent, latencies, errors = 0, [], []
    deadline = time.perf_counter() + seconds
    i = 0
    try:
        while time.perf_counter() < deadline:
            lo, hi = pairs[i % len(pairs)]
            sender, receiver = (lo, hi) if (i // len(pairs)) % 2 == 0 else (hi, lo)
            i += 1
            start = time.perf_counter()
            try:
                messages.send_message(sender, receiver, f"{tag} {i}", messages.new_client_id())
            except DomainError as exc:
                errors.append(f"{type(exc).__name__}: {exc.message}")
                continue
            except Exception as exc:  # a raw driver error escaping is itself a finding
                errors.append(f"unexpected {type(exc).__name__}: {exc}")
                continue
            latencies.append((time.perf_counter() - start) * 1000)
            sent += 1
    finally:
        close_database()
    return {"sent": sent, "latencies_ms": [round(x, 3) for x in latencies], "errors": errors}


def _pairs(db: Path, count: int) -> list[tuple[int, int]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT user_lo_id, user_hi_id FROM dialog WHERE user_lo_id > 3 "
            "ORDER BY id LIMIT ?", (count,)).fetchall()
    finally:
        conn.close()


def _count_tagged(db: Path, after_id: int, tag: str) -> tuple[int, int]:
    """(messages of this run, distinct texts among them)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT text) FROM message WHERE id > ? AND text LIKE ?",
            (after_id, tag + " %")).fetchone()
    finally:
        conn.close()


def run_writers(db: Path, *, processes: int = 4, seconds: float = 20.0) -> dict:
    """``processes`` writers sending for ``seconds`` at once into ``db``."""
    from .timing import summary

    db = Path(db)
    pairs = _pairs(db, processes * PAIRS_PER_WRITER)
    if len(pairs) < processes:
        raise RuntimeError("not enough dialogs for the writers")
    conn = sqlite3.connect(db)
    try:
        before = conn.execute("SELECT COALESCE(MAX(id), 0) FROM message").fetchone()[0]
    finally:
        conn.close()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    tags = [f"bench-writer-{uuid.uuid4().hex[:8]}-{n}" for n in range(processes)]
    children = []
    for n in range(processes):
        share = pairs[n::processes]
        children.append(subprocess.Popen(
            [sys.executable, "-m", "bench.writers", "--child", "--db", str(db),
             "--seconds", repr(seconds), "--tag", tags[n], "--pairs", json.dumps(share)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True))
    try:
        for child in children:
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("a writer did not start:\n" + child.stderr.read()[-2000:])
        for child in children:  # go, as close together as we can
            child.stdin.write("go\n")
            child.stdin.flush()
        results = []
        for child in children:
            out, err = child.communicate(timeout=seconds + 120)
            line = next((x for x in reversed(out.splitlines()) if x.startswith(RESULT_MARK)),
                        None)
            if line is None:
                raise RuntimeError(f"a writer failed ({child.returncode}):\n{err[-2000:]}")
            results.append(json.loads(line[len(RESULT_MARK):]))
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    sent = sum(r["sent"] for r in results)
    stored = duplicates = 0
    for tag in tags:
        count, distinct = _count_tagged(db, before, tag)
        stored += count
        duplicates += count - distinct  # each text is sent once: the same text twice is a copy
    errors = [e for r in results for e in r["errors"]]
    latencies = [x for r in results for x in r["latencies_ms"]]
    return {
        "processes": processes,
        "seconds": seconds,
        "messages": sent,
        "per_second": round(sent / seconds, 1),
        "per_process": [r["sent"] for r in results],
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "latency": summary(latencies) if latencies else {"median_ms": 0, "p95_ms": 0, "runs": 0},
        "stored": stored,
        "lost_or_duplicated": abs(stored - sent) + duplicates,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--tag", default="bench-writer")
    parser.add_argument("--pairs", default="[]")
    args = parser.parse_args(argv)
    if args.child:
        pairs = [tuple(p) for p in json.loads(args.pairs)]
        result = writer(str(args.db), pairs, args.seconds, args.tag)
        sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
        sys.stdout.flush()
        return
    result = run_writers(args.db, processes=args.processes, seconds=args.seconds)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
