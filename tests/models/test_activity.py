"""Live updates: what another person's running app learns, and what idle polling costs.

When Boris edits or deletes a message, reads Анна's messages or answers a
friend request, Анна's app must show it without a key press: the writer leaves
an ``Activity`` row for her in the same transaction, and her app's
``LivePoller`` picks it up. The poller runs in a thread of its own here, as in
the app, so the test's writes come from another connection.
"""

from __future__ import annotations

import os
import select
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from models import activity, clock, dialogs, friends, listen, messages, posts
from models.db import close_database, database, is_sqlite, open_database
from models.errors import DatabaseError, PermissionDeniedError, ValidationError
from models.schema import Activity


@pytest.fixture
def people(make_user, frozen_clock):
    """Анна, Борис and Vera, three registered people."""
    anna = make_user("anna", "Анна", "Иванова")
    boris = make_user("boris", "Борис", "Петров")
    vera = make_user("vera", "Vera", "Smith")
    return anna.id, boris.id, vera.id


def send(user, peer, text):
    return messages.send_message(user, peer, text, messages.new_client_id())


def kinds(user_id, after=0):
    return [(a.kind, a.actor.login if a.actor else None)
            for a in activity.activity_after(user_id, after)]


class PollThread:
    """One long-lived thread that runs the poller, like the app's poll thread."""

    def __init__(self, user_id: int):
        self.poller = activity.LivePoller(user_id)
        self._pool = ThreadPoolExecutor(max_workers=1)

    def poll(self, feed=None):
        return self._pool.submit(self.poller.poll, feed).result(timeout=30)

    def close(self):
        def close_connection():
            if database.obj is not None:
                database.obj.close()

        self._pool.submit(close_connection).result(timeout=30)
        self._pool.shutdown()


@pytest.fixture
def poll_as():
    threads = []

    def make(user_id):
        thread = PollThread(user_id)
        threads.append(thread)
        return thread

    yield make
    for thread in threads:
        thread.close()


# ---------------------------------------------------------------- the feed

def test_an_edit_reaches_the_other_person_only(db, people):
    """Борис edits his message: Анна is told (by whom, which message, which dialog);
    Борис and Vera are told nothing."""
    anna, boris, vera = people
    sent = send(boris, anna, "Hello")
    messages.edit_message(boris, sent.id, "Hello, Анна")
    [item] = activity.activity_after(anna, 0)
    assert item.kind == activity.MESSAGE_EDITED
    assert item.actor.login == "boris" and item.actor.first_name == "Борис"
    assert (item.dialog_id, item.ref_id) == (sent.dialog_id, sent.id)
    assert activity.activity_after(boris, 0) == []
    assert activity.activity_after(vera, 0) == []


def test_a_deletion_is_announced_and_saved_notes_tell_nobody(db, people):
    """Deleting a message tells the other person; editing or deleting in saved notes
    (a dialog with oneself) leaves no activity at all."""
    anna, boris, _ = people
    sent = send(boris, anna, "oops")
    messages.delete_message(boris, sent.id)
    assert kinds(anna) == [(activity.MESSAGE_DELETED, "boris")]
    note = send(anna, anna, "note to self")
    messages.edit_message(anna, note.id, "a better note")
    messages.delete_message(anna, note.id)
    assert kinds(anna) == [(activity.MESSAGE_DELETED, "boris")]


def test_a_failed_edit_leaves_no_activity(db, people):
    """An edit refused (empty text, someone else's message) announces nothing."""
    anna, boris, _ = people
    sent = send(boris, anna, "Hello")
    with pytest.raises(ValidationError):
        messages.edit_message(boris, sent.id, "   ")
    with pytest.raises(PermissionDeniedError):
        messages.edit_message(anna, sent.id, "not mine")
    assert Activity.select().count() == 0


