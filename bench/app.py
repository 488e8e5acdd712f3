"""The app as a whole at community scale, each figure beside a bare Textual app.

    python -m bench.app                       # scale 1, 15 samples of each
    python -m bench.app --scale 0.01 --samples 5 --writer-seconds 5

Every timed sample runs in a fresh Python process (``python -m
bench.app_child …``, what each sample does), so the Messenger app and the bare
app pay the same interpreter start and ``import textual``. Both apps draw
through the same driver (``bench/painting.py``): Textual's headless driver with
the terminal output turned back on, so every frame is composed *and* turned
into the escape sequences a terminal would get — only the final ``write`` is
dropped. "Painted" means: the screen has processed everything pending and
refreshed (a callback scheduled with ``call_after_refresh`` has run), and at
least one frame was written since the action began. This module is the
parent: it prepares the data, runs the samples, and builds the report and table.

Measured (issue 6, "for the app as a whole"):

* start-up: process start to the first painted Log in screen, and to a bare
  app's one painted label;
* opening a chat to the first paint of its newest page (the 200 000-message
  dialog and a 20-message one), beside a bare app mounting 50 ``Static``
  lines: *first in Dialogs* (log in, the feed read a moment — the app builds
  every section out of sight meanwhile — F3, then the chat: the first chat of the
  session) and *another chat open* (Dialogs showing one chat, another chosen);
  these are the issue's figure;
* reported beside them, not a target: F3 itself (the Dialogs section painted,
  a whole screen), and *cold* — F3 and the chat in one step straight after
  log-in, before Dialogs was built out of sight (``open_dialog``);
* Enter in the composer to the message painted in one's own chat (as
  "sending…"), and to it painted as sent (after the durable commit);
* RSS after scrolling back through the history: all of a 1 000-message
  dialog, and 10 000 messages of the 200 000-message one;
* 4 writer processes sending for 20 s (``bench/writers.py``).

Writes go into this run's copy of the community (``bench/generate.py``,
``for_a_run``): person 1's dialog with person 3 gets the sent messages (as in
``bench.run``), and person 1's dialog with their lowest-numbered other peer is
topped up to 1 000 messages for the memory figure. Results: a table, and
``bench/results/<timestamp>-app-s<scale>.json`` beside the domain report.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from .app_child import ME, RESULT_MARK, SCROLL_BACK, SIZE, last_seq

ROOT = Path(__file__).resolve().parent.parent
SEND_PEER = 3  # as bench.run: person 1's dialog with person 3 receives the sends
SHORT_LENGTH = 20  # "a 20-message chat"
MEDIUM_LENGTH = 1_000  # the dialog scrolled back whole for the memory figure
CHILD_TIMEOUT = 300  # seconds; a sample that takes longer is a hang

TARGETS = {
    "startup": "≤ 1.5× bare",
    "open_chat": "≤ 1.5× bare",
    "send_painted": "p95 ≤ 50 ms",
    "memory": "≤ 150 MB, flat",
    "writers": "0 errors",
}


# ---------------------------------------------------------------- parent

def _child(kind: str, db: Path | None = None, *extra: str) -> dict:
    """Run one sample in a fresh interpreter; its JSON result."""
    command = [sys.executable, "-m", "bench.app_child", kind]
    if db is not None:
        command += ["--db", str(db)]
    command += list(extra)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    env.pop("TEXTUAL", None)  # no devtools
    spawned = time.time()
    done = subprocess.run(command + ["--spawned", repr(spawned)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    raise RuntimeError(f"bench.app_child {kind} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def choose_peers(db: Path, medium_length: int) -> dict:
    """Person 1's peers: the long dialog, a ~20-message one, and the one kept at
    ``medium_length`` messages (the lowest other peer id, topped up once)."""
    from .generate import BIG_PEER

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT dm.peer_id, d.last_seq FROM dialog_member dm JOIN dialog d ON d.id = "
            "dm.dialog_id WHERE dm.user_id = ? AND dm.peer_id NOT IN (?, ?, ?) "
            "ORDER BY dm.peer_id", (ME, ME, BIG_PEER, SEND_PEER)).fetchall()
    finally:
        conn.close()
    if len(rows) < 2:
        raise RuntimeError("the bench person needs at least 4 dialogs")
    medium, medium_seq = rows[0]
    short = min(rows[1:], key=lambda row: (abs(row[1] - SHORT_LENGTH), row[0]))
    return {"big": BIG_PEER, "short": short[0], "short_length": short[1],
            "medium": medium, "medium_length": medium_seq}


def ensure_tables(db: Path) -> list[str]:
    """Create any of the app's tables missing from a cached community (one made
    before a table joined schema version 1); returns their names."""
    from models.db import close_database, database, open_database
    from models.schema import ALL_TABLES

    open_database(f"sqlite:///{db}", verify=False)  # found_sound checks it, once
    try:
        conn = database.obj
        missing = [t._meta.table_name for t in ALL_TABLES
                   if not conn.table_exists(t._meta.table_name)]
        if missing:
            conn.create_tables(ALL_TABLES, safe=True)
    finally:
        close_database()
        database.initialize(None)
    return missing


def found_sound(db: Path) -> float | None:
    """The app's start-up integrity check, run once here and waited for, as the
    day's first start runs it: its verdict is kept in the file, so every sample
    starts as each later start of that day does, without a thread reading the
    whole file beside what is timed (``models/integrity.py``). Returns the
    check's seconds; None when no verdict is kept: one from the last day was
    there, or the file is small enough to be checked before every start."""
    from models import integrity
    from models.db import close_database, database, open_database

    started = time.perf_counter()
    opened = open_database(f"sqlite:///{db}")
    try:
        check = opened.quick_check
        if check is None or not check.record:  # kept already, or checked at every start
            return None
        check.thread.join()  # the verdict in, and kept in the file
        problem = check.wait(0)
        if problem is not None:
            raise SystemExit(integrity.damaged_error(problem).message)
        return round(time.perf_counter() - started, 2)
    finally:
        close_database()
        database.initialize(None)


def top_up(db: Path, peer_id: int, length: int) -> int:
    """Send person 1 ↔ ``peer_id`` messages in one transaction until the dialog
    holds ``length``; returns how many were added (0 once done)."""
    from models import messages
    from models.db import close_database, database, open_database, writes

    @writes
    def fill(count: int) -> None:
        for i in range(count):
            sender, receiver = (ME, peer_id) if i % 2 else (peer_id, ME)
            messages.send_message(sender, receiver, f"bench: history {i}",
                                  messages.new_client_id())

    missing = length - last_seq(str(db), peer_id)
    if missing > 0:
        open_database(f"sqlite:///{db}")
        try:
            fill(missing)
        finally:
            close_database()
            database.initialize(None)
    return max(0, missing)


def _stats(values: list[float]) -> dict:
    from .timing import summary

    return summary(values)


def _ratio(app: dict, bare: dict, key: str) -> float | None:
    return round(app[key] / bare[key], 2) if bare.get(key) else None


def _byte_compile() -> None:
    """Compile the app's modules once, as installing it does. Otherwise, with
    ``PYTHONDONTWRITEBYTECODE`` set (as in CI shells) or a file changed since
    its ``.pyc`` was written, every child compiles them again from source
    (about 0.1 s of start-up the bare app never pays)."""
    import compileall

    for package in ("tui", "models", "music"):
        compileall.compile_dir(ROOT / package, quiet=1)


def measure(db: Path, *, samples: int, sends: int, scroll_back: int, medium_length: int,
            writer_processes: int, writer_seconds: float, progress=lambda text: None) -> dict:
    """Every app-level figure on the database ``db`` (a run's copy of the community)."""
    from . import writers

    _byte_compile()
    created = ensure_tables(db)
    check_s = found_sound(db)
    if check_s is not None:
        progress(f"the day's first start: the integrity check read the file in {check_s} s "
                 "(its verdict kept, the samples start without it)")
    peers = choose_peers(db, medium_length)
    peers["medium_added"] = top_up(db, peers["medium"], medium_length)
    peers["medium_length"] = max(peers["medium_length"], medium_length)
    big, short = peers["big"], peers["short"]

    raw: dict[str, list[float]] = {k: [] for k in (
        "bare_start", "bare_start_import", "bare_mount50", "app_start", "app_start_import",
        "open_big_cold", "open_short_cold", "open_big_first", "open_short_first",
        "open_big_warm", "open_short_warm", "switch")}
    for i in range(samples):
        progress(f"sample {i + 1}/{samples}")
        # Alternate which chat is opened first, and interleave with the bare app,
        # so a burst of other work on the machine falls on every side alike.
        order = ((big, short), (short, big)) if i % 2 else ((short, big), (big, short))
        for first, second in order:
            bare = _child("bare")
            raw["bare_start"].append(bare["start_from_spawn_ms"])
            raw["bare_start_import"].append(bare["start_from_import_ms"])
            raw["bare_mount50"].append(bare["mount50_ms"])
            app = _child("app", db, "--peers", str(first), str(second))
            raw["app_start"].append(app["start_from_spawn_ms"])
            raw["app_start_import"].append(app["start_from_import_ms"])
            name = {big: "big", short: "short"}
            raw[f"open_{name[first]}_cold"].append(app[f"cold_{first}_ms"])
            raw[f"open_{name[second]}_warm"].append(app[f"warm_{second}_ms"])
            raw[f"open_{name[first]}_warm"].append(app[f"warm_{first}_ms"])
        # As a person meets it: log in, read the feed a moment, F3, choose a chat
        # (the long one, and in another process the short one).
        for first, second in ((big, short), (short, big)):
            settled = _child("app", db, "--settled", "--peers", str(first), str(second))
            raw["switch"].append(settled["switch_ms"])
            raw[f"open_{'big' if first == big else 'short'}_first"].append(
                settled[f"first_{first}_ms"])
    stats = {k: _stats(v) for k, v in raw.items()}

    progress("send")
    send = _child("send", db, "--peers", str(SEND_PEER), "--count", str(sends))
    progress("memory")
    memory = {
        "medium": _child("memory", db, "--peers", str(peers["medium"]),
                         "--scroll", str(medium_length)),
        "big": _child("memory", db, "--peers", str(big), "--scroll", str(scroll_back)),
    }
    progress("writers")
    written = writers.run_writers(db, processes=writer_processes, seconds=writer_seconds)

    bare_start, bare_mount = stats["bare_start"], stats["bare_mount50"]
    figures = {
        "startup": {
            "label": "start-up to painted Log in ÷ bare app, one label",
            "app": stats["app_start"], "bare": bare_start,
            "ratio_median": _ratio(stats["app_start"], bare_start, "median_ms"),
            "ratio_p95": _ratio(stats["app_start"], bare_start, "p95_ms"),
            "from_import": {"app": stats["app_start_import"],
                            "bare": stats["bare_start_import"]},
        },
    }
    kinds = {"first": "first in Dialogs", "warm": "another chat open"}
    for size, kind in (("big", "first"), ("short", "first"), ("big", "warm"),
                       ("short", "warm")):
        app = stats[f"open_{size}_{kind}"]
        figures[f"open_{size}_{kind}"] = {
            "label": f"open {'200 000' if size == 'big' else str(peers['short_length'])}"
                     f"-message chat ({kinds[kind]}) ÷ bare, 50 statics",
            "app": app, "bare": bare_mount,
            "ratio_median": _ratio(app, bare_mount, "median_ms"),
            "ratio_p95": _ratio(app, bare_mount, "p95_ms"),
        }
    for figure in figures.values():
        figure["target"] = TARGETS["startup"]
        figure["met"] = figure["ratio_median"] is not None and figure["ratio_median"] <= 1.5
    # Reported beside the targets, which they are not: showing a whole section.
    reported = {
        "switch": "F3 → Dialogs painted (built after log-in) ÷ bare, 50 statics",
        "open_big_cold": "F3 + 200 000-message chat in one step, cold ÷ bare",
        "open_short_cold": f"F3 + {peers['short_length']}-message chat in one step, cold ÷ bare",
    }
    for key, label in reported.items():
        app = stats[key]
        figures[key] = {
            "label": label, "app": app, "bare": bare_mount, "target": "report", "met": None,
            "ratio_median": _ratio(app, bare_mount, "median_ms"),
            "ratio_p95": _ratio(app, bare_mount, "p95_ms"),
        }
    pending, sent = _stats(send["pending_ms"]), _stats(send["sent_ms"])
    figures["send_painted"] = {
        "label": "Enter → message painted (sending…)", "app": pending, "target":
        TARGETS["send_painted"], "met": pending["p95_ms"] <= 50.0,
        "confirmed": sent, "samples": send,
    }
    after = {k: v["after_scroll"]["rss_mb"] for k, v in memory.items()}
    figures["memory"] = {
        "label": "RSS after scrolling back", "detail": memory, "target": TARGETS["memory"],
        # "Flat": the long history costs at most 10 % (or 10 MB) more than the short one.
        "met": all(v is not None and v <= 150 for v in after.values())
        and after["big"] - after["medium"] <= max(10.0, 0.1 * after["medium"]),
    }
    figures["writers"] = {
        "label": f"{writer_processes} writer processes, {writer_seconds:g} s",
        "detail": written, "target": TARGETS["writers"],
        "met": written["errors"] == 0 and written["lost_or_duplicated"] == 0,
    }
    return {"peers": peers, "tables_created": created, "integrity_check_s": check_s,
            "figures": figures, "raw": raw}


def table(figures: dict) -> str:
    head = (f"{'figure':<62} {'app med':>9} {'app p95':>9} {'bare med':>9} {'bare p95':>9} "
            f"{'ratio':>6}  {'target':<16} met")
    lines = [head, "-" * len(head)]
    mark = {True: "yes", False: "NO", None: "-"}
    for name, f in figures.items():
        if "bare" in f:
            lines.append(
                f"{f['label']:<62} {f['app']['median_ms']:>9.1f} {f['app']['p95_ms']:>9.1f} "
                f"{f['bare']['median_ms']:>9.1f} {f['bare']['p95_ms']:>9.1f} "
                f"{f['ratio_median']:>6.2f}  {f['target']:<16} {mark[f['met']]}")
        elif name == "send_painted":
            c = f["confirmed"]
            lines.append(
                f"{f['label']:<62} {f['app']['median_ms']:>9.1f} {f['app']['p95_ms']:>9.1f} "
                f"{'':>9} {'':>9} {'':>6}  {f['target']:<16} {mark[f['met']]}")
            lines.append(f"{'  … painted as sent (after the commit)':<62} "
                         f"{c['median_ms']:>9.1f} {c['p95_ms']:>9.1f}")
        elif name == "memory":
            parts = []
            for key, m in f["detail"].items():
                parts.append(f"{m['scrolled_messages']:,} of the {key} dialog: "
                             f"{m['after_scroll']['rss_mb']} MB (peak {m['after_scroll']['peak_mb']},"
                             f" open {m['after_open']['rss_mb']})")
            lines.append(f"{f['label']:<62} {'; '.join(parts)}  {f['target']} "
                         f"{mark[f['met']]}")
        elif name == "writers":
            w = f["detail"]
            lines.append(
                f"{f['label']:<62} {w['messages']:,} messages, {w['per_second']:.0f}/s, "
                f"{w['errors']} errors, send p50 {w['latency']['median_ms']:.1f} / p95 "
                f"{w['latency']['p95_ms']:.1f} ms, lost/duplicated "
                f"{w['lost_or_duplicated']}  {f['target']} {mark[f['met']]}")
    lines.append("times in ms; ratio = app median / bare median; each sample a fresh process")
    return "\n".join(lines)


def run(scale: float = 1.0, *, samples: int = 15, sends: int = 20,
        scroll_back: int = SCROLL_BACK, medium_length: int = MEDIUM_LENGTH,
        writer_processes: int = 4, writer_seconds: float = 20.0,
        data_dir: Path | None = None, results_dir: Path | None = None,
        quiet: bool = False) -> tuple[dict, Path]:
    """Generate (or reuse) the community, measure, write the JSON; (report, path)."""
    from .generate import for_a_run, generate
    from .report import machine, write_report

    generated = for_a_run(generate(scale, data_dir, quiet=quiet))
    say = (lambda text: None) if quiet else (lambda text: print(f"bench.app: {text}",
                                                               file=sys.stderr, flush=True))
    measured = measure(generated.path, samples=samples, sends=sends, scroll_back=scroll_back,
                       medium_length=medium_length, writer_processes=writer_processes,
                       writer_seconds=writer_seconds, progress=say)
    from . import keys  # every navigation, key → painted (bench/keys.py)

    measured["keys"] = keys.measure(generated.path, generated.counts["big_group_id"],
                                    samples, log=None if quiet else say)
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "scale": scale,
        "terminal": list(SIZE),
        "samples": samples,
        "data": {"path": generated.cached.name, "counts": generated.counts},
        **measured,
    }
    return report, write_report(report, results_dir, f"app-s{scale:g}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--samples", type=int, default=15,
                        help="fresh processes per start-up / chat figure (each twice)")
    parser.add_argument("--sends", type=int, default=20)
    parser.add_argument("--scroll", type=int, default=SCROLL_BACK,
                        help="messages scrolled back in the long dialog")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--writer-seconds", type=float, default=20.0)
    parser.add_argument("--dir", type=Path, default=None, help="data directory")
    parser.add_argument("--results", type=Path, default=None, help="where the JSON goes")
    args = parser.parse_args(argv)
    report, path = run(args.scale, samples=args.samples, sends=args.sends,
                       scroll_back=args.scroll, writer_processes=args.writers,
                       writer_seconds=args.writer_seconds, data_dir=args.dir,
                       results_dir=args.results)
    m = report["machine"]
    print(f"\n{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; "
          f"Python {m['python']}, SQLite {m['sqlite']}; terminal {SIZE[0]}×{SIZE[1]}, "
          f"load {m['load_average']}")
    print(f"data: {report['data']['path']}; peers {report['peers']}\n")
    print(table(report["figures"]))
    from .keys import table as keys_table

    print("\n" + keys_table(report["keys"]))
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
