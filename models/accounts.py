"""Accounts: registration, log-in with a throttle, password and login changes.

The login and password rules are in ``credentials``; recovery codes (made here
at registration) and operator reset codes in ``recovery``.

Argon2 work (hashing, verifying) always runs outside a write transaction, so a
log-in never holds the database's write lock for the length of a hash. The
public functions below are therefore compositions of small ``@reads`` /
``@writes`` steps, with the hashing in between.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee

from . import clock, passwords, profile_activity
from .credentials import (
    LOGIN_MAX,
    check_login,
    check_new_password,
    normalize_login,
    require_password,
    verify_own_password,
)
from .db import database, is_sqlite, reads, writes
from .errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ThrottledError,
    ValidationError,
    msg,
    msg_template,
)
from .people import user_ref
from .presence import ONLINE_FOR, go_offline
from .recovery import new_recovery_codes, store_recovery_codes
from .schema import LoginAttempt, User
from .search_keys import person_keys
from .text import clean_line, identity_key, require_visible_name, search_key
from .views import Registration, UserRef

NAME_MAX = 100

FREE_FAILURES = 5  # failed log-ins allowed before the throttle starts
FIRST_DELAY = timedelta(seconds=30)  # doubles with each further failure …
MAX_DELAY = timedelta(minutes=15)  # … up to this


# ---------------------------------------------------------------- names

# field -> (its message when empty, when too long): whole sentences, so that a
# translation can inflect the name of the field.
_NAME_MESSAGES = {
    "first_name": (
        msg_template("Enter your first name."),
        msg_template("Use at most {limit} characters for the first name."),
    ),
    "last_name": (
        msg_template("Enter your last name."),
        msg_template("Use at most {limit} characters for the last name."),
    ),
}


def _check_name(value: str, field: str) -> str:
    empty, too_long = _NAME_MESSAGES[field]
    cleaned = clean_line(value or "")
    if not cleaned:
        raise ValidationError(msg(empty), field=field)
    if len(cleaned) > NAME_MAX:
        raise ValidationError(msg(too_long, limit=NAME_MAX), field=field)
    return require_visible_name(cleaned, field)


# ---------------------------------------------------------------- views

@reads
def get_user(user_id: int) -> UserRef:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFoundError("This account does not exist.")
    return user_ref(user)


# ---------------------------------------------------------------- register

@reads
def _login_exists(login_key: str) -> bool:
    return User.select(User.id).where(User.login_key == login_key).exists()


@writes
def _create_user(
    login: str, first_name: str, last_name: str, password_hash: str, codes: list[str]
) -> UserRef:
    now = clock.now()
    try:
        with database.atomic():  # a savepoint: PostgreSQL needs one to carry on after it
            user = User.create(
                login=login,
                login_key=identity_key(login),
                password_hash=password_hash,
                first_name=first_name,
                last_name=last_name,
                **person_keys(first_name, last_name),
                created_at=now,
            )
    except peewee.IntegrityError:
        raise ConflictError("This login is taken.", field="login") from None
    store_recovery_codes(user.id, codes, now)
    return user_ref(user)


def register(
    login: str,
    first_name: str,
    last_name: str,
    password: str,
    password_repeat: str | None = None,
) -> Registration:
    """Create an account. The ten recovery codes are returned here and never again.

    Raises ``ValidationError`` (with the field to blame) or ``ConflictError``
    when the login is taken, ignoring case (``Anna`` and ``anna`` are one login).
    """
    login = check_login(login)
    first = _check_name(first_name, "first_name")
    last = _check_name(last_name, "last_name")
    normalized = check_new_password(password, login, "password", (first, last))
    if password_repeat is not None and passwords.normalize_password(password_repeat) != normalized:
        raise ValidationError("The two passwords differ.", field="password_repeat")
    if _login_exists(identity_key(login)):  # fail fast; the unique index still decides
        raise ConflictError("This login is taken.", field="login")
    password_hash = passwords.hash_password(normalized)
    codes = new_recovery_codes()
    user = _create_user(login, first, last, password_hash, codes)
    return Registration(user=user, recovery_codes=tuple(codes))


# ---------------------------------------------------------------- log in

@dataclass(frozen=True, slots=True)
class _Candidate:
    user_id: int
    password_hash: str


def _throttled(retry_at: datetime) -> ThrottledError:
    seconds = max(1, math.ceil((retry_at - clock.now()).total_seconds()))
    if seconds < 90:
        reason = msg(
            "Too many failed attempts. Try again in {seconds} seconds, "
            "or set a new password with a recovery code.",
            seconds=seconds,
        )
    else:
        reason = msg(
            "Too many failed attempts. Try again in {minutes} minutes, "
            "or set a new password with a recovery code.",
            minutes=math.ceil(seconds / 60),
        )
    return ThrottledError(retry_at, reason)


@reads
def _login_candidate(login_key: str) -> _Candidate | None:
    """The account to check the password against (``None`` for an unknown login)."""
    user = (
        User.select(User.id, User.password_hash)
        .where(User.login_key == login_key)
        .first()
    )
    return None if user is None else _Candidate(user.id, user.password_hash)


def throttle_delay(failures: int) -> timedelta:
    """How long log-in stays closed after ``failures`` failed attempts in a row."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES, 16)  # 2**16 * 30 s is far past the cap
    return min(FIRST_DELAY * (2**doublings), MAX_DELAY)