def test_a_read_mark_reaches_the_sender_once(db, people):
    """Анна reads Борис's two messages: Борис learns the mark moved to seq 2; reading
    the same again or an older position tells him nothing new."""
    anna, boris, _ = people
    send(boris, anna, "one")
    second = send(boris, anna, "two")
    dialogs.mark_read(anna, boris, 2)
    [item] = activity.activity_after(boris, 0)
    assert (item.kind, item.actor.login, item.dialog_id, item.ref_id) == (
        activity.READ, "anna", second.dialog_id, 2
    )
    dialogs.mark_read(anna, boris, 2)
    dialogs.mark_read(anna, boris, 1)
    assert len(activity.activity_after(boris, 0)) == 1
    assert activity.activity_after(anna, 0) == []


def test_friend_requests_and_answers_are_announced(db, people):
    """Борис asks Анна (asking twice tells her once), she accepts: he learns it.
    Vera asks, Анна declines; Vera asks again and takes it back; Анна and Борис part."""
    anna, boris, vera = people
    friends.send_request(boris, anna)
    friends.send_request(boris, anna)
    assert kinds(anna) == [(activity.FRIEND_REQUEST, "boris")]
    friends.accept_request(anna, boris)
    friends.accept_request(anna, boris)  # accepting twice changes nothing
    assert kinds(boris) == [(activity.FRIEND_ACCEPTED, "anna")]

    friends.send_request(vera, anna)
    friends.decline_request(anna, vera)
    friends.send_request(vera, anna)
    friends.cancel_request(vera, anna)
    friends.remove_friend(boris, anna)
    assert kinds(vera) == [(activity.FRIEND_DECLINED, "anna")]
    assert kinds(anna) == [
        (activity.FRIEND_REQUEST, "boris"),
        (activity.FRIEND_REQUEST, "vera"),
        (activity.FRIEND_REQUEST, "vera"),
        (activity.FRIEND_CANCELLED, "vera"),
        (activity.FRIEND_REMOVED, "boris"),
    ]


def test_crossed_requests_announce_a_friendship(db, people):
    """Анна asks Борис, then Борис "asks" Анна back: they are friends and Анна is
    told he accepted."""
    anna, boris, _ = people
    friends.send_request(anna, boris)
    friends.send_request(boris, anna)
    assert kinds(anna) == [(activity.FRIEND_ACCEPTED, "boris")]
    assert kinds(boris) == [(activity.FRIEND_REQUEST, "anna")]


def test_activity_comes_oldest_first_after_a_position(db, people):
    """Three things happen to Анна; asking after the first returns the other two,
    in order; asking after the last returns nothing."""
    anna, boris, vera = people
    sent = send(boris, anna, "Hello")
    messages.edit_message(boris, sent.id, "Hello!")
    friends.send_request(vera, anna)
    messages.delete_message(boris, sent.id)
    everything = activity.activity_after(anna, 0)
    assert [a.kind for a in everything] == [
        activity.MESSAGE_EDITED, activity.FRIEND_REQUEST, activity.MESSAGE_DELETED
    ]
    assert [a.id for a in everything] == sorted(a.id for a in everything)
    assert activity.activity_after(anna, everything[0].id) == everything[1:]
    assert activity.activity_after(anna, everything[-1].id) == []
    assert activity.latest_activity_id(anna) == everything[-1].id
    assert activity.latest_activity_id(vera) == 0


def test_bad_positions_and_kinds_are_refused(db, people):
    """A position that is not a whole number, or an unknown kind, is a clear refusal."""
    anna, boris, _ = people
    with pytest.raises(ValidationError) as err:
        activity.activity_after(anna, "1")
    assert err.value.field == "after_id"
    with pytest.raises(ValidationError) as err:
        activity.record(anna, "party", actor_id=boris)
    assert err.value.field == "kind"


