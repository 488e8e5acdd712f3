"""Registration, log-in with its throttle, log-out, and changing password or login."""

from __future__ import annotations

import multiprocessing
import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from models import accounts, clock, passwords
from models.db import close_database, open_database
from models.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ThrottledError,
    ValidationError,
)
from models.schema import LoginAttempt, RecoveryCode, User

PASSWORD = "violet kettle under the piano"
OTHER_PASSWORD = "seven quiet herons at dawn"
WRONG = "definitely not the password"


def register_anna(login: str = "anna", password: str = PASSWORD):
    return accounts.register(login, "Анна", "Иванова", password, password)


def field_error(error_type, call, *args):
    with pytest.raises(error_type) as caught:
        call(*args)
    return caught.value.field, caught.value.message


# ---------------------------------------------------------------- register

def test_register_with_cyrillic_names_returns_the_person_and_ten_codes(db, frozen_clock):
    """Анна Иванова registers and sees her name back plus ten recovery codes to write down."""
    registration = register_anna()
    user = registration.user
    assert (user.login, user.first_name, user.last_name) == ("anna", "Анна", "Иванова")
    assert user.avatar_id is None
    codes = registration.recovery_codes
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", c) for c in codes)
    row = User.get_by_id(user.id)
    assert row.login_key == "anna" and row.first_key == "анна" and row.last_key == "иванова"
    assert row.created_at == frozen_clock
    assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash
    assert accounts.get_user(user.id) == user


def test_logins_are_unique_ignoring_case(db):
    """After `anna` registers, `Anna` is told the login is taken."""
    register_anna("anna")
    assert field_error(ConflictError, register_anna, "Anna") == ("login", "This login is taken.")


def test_a_full_width_login_is_stored_in_its_plain_form(db):
    """Typing `Ａｎｎａ` (full-width) gives the login `Anna`, which `anna` then collides with."""
    assert register_anna("Ａｎｎａ").user.login == "Anna"
    assert field_error(ConflictError, register_anna, "anna")[0] == "login"
    assert accounts.log_in("ａｎｎａ", PASSWORD).login == "Anna"


def test_a_login_is_latin_letters_digits_dots_dashes_underscores(db):
    assert register_anna("Anna_1.k-9").user.login == "Anna_1.k-9"


@pytest.mark.parametrize(
    ("login", "words"),
    [
        ("", "Enter a login"),
        ("an", "at least 3"),
        ("a" * 33, "at most 32"),
        ("ß" * 3, "“ß”, U+00DF"),
        ("anna smith", "spaces"),
        ("anna!", "“!”"),
        ("an\x1bna", "only Latin letters"),
        ("...", "letter or digit"),
    ],
)
def test_bad_logins_are_refused_with_a_reason(db, login, words):
    field, message = field_error(ValidationError, register_anna, login)
    assert field == "login"
    assert words in message


def test_a_login_of_32_characters_is_accepted(db):
    assert register_anna("a" * 32).user.login == "a" * 32


@pytest.mark.parametrize(
    ("first", "last", "field", "words"),
    [
        ("", "Иванова", "first_name", "Enter your first name"),
        ("Анна", "   ", "last_name", "Enter your last name"),
        ("А" * 101, "Иванова", "first_name", "at most 100"),
    ],
)
def test_names_are_required_and_at_most_100_characters(db, first, last, field, words):
    with pytest.raises(ValidationError) as caught:
        accounts.register("anna", first, last, PASSWORD)
    assert caught.value.field == field and words in caught.value.message
    assert User.select().count() == 0


def test_names_lose_control_characters_and_surrounding_spaces(db):
    """A name cannot smuggle terminal escapes into other people's screens."""
    user = accounts.register("anna", "  Анна\x1b[31m ", "Ива\u202eнова", PASSWORD).user
    assert (user.first_name, user.last_name) == ("Анна[31m", "Иванова")


def test_the_repeated_password_must_match(db):
    field, message = field_error(
        ValidationError, accounts.register, "anna", "Анна", "Иванова", PASSWORD, PASSWORD + "x"
    )
    assert field == "password_repeat" and "differ" in message


def test_the_password_policy_applies_at_registration(db):
    """A short, a common, or a login-containing password is refused beside the password field."""
    assert field_error(ValidationError, register_anna, "anna", "short one")[0] == "password"
    assert field_error(ValidationError, register_anna, "anna", "qwertyuiop12345")[0] == "password"
    field, message = field_error(ValidationError, register_anna, "anna", "anna likes long walks")
    assert field == "password" and "login" in message
    assert User.select().count() == 0


def test_the_unique_index_decides_when_two_registrations_pass_the_check_at_once(db, monkeypatch):
    """Even if the early "is it taken?" check is passed by both, the second insert
    is refused with the same friendly ConflictError, not a database error."""
    register_anna("anna")
    monkeypatch.setattr(accounts, "_login_exists", lambda key: False)
    assert field_error(ConflictError, register_anna, "ANNA") == ("login", "This login is taken.")
    assert User.select().count() == 1
    assert RecoveryCode.select().count() == 10


