"""What one simulated person does in tests/models/test_concurrency.py.

Each function runs in a separate process started with multiprocessing's
``spawn`` method (a fresh interpreter, its own database connection, like a
second person running ``messenger``). ``run`` opens the database, waits at a
barrier so every process starts at the same moment, does its task and puts
``(name, "ok", result)`` or ``(name, "error", traceback)`` on the results queue.
"""

from __future__ import annotations

import traceback


def _quick_hashing() -> None:
    """Cheap argon2 parameters, as the test process has (conftest.py)."""
    from argon2 import PasswordHasher

    from models import passwords

    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def burst(user: int, peers: list[int], count: int, tag: str) -> int:
    """Send ``count`` messages as fast as possible, to each peer in turn."""
    from models.messages import send_message

    for counter in range(count):
        client_id = f"{tag}-{counter}"
        sent = send_message(user, peers[counter % len(peers)], f"{tag} {counter}", client_id)
        if sent.client_id != client_id:
            raise AssertionError(f"sent {client_id}, got back {sent.client_id}")
    return count


def social(user: int, post_ids: list[int], community_ids: list[int],
           requests: list[tuple[int, int]]) -> list[str]:
    """As ``user``, like every post and join every community; for each
    ``(me, other)`` in ``requests`` ask, as ``me``, ``other`` to be friends. All
    interleaved; returns the relation each request ended in."""
    from models import communities, friends, posts

    relations = []
    for i in range(max(len(post_ids), len(community_ids), len(requests))):
        if i < len(post_ids):
            posts.like_post(user, post_ids[i])
        if i < len(requests):
            relations.append(friends.send_request(*requests[i]).name)
        if i < len(community_ids):
            communities.join(user, community_ids[i])
    return relations


def register(logins: list[str]) -> list[tuple[str, str, str | None]]:
    """Try to register each login; ``(login, "won", None)`` or the refusal's
    ``(login, message, field)``."""
    from models import accounts
    from models.errors import ConflictError

    _quick_hashing()
    outcome = []
    for login in logins:
        try:
            accounts.register(login, "Same", "Name", "a long enough pass phrase for all")
            outcome.append((login, "won", None))
        except ConflictError as exc:
            outcome.append((login, exc.message, exc.field))
    return outcome


def group_send(user: int, dialog_id: int, count: int, tag: str) -> int:
    """Send ``count`` messages into a group as fast as possible."""
    from models.messages import send_to_dialog

    for counter in range(count):
        send_to_dialog(user, dialog_id, f"{tag} {counter}", f"{tag}-{counter}")
    return count


def group_churn(actor: int, dialog_id: int, shared: list[int], own: list[int]) -> dict:
    """As an admin, for each round: add the shared person (another admin tries
    the same at once), add one of my own, remove the shared one (also raced),
    remove my own. Returns how many shared adds and removes this process won."""
    from models import groups
    from models.errors import ConflictError, NotFoundError

    won = {"added": 0, "removed": 0, "add_lost": 0, "remove_lost": 0}
    for person, mine in zip(shared, own, strict=True):
        try:
            groups.add_members(actor, dialog_id, [person])
            won["added"] += 1
        except ConflictError:
            won["add_lost"] += 1
        groups.add_members(actor, dialog_id, [mine])
        try:
            groups.remove_member(actor, dialog_id, person)
            won["removed"] += 1
        except NotFoundError:
            won["remove_lost"] += 1
        groups.remove_member(actor, dialog_id, mine)
    return won


def group_try_send(people: list[int], dialog_id: int, attempts: int) -> int:
    """Send as each of ``people`` in turn while admins add and remove them:
    refused while they are out (not found before their first add, no longer a
    member after their removal). Returns how many sends went through."""
    from models.errors import NotFoundError, PermissionDeniedError
    from models.messages import send_to_dialog

    sent = 0
    for attempt in range(attempts):
        try:
            send_to_dialog(people[attempt % len(people)], dialog_id, f"try {attempt}",
                           f"try-{attempt}")
            sent += 1
        except (NotFoundError, PermissionDeniedError):
            pass
    return sent


def write_until_refused(user: int, peer: int, tag: str, seconds: float) -> tuple[int, bool]:
    """Send to ``peer`` until a message is refused (``peer`` blocked me), for at
    most ``seconds``; returns how many were stored and whether one was refused.
    (A count cap would race the blocker: SQLite does not queue writers fairly.)"""
    import time

    from models.errors import PermissionDeniedError
    from models.messages import send_message

    give_up = time.monotonic() + seconds
    counter = 0
    while time.monotonic() < give_up:
        try:
            send_message(user, peer, f"{tag} {counter}", f"{tag}-{counter}")
        except PermissionDeniedError:
            return counter, True
        counter += 1
    return counter, False


def block_while_written_to(user: int, other: int, after: int) -> int:
    """Once ``other`` has sent ``after`` messages to me, block them; returns
    how many messages our dialog held just after the block was committed."""
    import time

    from models import blocks
    from models.schema import Message

    def held() -> int:
        return Message.select().where(Message.sender == other).count()

    while held() < after:
        time.sleep(0.001)
    blocks.block(user, other)
    return held()


def react(user: int, message_ids: list[int], post_ids: list[int], index: int) -> int:
    """React to each message and post with 👍, then ❤️, ❤️ again (taken back),
    then ends on ``REACTIONS[(index + position) % 6]``; returns the calls made."""
    from models.reactions import REACTIONS, react_to_message, react_to_post

    calls = 0
    targets = [(react_to_message, m) for m in message_ids] + [(react_to_post, p) for p in post_ids]
    for position, (react_to, target) in enumerate(targets):
        for emoji in ("👍", "❤️", "❤️", REACTIONS[(index + position) % len(REACTIONS)]):
            react_to(user, target, emoji)
            calls += 1
    return calls



TASKS = {"react": react, "group_try_send": group_try_send, "burst": burst, "social": social, "register": register,
         "group_send": group_send, "group_churn": group_churn,
         "write_until_refused": write_until_refused,
         "block_while_written_to": block_while_written_to}


def run(name: str, url: str, barrier, results, task: str, *args) -> None:
    try:
        from models.db import open_database

        open_database(url)
        barrier.wait(timeout=120)
        results.put((name, "ok", TASKS[task](*args)))
    except BaseException:  # noqa: BLE001 - every failure goes to the parent
        results.put((name, "error", traceback.format_exc()))


def stream(url: str, user: int, peer: int, start: int, stop: int, tag: str, acks) -> None:
    """Send counters ``start`` … ``stop - 1``; after ``send_message`` returned for
    one, send its counter on the ``acks`` pipe: an acknowledgement the parent may
    rely on. The parent SIGKILLs this process at random moments."""
    from models.db import open_database
    from models.messages import send_message

    open_database(url)
    for counter in range(start, stop):
        send_message(user, peer, f"{tag} {counter}", f"{tag}-{counter}")
        acks.send(counter)
    acks.send("done")