def test_activity_older_than_a_day_is_pruned(db, people, frozen_clock):
    """Rows older than a day go (only running apps need them); newer ones stay."""
    anna, boris, _ = people
    clock.freeze(frozen_clock - timedelta(days=2))
    friends.send_request(boris, anna)
    clock.freeze(frozen_clock - timedelta(hours=2))
    friends.accept_request(anna, boris)
    clock.freeze(frozen_clock)
    assert activity.prune() == 1
    assert kinds(anna) == []
    assert kinds(boris) == [(activity.FRIEND_ACCEPTED, "anna")]


def test_writers_prune_now_and_then(db, people, frozen_clock, monkeypatch):
    """Nobody runs a cleaner: every PRUNE_EVERY-th record in a process prunes old rows."""
    anna, boris, vera = people
    clock.freeze(frozen_clock - timedelta(days=3))
    friends.send_request(boris, anna)
    clock.freeze(frozen_clock)
    monkeypatch.setattr(activity, "PRUNE_EVERY", 1)
    friends.send_request(vera, anna)
    assert kinds(anna) == [(activity.FRIEND_REQUEST, "vera")]


def test_reading_the_feed_uses_its_index(db, people, query_plans):
    """Polling and pruning are index searches, never a walk through every row."""
    anna, boris, _ = people
    friends.send_request(boris, anna)
    with query_plans() as plans:
        activity.activity_after(anna, 0)
        activity.latest_activity_id(anna)
    rows = db.execute_sql(
        "EXPLAIN QUERY PLAN DELETE FROM activity WHERE created_at < ?", ("2026-01-01",)
    ).fetchall()
    lines = [line for line in plans.lines if "activity" in line] + [str(r[-1]) for r in rows]
    assert lines and all("INDEX" in line for line in lines), lines


# ---------------------------------------------------------------- the poller

def test_first_poll_learns_the_position_and_the_unread_total(db, people, poll_as):
    """Анна's app starts with two unread messages: the first poll reports the count
    and no old messages; nothing new since means nothing to show."""
    anna, boris, _ = people
    send(boris, anna, "one")
    send(boris, anna, "two")
    friends.send_request(boris, anna)
    poller = poll_as(anna)
    first = poller.poll()
    assert first.unread_total == 2
    assert first.messages == () and first.activity == ()
    assert poller.poll() is None


def test_the_poller_delivers_new_messages_edits_deletions_and_read_marks(db, people, poll_as):
    """After the first poll: Борис reads Анна's message, writes, edits an earlier
    message and deletes another — one poll brings it all, each change once."""
    anna, boris, _ = people
    old = send(boris, anna, "old")
    doomed = send(boris, anna, "doomed")
    mine = send(anna, boris, "my question")
    poller = poll_as(anna)
    poller.poll()

    dialogs.mark_read(boris, anna, mine.seq)
    new = send(boris, anna, "new")
    messages.edit_message(boris, old.id, "old, edited")
    messages.delete_message(boris, doomed.id)
    changes = poller.poll()
    assert [m.text for m in changes.messages] == ["new"]
    assert [(m.id, m.text, m.deleted) for m in changes.changed_messages] == [
        (old.id, "old, edited", False), (doomed.id, "", True)
    ]
    assert changes.changed_messages[0].edited_at is not None
    assert changes.read_marks == ((new.dialog_id, mine.seq),)
    assert changes.unread_total == 1  # "new": replying marked the older ones read
    assert poller.poll() is None


def test_the_poller_brings_friend_requests_with_who_asked(db, people, poll_as):
    """Vera asks Анна to be friends: Анна's poll carries the request and Vera's name."""
    anna, _, vera = people
    poller = poll_as(anna)
    poller.poll()
    friends.send_request(vera, anna)
    changes = poller.poll()
    [item] = changes.activity
    assert item.kind == activity.FRIEND_REQUEST and item.actor.full_name == "Vera Smith"