@writes
def _reserve_attempt(login_key: str) -> None:
    """Count this attempt as a failure *before* the password is checked.

    The row is locked for the transaction (SQLite: ``BEGIN IMMEDIATE`` holds the
    write lock; PostgreSQL: ``SELECT … FOR UPDATE``), so concurrent attempts are
    counted one after another: with N sessions guessing at once, the fifth
    reservation closes log-in and the rest are refused before any argon2 work.
    A success deletes the row (``_record_success``); a failure leaves it counted.
    """
    now = clock.now()
    LoginAttempt.insert(login_key=login_key, failures=0).on_conflict_ignore().execute()
    query = LoginAttempt.select().where(LoginAttempt.login_key == login_key)
    if not is_sqlite():
        query = query.for_update()
    attempt = query.get()
    if attempt.blocked_until and attempt.blocked_until > now:
        raise _throttled(attempt.blocked_until)
    failures = attempt.failures + 1
    delay = throttle_delay(failures)
    LoginAttempt.update(
        failures=failures, blocked_until=now + delay if delay else None
    ).where(LoginAttempt.login_key == login_key).execute()


@writes
def _record_success(
    user_id: int, login_key: str, old_hash: str, new_hash: str | None
) -> UserRef:
    LoginAttempt.delete().where(LoginAttempt.login_key == login_key).execute()
    now = clock.now()  # logged in: online until the app's heartbeats take over
    User.update(last_seen_at=now, online_until=now + ONLINE_FOR).where(
        User.id == user_id
    ).execute()
    if new_hash is not None:
        # Only if the password did not change meanwhile in another session.
        User.update(password_hash=new_hash).where(
            (User.id == user_id) & (User.password_hash == old_hash)
        ).execute()
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise AuthenticationError()
    return user_ref(user)


def log_in(login: str, password: str) -> UserRef:
    """Check a login and password and return the person.

    Raises one ``AuthenticationError`` ("Wrong login or password.") whether the
    login is unknown or the password wrong — an unknown login still costs one
    argon2 verification — and ``ThrottledError`` after five failures in a row,
    for 30 s, then 60 s, 120 s … up to 15 minutes. The failures are counted in
    the database, so they hold across processes; each attempt is counted before
    its password is checked, so parallel sessions get no more checks than one;
    a success resets them.
    """
    if not normalize_login(login):
        raise ValidationError("Enter your login.", field="login")
    require_password(password)
    login_key = identity_key(login)
    if len(login_key) > LOGIN_MAX:
        # No account can have this login, so there is nothing to throttle.
        passwords.burn_one_verification(password)
        raise AuthenticationError()
    _reserve_attempt(login_key)  # raises ThrottledError; counts the attempt as failed
    candidate = _login_candidate(login_key)
    if candidate is None:
        passwords.burn_one_verification(password)
        raise AuthenticationError()
    if not passwords.verify_password(candidate.password_hash, password):
        raise AuthenticationError()
    new_hash = None
    if passwords.needs_rehash(candidate.password_hash):
        new_hash = passwords.hash_password(password)
    return _record_success(candidate.user_id, login_key, candidate.password_hash, new_hash)


@writes
def touch_last_seen(user_id: int) -> None:
    """Note that the person is here now (a missing account is ignored)."""
    User.update(last_seen_at=clock.now()).where(User.id == user_id).execute()


def log_out(user_id: int) -> None:
    """End a session: the person was last seen now and is offline at once."""
    go_offline(user_id)


# ---------------------------------------------------------------- changes

@writes
def _replace_hash(user_id: int, old_hash: str, new_hash: str) -> None:
    changed = (
        User.update(password_hash=new_hash)
        .where((User.id == user_id) & (User.password_hash == old_hash))
        .execute()
    )
    if changed != 1:
        raise ConflictError(
            "The password was changed meanwhile in another session. Try again.",
            field="current_password",
        )


def change_password(user_id: int, current_password: str, new_password: str) -> None:
    """Set a new password; the current one is needed and the policy applies."""
    login, old_hash = verify_own_password(user_id, current_password, "current_password")
    me = get_user(user_id)  # the names, too, are the first words an attacker tries
    normalized = check_new_password(
        new_password, login, "new_password", (me.first_name, me.last_name)
    )
    _replace_hash(user_id, old_hash, passwords.hash_password(normalized))


@writes
def _rename(user_id: int, new_login: str) -> UserRef:
    old_login = User.select(User.login).where(User.id == user_id).scalar()
    try:
        with database.atomic():
            changed = (
                User.update(login=new_login, login_key=identity_key(new_login))
                .where(User.id == user_id)
                .execute()
            )
    except peewee.IntegrityError:
        raise ConflictError("This login is taken.", field="login") from None
    if changed != 1:
        raise NotFoundError("This account does not exist.")
    if new_login != old_login:  # shown beside the name: the people who see it are told
        profile_activity.tell_people_who_see_them(user_id)
    return user_ref(User.get_by_id(user_id))


def change_login(user_id: int, password: str, new_login: str) -> UserRef:
    """Give the account another login (the password is needed). The login rules
    and uniqueness apply, and the password must not contain the new login."""
    new_login = check_login(new_login)
    verify_own_password(user_id, password, "password")
    if search_key(new_login) in search_key(passwords.normalize_password(password)):
        raise ValidationError(
            "Your password contains this login. Choose another login, "
            "or change your password first.",
            field="login",
        )
    return _rename(user_id, new_login)
