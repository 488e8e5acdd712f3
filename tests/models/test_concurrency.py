"""Many people at once, on SQLite and on PostgreSQL: separate processes (spawned
fresh, like separate ``messenger`` runs) write to one database at the same moment.
Nothing is lost, nothing is doubled, counters agree with the rows, and nobody sees
an error that is not about what they did.

The processes run tests/models/concurrency_worker.py.
"""

from __future__ import annotations

import multiprocessing
import random
import signal
from collections import Counter, defaultdict

import concurrency_worker as worker
import pytest

from models import communities, friends, posts
from models.schema import Dialog, DialogMember, Friendship, Membership, Message, PostLike, User
from models.views import Relation

pytestmark = pytest.mark.slow

SPAWN = multiprocessing.get_context("spawn")
WAIT = 120  # seconds; reached only if something hangs


def run_together(db_url: str, tasks: dict[str, tuple]) -> dict[str, object]:
    """Start one process per task, release them at once, and return each result.
    A process that failed fails the test with its traceback."""
    barrier = SPAWN.Barrier(len(tasks))
    results = SPAWN.Queue()
    procs = [
        SPAWN.Process(target=worker.run, args=(name, db_url, barrier, results, *task))
        for name, task in tasks.items()
    ]
    for proc in procs:
        proc.start()
    outcome: dict[str, object] = {}
    try:
        for _ in procs:  # read before joining: a full queue would block its writer
            name, status, value = results.get(timeout=WAIT)
            assert status == "ok", f"{name} failed:\n{value}"
            outcome[name] = value
    finally:
        for proc in procs:
            proc.join(timeout=WAIT)
            if proc.is_alive():
                proc.kill()
    assert all(proc.exitcode == 0 for proc in procs)
    return outcome


def assert_gapless(dialog_id: int) -> list[Message]:
    rows = list(Message.select().where(Message.dialog == dialog_id).order_by(Message.seq))
    assert [m.seq for m in rows] == list(range(1, len(rows) + 1))
    dialog = Dialog.get_by_id(dialog_id)
    assert dialog.last_seq == len(rows)
    assert dialog.last_message_id == max(m.id for m in rows)
    members = DialogMember.select().where(DialogMember.dialog == dialog_id)
    assert {m.last_message_id for m in members} == {dialog.last_message_id}
    return rows


def counter_of(client_id: str) -> int:
    return int(client_id.rsplit("-", 1)[1])


PROCESSES = 4
PER_PROCESS = 500


def test_four_people_sending_500_messages_each_at_once(db, db_url, make_user_factory):
    """Four people each send 500 messages at the same moment, alternating between
    their two neighbours' chats: all 2000 arrive exactly once, every chat is
    numbered 1, 2, 3 … without gaps, and each person's messages keep their order."""
    users = [make_user_factory(f"writer{i}") for i in range(PROCESSES)]
    tasks = {
        f"writer{i}": ("burst", user,
                       [users[(i + 1) % PROCESSES], users[(i - 1) % PROCESSES]],
                       PER_PROCESS, f"p{i}")
        for i, user in enumerate(users)
    }
    sent = run_together(db_url, tasks)
    assert sum(sent.values()) == PROCESSES * PER_PROCESS

    assert Message.select().count() == PROCESSES * PER_PROCESS
    client_ids = [(m.sender_id, m.client_id) for m in Message.select()]
    assert len(set(client_ids)) == len(client_ids)
    dialogs = list(Dialog.select())
    assert len(dialogs) == PROCESSES  # a ring of four chats
    for dialog in dialogs:
        rows = assert_gapless(dialog.id)
        assert len(rows) == PER_PROCESS
        by_sender = defaultdict(list)
        for m in rows:
            by_sender[m.sender_id].append(counter_of(m.client_id))
        for counters in by_sender.values():
            assert counters == sorted(counters)
            assert len(counters) == PER_PROCESS // 2


def test_no_message_gets_in_after_a_block(db, db_url, make_user_factory):
    """Three of Michail's terminals write to Анна as fast as they can while she
    blocks him: every message stored was committed before the block (the count
    read right after the block is the final one), each terminal stops at its
    first refusal, and the numbering has no gaps."""
    anna, michail = make_user_factory("anna"), make_user_factory("michail")
    tasks = {f"michail{i}": ("write_until_refused", michail, anna, f"m{i}", 90)
             for i in range(3)}
    tasks["anna"] = ("block_while_written_to", anna, michail, 30)
    outcome = run_together(db_url, tasks)
    held_at_block = outcome.pop("anna")
    assert sum(sent for sent, _ in outcome.values()) == Message.select().count() == held_at_block
    assert all(refused for _, refused in outcome.values())
    assert_gapless(Dialog.get().id)


PAIRS = 20
POSTS = 40
COMMUNITIES = 15