def test_only_my_changes_reach_my_poller(db, people, poll_as):
    """Борис and Vera talk and edit: Анна's poller has nothing to show."""
    anna, boris, vera = people
    poller = poll_as(anna)
    poller.poll()
    sent = send(boris, vera, "hi Vera")
    messages.edit_message(boris, sent.id, "hi, Vera")
    friends.send_request(boris, vera)
    assert poller.poll() is None


def test_a_poll_told_to_forget_the_unread_total_reads_and_reports_it_again(
    db, people, poll_as
):
    """Анна's screen showed an unread total of its own (she muted a dialog)
    while a poll's report, read before, was on its way: told so, the next poll
    reads again and reports the total though it did not change since its last
    report, and the one after is quiet again."""
    anna, boris, _ = people
    send(boris, anna, "one")
    poller = poll_as(anna)
    assert poller.poll().unread_total == 1
    assert poller.poll() is None
    poller._pool.submit(poller.poller.forget_unread).result(timeout=30)
    again = poller.poll()
    assert again is not None and again.unread_total == 1 and again.messages == ()
    assert poller.poll() is None


def test_idle_polls_cost_one_statement(db, people, poll_as):
    """While nothing is committed, a poll asks one thing — SQLite's PRAGMA
    data_version, PostgreSQL's current snapshot — and reads nothing; a commit
    by anyone makes the next poll read again.

    PostgreSQL's snapshot is the whole server's: a write to another database
    on it (the other test worker's) also makes a poll read, which is only
    wasted work. So there the test polls until it has seen quiet polls, and
    checks that each poll that found the snapshot unchanged asked nothing else."""
    anna, boris, _ = people
    poller = poll_as(anna)
    poller.poll()
    if is_sqlite():
        with count_queries() as idle:
            for _ in range(5):
                assert poller.poll() is None
        assert [record.msg[0] for record in idle.get_queries()] == ["PRAGMA data_version"] * 5
    else:
        seen: list[bool] = []
        data_changed = poller.poller._data_changed

        def spy():
            result = data_changed()
            seen.append(result[0])
            return result

        poller.poller._data_changed = spy
        quiet = []
        for _ in range(400):
            with count_queries() as one:
                poller.poll()
            if not seen[-1]:
                quiet.append([record.msg[0] for record in one.get_queries()])
                if len(quiet) == 5:
                    break
            time.sleep(0.005)
        assert quiet == [["SELECT pg_current_snapshot()::text"]] * 5
        poller.poller._data_changed = data_changed
    friends.send_request(boris, anna)
    with count_queries() as busy:
        changes = poller.poll()
    assert changes.activity[0].kind == activity.FRIEND_REQUEST
    assert busy.count > 1


def test_the_feed_bar_counts_newer_posts_of_the_watched_feed(db, people, poll_as):
    """Анна watches her Following feed: a friend's new post counts, a stranger's does
    not (but counts in Everyone); reading the feed again resets the count."""
    anna, boris, vera = people
    friends.send_request(anna, boris)
    friends.accept_request(boris, anna)
    newest = posts.create_post(anna, "my post").id
    poller = poll_as(anna)
    first = poller.poll(feed=(False, newest))
    assert first.new_posts == 0
    posts.create_post(vera, "a stranger's post")
    assert poller.poll(feed=(False, newest)) is None  # nothing new in Following
    friends_post = posts.create_post(boris, "a friend's post")
    assert poller.poll(feed=(False, newest)).new_posts == 1
    assert poller.poll(feed=(True, newest)).new_posts == 2
    assert poller.poll(feed=(True, friends_post.id)).new_posts == 0
    changes = poller.poll(feed=None)
    assert changes is None or changes.new_posts is None


def test_newer_post_count_is_capped_and_checks_its_input(db, people):
    """The count stops at ``cap`` (the bar says "99+" rather than counting forever);
    a position that is not a post id is refused."""
    anna, _, _ = people
    for number in range(5):
        posts.create_post(anna, f"post {number}")
    assert posts.newer_post_count(anna, 0) == 5
    assert posts.newer_post_count(anna, 0, cap=3) == 3
    with pytest.raises(ValidationError) as err:
        posts.newer_post_count(anna, -1)
    assert err.value.field == "after_post_id"


