"""The app's SQLite database file: a connection opens it without creating it,
and a thread's connection is dropped when the path comes to name another file.

``models.db.make_database`` opens a SQLite URL as ``_ExistingSqliteFile``;
``@reads`` and ``@writes`` call its ``follow_moved_file`` before a domain call.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from . import integrity


class _ExistingSqliteFile(SqliteDatabase):
    """A SQLite database that reconnects only to the file that is there.

    ``open_database`` creates the file once; every later connection (each worker
    thread's, or the one after a failure) opens it read-write without creating,
    so a file moved away or replaced while the app runs is reported as a
    ``DatabaseError`` instead of an empty new database appearing in its place.
    """

    quick_check: integrity.QuickCheck | None = None  # started by open_database(verify=True)
    damage: str | None = None  # set once damage is seen: no write after that

    def _connect(self):
        identity = _file_identity(self.database)
        uri = Path(self.database).absolute().as_uri() + "?mode=rw"
        conn = sqlite3.connect(uri, timeout=self._timeout, isolation_level=None,
                               uri=True, **self.connect_params)
        try:
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        self._state.file_identity = identity
        return conn

    def follow_moved_file(self) -> None:
        """An open connection follows its file when the file is moved away (and the
        app's threads keep theirs for the whole session): drop this thread's
        connection when the path no longer names the file it opened, so the next
        statement reconnects to what is there now — or fails while nothing usable is."""
        if self.is_closed() or self.in_transaction():
            return
        if _file_identity(self.database) != getattr(self._state, "file_identity", None):
            self.close()


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
