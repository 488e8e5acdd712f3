"""Several people writing at once into one SQLite file, and a client killed
mid-write over and over: nothing acknowledged is lost, nothing is duplicated,
every dialog stays numbered 1, 2, 3 … and the file stays healthy.

Each client is a real separate process (tests/models/reliability_worker.py).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from models.db import close_database, database, open_database
from models.schema import Dialog, Message

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("reliability_worker.py")
REPO = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT = 120  # seconds; only reached if something hangs


@pytest.fixture
def sqlite_db(tmp_path, monkeypatch):
    """A fresh SQLite file shared by the parent and its worker processes."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    open_database(url)
    yield url
    close_database()
    database.initialize(None)


@pytest.fixture
def make_user_factory():
    """``make_user`` of conftest, usable without its backend-parametrised ``db``."""
    from models import clock
    from models.schema import User
    from models.text import search_key

    def make(login: str):
        return User.create(
            login=login, login_key=search_key(login), password_hash="!",
            first_name=login.title(), last_name="Tester",
            first_key=search_key(login), last_key="tester", created_at=clock.now(),
        ).id

    return make


def spawn(*args: object, stdin=subprocess.DEVNULL) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env, cwd=REPO,
    )


def finish(proc: subprocess.Popen, name: str) -> str:
    """Wait for a worker; fail the test with its traceback if it did not end cleanly."""
    out, err = proc.communicate(timeout=CHILD_TIMEOUT)
    assert proc.returncode == 0, f"{name} failed (exit {proc.returncode}):\n{err}"
    assert out.rstrip().endswith("done"), f"{name} did not finish:\n{out[-500:]}\n{err}"
    return out


def assert_gapless(dialog_id: int) -> list[Message]:
    """The dialog's messages are numbered 1..N without gaps and agree with last_seq."""
    rows = list(Message.select().where(Message.dialog == dialog_id).order_by(Message.seq))
    assert [m.seq for m in rows] == list(range(1, len(rows) + 1))
    dialog = Dialog.get_by_id(dialog_id)
    assert dialog.last_seq == len(rows)
    assert dialog.last_message_id == max(m.id for m in rows)
    return rows


def counter_of(client_id: str) -> int:
    return int(client_id.rsplit("-", 1)[1])


def assert_database_healthy(url: str) -> None:
    from models.maintenance import check_database

    assert check_database() == []
    db = database.obj
    assert db.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []


PROCESSES = 8
PER_PROCESS = 500


def test_eight_processes_writing_at_once_lose_and_duplicate_nothing(sqlite_db, make_user_factory):
    """Eight people each send 500 messages at the same moment, alternating between
    their two neighbours' chats: all 4000 arrive once, every chat is numbered
    without gaps, and each person's messages appear in the order they were sent."""
    users = [make_user_factory(f"writer{i}") for i in range(PROCESSES)]
    procs = []
    for i, user in enumerate(users):
        left, right = users[(i - 1) % PROCESSES], users[(i + 1) % PROCESSES]
        procs.append(spawn("burst", sqlite_db, user, right, left, PER_PROCESS, f"p{i}",
                           stdin=subprocess.PIPE))
    for i, proc in enumerate(procs):
        line = proc.stdout.readline()
        if line.strip() != "ready":
            proc.kill()
            finish(proc, f"writer {i}")
    for proc in procs:  # everyone starts together
        proc.stdin.write("go\n")
        proc.stdin.flush()  # communicate() closes stdin later
    for i, proc in enumerate(procs):
        finish(proc, f"writer {i}")

    assert Message.select().count() == PROCESSES * PER_PROCESS
    client_ids = [m.client_id for m in Message.select(Message.client_id)]
    assert len(set(client_ids)) == len(client_ids)
    dialogs = list(Dialog.select())
    assert len(dialogs) == PROCESSES  # a ring: each neighbour pair shares one chat
    for dialog in dialogs:
        rows = assert_gapless(dialog.id)
        assert len(rows) == PER_PROCESS  # 250 from each of the two people in it
        by_sender = defaultdict(list)
        for m in rows:
            by_sender[m.sender_id].append(counter_of(m.client_id))
        assert len(by_sender) == 2
        for counters in by_sender.values():
            assert counters == sorted(counters)  # seq grows with the send order
            assert len(counters) == PER_PROCESS // 2
    assert_database_healthy(sqlite_db)