def test_messages_by_id_shows_only_my_dialogs(db, people):
    """Vera cannot read Анна and Борис's message by asking for its id."""
    anna, boris, vera = people
    sent = send(boris, anna, "private")
    assert [m.text for m in dialogs.messages_by_id(anna, [sent.id])] == ["private"]
    assert dialogs.messages_by_id(vera, [sent.id]) == []
    assert dialogs.messages_by_id(anna, []) == []


# ---------------------------------------------------------------- the file goes away

@pytest.fixture
def sqlite_file(tmp_path, monkeypatch, make_user_factory):
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    path = tmp_path / "data" / "messenger.db"
    open_database(f"sqlite:///{path}")
    yield path
    close_database()
    database.initialize(None)


def _move(path: Path, to: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            os.rename(f"{path}{suffix}", f"{to}{suffix}")


def test_a_poller_notices_its_file_taken_away_and_recovers(sqlite_file, make_user_factory, poll_as):
    """The database file is moved away and a folder put in its place while Анна's app
    polls: the poll (and any call on a connection opened before) says the database
    cannot be used instead of going on with the moved file; once the file is back,
    polling works again and brings what was written since."""
    anna, boris = make_user_factory("anna"), make_user_factory("boris")
    poller = poll_as(anna)
    poller.poll()
    assert activity.latest_activity_id(anna) == 0  # this thread holds a connection too
    away = sqlite_file.with_name("away.db")
    _move(sqlite_file, away)
    sqlite_file.mkdir()
    with pytest.raises(DatabaseError):
        poller.poll()
    with pytest.raises(DatabaseError):
        poller.poll()
    with pytest.raises(DatabaseError):  # every long-lived connection notices, not only polls
        friends.send_request(boris, anna)

    sqlite_file.rmdir()
    _move(away, sqlite_file)
    friends.send_request(boris, anna)
    changes = poller.poll()
    assert [a.kind for a in changes.activity] == [activity.FRIEND_REQUEST]


# ---------------------------------------------------------------- PostgreSQL: NOTIFY and late commits

@pytest.fixture
def pg_listener(db):
    """A plain psycopg2 connection that LISTENs on the app's channel, as another
    person's app would."""
    import psycopg2

    conn = psycopg2.connect(db.database, **db.connect_params)  # the whole URL is the DSN
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f"LISTEN {listen.CHANNEL}")
    yield conn
    conn.close()


