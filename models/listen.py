"""PostgreSQL LISTEN/NOTIFY: a writer wakes the running apps its change concerns.

A writer whose change another person must see live (a message, an activity row)
calls ``notify(addressee_id)`` inside its transaction: ``pg_notify('messenger',
'<id>')``. PostgreSQL delivers it at commit, so a listener never hears of a row
it cannot read yet, and a rolled-back transaction tells nobody anything. On
SQLite ``notify`` runs nothing at all: there the poll itself is cheap (``PRAGMA
data_version``) and is asked a few times a second.

An app's poll thread waits between two polls in ``ChangeWaiter.wait``: on
PostgreSQL it keeps one connection of its own (autocommit, ``LISTEN
messenger``) and returns as soon as a notification names its person, so a new
message is read a few milliseconds after its commit instead of at the next
tick. Every listener hears every notification of the channel and drops those
for others (one channel keeps the server's work per commit constant).

If the listening connection breaks (the server restarts, an operator ends the
session), the waiter tells the thread to poll at once and falls back to timed
polling, trying ``LISTEN`` again every ``LISTEN_RETRY`` seconds. Notifications
sent while nobody listened are lost, so a fresh ``LISTEN`` is followed by a poll.
"""

from __future__ import annotations

import select
import socket
import time

from .db import database, is_sqlite

CHANNEL = "messenger"
LISTEN_RETRY = 5.0  # seconds between attempts to listen again after a failure
CONNECT_TIMEOUT = 5  # seconds: an unreachable host must not hold the poll thread


def notify(user_id: int) -> None:
    """Wake ``user_id``'s running apps when the current transaction commits
    (PostgreSQL only; call it from inside a ``@writes`` function).

    Call it before inserting the row the app will read: ``txid_current()``
    gives the transaction its number before the row takes its id, which the
    poller's late-commit check relies on (models/activity.py, ``_settle``)."""
    if is_sqlite():
        return
    database.obj.execute_sql(
        "SELECT pg_notify(%s, %s), txid_current()", (CHANNEL, str(user_id))
    )


def notify_many(user_ids: list[int]) -> None:
    """``notify`` each of ``user_ids``, in one statement."""
    if is_sqlite():
        return
    database.obj.execute_sql(
        "SELECT pg_notify(%s, u::text), txid_current() FROM unnest(%s::int[]) u",
        (CHANNEL, list(user_ids)),
    )


def notify_members(dialog_id: int) -> None:
    """``notify`` every present member of group ``dialog_id``, in one statement
    (no row is written: a send into a big group stays one row)."""
    if is_sqlite():
        return
    database.obj.execute_sql(
        "SELECT pg_notify(%s, user_id::text), txid_current() FROM dialog_member"
        " WHERE dialog_id = %s AND left_seq IS NULL",
        (CHANNEL, dialog_id),
    )


class ChangeWaiter:
    """Waits between two polls of one person's app. ``wait`` is called from the
    poll thread only; ``interrupt`` may be called from any thread."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self._payload = str(user_id)
        self._conn = None  # the listening psycopg2 connection, PostgreSQL only
        self._retry_at = 0.0
        # A socket pair, not an Event: select() waits on it and the server at once.
        self._wake_in, self._wake_out = socket.socketpair()
        self._wake_in.setblocking(False)
        self._wake_out.setblocking(False)
        self.notified = 0  # wake-ups by a notification for this person (tests)

    @property
    def listening(self) -> bool:
        return self._conn is not None

    def wait(self, timeout: float) -> bool:
        """Return after ``timeout`` seconds, on ``interrupt()``, or — on PostgreSQL —
        as soon as a notification for this person arrives. Returns True when the
        caller should poll because the database said so (a notification, or
        listening just began or broke), False on a timeout or an interrupt."""
        if self._conn is None and not is_sqlite() and time.monotonic() >= self._retry_at:
            if self._listen():
                return True  # what was committed before LISTEN began is read now
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            remaining = deadline - time.monotonic()
            watched = [self._wake_in] + ([self._conn] if self._conn is not None else [])
            try:
                ready, _, _ = select.select(watched, [], [], max(remaining, 0.0))
            except (OSError, ValueError):  # the connection's socket went away
                self._drop()
                return True
            if self._wake_in in ready:
                self._drain()
                return False
            if self._conn is not None and self._conn in ready:
                if self._heard_mine():
                    self.notified += 1
                    return True
                if self._conn is None:
                    return True  # it broke: poll now, the poll reports any outage
            if remaining <= 0 or not ready:
                return False

    def interrupt(self) -> None:
        """End the current (or the next) ``wait`` early."""
        try:
            self._wake_out.send(b"\0")
        except OSError:  # closed, or already full of wake-ups
            pass

    def close(self) -> None:
        self._drop()
        for sock in (self._wake_in, self._wake_out):
            sock.close()

    # ------------------------------------------------------------ internals

    def _listen(self) -> bool:
        import psycopg2

        db = database.obj
        try:
            conn = psycopg2.connect(  # the database's name is the operator's whole URL
                db.database, connect_timeout=CONNECT_TIMEOUT, **db.connect_params
            )
        except psycopg2.Error:
            self._retry_at = time.monotonic() + LISTEN_RETRY
            return False
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
        except psycopg2.Error:
            conn.close()
            self._retry_at = time.monotonic() + LISTEN_RETRY
            return False
        self._conn = conn
        return True

    def _heard_mine(self) -> bool:
        """Read what the server sent; whether a notification names this person.
        A broken connection is dropped (``self._conn`` becomes None)."""
        import psycopg2

        try:
            self._conn.poll()
        except psycopg2.Error:
            self._drop()
            return False
        notes, self._conn.notifies[:] = list(self._conn.notifies), []
        return any(note.payload == self._payload for note in notes)

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._retry_at = time.monotonic() + LISTEN_RETRY
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                pass

    def _drain(self) -> None:
        try:
            while self._wake_in.recv(4096):
                pass
        except OSError:  # BlockingIOError: nothing more to read
            pass
