"""The domain operations on PostgreSQL, beside a plain psycopg2 floor (issue 17).

    MESSENGER_BENCH_PG=postgresql://postgres@127.0.0.1:54329 python -m bench.run --scale 0.1
    python -m bench.run_pg --scale 0.01 --runs 50 --pg postgresql://postgres@127.0.0.1:54329

The cached SQLite community (bench/generate.py) is copied with the app's own
``models.copy.copy_database`` (which ends with ``ANALYZE``) into the database
``messenger_bench_s<scale>`` on the server the URL names; a database that holds
the same generator version (its ``meta`` row ``bench.generator``) is reused. The
same operations as ``bench.run`` then go through the real ``models`` functions on
that database, each beside the same question in plain SQL (bench/floor_pg.py),
and each reports its **round trips**: the statements one call sends to the
server (``BEGIN`` and ``COMMIT`` included), counted by the connection's cursor.

Targets: a screen's load p95 ≤ 2× its floor and ≤ 3 ms (the issue's figure is
for scale 1 on a local server) in at most two round trips; a durable send p95 ≤
floor + 1 ms.
"""

from __future__ import annotations

import argparse
from urllib.parse import urlparse

from . import floor_pg
from .generate import BENCH_PASSWORD, BIG_PEER
from .generate_community import BENCH_LOGIN
from .generate_groups import BIG_GROUP_TITLE
from .pg_data import prepare, server_url
from .pg_open_ops import open_rows
from .search_ops import COMMON, RARE

SMALL_PEER = 3
SCREEN_MS = 3.0
SCREEN_ROUND_TRIPS = 2
OPEN_ROWS = {"history_cold", "history_first_unread", "group_first_unread",
             "feed_following_reposts"}  # bench/pg_open_ops.py
def _screen(floor_factor: float = 2.0):
    return lambda app, fl: app <= floor_factor * fl and app <= SCREEN_MS