def _heard(conn, until_payload: str) -> list[str]:
    """Payloads received until ``until_payload`` arrives (at most 30 s)."""
    heard: list[str] = []
    deadline = time.monotonic() + 30
    while until_payload not in heard and time.monotonic() < deadline:
        select.select([conn], [], [], max(deadline - time.monotonic(), 0))
        conn.poll()
        heard += [note.payload for note in conn.notifies]
        conn.notifies.clear()
    return heard


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_a_message_notifies_its_addressee_at_commit_only(db, people, pg_listener):
    """Борис writes to Анна: her app is notified when his transaction commits, not
    before; a message rolled back notifies nobody; a friend request notifies too."""
    anna, boris, vera = people
    with db.atomic():
        send(boris, anna, "Hello")
        pg_listener.poll()
        assert pg_listener.notifies == []  # not yet: it may still roll back
    assert _heard(pg_listener, str(anna)) == [str(anna)]

    class Undo(Exception):
        pass

    with pytest.raises(Undo), db.atomic():
        send(boris, vera, "never sent")
        raise Undo
    friends.send_request(boris, anna)
    # Notifications arrive in commit order: Vera's would come before this one.
    assert _heard(pg_listener, str(anna)) == [str(anna)]
    assert dialogs.history(vera, boris) == []


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_the_waiter_wakes_at_once_for_a_notification_and_listens_again_after_a_break(
    db, people, monkeypatch
):
    """Анна's app waits for up to a minute between polls, yet Борис's message wakes
    it as soon as it commits. When the listening connection is killed, the waiter
    says "poll now", falls back to timed waiting and listens again later."""
    anna, boris, _ = people
    monkeypatch.setattr(listen, "LISTEN_RETRY", 0.0)
    waiter = listen.ChangeWaiter(anna)
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        assert pool.submit(waiter.wait, 0).result(timeout=30) is True  # LISTEN began: poll
        assert waiter.listening
        woken = pool.submit(waiter.wait, 60)
        send(boris, anna, "wake up")
        assert woken.result(timeout=30) is True and waiter.notified == 1

        interrupted = pool.submit(waiter.wait, 60)
        waiter.interrupt()
        assert interrupted.result(timeout=30) is False and waiter.notified == 1

        pid = waiter._conn.get_backend_pid()
        db.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        assert pool.submit(waiter.wait, 60).result(timeout=30) is True  # broke: poll now
        assert not waiter.listening
        assert pool.submit(waiter.wait, 0).result(timeout=30) is True  # listens again
        assert waiter.listening
        woken = pool.submit(waiter.wait, 60)
        send(boris, anna, "and again")
        assert woken.result(timeout=30) is True and waiter.notified == 2
    finally:
        waiter.interrupt()
        pool.submit(waiter.close).result(timeout=30)
        pool.shutdown()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_waiter_on_sqlite_waits_for_its_interval_or_an_interrupt(db, people):
    """SQLite has no NOTIFY: the waiter never listens, returns False after its
    interval, and an interrupt ends a long wait early."""
    anna, _, _ = people
    waiter = listen.ChangeWaiter(anna)
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        assert waiter.wait(0) is False and not waiter.listening
        waiting = pool.submit(waiter.wait, 600)
        waiter.interrupt()
        assert waiting.result(timeout=30) is False
    finally:
        waiter.close()
        pool.shutdown()


def _hold_open(write, started: threading.Event, release: threading.Event, box: dict):
    """Run ``write`` in a transaction of this thread's own connection and keep it
    open (its ids taken, nothing committed) until ``release``."""
    try:
        with database.obj.atomic():
            box["result"] = write()
            started.set()
            release.wait(30)
    finally:
        started.set()
        database.obj.close()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
@pytest.mark.parametrize("what", ["message", "friend request"])
def test_a_row_whose_transaction_commits_after_a_newer_one_is_still_delivered(
    db, people, poll_as, what
):
    """PostgreSQL hands out ids before commit. Борис's write takes the lower id but
    commits last, after Vera's; Анна's app polls several times in between. It
    still gets Борис's, once, and Vera's is not shown twice."""
    anna, boris, vera = people
    if what == "message":
        def write(who):
            return send(who, anna, f"from {who}").id

        def delivered(changes):
            return [m.sender.id for m in changes.messages]
    else:
        def write(who):
            friends.send_request(who, anna)
            return activity.latest_activity_id(anna)

        def delivered(changes):
            return [a.actor.id for a in changes.activity]

    poller = poll_as(anna)
    poller.poll()
    started, release, box = threading.Event(), threading.Event(), {}
    holder = threading.Thread(target=_hold_open,
                              args=(lambda: write(boris), started, release, box))
    holder.start()
    try:
        assert started.wait(30) and "result" in box
        later = write(vera)
        assert box["result"] < later  # Борис's row has the lower id
        assert delivered(poller.poll()) == [vera]
        for _ in range(3):  # polls while Борис's transaction stays open find nothing new
            assert poller.poll() is None
    finally:
        release.set()
        holder.join(30)
    assert delivered(poller.poll()) == [boris]
    again = poller.poll()
    assert again is None or delivered(again) == []
