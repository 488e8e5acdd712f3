"""One attacker's session in tests/models/test_throttle_concurrency.py.

Runs in a forked process that opens its own database connection, like one
more SSH session running ``messenger``. It opens the database, waits at the barrier with the others,
tries one wrong password and reports what it saw and how many argon2
verifications it ran.
"""

from __future__ import annotations

import traceback


def guess(name: str, url: str, login: str, password: str, barrier, results) -> None:
    try:
        from argon2 import PasswordHasher

        from models import accounts, passwords
        from models.db import close_database, open_database
        from models.errors import AuthenticationError, ThrottledError

        verified = []

        class Counting(PasswordHasher):
            def verify(self, hash, password):  # noqa: A002 - argon2's own name
                verified.append(1)
                return super().verify(hash, password)

        passwords.HASHER = Counting(time_cost=1, memory_cost=1024, parallelism=1)
        open_database(url)
        barrier.wait(timeout=120)
        try:
            accounts.log_in(login, password)
            outcome = "logged in"
        except AuthenticationError:
            outcome = "wrong"
        except ThrottledError:
            outcome = "throttled"
        close_database()
        results.put((name, "ok", (outcome, len(verified))))
    except BaseException:  # noqa: BLE001 - every failure goes to the parent
        results.put((name, "error", traceback.format_exc()))