def operations(operation, floor_conn, me: int, runs: int) -> list:
    """``bench.timing.Operation``s on the open PostgreSQL database; each has a
    ``round_trip_limit`` attribute (None: reported, not judged)."""
    from models import (
        accounts,
        chat_search,
        conversations,
        dialogs,
        messages,
        passwords,
        people,
        posts,
        search,
    )
    from models.text import identity_key

    fc = floor_conn
    with fc.cursor() as cur:
        cur.execute("SELECT last_seq, id FROM dialog WHERE user_lo_id = %s AND user_hi_id = %s",
                    (me, BIG_PEER))
        big_last, big_dialog = cur.fetchone()
        cur.execute("SELECT id FROM dialog WHERE kind = 'group' AND title = %s",
                    (BIG_GROUP_TITLE,))
        (big_group,) = cur.fetchone()
        cur.execute("SELECT id FROM message WHERE dialog_id = %s AND seq = %s",
                    (big_dialog, big_last // 2))
        (middle_id,) = cur.fetchone()
    middle = max(2, big_last // 2)
    a, b = "ан", "ив"
    screen = _screen()
    pages = {"n": 0}

    def all_dialogs_app():
        items, cursor, pages["n"] = [], None, 0
        while True:
            page = dialogs.dialog_list(me, cursor, limit=dialogs.MAX_PAGE)
            pages["n"] += 1
            items.extend(page.items)
            if page.next_cursor is None:
                return items
            cursor = page.next_cursor

    def send():
        return messages.send_message(me, SMALL_PEER, "бенчмарк: привет", messages.new_client_id())

    ops = [
        operation("history_newest", "open the long dialog: newest 50", "p95 ≤ 2× floor, 3 ms",
                  screen, lambda: dialogs.history(me, BIG_PEER),
                  lambda: floor_pg.history(fc, me, BIG_PEER), runs),
        operation("history_older", "one older page in it (middle)", "p95 ≤ 2× floor, 3 ms",
                  screen, lambda: dialogs.history(me, BIG_PEER, before_seq=middle),
                  lambda: floor_pg.history(fc, me, BIG_PEER, before_seq=middle), runs),
        operation("dialog_list_first_page", "dialog list with groups, first 50",
                  "p95 ≤ 2× floor, 3 ms", screen, lambda: dialogs.dialog_list(me),
                  lambda: floor_pg.dialog_list(fc, me)[:50], runs),
        operation("dialog_list_all", "dialog list with groups, all (pages of 500)",
                  "p95 ≤ 2× floor", lambda app, fl: app <= 2 * fl, all_dialogs_app,
                  lambda: floor_pg.dialog_list(fc, me, limit=10_000), max(10, runs // 4)),
        operation("group_history_newest", "open the 500-member group: newest 50",
                  "p95 ≤ 2× floor, 3 ms", screen,
                  lambda: conversations.history_of(me, big_group),
                  lambda: floor_pg.group_history(fc, me, big_group), runs),
        operation("group_send", "send into it (floor: the app's dialog send)",
                  "p95 ≤ dialog + 1 ms", lambda app, fl: app <= fl + 1.0,
                  lambda: messages.send_to_dialog(me, big_group, "бенчмарк: всем привет",
                                                  messages.new_client_id()), send, runs, False),
        operation("feed_following", "feed first page: following (10 % tracks)",
                  "p95 ≤ 2× floor, 3 ms", screen, lambda: posts.feed_following(me),
                  lambda: floor_pg.feed_following(fc, me)[:20], runs),
        operation("feed_everyone", "feed first page: everyone (10 % tracks)",
                  "p95 ≤ 2× floor, 3 ms", screen, lambda: posts.feed_everyone(me),
                  lambda: floor_pg.feed_everyone(fc, me)[:20], runs),
        operation("search_people", f"people search \"{a} {b}\" (first + last)",
                  "p95 ≤ 2× floor, 3 ms", screen, lambda: people.search_users(f"{a} {b}"),
                  lambda: floor_pg.search_two_words(fc, a, b)[:50], runs),
        operation("send_message", "send a message (durable commit)", "p95 ≤ floor + 1 ms",
                  lambda app, fl: app <= fl + 1.0, send,
                  lambda: floor_pg.send(fc, me, SMALL_PEER, "бенчмарк: привет"), runs, False),
        operation("log_in", "log in (argon2id as shipped)", "report; 20–250 ms",
                  lambda app, fl: 20.0 <= app <= 250.0,
                  lambda: accounts.log_in(BENCH_LOGIN, BENCH_PASSWORD),
                  lambda: passwords.HASHER.verify(
                      people_hash(fc, identity_key(BENCH_LOGIN)), BENCH_PASSWORD),
                  max(5, min(runs, 30)), False),
        operation("search_everything", f"global search \"{COMMON}\" (all five sections)",
                  "p95 ≤ 20 ms", lambda app, fl: app <= 20.0,
                  lambda: search.search_everything(me, COMMON),
                  lambda: floor_pg.search_everything(fc, me, COMMON), runs, False),
        operation("search_rare_words", f"search \"{RARE}\": messages + posts", "p95 ≤ 20 ms",
                  lambda app, fl: app <= 20.0,
                  lambda: (search.search_messages(me, RARE).items
                           + search.search_posts(me, RARE).items),
                  lambda: floor_pg.search_everything(fc, me, RARE), max(5, runs // 10), False),
        operation("search_next_match", "one chat (200 000): next match from the middle",
                  "p95 ≤ 5 ms", lambda app, fl: app <= 5.0,
                  lambda: chat_search.next_match(me, big_dialog, COMMON, middle_id),
                  lambda: floor_pg.next_match(fc, me, big_dialog, middle_id, COMMON), runs,
                  False),
    ]
    screens = {"history_newest", "history_older", "dialog_list_first_page",
               "group_history_newest", "feed_following", "feed_everyone", "search_people",
               "search_everything", "search_next_match"}
    for op in ops:
        op.round_trip_limit = SCREEN_ROUND_TRIPS if op.name in screens else None
    # All pages: two round trips a page.
    next(op for op in ops if op.name == "dialog_list_all").round_trip_limit = (
        lambda: SCREEN_ROUND_TRIPS * max(1, pages["n"]))
    return ops


def people_hash(conn, login_key: str) -> str:
    with conn.cursor() as cur:
        cur.execute('SELECT password_hash FROM "user" WHERE login_key = %s', (login_key,))
        return cur.fetchone()[0]


def comment_rows(operation, conn, me: int, runs: int):
    """A post with 10 000 comments (as bench/comment_ops.py), written now; the
    operation and what deletes the post again."""
    from models import comments

    from .comment_ops import COMMENTS, PAGE

    with conn.cursor() as cur:
        cur.execute("BEGIN")
        cur.execute("INSERT INTO post (author_id, text, created_at, like_count, comment_count,"
                    " is_repost) VALUES (%s, 'бенчмарк: 10 000 комментариев', now(), 0, %s,"
                    " false) RETURNING id", (me, COMMENTS))
        (post_id,) = cur.fetchone()
        cur.execute(
            "INSERT INTO comment (post_id, author_id, text, created_at, deleted, like_count) "
            "SELECT %s, a.id, 'комментарий ' || n, now(), false, 0 "
            "FROM generate_series(0, %s - 1) n "
            "JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM \"user\""
            " ORDER BY id LIMIT 500) a ON a.k = n %% 500", (post_id, COMMENTS))
        cur.execute("COMMIT")
        cur.execute("ANALYZE comment")

    def clean_up() -> None:
        with conn.cursor() as cur:
            cur.execute("DELETE FROM post WHERE id = %s", (post_id,))

    op = operation(
        "comments_newest", f"open a post with {COMMENTS:,} comments: newest {PAGE}",
        "p95 ≤ 2× floor, 3 ms", _screen(),
        lambda: comments.comments_page(me, post_id, limit=PAGE),
        lambda: floor_pg.comments_page(conn, post_id, PAGE + 1)[:PAGE], runs)
    op.round_trip_limit = SCREEN_ROUND_TRIPS
    return op, clean_up


def measure_pg(server: str, scale: float, sqlite_path, runs: int, *, only=None,
               log=print, statements: bool = False) -> dict:
    """The "postgresql" section of the report."""
    import psycopg2

    from models.db import close_database, database, open_database

    from .timing import Operation, measure

    prepared = prepare(server, scale, sqlite_path, log=log)
    app_trips, floor_trips = floor_pg.RoundTrips(), floor_pg.RoundTrips()
    db = open_database(prepared["url"])
    fc = floor_pg.connect(prepared["url"], floor_trips)
    clean_ups = []
    try:
        db.connection().cursor_factory = app_trips.cursor_class
        ops = operations(Operation, fc, 1, runs)
        if not only or "comments_newest" in only:
            op, clean_up = comment_rows(Operation, fc, 1, runs)
            ops.append(op)
            clean_ups.append(clean_up)
        if not only or set(only) & OPEN_ROWS:
            more, clean_up = open_rows(Operation, fc, 1, runs)
            ops += more
            clean_ups.append(clean_up)
        ops = [op for op in ops if not only or op.name in only]
        trips = {}
        for op in ops:  # one call each, counted, before the timing warms it
            app_trips.statements = [] if statements else None
            app_n = app_trips.during(op.app)
            if statements:
                print(f"\n=== {op.name}: {app_n} statements")
                for sql in app_trips.statements:
                    print("  " + sql[:240] + (" …" if len(sql) > 240 else ""))
            app_trips.statements = None
            first = app_n
            for _ in range(2):  # a first call may do more (a cache filled once): the third
                app_n = app_trips.during(op.app)
            # (the group send's floor is the app's own dialog send: count both)
            before = app_trips.count
            floor_n = floor_trips.during(op.floor) + app_trips.count - before
            limit = op.round_trip_limit() if callable(op.round_trip_limit) \
                else op.round_trip_limit
            trips[op.name] = {"app": app_n, "app_first_call": first, "floor": floor_n,
                              "limit": limit, "met": None if limit is None else app_n <= limit}
        results = measure(ops)
        for r in results:
            r["round_trips"] = trips[r["name"]]
        with fc.cursor() as cur:
            cur.execute("SELECT version(), pg_database_size(current_database())")
            version, size = cur.fetchone()
    finally:
        for clean_up in clean_ups:
            clean_up()
        fc.close()
        close_database()
        database.initialize(None)
    return {
        "server": version,
        "driver": f"psycopg2 {psycopg2.__version__}",
        "database": urlparse(prepared["url"]).path.lstrip("/"),
        "reused": prepared["reused"],
        "copy_seconds": prepared["copy_seconds"],
        "database_bytes": size,
        "operations": results,
    }


def table(section: dict) -> str:
    head = (f"{'operation':<44} {'app med':>8} {'app p95':>8} {'floor med':>9} {'floor p95':>9} "
            f"{'ratio':>6} "
            f"{'trips':>7}  {'target':<22} met")
    lines = [head, "-" * len(head)]
    for r in section["operations"]:
        mark = {True: "yes", False: "NO", None: "-"}[r["met"]]
        t = r["round_trips"]
        trips = f"{t['app']}/{t['floor']}"
        if t["met"] is not None:
            mark += "" if t["met"] else f"  (> {t['limit']} trips)"
        rows = "" if r["rows"]["app"] == r["rows"]["floor"] else \
            f"  (rows {r['rows']['app']} vs {r['rows']['floor']})"
        lines.append(
            f"{r['label']:<44} {r['app']['median_ms']:>8.3f} {r['app']['p95_ms']:>8.3f} "
            f"{r['floor']['median_ms']:>9.3f} {r['floor']['p95_ms']:>9.3f} "
            f"{r['ratio_p95']:>6.2f} {trips:>7}  "
            f"{r['target']:<22} {mark}{rows}")
    lines.append("times in ms; trips = statements sent by one call, app/floor; a screen "
                 f"load meets its target only in ≤ {SCREEN_ROUND_TRIPS} trips")
    return "\n".join(lines)


def heading(section: dict) -> str:
    copied = "reused, " if section["reused"] else ""
    return (f"PostgreSQL: {section['server'].split(' on ')[0]}; {section['driver']}; "
            f"database {section['database']} ({section['database_bytes'] / 2**20:,.1f} MB; "
            f"{copied}copied in {section['copy_seconds']} s with `messenger db copy`'s "
            "copy_database, VACUUM ANALYZE included)")


def printed(section: dict) -> str:
    return heading(section) + "\n" + table(section)


def judge(section: dict) -> None:
    """A row is met only when its time target and its round-trip limit are."""
    for r in section["operations"]:
        r["time_met"] = r["met"]
        if r["round_trips"]["met"] is False:
            r["met"] = False


def main(argv: list[str] | None = None) -> None:
    from models.db import close_database, database, open_database

    from .generate import generate

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--pg", default=None, help="server URL (default: MESSENGER_BENCH_PG)")
    parser.add_argument("--only", action="append")
    parser.add_argument("--statements", action="store_true",
                        help="print the statements one call of each operation sends")
    args = parser.parse_args(argv)
    server = args.pg or server_url()
    if not server:
        parser.error("name a PostgreSQL server: --pg or MESSENGER_BENCH_PG")
    generated = generate(args.scale)
    # brings the cached file's schema up to date (it is only read: no check, no verdict kept)
    open_database(f"sqlite:///{generated.path}", verify=False)
    close_database()
    database.initialize(None)
    section = measure_pg(server, args.scale, generated.path, args.runs,
                         only=set(args.only) if args.only else None,
                         statements=args.statements)
    judge(section)
    print("\n" + printed(section))


if __name__ == "__main__":
    main()
