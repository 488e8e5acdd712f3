"""Where a log-in's time goes, call by call, right after a run's copy of the database.

    python -m bench.login_phases                 # scale 1, 30 log-ins
    python -m bench.login_phases --scale 10 --runs 40

Each log-in (``accounts.log_in``, as ``bench.run``'s ``log_in`` row calls it) is
split into its database part (the attempt counted, the account read, the
success written) and argon2id's verification, with the process's system time
of the verification: argon2id fills 64 MiB, which the kernel gives the process
afresh on every call. Beside each, the wall and system time of touching 64 MiB
of fresh memory, with no hashing. The database is the run's fresh copy
(``generate.for_a_run``), as in ``bench.run`` and ``bench.scaling``; the
figures show whether a slow log-in was the database or the memory
(bench/README.md, "The log-in's tail").
"""

from __future__ import annotations

import argparse
import mmap
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .timing import summary

FRESH_BYTES = 64 * 2**20  # argon2id's memory as shipped (argon2-cffi's default, 64 MiB)


def _timed(func: Callable[[], object]) -> tuple[float, float]:
    """(wall ms, system ms) of one call."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    start = time.perf_counter()
    func()
    wall = (time.perf_counter() - start) * 1000
    return wall, (resource.getrusage(resource.RUSAGE_SELF).ru_stime - before) * 1000


@contextmanager
def verify_replaced(passwords, check: Callable[[str, str], bool]) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """``passwords.verify_password`` (the module ``models.passwords``, as
    ``accounts.log_in`` calls it) is ``check`` inside the block, and the real
    one again after it, whatever happens (this script's timed verification;
    ``bench.run``'s ``log_in_database``, the hash left out)."""
    verify = passwords.verify_password
    passwords.verify_password = check
    try:
        yield
    finally:
        passwords.verify_password = verify


def touch_fresh_memory() -> None:
    """64 MiB mapped afresh and a byte written in each page, then given back."""
    block = mmap.mmap(-1, FRESH_BYTES)
    try:
        for offset in range(0, FRESH_BYTES, mmap.PAGESIZE):
            block[offset] = 1
    finally:
        block.close()


def measure(runs: int, scale: float, data_dir: Path | None = None) -> list[dict]:
    from models import accounts, passwords
    from models.db import close_database, database, open_database

    from .generate import BENCH_PASSWORD, for_a_run, generate
    from .generate_community import BENCH_LOGIN

    generated = for_a_run(generate(scale, data_dir, quiet=True))
    open_database(f"sqlite:///{generated.path}", verify=False)  # as bench.run (QUICK_CHECK)
    verify = passwords.verify_password
    hashing: dict[str, float] = {}

    def timed_verify(*args):  # type: ignore[no-untyped-def]
        result: list = []
        hashing["wall"], hashing["system"] = _timed(lambda: result.append(verify(*args)))
        return result[0]

    rows = []
    try:
        with verify_replaced(passwords, timed_verify):
            for _ in range(runs):
                total, _system = _timed(lambda: accounts.log_in(BENCH_LOGIN, BENCH_PASSWORD))
                fresh, fresh_system = _timed(touch_fresh_memory)
                rows.append({"log_in_ms": total, "hash_ms": hashing["wall"],
                             "hash_system_ms": hashing["system"],
                             "database_ms": total - hashing["wall"],
                             "fresh_64mib_ms": fresh, "fresh_64mib_system_ms": fresh_system})
    finally:
        close_database()
        database.initialize(None)
    return rows


def printed(rows: list[dict]) -> str:
    keys = ("log_in_ms", "database_ms", "hash_ms", "hash_system_ms", "fresh_64mib_ms",
            "fresh_64mib_system_ms")
    lines = ["  ".join(f"{key:>21}" for key in keys)]
    lines += ["  ".join(f"{row[key]:>21.1f}" for key in keys) for row in rows]
    for key in keys:
        figures = summary([row[key] for row in rows])
        lines.append(f"{key}: median {figures['median_ms']:.1f}, p95 {figures['p95_ms']:.1f} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--dir", type=Path, default=None, help="data directory")
    args = parser.parse_args(argv)
    print(printed(measure(args.runs, args.scale, args.dir)))


if __name__ == "__main__":
    main()
