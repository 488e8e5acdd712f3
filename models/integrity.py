"""Damage found before anything is written to a SQLite database.

``open_database`` starts ``PRAGMA quick_check`` on a read-only connection of its
own (a thread, so the app paints its first screen meanwhile). Every write waits
for the verdict first (``models.db.writes``), and a damaged file is never
written to: not at start-up, not later when a statement meets "database disk
image is malformed". A small file (up to ``SYNC_CHECK_BYTES``, e.g. the demo) is
checked before ``open_database`` returns, so it is refused in one line before
the app starts.

quick_check reads every page (not the index contents). Measured on the
development machine under load (load average about 7): 8 ms for the 4.5 MB
demo, 0.8 s for the 46 MB scale-0.1 bench database, 6.0–8.4 s for the 480 MB
scale-1 one — far past the start-up target (≤ 1.5× a bare Textual app, about
0.3 s), so a big file is checked while the app starts and the first write
waits (a log-in usually comes later than that anyway).

A big file's sound verdict is kept in the database (``meta`` row
``VERDICT_KEY``, the time the check began), and a start within ``VERDICT_KEPT``
of it neither checks nor waits: at scale 10 (7.1 GB) quick_check took 241 s, so
every app started would have read the whole file and its log-in waited minutes.
Damage done since that verdict is still found by the first statement that meets
it ("malformed" stops every write, ``note_damage``). A small file is checked at
every start, as it costs nothing worth keeping a verdict for.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import peewee

from .errors import UnhealthyDatabaseError, msg
from .locations import inspection_uri

SYNC_CHECK_BYTES = 8 * 2**20
REPORTED = 3  # quick_check lines kept for the message
VERDICT_KEY = "found_sound_at"  # meta row: when the last quick_check that found no damage began
VERDICT_KEPT = timedelta(days=1)
OURS_WAIT = 60.0  # seconds the checker waits for open_database to find the file ours


def is_small(path: Path) -> bool:
    """Checked before ``open_database`` returns (and at every start)."""
    try:
        return Path(path).stat().st_size <= SYNC_CHECK_BYTES
    except OSError:
        return True


def recently_found_sound(db) -> bool:
    """Whether a quick_check found this file sound less than ``VERDICT_KEPT`` ago
    (a time in the future, from a clock set back, does not count)."""
    try:
        row = db.execute_sql("SELECT value FROM meta WHERE key = ?", (VERDICT_KEY,)).fetchone()
        found = datetime.fromisoformat(row[0]) if row is not None else None
    except (peewee.DatabaseError, sqlite3.Error, ValueError, TypeError):
        return False  # not ours, unreadable or no verdict: check it
    if found is None or found.tzinfo is None:
        return False
    return timedelta(0) <= datetime.now(UTC) - found <= VERDICT_KEPT


def damaged_error(detail: str) -> UnhealthyDatabaseError:
    return UnhealthyDatabaseError(
        msg(
            "The database file is damaged ({detail}). Messenger stopped writing to it, so "
            "nothing more is lost. Quit, keep a copy of it as it is with `messenger db "
            "backup PATH`, see the damage with `messenger db check`, then restore your "
            "last good backup (or rescue what is readable with `sqlite3 FILE .recover`).",
            detail=detail,
        )
    )


class QuickCheck:
    """``PRAGMA quick_check`` of the file at ``path``, running in a thread.

    With ``record``, a sound verdict is written to the file's ``meta`` once
    ``open_database`` has found the file ours (``ours.set()``); a file that is
    not ours is never written to.
    """

    def __init__(self, path: Path, *, record: bool = False):
        self.path = Path(path)
        self.record = record
        self.ours = threading.Event()
        self._problem: str | None = None
        self._done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="messenger-quick-check", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        began = datetime.now(UTC)
        try:
            conn = sqlite3.connect(inspection_uri(self.path), uri=True, timeout=10)
            try:
                conn.execute("PRAGMA query_only = 1")
                rows = conn.execute(f"PRAGMA quick_check({REPORTED})").fetchall()
            finally:
                conn.close()
            lines = [str(row[0]) for row in rows if row[0] != "ok"]
            if lines:
                self._problem = "; ".join(" ".join(line.split()) for line in lines)
        except sqlite3.Error as exc:
            text = str(exc).lower()
            if "malformed" in text or "not a database" in text or "corrupt" in text:
                self._problem = str(exc)
            # Anything else (busy, cannot open read-only) is not damage; the
            # database's own connection reports it when it is used.
            return
        finally:
            self._done.set()
        if self._problem is None and self.record and self.ours.wait(OURS_WAIT):
            self._keep_verdict(began)

    def _keep_verdict(self, began: datetime) -> None:
        try:
            conn = sqlite3.connect(self.path.absolute().as_uri() + "?mode=rw", uri=True, timeout=5)
            try:
                with conn:
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (VERDICT_KEY, began.isoformat(timespec="seconds")),
                    )
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # read-only or busy: the next start checks again

    def wait(self, timeout: float | None = None) -> str | None:
        """The damage found (a line of text), or ``None`` when the file is sound."""
        self._done.wait(timeout)
        return self._problem

    def finished(self, timeout: float = 0.0) -> bool:
        """Whether the verdict is in, waiting up to ``timeout`` seconds for it."""
        return self._done.wait(timeout)


def still_checking(db, grace: float = 0.0) -> bool:
    """Whether a write to ``db`` would still wait for its start-up check after
    ``grace`` seconds (a form tells the person why their first write waits)."""
    check = getattr(db, "quick_check", None)
    if check is None or getattr(db, "damage", None) is not None:
        return False
    return not check.finished(grace)


def refuse_if_damaged(db) -> None:
    """Raise the damage message if ``db`` is known to be damaged, waiting for its
    start-up quick_check when that still runs. Only SQLite files carry
    ``quick_check`` and ``damage`` (``models.sqlite_file._ExistingSqliteFile``)."""
    if not hasattr(db, "damage"):
        return
    if db.damage is None and db.quick_check is not None:
        db.damage = db.quick_check.wait()
    if db.damage is not None:
        raise damaged_error(db.damage)


def note_damage(db, detail: str) -> None:
    """Remember that a statement met damage: no later write goes to this file."""
    if hasattr(db, "damage") and db.damage is None:
        db.damage = detail
