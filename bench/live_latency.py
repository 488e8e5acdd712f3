"""Live delivery latency: from a commit in one process to the screen of another.

    python -m bench.live_latency                  # SQLite, and PostgreSQL when configured
    python -m bench.live_latency --backend sqlite --messages 50
    make bench-live

The receiver is the real app in a subprocess, headless, logged in as one
person with the chat with the sender open (``make_app(url, poll_interval=<the
app's default>)``, ``start_user``, ``open_dialog``). Nothing in the app is
changed: the benchmark wraps ``ChatView.render_line`` in the receiver process
only and notes ``time.time()`` the first time a line showing a message's label
is drawn — the moment the compositor paints it.

The sender is this process: ``models.messages.send_message`` at random
intervals (50–150 ms), noting ``time.time()`` as soon as the commit returns;
each text carries its index. Latency = paint time − commit time (one host, one
clock). Prints p50 / p95 / max per backend and writes
``bench/results/live-<timestamp>.json``.

PostgreSQL runs when ``MESSENGER_BENCH_PG`` names a throw-away database (its
tables are dropped), or ``MESSENGER_TEST_PG`` names a server: then the
database ``messenger_bench_live`` is created on it. ``eval "$(.ci/postgres
start)"`` starts one on 127.0.0.1:54329.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGET_P95_MS = {"sqlite": 500.0, "postgresql": 150.0}
PG_DATABASE = "messenger_bench_live"
SENDER = ("bench_sender", "Sender", "Live")
RECEIVER = ("bench_receiver", "Receiver", "Live")
PASSWORD = "live latency bench password"
LABEL = re.compile(r"(LIVE|WARM)-(\d+)")
SCREEN = (100, 60)  # tall enough that a whole batch of arrivals fits in the chat pane
START_TIMEOUT = 60.0  # seconds for the receiver to start and show the chat
SETTLE_TIMEOUT = 15.0  # seconds after the last send for the last paint


# ---------------------------------------------------------------- receiver

def run_receiver(url: str, user_id: int, peer_id: int, events: Path, stop: Path,
                 poll_interval: float | None = None) -> None:
    """The app, headless, with the chat open; every first paint of a label is
    appended to ``events`` as a JSON line. Quits when ``stop`` exists.
    ``poll_interval`` None: the app's default."""
    import asyncio

    from models import accounts
    from tui.app import make_app
    from tui.widgets.chat_view import ChatView

    out = open(events, "a", buffering=1)  # noqa: SIM115 - one line per paint, flushed
    painted: set[str] = set()
    original = ChatView.render_line

    def render_line(self, y):
        strip = original(self, y)
        text = "".join(segment.text for segment in strip)
        for match in LABEL.finditer(text):
            label = match.group(0)
            if label not in painted:
                painted.add(label)
                out.write(json.dumps({"label": label, "t": time.time()}) + "\n")
        return strip

    ChatView.render_line = render_line

    # When the messages reach the chat (before it lays them out and paints):
    # splits the latency into "the poll found it" and "the screen showed it".
    original_add_live = ChatView.add_live

    def add_live(self, messages):
        now = time.time()
        for message in messages:
            match = LABEL.match(message.text)
            if match:
                out.write(json.dumps({"arrived": match.group(0), "t": now}) + "\n")
        return original_add_live(self, messages)

    ChatView.add_live = add_live

    options = {}
    poll = inspect.signature(make_app).parameters.get("poll_interval")
    if poll is not None:
        options["poll_interval"] = poll.default if poll_interval is None else poll_interval
    app = make_app(url, **options)
    app.start_user = accounts.get_user(user_id)

    async def drive(pilot) -> None:
        await pilot.pause()
        app.open_dialog(peer_id)
        out.write(json.dumps({"event": "opened", "t": time.time()}) + "\n")
        while not stop.exists():
            await asyncio.sleep(0.1)
        app.exit()

    app.run(headless=True, size=SCREEN, auto_pilot=drive)
    out.close()


# ---------------------------------------------------------------- sender

