"""Measure the domain operations at community scale, each beside its floor.

    python -m bench.run                 # scale 1: 100 000 people, 1 000 000 messages
    python -m bench.run --scale 0.01 --runs 50
    python -m bench.run --explain       # query plans of what each operation runs
    python -m bench.run --profile dialog_list_first_page

Builds the community (or reuses the cached one, see bench/generate.py), then
times every operation through the real ``models`` functions — median and p95
of ``--runs`` repetitions after a few warm-up calls — and the same question in
plain ``sqlite3`` (bench/floor.py) in the same run. Prints a table and writes
``bench/results/<timestamp>.json`` with the machine described.

The timing itself is bench/timing.py, the report bench/report.py, ``--explain``
and ``--profile`` bench/diagnose.py.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from . import floor
from .diagnose import explain, profile
from .generate import BENCH_PASSWORD, BIG_PEER, for_a_run, generate
from .generate_community import BENCH_LOGIN
from .generate_groups import BIG_GROUP_TITLE
from .login_phases import verify_replaced
from .pg_data import server_url as pg_server_url
from .report import machine, write_report
from .search_ops import database_size, index_sizes, search_operations
from .timing import Operation, measure, table

SMALL_PEER = 3  # person 1's dialog with person 3 is short: sends go there
PRESENCE_ROWS = {"send_typing_presence", "poll_typing_100"}  # bench/presence.py
# QUICK_CHECK: the databases are opened without the app's integrity check
# (models/integrity.py): it reads every page of the file in a thread while the
# operations are timed — about a minute at scale 10, beside the figures of what
# a person does once the app is open (the generator's files are sound).
SEARCH_QUERY = ("ан", "ив")  # first + last name prefixes: "ан ив"


def _absolute(limit: float) -> Callable[[float, float], bool]:
    return lambda app, fl: app <= limit


class _Unhashed:
    """The log-in's database part alone: the password taken as right, so
    argon2id and its 64 MiB are left out (``log_in_database``). The hash
    costs the same at any scale, and most of its time is the kernel giving
    the process that memory afresh, which on this virtual machine is slower
    for a while after a large file was copied, as each run's copy of the
    database is (bench/README.md, "The log-in's tail"): the whole log-in's
    ratio between two scales then shows the machine's memory, not the
    community's size."""

    def __init__(self, accounts_module) -> None:  # type: ignore[no-untyped-def]
        self.accounts = accounts_module

    @staticmethod
    def verify(_hash: str, _password: str) -> bool:  # the floor's hasher
        return True

    def log_in(self, login: str, password: str):  # type: ignore[no-untyped-def]
        with verify_replaced(self.accounts.passwords, self.verify):
            return self.accounts.log_in(login, password)