def test_liking_befriending_and_joining_at_the_same_moment(db, db_url, make_user_factory):
    """Two groups of people act at the same moment: both like the same 40 posts,
    each of 20 pairs asks the other to be friends at once, and both join the same 15
    communities. Every post shows exactly two likes, every pair is one friendship
    (never two requests, never an error), and every community counts its owner and
    the two newcomers."""
    owner = make_user_factory("owner")
    left = [make_user_factory(f"left{i}") for i in range(PAIRS)]
    right = [make_user_factory(f"right{i}") for i in range(PAIRS)]
    post_ids = [posts.create_post(owner, f"post {i}").id for i in range(POSTS)]
    community_ids = [
        communities.create_community(owner, f"Club {i}").id for i in range(COMMUNITIES)
    ]
    # Two processes: one is left0 liking and joining, and each left_i asking right_i
    # to be friends; the other the same from the right, at the same moment.
    tasks = {
        "left": ("social", left[0], post_ids, community_ids, list(zip(left, right, strict=True))),
        "right": ("social", right[0], post_ids, community_ids, list(zip(right, left, strict=True))),
    }
    outcome = run_together(db_url, tasks)

    shown = {view.id: view.like_count for view in posts.posts_by_author(owner, owner, limit=100).items}
    assert shown == {post_id: 2 for post_id in post_ids}
    for post_id in post_ids:
        assert PostLike.select().where(PostLike.post == post_id).count() == 2
    for community_id in community_ids:
        assert communities.get_community(owner, community_id).member_count == 3
        assert Membership.select().where(Membership.community == community_id).count() == 3

    assert Friendship.select().count() == PAIRS
    assert Friendship.select().where(~Friendship.accepted).count() == 0
    for a, b in zip(left, right, strict=True):
        assert friends.relation(a, b) == Relation.FRIENDS
        assert friends.relation(b, a) == Relation.FRIENDS
    # Of each pair's two simultaneous requests, one was sent and the other accepted it.
    ends = list(zip(outcome["left"], outcome["right"], strict=True))
    assert all(sorted(pair) == ["FRIENDS", "REQUEST_SENT"] for pair in ends), ends


LOGINS = [f"twin{i}" for i in range(15)]


def test_the_same_login_registered_by_two_people_at_once(db, db_url):
    """Two people register the same 15 logins at the same moment: each login goes to
    exactly one of them; the other is told "This login is taken." on the login field,
    and exactly one account exists per login."""
    outcome = run_together(db_url, {
        "first": ("register", LOGINS),
        "second": ("register", LOGINS),
    })
    for i, login in enumerate(LOGINS):
        results = [outcome["first"][i], outcome["second"][i]]
        assert [r[0] for r in results] == [login, login]
        winners = [r for r in results if r[1] == "won"]
        losers = [r for r in results if r[1] != "won"]
        assert len(winners) == 1, results
        assert losers == [(login, "This login is taken.", "login")]
    assert sorted(u.login for u in User.select()) == sorted(LOGINS)


KILL_ROUNDS = 10
STREAM_TOTAL = 200


def test_a_sender_killed_mid_send_loses_nothing_acknowledged(db, db_url, make_user_factory):
    """A client is killed with SIGKILL at random moments, ten times, while sending;
    each restart resends from its last acknowledged message. Every message the
    client was told was sent is stored exactly once, in order, without gaps."""
    url = db_url
    rng = random.Random(20260314)
    victim, peer = make_user_factory("victim"), make_user_factory("peer")
    acknowledged: list[int] = []
    start = 0
    kills = 0
    for _ in range(KILL_ROUNDS + 1):
        receive, send = SPAWN.Pipe(duplex=False)
        proc = SPAWN.Process(target=worker.stream,
                             args=(url, victim, peer, start, STREAM_TOTAL, "k", send))
        proc.start()
        send.close()
        wanted = rng.randint(1, 12) if kills < KILL_ROUNDS else None
        got = 0
        finished = False
        while True:
            if not receive.poll(WAIT):
                proc.kill()
                raise AssertionError("the sender stopped acknowledging")
            try:
                ack = receive.recv()
            except EOFError:
                break  # died on its own: the exit code check below reports it
            if ack == "done":
                finished = True
                break
            acknowledged.append(ack)
            got += 1
            if wanted is not None and got >= wanted:
                proc.kill()  # SIGKILL, somewhere inside the next send
                kills += 1
                break
        proc.join(WAIT)
        receive.close()
        assert proc.exitcode in (0, -signal.SIGKILL), f"the sender failed: {proc.exitcode}"
        if finished:
            break
        start = acknowledged[-1] if acknowledged else 0  # resend the last one: must dedupe
    assert finished, "the final sender did not finish"
    assert kills == KILL_ROUNDS

    assert set(acknowledged) == set(range(STREAM_TOTAL))
    dialog = Dialog.get()
    rows = assert_gapless(dialog.id)
    counters = [counter_of(m.client_id) for m in rows]
    assert counters == list(range(STREAM_TOTAL))  # each once, in order
    assert Counter(m.sender_id for m in rows) == {victim: STREAM_TOTAL}
