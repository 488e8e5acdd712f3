"""Build a large, realistic community in a fresh SQLite database, fast.

At ``--scale 1``: 100 000 people (Cyrillic and Latin names), 50 000 dialogs
holding 1 000 000 messages — person 1 ("bench") has 1 000 dialogs, one of them
(with person 2) holding 200 000 messages — 500 000 posts with 300 000 likes,
5 000 communities with 250 000 memberships, 300 000 friendships.

The schema comes from ``models.db.open_database`` (so it is exactly the app's);
rows go in with ``executemany`` through the peewee connection in one big
transaction, with every denormalised column filled consistently: the dialog's
``last_seq``/``last_message_id``, each member's ``last_message_id`` and
``last_read_seq``, search keys, like counts. The database is built under a
temporary name and renamed when complete, so a cached file is always whole.
The rows themselves are made in ``bench/generate_community.py``.

    python -m bench.generate --scale 0.01
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .generate_community import Sizes, fill_community

# 2: groups (bench/generate_groups.py); 3: rare words for search, schema 10's index;
# 4: tracks on 10 % of the posts (bench/generate_tracks.py); 5: the search index
# merged at the end, as the app's upkeep leaves it (models/search_upkeep.py); 6: the
# same community, built again because runs wrote into the cache of 5 (``for_a_run``)
GENERATOR_VERSION = 6
BENCH_PASSWORD = "correct horse battery staple bench"
BIG_PEER = 2  # person 1's dialog with person 2 is the long one
SEED = 20260314


def bench_dir() -> Path:
    """Where generated databases and nothing else live: ``$MESSENGER_BENCH_DIR`` or ``./.bench``."""
    return Path(os.environ.get("MESSENGER_BENCH_DIR") or ".bench")


def database_path(scale: float, directory: Path | None = None) -> Path:
    directory = bench_dir() if directory is None else directory
    return directory / f"community-v{GENERATOR_VERSION}-s{scale:g}.db"


@dataclass(frozen=True)
class Generated:
    path: Path
    scale: float
    seconds: float  # 0 when reused from the cache
    reused: bool
    counts: dict
    cached: Path | None = None  # for a run's copy (``for_a_run``): the file it copies


def for_a_run(generated: Generated) -> Generated:
    """The community as it was generated, for one run to write into.

    The benches write: sends, the writers' tens of thousands of messages, the
    memory bench's pictures. Written into the cached file, they became part of
    the community every later run measured (the PostgreSQL global search read
    ~100 000 newest messages of earlier runs before a page of matches), so a
    figure moved with how many runs came before. Each run now works on a fresh copy of the
    cached file (``….run.db`` beside it, replaced by the next run); the cached
    file is only read, and copied (to PostgreSQL as well) as it was generated."""
    import shutil
    import sqlite3

    from models.db import close_database, database, open_database

    source = generated.path
    # its schema brought up to date (a cache from an older release), as copies need
    open_database(f"sqlite:///{source}", verify=False)  # bench/run.py's QUICK_CHECK
    close_database()
    database.initialize(None)
    if Path(f"{source}-wal").exists():  # a copy of the file alone would miss its log
        conn = sqlite3.connect(source)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    path = source.with_name(source.name.removesuffix(".db") + ".run.db")
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    shutil.copyfile(source, path)
    path.chmod(0o600)
    with path.open("rb+") as copy:  # written out now, not while the run times its calls
        os.fsync(copy.fileno())
    return Generated(path, generated.scale, generated.seconds, generated.reused,
                     generated.counts, cached=source)


def generate(scale: float = 1.0, directory: Path | None = None, *, force: bool = False,
             quiet: bool = False) -> Generated:
    """The community database for ``scale``, built now or reused from the cache."""
    import sqlite3

    from models import passwords
    from models.db import close_database, database, open_database

    path = database_path(scale, directory)
    if path.exists() and not force:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            counts = dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'bench.%'"))
        finally:
            conn.close()
        counts = {k.removeprefix("bench."): int(v) for k, v in counts.items()}
        return Generated(path, scale, 0.0, True, counts)

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    sizes = Sizes.at(scale)
    rng = random.Random(SEED)
    started = time.perf_counter()
    # The real password hash (shipped argon2id parameters), made once for everyone.
    password_hash = passwords.hash_password(BENCH_PASSWORD)
    db = open_database(f"sqlite:///{partial}")
    try:
        conn = db.connection()
        conn.execute("PRAGMA synchronous = OFF")  # a crash only loses a .partial file
        # Indexes filled in random key order need their pages in memory: with the
        # default 2 MB cache scale 10 spends its time re-reading them.
        conn.execute(f"PRAGMA cache_size = {-min(2_000_000, max(2_000, round(400_000 * scale)))}")
        # Rows go in parent-after-child order (a dialog's row needs its messages'
        # numbers); the smoke test runs foreign_key_check on the result.
        conn.execute("PRAGMA foreign_keys = OFF")
        with db.atomic(), _search_index_filled_at_the_end(db):
            counts = fill_community(conn, sizes, rng, password_hash, scale)
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [(f"bench.{k}", str(v)) for k, v in counts.items()],
            )
        conn.execute("PRAGMA foreign_keys = ON")
        _tidy_search_index(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        close_database()
        database.initialize(None)
    os.replace(partial, path)
    seconds = time.perf_counter() - started
    if not quiet:
        print(f"generated {path} in {seconds:.1f} s: "
              + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    return Generated(path, scale, seconds, False, counts)


@contextlib.contextmanager
def _search_index_filled_at_the_end(db):
    """Rows go in without the search index's insert triggers, which are put back
    and made up for in one pass at the end: per row, FTS5 writes a segment at
    each statement (its savepoint), a third of scale 10's build time."""
    from models.migration_search import SQLITE_INDEXES, fill_sqlite_indexes, sqlite_ddl

    for _table, index, _findable, _extra in SQLITE_INDEXES:
        db.execute_sql(f"DROP TRIGGER {index}_insert")
    yield
    for table, index, findable, extra in SQLITE_INDEXES:
        for statement in sqlite_ddl(table, index, findable, extra):
            db.execute_sql(statement)  # IF NOT EXISTS: only the insert triggers are new
    fill_sqlite_indexes(db)


def _tidy_search_index(conn) -> None:
    """Merge the full-text index's segments as the app's upkeep does over time.

    One big fill leaves the index in a dozen segments, a state a running app
    does not keep for long: its live thread merges them in bounded steps
    (``models.search_upkeep``). The same steps run here until one changes
    nothing, so the search rows measure the index people actually query.
    """
    from models.migration_search import SQLITE_INDEXES
    from models.search_upkeep import tidy_search_index

    def structures() -> list:
        # FTS5 keeps the list of segments in the row of id 10 of its _data table
        return [conn.execute(f"SELECT block FROM {index}_data WHERE id = 10").fetchone()
                for _table, index, _findable, _extra in SQLITE_INDEXES]

    while True:
        before = structures()
        tidy_search_index(pages=2000)
        if structures() == before:
            return


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100 000 people (default)")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to keep the database (default $MESSENGER_BENCH_DIR or ./.bench)")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    result = generate(args.scale, args.dir, force=args.force)
    if result.reused:
        print(f"reusing {result.path} (built earlier; --force rebuilds it)")
    print(asdict(result)["counts"])


if __name__ == "__main__":
    main()
