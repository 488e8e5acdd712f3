"""The PostgreSQL copy of the bench community (bench/run_pg.py).

``prepare`` copies the cached SQLite community (bench/generate.py) with the app's
own ``models.copy.copy_database`` — the code behind ``messenger db copy``, which
ends with ``ANALYZE`` — into ``messenger_bench_s<scale>`` on the server a URL
names, and notes the generator version and the copy's time in its ``meta``
table; a database that already holds that version is reused. A run measures
(and writes into) ``messenger_bench_s<scale>_run``, made anew from that one as
its template (planner statistics included), as bench/generate.py's
``for_a_run`` does for SQLite.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urlparse

from .generate import GENERATOR_VERSION

VERSION_KEY = "bench.generator"
COPY_KEY = "bench.copy_seconds"


def server_url() -> str | None:
    """``MESSENGER_BENCH_PG``, else the test suite's server (``MESSENGER_TEST_PG``)."""
    for name in ("MESSENGER_BENCH_PG", "MESSENGER_TEST_PG"):
        value = os.environ.get(name, "")
        if value and value != "off":
            return value
    return None


DATABASE_PREFIX = "messenger_bench"


def database_url(server: str, scale: float) -> str:
    """The bench database of ``scale`` on the server of ``server`` (its path is ignored)."""
    name = f"{DATABASE_PREFIX}_s" + f"{scale:g}".replace(".", "_").replace("-", "_")
    return urlparse(server)._replace(path="/" + name).geturl()


def drop(url: str) -> None:
    """Remove the database ``url`` names (the smoke test's own)."""
    admin = _admin(url)
    try:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{urlparse(url).path.lstrip("/")}"')
    finally:
        admin.close()


def _admin(url: str):
    import psycopg2

    conn = psycopg2.connect(urlparse(url)._replace(path="/postgres").geturl())
    conn.autocommit = True
    return conn


def _stored_version(url: str) -> tuple[int | None, float | None]:
    """The generator version and copy time kept in the database's meta, if any."""
    import psycopg2

    try:
        conn = psycopg2.connect(url)
    except psycopg2.OperationalError:  # no such database yet
        return None, None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('meta')")
            if cur.fetchone()[0] is None:
                return None, None
            cur.execute("SELECT key, value FROM meta WHERE key IN (%s, %s)",
                        (VERSION_KEY, COPY_KEY))
            found = dict(cur.fetchall())
    finally:
        conn.close()
    version = found.get(VERSION_KEY)
    seconds = found.get(COPY_KEY)
    return (int(version) if version else None), (float(seconds) if seconds else None)


def for_a_run(url: str) -> str:
    """A fresh database made from ``url``'s as its template, for one run to
    write into (what a run writes never reaches the next); its URL."""
    name = urlparse(url).path.lstrip("/")
    run_url = run_database_url(url)
    run_name = urlparse(run_url).path.lstrip("/")
    admin = _admin(url)
    try:
        with admin.cursor() as cur:
            cur.execute("SHOW server_version_num")
            # 15 and later: copy the files, not every page through the WAL (faster)
            strategy = " STRATEGY FILE_COPY" if int(cur.fetchone()[0]) >= 150000 else ""
            cur.execute(f'DROP DATABASE IF EXISTS "{run_name}"')
            cur.execute(f'CREATE DATABASE "{run_name}" TEMPLATE "{name}"{strategy}')
    finally:
        admin.close()
    # The copy's files (1.2 GB at scale 1) are written back to disk by the
    # kernel for a minute after: on a local server the first operations were
    # timed beside that writeback (the feed's p95 2.4 times the next run's).
    os.sync()
    return run_url


def run_database_url(url: str) -> str:
    """The run's database beside ``url``'s (``for_a_run``)."""
    parsed = urlparse(url)
    return parsed._replace(path=parsed.path + "_run").geturl()


def prepare(server: str, scale: float, sqlite_path, *, log=print) -> dict:
    """The PostgreSQL copy of the community (reused, or made now) and a run's
    copy of it. Returns the run's URL, the copy's (``template``), whether it
    was reused and how long the copy took (s)."""
    url = database_url(server, scale)
    version, seconds = _stored_version(url)
    reused = version == GENERATOR_VERSION
    if not reused:
        seconds = _copy(url, sqlite_path, log)
    return {"url": for_a_run(url), "template": url, "reused": reused, "copy_seconds": seconds}


def _copy(url: str, sqlite_path, log) -> float:
    """Copy the SQLite community into the database ``url`` (made anew); seconds."""
    from models.copy import copy_database

    name = urlparse(url).path.lstrip("/")
    admin = _admin(url)
    try:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()
    if log:
        log(f"copying {sqlite_path.name} into PostgreSQL database {name} …")
    started = time.perf_counter()
    report = copy_database(f"sqlite:///{sqlite_path}", url)
    seconds = round(time.perf_counter() - started, 1)
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            cur.executemany("INSERT INTO meta (key, value) VALUES (%s, %s)",
                            [(VERSION_KEY, str(GENERATOR_VERSION)), (COPY_KEY, str(seconds))])
    finally:
        conn.close()
    if log:
        log(f"copied {report.total_rows:,} rows in {seconds} s (VACUUM ANALYZE included)")
    return seconds
