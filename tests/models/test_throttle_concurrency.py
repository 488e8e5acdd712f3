"""The log-in throttle under concurrency, on SQLite and on PostgreSQL: an attacker
with many sessions at once gets no more password checks than one session.

Sixteen processes (like sixteen SSH sessions, each with its own database
connection; forked rather than spawned so the test takes seconds, not a
minute) try a wrong password for one login at the same moment. README promises log-in closes after
five failures, so at most five argon2 verifications may run; the rest are
refused as throttled before any hashing.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter

import guess_worker
import pytest

from models import accounts, recovery
from models.errors import ThrottledError
from models.schema import LoginAttempt

pytestmark = pytest.mark.slow

FORK = multiprocessing.get_context("fork")
SESSIONS = 16
WAIT = 120  # seconds; reached only if something hangs
PASSWORD = "violet kettle under the piano"
NEW_PASSWORD = "seven quiet herons at dawn"
WRONG = "definitely not the password"


def guess_together(db_url: str, login: str) -> list[tuple[str, int]]:
    barrier = FORK.Barrier(SESSIONS)
    results = FORK.Queue()
    procs = [
        FORK.Process(
            target=guess_worker.guess, args=(f"s{i}", db_url, login, WRONG, barrier, results)
        )
        for i in range(SESSIONS)
    ]
    for proc in procs:
        proc.start()
    outcomes = []
    try:
        for _ in procs:
            name, status, value = results.get(timeout=WAIT)
            assert status == "ok", f"{name} failed:\n{value}"
            outcomes.append(value)
    finally:
        for proc in procs:
            proc.join(timeout=WAIT)
            if proc.is_alive():
                proc.kill()
    return outcomes


@pytest.mark.parametrize("login", ["victim", "nobody-here"])
def test_sixteen_parallel_guesses_get_at_most_five_password_checks(db, db_url, login):
    """Known or unknown login alike: five attempts are checked (an unknown one
    still costs its hash), eleven are refused as throttled, and the count is five."""
    registration = accounts.register("victim", "Вика", "Жертва", PASSWORD, PASSWORD)
    outcomes = guess_together(db_url, login)
    kinds = Counter(outcome for outcome, _ in outcomes)
    checks = sum(count for _, count in outcomes)
    assert kinds == {"wrong": 5, "throttled": SESSIONS - 5}
    assert checks == 5
    assert all(count == (1 if outcome == "wrong" else 0) for outcome, count in outcomes)
    attempt = LoginAttempt.get_by_id(login)
    assert attempt.failures == 5 and attempt.blocked_until is not None
    if login == "victim":
        # Still throttled for the right password, yet a recovery code works.
        with pytest.raises(ThrottledError):
            accounts.log_in("victim", PASSWORD)
        recovery.reset_password_with_code("victim", registration.recovery_codes[0], NEW_PASSWORD)
        assert accounts.log_in("victim", NEW_PASSWORD).login == "victim"
        assert LoginAttempt.select().count() == 0
