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


TASKS = {"burst": burst, "social": social, "register": register, "react": react}


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
