"""Recovery without e-mail: the ten recovery codes and the operator's reset code."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from models import accounts, clock, recovery
from models.errors import (
    AuthenticationError,
    NotFoundError,
    ThrottledError,
    ValidationError,
)
from models.schema import LoginAttempt, RecoveryCode

PASSWORD = "violet kettle under the piano"
NEW_PASSWORD = "seven quiet herons at dawn"
NEWER_PASSWORD = "marble staircase full of cats"


@pytest.fixture
def anna(db):
    return accounts.register("anna", "Анна", "Иванова", PASSWORD)


def wrong_code(login, code, password=NEW_PASSWORD):
    with pytest.raises(AuthenticationError) as caught:
        recovery.reset_password_with_code(login, code, password)
    return caught.value.message


def test_a_recovery_code_sets_a_new_password_without_logging_in(anna):
    """Anna forgot her password, types a recovery code and a new password; then
    she logs in with the new one. The old password stops working."""
    assert recovery.reset_password_with_code("anna", anna.recovery_codes[0], NEW_PASSWORD) is None
    assert accounts.log_in("anna", NEW_PASSWORD) == anna.user
    with pytest.raises(AuthenticationError):
        accounts.log_in("anna", PASSWORD)


def test_codes_are_stored_only_as_sha256_of_the_normalised_code(anna):
    stored = {row.code_hash for row in RecoveryCode.select()}
    expected = {
        hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in anna.recovery_codes
    }
    assert stored == expected
    assert not any(code in value for code in anna.recovery_codes for value in stored)


def test_codes_are_16_random_crockford_characters():
    """Each code carries 80 bits: 16 characters from a 32-letter alphabet."""
    codes = {recovery.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        raw = code.replace("-", "")
        assert len(raw) == 16 and set(raw) <= set(recovery.CROCKFORD)
        assert code[4] == code[9] == code[14] == "-"


def test_a_code_typed_sloppily_still_works(anna):
    """Lower case, spaces instead of dashes, and O/I/L for 0/1/1 are all accepted."""
    code = anna.recovery_codes[1]
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    recovery.reset_password_with_code("Anna", f"  {sloppy} ", NEW_PASSWORD)
    assert accounts.log_in("anna", NEW_PASSWORD) == anna.user


def test_normalize_code_reads_lookalike_letters_as_digits():
    assert recovery.normalize_code("abcd-efgh o i l") == "ABCDEFGH011"


def test_each_recovery_code_works_only_once(anna):
    code = anna.recovery_codes[2]
    recovery.reset_password_with_code("anna", code, NEW_PASSWORD)
    assert wrong_code("anna", code, NEWER_PASSWORD) == "Wrong login or code."
    assert accounts.log_in("anna", NEW_PASSWORD) == anna.user
    # the other nine still work
    recovery.reset_password_with_code("anna", anna.recovery_codes[3], NEWER_PASSWORD)
    assert accounts.log_in("anna", NEWER_PASSWORD) == anna.user


def test_unknown_login_wrong_code_and_someone_elses_code_get_one_answer(anna):
    """The answer never says whether the login exists or whose code it is."""
    boris = accounts.register("boris", "Борис", "Петров", NEWER_PASSWORD)
    answers = {
        wrong_code("nobody", anna.recovery_codes[0]),
        wrong_code("anna", "AAAA-BBBB-CCCC-DDDD"),
        wrong_code("anna", boris.recovery_codes[0]),
        wrong_code("anna", "garbage"),
    }
    assert answers == {"Wrong login or code."}
    accounts.log_in("anna", PASSWORD)  # nothing changed
    accounts.log_in("boris", NEWER_PASSWORD)


def test_reset_needs_a_login_a_code_and_a_good_new_password(anna):
    cases = [
        (("", anna.recovery_codes[0], NEW_PASSWORD), "login"),
        (("anna", " - ", NEW_PASSWORD), "code"),
        (("anna", anna.recovery_codes[0], "short"), "new_password"),
        (("anna", anna.recovery_codes[0], "anna resets her password"), "new_password"),
    ]
    for args, field in cases:
        with pytest.raises(ValidationError) as caught:
            recovery.reset_password_with_code(*args)
        assert caught.value.field == field
    # a refused new password did not spend the code
    recovery.reset_password_with_code("anna", anna.recovery_codes[0], NEW_PASSWORD)


def test_a_recovery_code_works_while_log_in_is_throttled_and_lifts_the_throttle(
    anna, frozen_clock
):
    """Locked out after many wrong guesses, Anna uses a code and can log in at once."""
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            accounts.log_in("anna", "no no no no no no no")
    with pytest.raises(ThrottledError):
        accounts.log_in("anna", PASSWORD)
    recovery.reset_password_with_code("ANNA", anna.recovery_codes[0], NEW_PASSWORD)
    assert LoginAttempt.select().count() == 0
    assert accounts.log_in("anna", NEW_PASSWORD) == anna.user


def test_regenerating_codes_voids_all_old_unused_ones(anna):
    """New codes from the profile replace the old sheet: old codes stop working."""
    fresh = recovery.regenerate_recovery_codes(anna.user.id, PASSWORD)
    assert len(fresh) == 10 and not set(fresh) & set(anna.recovery_codes)
    for old in anna.recovery_codes[:3]:
        assert wrong_code("anna", old) == "Wrong login or code."
    assert RecoveryCode.select().where(RecoveryCode.kind == "recovery").count() == 10
    recovery.reset_password_with_code("anna", fresh[0], NEW_PASSWORD)
    assert accounts.log_in("anna", NEW_PASSWORD) == anna.user


def test_regenerating_codes_needs_the_password(anna):
    with pytest.raises(AuthenticationError) as caught:
        recovery.regenerate_recovery_codes(anna.user.id, NEW_PASSWORD)
    assert caught.value.field == "password"
    recovery.reset_password_with_code("anna", anna.recovery_codes[0], NEW_PASSWORD)  # old still valid


def test_regenerating_codes_of_a_missing_account_is_not_found(db):
    with pytest.raises(NotFoundError):
        recovery.regenerate_recovery_codes(999, PASSWORD)


def test_regenerating_codes_leaves_an_operator_code_alone(anna):
    operator_code = recovery.issue_operator_reset_code("anna")
    recovery.regenerate_recovery_codes(anna.user.id, PASSWORD)
    recovery.reset_password_with_code("anna", operator_code, NEW_PASSWORD)


# ---------------------------------------------------------------- operator codes

def test_an_operator_code_resets_the_password_once(anna, frozen_clock):
    """`messenger admin reset-password anna` prints a code; it works once."""
    code = recovery.issue_operator_reset_code("ANNA")
    assert len(code.replace("-", "")) == 16
    recovery.reset_password_with_code("anna", code, NEW_PASSWORD)
    assert accounts.log_in("anna", NEW_PASSWORD) == anna.user
    assert wrong_code("anna", code, NEWER_PASSWORD) == "Wrong login or code."


def test_an_operator_code_expires_after_15_minutes(anna, frozen_clock):
    code = recovery.issue_operator_reset_code("anna")
    clock.freeze(frozen_clock + timedelta(minutes=15))
    assert wrong_code("anna", code) == "Wrong login or code."
    clock.freeze(frozen_clock + timedelta(minutes=14, seconds=59))
    recovery.reset_password_with_code("anna", code, NEW_PASSWORD)
    assert accounts.log_in("anna", NEW_PASSWORD) == anna.user


def test_a_new_operator_code_voids_the_older_one(anna, frozen_clock):
    first = recovery.issue_operator_reset_code("anna")
    second = recovery.issue_operator_reset_code("anna")
    assert first != second
    assert wrong_code("anna", first) == "Wrong login or code."
    recovery.reset_password_with_code("anna", second, NEW_PASSWORD)


def test_an_operator_code_only_works_for_its_own_login(anna, frozen_clock):
    accounts.register("boris", "Борис", "Петров", NEWER_PASSWORD)
    code = recovery.issue_operator_reset_code("boris")
    assert wrong_code("anna", code) == "Wrong login or code."
    accounts.log_in("anna", PASSWORD)


def test_an_operator_code_for_an_unknown_login_is_not_found(db):
    """The operator is told plainly that no such account exists."""
    with pytest.raises(NotFoundError) as caught:
        recovery.issue_operator_reset_code("nobody")
    assert caught.value.field == "login" and "nobody" in caught.value.message
