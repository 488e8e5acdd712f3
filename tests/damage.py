"""Ways to damage a SQLite database file for tests, and what a write would change."""

from __future__ import annotations

import hashlib
import random
import sqlite3

from models import integrity


def smash_the_middle(path, seed: int = 11) -> None:
    """4 KB of random bytes in the middle of the file."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = random.Random(seed).randbytes(4096)
    path.write_bytes(bytes(data))


def smash_table(path, table: str, seed: int = 5) -> None:
    """Overwrite the root page of ``table`` with random bytes."""
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(random.Random(seed).randbytes(size))


def written(path) -> tuple[str, int]:
    """sha256 of the database file and the bytes its write-ahead log holds (a
    connection that is open has an empty one; a write would fill it)."""
    wal = path.with_name(path.name + "-wal")
    return hashlib.sha256(path.read_bytes()).hexdigest(), wal.stat().st_size if wal.exists() else 0


def checks_started(monkeypatch) -> list[integrity.QuickCheck]:
    """Every start-up check begun from now on (``open_database``'s quick_check,
    real and running), in a list the test reads."""
    started = []
    real = integrity.QuickCheck

    def recorded(*args, **kwargs):
        started.append(real(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(integrity, "QuickCheck", recorded)
    return started