KILL_ROUNDS = 15
STREAM_TOTAL = 400
PEER_TOTAL = 300


def test_a_writer_killed_mid_stream_loses_nothing_it_was_told_was_sent(
    sqlite_db, make_user_factory
):
    """A client is killed (SIGKILL) at random moments fifteen times while its peer keeps
    writing into the same chat; each restart resends from the last acknowledged message.
    Every acknowledged message is stored exactly once, the chat has no gaps and the
    file passes SQLite's integrity and foreign-key checks."""
    rng = random.Random(20260314)
    writer, peer = make_user_factory("victim"), make_user_factory("steady")
    steady = spawn("stream", sqlite_db, peer, writer, 0, PEER_TOTAL, "s")

    acknowledged: list[int] = []
    kills = 0
    start = 0
    for round_no in range(KILL_ROUNDS):
        proc = spawn("stream", sqlite_db, writer, peer, start, STREAM_TOTAL, "k")
        wanted = rng.randint(1, 15)
        got = 0
        while got < wanted:
            line = proc.stdout.readline()
            if not line:
                break
            acknowledged.append(counter_of(line.strip()))
            got += 1
        if proc.poll() is None:
            time.sleep(rng.uniform(0, 0.004))  # land the kill somewhere inside a send
            proc.send_signal(signal.SIGKILL)
            kills += 1
        # Read the rest through the same buffered pipe readline() used: communicate()
        # reads the raw descriptor and would drop lines readline() had buffered ahead.
        out = proc.stdout.read()
        err = proc.stderr.read()
        proc.wait(timeout=CHILD_TIMEOUT)
        assert proc.returncode in (0, -signal.SIGKILL), f"round {round_no}:\n{err}"
        acknowledged.extend(
            counter_of(line) for line in out.splitlines(keepends=True)
            if line.endswith("\n") and line.startswith("k-")
        )
        assert acknowledged, f"round {round_no} made no progress:\n{err}"
        start = acknowledged[-1]  # resend the last acknowledged one: it must dedupe
    final = spawn("stream", sqlite_db, writer, peer, start, STREAM_TOTAL, "k")
    acknowledged.extend(
        counter_of(line) for line in finish(final, "final writer").splitlines()
        if line.startswith("k-")
    )
    finish(steady, "steady peer")

    assert kills >= KILL_ROUNDS - 2  # almost every round really died mid-stream

    assert set(acknowledged) == set(range(STREAM_TOTAL))
    dialog = Dialog.get()
    rows = assert_gapless(dialog.id)
    by_sender = defaultdict(list)
    for m in rows:
        by_sender[m.sender_id].append(counter_of(m.client_id))
    assert by_sender[writer] == list(range(STREAM_TOTAL))  # each once, in order
    assert by_sender[peer] == list(range(PEER_TOTAL))
    assert_database_healthy(sqlite_db)


def test_the_same_messages_sent_by_two_processes_at_once_are_stored_once(
    sqlite_db, make_user_factory
):
    """A resend racing the original (the same client, started twice, sending the same
    client ids at the same moment) stores every message once, numbered without gaps."""
    anna, boris, vera = (make_user_factory(name) for name in ("anna", "boris", "vera"))
    procs = [
        spawn("burst", sqlite_db, anna, boris, vera, 300, "a", stdin=subprocess.PIPE)
        for _ in range(2)
    ]
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":
            proc.kill()
            finish(proc, "twin")
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        finish(proc, "twin")

    assert Message.select().count() == 300
    for dialog in Dialog.select():
        rows = assert_gapless(dialog.id)
        assert [counter_of(m.client_id) for m in rows] == sorted(
            counter_of(m.client_id) for m in rows
        )
        assert len(rows) == 150
    assert_database_healthy(sqlite_db)