def _register_in_child(url, barrier, results):
    from models import accounts, passwords
    from models.db import close_database, open_database
    from models.errors import ConflictError

    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    open_database(url)
    try:
        barrier.wait(timeout=60)
        accounts.register("race", "Первый", "Второй", PASSWORD)
        results.put("registered")
    except ConflictError as exc:
        results.put(f"conflict:{exc.field}")
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a failure
        results.put(f"error:{type(exc).__name__}:{exc}")
    finally:
        close_database()


def test_two_processes_registering_one_login_at_once_exactly_one_wins(db, db_url):
    """Two people pick the same login on two terminals at the same moment: one
    gets the account, the other is told the login is taken."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    children = [
        ctx.Process(target=_register_in_child, args=(db_url, barrier, results)) for _ in range(2)
    ]
    for child in children:
        child.start()
    outcomes = sorted(results.get(timeout=120) for _ in children)
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    assert outcomes == ["conflict:login", "registered"]
    assert User.select().where(User.login_key == "race").count() == 1


# ---------------------------------------------------------------- log in

def test_log_in_is_case_insensitive_and_records_last_seen(db, frozen_clock):
    user = register_anna().user
    later = frozen_clock + timedelta(hours=1)
    clock.freeze(later)
    assert accounts.log_in("ANNA", PASSWORD) == user
    assert User.get_by_id(user.id).last_seen_at == later


def test_unknown_login_and_wrong_password_look_exactly_alike(db, monkeypatch):
    """Neither the message nor the work done tells whether the login exists:
    both cost exactly one argon2 verification."""
    register_anna()
    verified = []

    class Counting(PasswordHasher):
        def verify(self, hash, password):  # noqa: A002 - argon2's own name
            verified.append(hash)
            return super().verify(hash, password)

    monkeypatch.setattr(
        passwords, "HASHER", Counting(time_cost=1, memory_cost=1024, parallelism=1)
    )
    errors = []
    for login in ("anna", "nobody"):
        verified.clear()
        with pytest.raises(AuthenticationError) as caught:
            accounts.log_in(login, WRONG)
        errors.append((type(caught.value), caught.value.message, caught.value.field))
        assert len(verified) == 1
    assert errors[0] == errors[1] == (AuthenticationError, "Wrong login or password.", None)


def test_empty_login_or_password_asks_for_it(db):
    assert field_error(ValidationError, accounts.log_in, " ", PASSWORD)[0] == "login"
    assert field_error(ValidationError, accounts.log_in, "anna", "")[0] == "password"


def fail(login: str, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationError):
            accounts.log_in(login, WRONG)


def test_five_failures_close_log_in_even_for_the_right_password(db, frozen_clock):
    """After five wrong passwords the sixth attempt is refused for 30 seconds,
    with the time to wait — even if it is the right password."""
    register_anna()
    fail("anna", 5)
    with pytest.raises(ThrottledError) as caught:
        accounts.log_in("anna", PASSWORD)
    assert caught.value.retry_at == frozen_clock + timedelta(seconds=30)
    assert "30 seconds" in caught.value.message
    clock.freeze(frozen_clock + timedelta(seconds=29))
    with pytest.raises(ThrottledError):
        accounts.log_in("anna", PASSWORD)
    clock.freeze(frozen_clock + timedelta(seconds=30))
    assert accounts.log_in("anna", PASSWORD).login == "anna"


def test_the_delay_doubles_with_each_further_failure_up_to_15_minutes(db, frozen_clock):
    register_anna()
    fail("anna", 5)
    now = frozen_clock
    delays = []
    for _ in range(7):
        with pytest.raises(ThrottledError) as caught:
            accounts.log_in("anna", WRONG)
        delays.append(int((caught.value.retry_at - now).total_seconds()))
        now = caught.value.retry_at
        clock.freeze(now)
        fail("anna")  # the first attempt after the wait is checked — and wrong again
    assert delays == [30, 60, 120, 240, 480, 900, 900]
    assert "15 minutes" in caught.value.message


def test_a_success_resets_the_failure_count(db, frozen_clock):
    """After logging in, five new failures are needed again, and the delay starts at 30 s."""
    register_anna()
    fail("anna", 5)
    clock.freeze(frozen_clock + timedelta(seconds=30))
    fail("anna")  # sixth failure: 60 s
    clock.freeze(frozen_clock + timedelta(seconds=90))
    accounts.log_in("anna", PASSWORD)
    assert LoginAttempt.select().count() == 0
    fail("anna", 4)
    accounts.log_in("anna", PASSWORD)  # four failures do not close log-in
    fail("anna", 5)
    with pytest.raises(ThrottledError) as caught:
        accounts.log_in("anna", PASSWORD)
    assert caught.value.retry_at == frozen_clock + timedelta(seconds=120)


def test_unknown_logins_are_throttled_too_so_the_throttle_reveals_nothing(db, frozen_clock):
    register_anna()
    outcomes = {}
    for login in ("anna", "nobody"):
        seen = []
        for _ in range(6):
            try:
                accounts.log_in(login, WRONG)
            except (AuthenticationError, ThrottledError) as exc:
                seen.append((type(exc).__name__, exc.message))
        outcomes[login] = seen
    assert outcomes["anna"] == outcomes["nobody"]
    assert outcomes["anna"][-1][0] == "ThrottledError"


def test_the_throttle_is_per_login_ignoring_case(db, frozen_clock):
    register_anna()
    accounts.register("boris", "Борис", "Петров", OTHER_PASSWORD)
    fail("ANNA", 5)
    with pytest.raises(ThrottledError):
        accounts.log_in("anna", PASSWORD)
    assert accounts.log_in("boris", OTHER_PASSWORD).login == "boris"


def test_the_throttle_holds_after_the_database_is_reopened(db, db_url, frozen_clock):
    """The count lives in the database: another process (here, a re-opened
    connection) still refuses the sixth attempt."""
    register_anna()
    fail("anna", 5)
    close_database()
    open_database(db_url)
    with pytest.raises(ThrottledError):
        accounts.log_in("anna", PASSWORD)


def test_log_in_upgrades_a_hash_made_with_old_parameters(db, monkeypatch):
    """When the argon2 parameters are raised, the next successful log-in stores
    a hash with the new ones; the password keeps working."""
    user = register_anna().user
    assert ",t=1," in User.get_by_id(user.id).password_hash
    monkeypatch.setattr(
        passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1)
    )
    fail("anna")
    assert ",t=1," in User.get_by_id(user.id).password_hash  # a wrong password changes nothing
    accounts.log_in("anna", PASSWORD)
    upgraded = User.get_by_id(user.id).password_hash
    assert ",t=2," in upgraded
    accounts.log_in("anna", PASSWORD)
    assert User.get_by_id(user.id).password_hash == upgraded  # no rehash when current


def test_log_out_and_touch_record_when_the_person_was_last_seen(db, frozen_clock):
    user = register_anna().user
    clock.freeze(frozen_clock + timedelta(minutes=5))
    accounts.touch_last_seen(user.id)
    assert User.get_by_id(user.id).last_seen_at == frozen_clock + timedelta(minutes=5)
    clock.freeze(frozen_clock + timedelta(minutes=9))
    accounts.log_out(user.id)
    assert User.get_by_id(user.id).last_seen_at == frozen_clock + timedelta(minutes=9)


def test_get_user_of_a_missing_account_is_not_found(db):
    with pytest.raises(NotFoundError):
        accounts.get_user(12345)


# ---------------------------------------------------------------- changes

def test_change_password_needs_the_current_one(db):
    user = register_anna().user
    field, message = field_error(
        AuthenticationError, accounts.change_password, user.id, WRONG, OTHER_PASSWORD
    )
    assert field == "current_password" and "wrong" in message
    accounts.log_in("anna", PASSWORD)  # unchanged


def test_change_password_applies_the_policy_to_the_new_one(db):
    user = register_anna().user
    for bad in ("too short", "anna has a new password"):
        field, _ = field_error(ValidationError, accounts.change_password, user.id, PASSWORD, bad)
        assert field == "new_password"
    accounts.log_in("anna", PASSWORD)


def test_after_changing_the_password_only_the_new_one_works(db):
    user = register_anna().user
    accounts.change_password(user.id, PASSWORD, OTHER_PASSWORD)
    fail("anna")
    assert accounts.log_in("anna", OTHER_PASSWORD) == user


def test_change_login_needs_the_password_and_frees_the_old_login(db):
    user = register_anna().user
    assert field_error(
        AuthenticationError, accounts.change_login, user.id, WRONG, "annushka"
    )[0] == "password"
    renamed = accounts.change_login(user.id, PASSWORD, "annushka")
    assert renamed.login == "annushka" and renamed.id == user.id
    assert accounts.log_in("Annushka", PASSWORD) == renamed
    fail("anna")
    assert accounts.register("anna", "Другая", "Анна", OTHER_PASSWORD).user.login == "anna"


def test_change_login_to_a_taken_or_invalid_login_is_refused(db):
    user = register_anna().user
    accounts.register("boris", "Борис", "Петров", OTHER_PASSWORD)
    assert field_error(ConflictError, accounts.change_login, user.id, PASSWORD, "BORIS") == (
        "login",
        "This login is taken.",
    )
    assert field_error(ValidationError, accounts.change_login, user.id, PASSWORD, "a b")[0] == "login"
    assert accounts.get_user(user.id).login == "anna"


def test_changing_only_the_case_of_ones_own_login_is_allowed(db):
    user = register_anna().user
    assert accounts.change_login(user.id, PASSWORD, "Anna").login == "Anna"


def test_the_new_login_must_not_appear_in_the_password(db):
    """`violet` cannot become the login while the password is `violet kettle …`."""
    user = register_anna().user
    field, message = field_error(ValidationError, accounts.change_login, user.id, PASSWORD, "Violet")
    assert field == "login" and "password" in message
    assert accounts.get_user(user.id).login == "anna"