def operations(db_path: Path, runs: int) -> tuple[list[Operation], sqlite3.Connection]:
    """The benchmarked operations; the app's database must be open already."""
    from models import accounts, conversations, dialogs, messages, passwords, people, posts
    from models.text import identity_key

    conn = floor.connect(db_path)
    me = 1
    big_last = conn.execute(
        "SELECT last_seq FROM dialog WHERE user_lo_id = ? AND user_hi_id = ?", (me, BIG_PEER)
    ).fetchone()[0]
    middle = max(2, big_last // 2)
    big_group = conn.execute(
        "SELECT id FROM dialog WHERE kind = 'group' AND title = ?", (BIG_GROUP_TITLE,)
    ).fetchone()[0]
    key = identity_key(BENCH_LOGIN)
    a, b = SEARCH_QUERY

    def all_dialogs_app():
        items, cursor = [], None
        while True:
            page = dialogs.dialog_list(me, cursor, limit=dialogs.MAX_PAGE)
            items.extend(page.items)
            if page.next_cursor is None:
                return items
            cursor = page.next_cursor

    def all_dialogs_floor():
        return floor.dialog_list(conn, me, limit=10_000)

    absolute = lambda limit: (lambda app, fl: app <= limit)  # noqa: E731
    unhashed = _Unhashed(accounts)
    ops = [
        Operation("history_newest", "open the long dialog: newest 50", "p95 ≤ 1 ms",
                  absolute(1.0), lambda: dialogs.history(me, BIG_PEER),
                  lambda: floor.history(conn, me, BIG_PEER), runs),
        Operation("history_older", "one older page in it (middle)", "p95 ≤ 1 ms",
                  absolute(1.0), lambda: dialogs.history(me, BIG_PEER, before_seq=middle),
                  lambda: floor.history(conn, me, BIG_PEER, before_seq=middle), runs),
        Operation("dialog_list_first_page", "dialog list with groups, first 50",
                  "p95 ≤ 2× floor",
                  lambda app, fl: app <= 2 * fl, lambda: dialogs.dialog_list(me),
                  lambda: floor.dialog_list(conn, me)[:50], runs),
        Operation("dialog_list_all", "dialog list with groups, all (pages of 500)",
                  "p95 ≤ 2× floor",
                  lambda app, fl: app <= 2 * fl, all_dialogs_app, all_dialogs_floor,
                  max(10, runs // 4)),
        Operation("group_history_newest", "open the 500-member group: newest 50",
                  "p95 ≤ 1 ms", absolute(1.0),
                  lambda: conversations.history_of(me, big_group),
                  lambda: floor.group_history(conn, me, big_group), runs),
        # The floor of a group send is the app's own dialog send: the target is
        # "no slower than sending to one person, + 1 ms" (no row per member).
        Operation("group_send", "send into it (floor: the app's dialog send)",
                  "p95 ≤ dialog + 1 ms", lambda app, fl: app <= fl + 1.0,
                  lambda: messages.send_to_dialog(me, big_group, "бенчмарк: всем привет",
                                                  messages.new_client_id()),
                  lambda: messages.send_message(me, SMALL_PEER, "бенчмарк: привет",
                                                messages.new_client_id()), runs, False),
        Operation("feed_following", "feed first page: following (10 % tracks)", "p95 ≤ 5 ms",
                  absolute(5.0), lambda: posts.feed_following(me),
                  lambda: floor.feed_following(conn, me)[:20], runs),
        Operation("feed_everyone", "feed first page: everyone (10 % tracks)", "p95 ≤ 5 ms",
                  absolute(5.0), lambda: posts.feed_everyone(me),
                  lambda: floor.feed_everyone(conn, me)[:20], runs),
        Operation("search_people", f"people search \"{a} {b}\" (first + last)", "p95 ≤ 5 ms",
                  absolute(5.0), lambda: people.search_users(f"{a} {b}"),
                  lambda: floor.search_two_words(conn, a, b)[:50], runs),
        Operation("send_message", "send a message (durable commit)", "p95 ≤ floor + 1 ms",
                  lambda app, fl: app <= fl + 1.0,
                  lambda: messages.send_message(me, SMALL_PEER, "бенчмарк: привет",
                                               messages.new_client_id()),
                  lambda: floor.send(conn, me, SMALL_PEER, "бенчмарк: привет"), runs, False),
        Operation("log_in", "log in (argon2id as shipped)", "report; 20–250 ms",
                  lambda app, fl: 20.0 <= app <= 250.0,
                  lambda: accounts.log_in(BENCH_LOGIN, BENCH_PASSWORD),
                  lambda: floor.log_in(conn, passwords.HASHER, key, BENCH_PASSWORD),
                  max(5, min(runs, 30)), False),
        Operation("log_in_database", "log in, its database part (argon2id left out)",
                  "p95 ≤ 5 ms", absolute(5.0),
                  lambda: unhashed.log_in(BENCH_LOGIN, BENCH_PASSWORD),
                  lambda: floor.log_in(conn, _Unhashed, key, BENCH_PASSWORD), runs, False),
        Operation("send_message_indexed", "send, search index kept (same call)", "p95 ≤ 2 ms",
                  absolute(2.0),
                  lambda: messages.send_message(me, SMALL_PEER, "бенчмарк: поход в субботу",
                                               messages.new_client_id()),
                  lambda: floor.send(conn, me, SMALL_PEER, "бенчмарк: поход в субботу"), runs,
                  False),
    ]
    ops += search_operations(Operation, absolute, conn, me, BIG_PEER, runs)
    return ops, conn


def run(scale: float = 1.0, runs: int = 200, *, data_dir: Path | None = None,
        results_dir: Path | None = None, only: set[str] | None = None,
        quiet: bool = False, idle_seconds: float = 0,
        pg_server: str | None = None, cold: bool = False,
        apart: bool = False) -> tuple[dict, Path]:
    """Generate (or reuse) the data, measure, write the JSON; returns (report, path).

    ``pg_server`` (a PostgreSQL server URL): the same operations on a copy of the
    data there too, beside a psycopg2 floor (bench/run_pg.py), in the report's
    ``postgresql`` section. ``cold``, ``apart``: how calls are timed
    (bench/timing.py ``timings``)."""
    from models.db import close_database, database, open_database

    generated = for_a_run(generate(scale, data_dir, quiet=quiet))
    open_database(f"sqlite:///{generated.path}", verify=False)  # see QUICK_CHECK
    try:
        ops, conn = operations(generated.path, runs)
        clean_up = None
        try:
            if not only or "comments_newest" in only:
                from .comment_ops import comment_operations

                more, clean_up = comment_operations(Operation, _absolute, conn, 1, runs)
                ops += more
            results = measure(ops, only, cold, apart)
            if not only or only & PRESENCE_ROWS:
                from .presence import presence_rows

                results += [r for r in presence_rows(1, SMALL_PEER, runs)
                            if not only or r["name"] in only]
            # the search index's share reads every page of it: a full run only
            sizes = index_sizes(conn) if not only else database_size(conn)
        finally:
            if clean_up is not None:
                clean_up()
            conn.close()
    finally:
        close_database()
        database.initialize(None)
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "scale": scale,
        "cold": cold,
        "apart": apart,
        "data": {
            "path": generated.cached.name,
            "generated_seconds": round(generated.seconds, 1),
            "reused": generated.reused,
            "counts": generated.counts,
            "sizes": sizes,
        },
        "operations": results,
    }
    if pg_server:  # bench/run_pg.py: the same operations on PostgreSQL (issue 17)
        from .run_pg import judge, measure_pg

        report["postgresql"] = measure_pg(pg_server, scale, generated.cached, runs, only=only,
                                          log=None if quiet else print)
        judge(report["postgresql"])
    if idle_seconds > 0:  # bench/idle.py: CPU of an app left alone, per section and player
        from .idle import measure as measure_idle

        report["idle"] = measure_idle(idle_seconds, log=None if quiet else print)
    return report, write_report(report, results_dir, f"s{scale:g}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=200, help="timed calls per operation")
    parser.add_argument("--dir", type=Path, default=None, help="data directory")
    parser.add_argument("--results", type=Path, default=None, help="where the JSON goes")
    parser.add_argument("--only", action="append", help="operation name (repeatable)")
    parser.add_argument("--explain", action="store_true",
                        help="print each operation's SQL and query plans instead of timing")
    parser.add_argument("--profile", metavar="OPERATION", help="cProfile one operation")
    parser.add_argument("--idle", type=float, default=60.0, metavar="SECONDS",
                        help="idle-cost window per case (bench/idle.py); 0 skips it")
    parser.add_argument("--cold", action="store_true",
                        help="empty the CPU's caches before every timed call (bench/timing.py)")
    parser.add_argument("--no-pg", action="store_true",
                        help="skip PostgreSQL even when MESSENGER_BENCH_PG names a server")
    args = parser.parse_args(argv)

    if args.explain or args.profile:
        from models.db import close_database, open_database

        generated = for_a_run(generate(args.scale, args.dir))
        open_database(f"sqlite:///{generated.path}", verify=False)
        try:
            ops, conn = operations(generated.path, args.runs)
            chosen = [op for op in ops if not args.only or op.name in args.only]
            if args.explain:
                explain(chosen, conn)
            if args.profile:
                (op,) = [op for op in ops if op.name == args.profile]
                profile(op, args.runs)
        finally:
            close_database()
        return

    report, path = run(args.scale, args.runs, data_dir=args.dir, results_dir=args.results,
                       only=set(args.only) if args.only else None,
                       idle_seconds=0 if args.only else args.idle,
                       pg_server=None if args.no_pg else pg_server_url(), cold=args.cold)
    m = report["machine"]
    d = report["data"]
    print(f"\n{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; "
          f"Python {m['python']}, SQLite {m['sqlite']}, peewee {m['peewee']}")
    how = "reused" if d["reused"] else f"generated in {d['generated_seconds']} s"
    print(f"data: {d['path']} ({how}): "
          + ", ".join(f"{v:,} {k}" for k, v in d["counts"].items()) + "\n")
    print(table(report["operations"]))
    from .presence import cpu_lines

    print("\n".join(cpu_lines(report["operations"])))
    sizes = d["sizes"]
    if sizes.get("index_bytes") is not None:
        print(f"\nsearch index {sizes['index_bytes'] / 2**20:,.1f} MB of the database's "
              f"{sizes['database_bytes'] / 2**20:,.1f} MB ({sizes['index_share']:.0%})")
    if "postgresql" in report:
        from .run_pg import printed

        print("\n" + printed(report["postgresql"]))
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