class Paints:
    """Reads the receiver's paint log as it grows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.times: dict[str, float] = {}
        self.arrived: dict[str, float] = {}
        self.events: dict[str, float] = {}
        self._offset = 0

    def refresh(self) -> None:
        if not self.path.exists():
            return
        with open(self.path) as log:
            log.seek(self._offset)
            while True:
                line = log.readline()
                if not line.endswith("\n"):
                    break  # a line still being written: read it next time
                self._offset = log.tell()
                record = json.loads(line)
                if "label" in record:
                    self.times[record["label"]] = record["t"]
                elif "arrived" in record:
                    self.arrived.setdefault(record["arrived"], record["t"])
                else:
                    self.events[record["event"]] = record["t"]

    def wait(self, done, timeout: float, receiver: subprocess.Popen) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.refresh()
            if done():
                return True
            if receiver.poll() is not None:
                raise SystemExit(f"the receiver stopped (exit code {receiver.returncode})")
            time.sleep(0.01)
        self.refresh()
        return done()


def prepare(url: str) -> tuple[int, int]:
    """A fresh schema with the two people; returns (sender id, receiver id)."""
    from models import accounts
    from models.db import close_database, database, open_database
    from models.schema import ALL_TABLES

    if url.startswith("postgres"):  # a SQLite run always starts from a new file
        open_database(url).drop_tables(ALL_TABLES, cascade=True)
        close_database()
        database.initialize(None)
    open_database(url)
    ids = []
    for login, first, last in (SENDER, RECEIVER):
        accounts.register(login, first, last, PASSWORD, PASSWORD)
        ids.append(accounts.log_in(login, PASSWORD).id)
    return ids[0], ids[1]


def measure(url: str, backend: str, messages: int, workdir: Path,
            interval_ms: tuple[int, int], seed: int, poll_interval: float | None) -> dict:
    from models.db import close_database, database
    from models.messages import new_client_id, send_message

    sender_id, receiver_id = prepare(url)
    events, stop = workdir / f"{backend}-paints.jsonl", workdir / f"{backend}-stop"
    for path in (events, stop):
        path.unlink(missing_ok=True)

    def send(text: str) -> float:
        send_message(sender_id, receiver_id, text, new_client_id())
        return time.time()

    send("WARM-0 the chat exists before the receiver opens it")
    env = dict(os.environ, MESSENGER_HOME=str(workdir / f"{backend}-home"),
               SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    receiver = subprocess.Popen(
        [sys.executable, "-m", "bench.live_latency", "--receiver", url,
         str(receiver_id), str(sender_id), str(events), str(stop),
         "" if poll_interval is None else str(poll_interval)],
        cwd=Path(__file__).resolve().parent.parent, env=env,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=open(workdir / f"{backend}-receiver.log", "w"),  # noqa: SIM115
    )
    paints = Paints(events)
    try:
        if not paints.wait(lambda: "WARM-0" in paints.times, START_TIMEOUT, receiver):
            raise SystemExit(f"{backend}: the receiver never showed the chat")
        # The live path is running once a message sent now appears (the first
        # poll may take its starting point after an early warm-up message).
        for k in range(1, 11):
            send(f"WARM-{k} warming up")
            if paints.wait(lambda k=k: f"WARM-{k}" in paints.times, 2.0, receiver):
                break
        else:
            raise SystemExit(f"{backend}: no live message ever reached the receiver")

        rng = random.Random(seed)
        committed: dict[str, float] = {}
        for i in range(messages):
            time.sleep(rng.uniform(*interval_ms) / 1000)
            label = f"LIVE-{i:04d}"
            committed[label] = send(f"{label} message {i + 1} of {messages}")
        paints.wait(lambda: all(label in paints.times for label in committed),
                    SETTLE_TIMEOUT, receiver)
    finally:
        stop.touch()
        try:
            receiver.wait(timeout=15)
        except subprocess.TimeoutExpired:
            receiver.kill()
            receiver.wait()
        close_database()
        database.initialize(None)

    latencies = [
        (paints.times[label] - sent) * 1000
        for label, sent in committed.items() if label in paints.times
    ]
    missing = sorted(label for label in committed if label not in paints.times)
    arrival = [(paints.arrived[label] - sent) * 1000
               for label, sent in committed.items() if label in paints.arrived]
    paint_lag = [(paints.times[label] - paints.arrived[label]) * 1000
                 for label in committed if label in paints.times and label in paints.arrived]
    return {
        "backend": backend,
        "messages": messages,
        "painted": len(latencies),
        "missing": missing,
        **summary(latencies),
        "commit_to_chat_ms": summary(arrival),
        "chat_to_paint_ms": summary(paint_lag),
        "target_p95_ms": TARGET_P95_MS[backend],
        "met": bool(latencies) and not missing
        and summary(latencies)["p95_ms"] < TARGET_P95_MS[backend],
    }


def summary(ms: list[float]) -> dict:
    if not ms:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None, "min_ms": None, "mean_ms": None}
    ordered = sorted(ms)
    nearest = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest-rank p95
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(nearest, 1),
        "max_ms": round(ordered[-1], 1),
        "min_ms": round(ordered[0], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


# ---------------------------------------------------------------- set-up

def postgres_url() -> str | None:
    """The PostgreSQL database to measure on, created when missing (the one
    ``MESSENGER_BENCH_PG`` names too: ``.ci/postgres`` prints a URL whose
    database the tests make); None without one."""
    explicit = os.environ.get("MESSENGER_BENCH_PG")
    base = explicit or os.environ.get("MESSENGER_TEST_PG")
    if not base:
        return None
    parsed = urlparse(base)
    name = parsed.path.lstrip("/") if explicit else PG_DATABASE
    if explicit and not name:
        return base  # no database named: the server's default one
    import psycopg2

    admin = psycopg2.connect(dbname="postgres", user=parsed.username, password=parsed.password,
                             host=parsed.hostname, port=parsed.port)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cur.fetchone() is None:  # MESSENGER_BENCH_PG's too: a throw-away database
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return parsed._replace(path="/" + name).geturl()


def app_poll_interval() -> str:
    """The app's own poll intervals, which depend on the backend."""
    from tui.live import POSTGRES_POLL_INTERVAL, SQLITE_POLL_INTERVAL

    return (f"SQLite {SQLITE_POLL_INTERVAL} s, PostgreSQL {POSTGRES_POLL_INTERVAL} s "
            "with NOTIFY wake-ups")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--receiver"]:
        url, user_id, peer_id, events, stop, poll = argv[1:7]
        run_receiver(url, int(user_id), int(peer_id), Path(events), Path(stop),
                     float(poll) if poll else None)
        return 0

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both",
                        help="both: SQLite, and PostgreSQL when one is configured")
    parser.add_argument("--min-interval-ms", type=int, default=50)
    parser.add_argument("--max-interval-ms", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--poll-interval", type=float, default=None,
                        help="seconds between the receiver's polls (default: the app's own)")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

    from bench.report import machine, write_report

    runs = []
    with tempfile.TemporaryDirectory(prefix="messenger-live-") as tmp:
        workdir = Path(tmp)
        os.environ["MESSENGER_HOME"] = str(workdir / "home")
        if args.backend in ("sqlite", "both"):
            runs.append(("sqlite", f"sqlite:///{workdir / 'live.db'}"))
        if args.backend in ("postgresql", "both"):
            pg = postgres_url()
            if pg is None and args.backend == "postgresql":
                parser.error("PostgreSQL: set MESSENGER_BENCH_PG or MESSENGER_TEST_PG")
            if pg is None:
                print("PostgreSQL: skipped (set MESSENGER_BENCH_PG or MESSENGER_TEST_PG)")
            else:
                runs.append(("postgresql", pg))
        results = []
        for backend, url in runs:
            print(f"{backend}: {args.messages} messages…", flush=True)
            results.append(measure(url, backend, args.messages, workdir,
                                   (args.min_interval_ms, args.max_interval_ms), args.seed,
                                   args.poll_interval))

    poll = app_poll_interval() if args.poll_interval is None else f"{args.poll_interval} s"
    print(f"\nDelivery latency, commit → paint in another process "
          f"(poll interval: {poll}; sends every "
          f"{args.min_interval_ms}–{args.max_interval_ms} ms):")
    print(f"{'backend':<11} {'painted':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'target p95':>11}  met")
    for r in results:
        print(f"{r['backend']:<11} {r['painted']:>4}/{r['messages']:<4} {r['p50_ms']!s:>8} "
              f"{r['p95_ms']!s:>8} {r['max_ms']!s:>8} {'< ' + str(r['target_p95_ms']):>11}  "
              f"{'yes' if r['met'] else 'NO'}")
        print(f"  of which: commit → in the chat p50 {r['commit_to_chat_ms']['p50_ms']} / "
              f"p95 {r['commit_to_chat_ms']['p95_ms']} ms; chat → painted p50 "
              f"{r['chat_to_paint_ms']['p50_ms']} / p95 {r['chat_to_paint_ms']['p95_ms']} ms")
        if r["missing"]:
            print(f"  never painted: {', '.join(r['missing'][:10])}"
                  f"{' …' if len(r['missing']) > 10 else ''}")

    report = {
        "benchmark": "live delivery latency",
        "poll_interval": poll,
        "poll_interval_is_app_default": args.poll_interval is None,
        "send_interval_ms": [args.min_interval_ms, args.max_interval_ms],
        "screen": list(SCREEN),
        "seed": args.seed,
        "machine": machine(),
        "results": results,
    }
    path = write_report(report, args.results_dir, prefix="live-")
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
