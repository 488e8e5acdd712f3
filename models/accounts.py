"""Accounts: registration, log-in with a throttle, password and login changes,
recovery codes and operator reset codes.

Argon2 work (hashing, verifying) always runs outside a write transaction, so a
log-in never holds the database's write lock for the length of a hash. The
public functions below are therefore compositions of small ``@reads`` /
``@writes`` steps, with the hashing in between.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee

from . import clock, passwords
from .db import database, reads, writes
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
from .schema import LoginAttempt, RecoveryCode, User
from .text import clean_line, search_key
from .views import Registration, UserRef

LOGIN_MIN = 3
LOGIN_MAX = 32
LOGIN_PUNCTUATION = "_.-"
NAME_MAX = 100

FREE_FAILURES = 5  # failed log-ins allowed before the throttle starts
FIRST_DELAY = timedelta(seconds=30)  # doubles with each further failure …
MAX_DELAY = timedelta(minutes=15)  # … up to this

RECOVERY_CODE_COUNT = 10
CODE_LENGTH = 16  # 16 Crockford base32 characters = 80 bits
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
OPERATOR_CODE_LIFETIME = timedelta(minutes=15)

WRONG_CODE = msg("Wrong login or code.")


# ---------------------------------------------------------------- input rules

def normalize_login(login: str) -> str:
    """The stored form of a login: NFKC (full-width ``Ａｎｎａ`` is ``Anna``), trimmed."""
    return unicodedata.normalize("NFKC", login or "").strip()


def check_login(login: str) -> str:
    """Return the normalised login or raise ``ValidationError(field="login")``."""
    value = normalize_login(login)
    if not value:
        raise ValidationError("Enter a login.", field="login")
    for char in value:
        if char.isalpha() or char in "0123456789" or char in LOGIN_PUNCTUATION:
            continue
        if char.isspace():
            raise ValidationError("A login cannot contain spaces.", field="login")
        if char.isprintable():
            reason = msg(
                "A login may hold only letters, digits, “_”, “.” and “-” (“{char}” is not).",
                char=char,
            )
        else:
            reason = msg("A login may hold only letters, digits, “_”, “.” and “-”.")
        raise ValidationError(reason, field="login")
    if len(value) < LOGIN_MIN:
        raise ValidationError(
            msg("Use at least {limit} characters for the login.", limit=LOGIN_MIN), field="login"
        )
    # The key can be longer than the login ("ß" folds to "ss"); both must fit.
    if len(value) > LOGIN_MAX or len(search_key(value)) > LOGIN_MAX:
        raise ValidationError(
            msg("Use at most {limit} characters for the login.", limit=LOGIN_MAX), field="login"
        )
    if not any(char.isalnum() for char in value):
        raise ValidationError("A login needs at least one letter or digit.", field="login")
    return value


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
    return cleaned


def _check_new_password(password: str, login: str, field: str) -> str:
    """The password policy, with the error put beside ``field`` of the form."""
    try:
        return passwords.check_password_policy(password, login)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def _require_password(password: str, field: str = "password") -> None:
    if not password:
        raise ValidationError("Enter your password.", field=field)


# ---------------------------------------------------------------- codes

def new_code() -> str:
    """A fresh one-time code, ``XXXX-XXXX-XXXX-XXXX`` (80 random bits)."""
    raw = "".join(secrets.choice(CROCKFORD) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    """What a person typed, as the code it stands for: case, spaces and dashes
    do not matter, and ``O``, ``I``, ``L`` are read as ``0``, ``1``, ``1``."""
    value = unicodedata.normalize("NFKC", code or "").upper()
    value = "".join(value.split()).replace("-", "")
    return value.translate(_CODE_LOOKALIKES)


def _code_hash(code: str) -> str:
    # A code carries 80 random bits, so nobody can guess it from a fast hash:
    # unlike a password it needs no slow, salted argon2 to be stored safely.
    return hashlib.sha256(normalize_code(code).encode("utf-8")).hexdigest()


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
                login_key=search_key(login),
                password_hash=password_hash,
                first_name=first_name,
                last_name=last_name,
                first_key=search_key(first_name)[:NAME_MAX],
                last_key=search_key(last_name)[:NAME_MAX],
                created_at=now,
            )
    except peewee.IntegrityError:
        raise ConflictError("This login is taken.", field="login") from None
    _store_recovery_codes(user.id, codes, now)
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
    normalized = _check_new_password(password, login, "password")
    if password_repeat is not None and passwords.normalize_password(password_repeat) != normalized:
        raise ValidationError("The two passwords differ.", field="password_repeat")
    if _login_exists(search_key(login)):  # fail fast; the unique index still decides
        raise ConflictError("This login is taken.", field="login")
    password_hash = passwords.hash_password(normalized)
    codes = [new_code() for _ in range(RECOVERY_CODE_COUNT)]
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
    """The account to check the password against, after the throttle allows it."""
    attempt = LoginAttempt.get_or_none(LoginAttempt.login_key == login_key)
    if attempt is not None and attempt.blocked_until and attempt.blocked_until > clock.now():
        raise _throttled(attempt.blocked_until)
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
def _record_failure(login_key: str) -> None:
    LoginAttempt.insert(login_key=login_key, failures=1).on_conflict(
        conflict_target=[LoginAttempt.login_key],
        update={LoginAttempt.failures: LoginAttempt.failures + 1},
    ).execute()
    failures = (
        LoginAttempt.select(LoginAttempt.failures)
        .where(LoginAttempt.login_key == login_key)
        .scalar()
    )
    delay = throttle_delay(failures)
    if delay:
        LoginAttempt.update(blocked_until=clock.now() + delay).where(
            LoginAttempt.login_key == login_key
        ).execute()


@writes
def _record_success(
    user_id: int, login_key: str, old_hash: str, new_hash: str | None
) -> UserRef:
    LoginAttempt.delete().where(LoginAttempt.login_key == login_key).execute()
    User.update(last_seen_at=clock.now()).where(User.id == user_id).execute()
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
    the database, so they hold across processes; a success resets them.
    """
    if not normalize_login(login):
        raise ValidationError("Enter your login.", field="login")
    _require_password(password)
    login_key = search_key(login)
    if len(login_key) > LOGIN_MAX:
        # No account can have this login, so there is nothing to throttle.
        passwords.burn_one_verification(password)
        raise AuthenticationError()
    candidate = _login_candidate(login_key)
    if candidate is None:
        passwords.burn_one_verification(password)
        ok = False
    else:
        ok = passwords.verify_password(candidate.password_hash, password)
    if not ok:
        _record_failure(login_key)
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
    """End a session: the person was last seen now."""
    touch_last_seen(user_id)


# ---------------------------------------------------------------- changes

@reads
def _account(user_id: int) -> tuple[str, str]:
    """(login, password hash) of an account, or ``NotFoundError``."""
    row = (
        User.select(User.login, User.password_hash).where(User.id == user_id).tuples().first()
    )
    if row is None:
        raise NotFoundError("This account does not exist.")
    return row


def _verify_own_password(user_id: int, password: str, field: str) -> tuple[str, str]:
    _require_password(password, field)
    login, password_hash = _account(user_id)
    if not passwords.verify_password(password_hash, password):
        raise AuthenticationError("This password is wrong.", field=field)
    return login, password_hash


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
    login, old_hash = _verify_own_password(user_id, current_password, "current_password")
    normalized = _check_new_password(new_password, login, "new_password")
    _replace_hash(user_id, old_hash, passwords.hash_password(normalized))


@writes
def _rename(user_id: int, new_login: str) -> UserRef:
    try:
        with database.atomic():
            changed = (
                User.update(login=new_login, login_key=search_key(new_login))
                .where(User.id == user_id)
                .execute()
            )
    except peewee.IntegrityError:
        raise ConflictError("This login is taken.", field="login") from None
    if changed != 1:
        raise NotFoundError("This account does not exist.")
    return user_ref(User.get_by_id(user_id))


def change_login(user_id: int, password: str, new_login: str) -> UserRef:
    """Give the account another login (the password is needed). The login rules
    and uniqueness apply, and the password must not contain the new login."""
    new_login = check_login(new_login)
    _verify_own_password(user_id, password, "password")
    if search_key(new_login) in search_key(passwords.normalize_password(password)):
        raise ValidationError(
            "Your password contains this login. Choose another login, "
            "or change your password first.",
            field="login",
        )
    return _rename(user_id, new_login)


# ---------------------------------------------------------------- recovery

def _store_recovery_codes(user_id: int, codes: list[str], now: datetime) -> None:
    RecoveryCode.insert_many(
        [
            {"user": user_id, "kind": "recovery", "code_hash": _code_hash(code), "created_at": now}
            for code in codes
        ]
    ).execute()


@writes
def _replace_recovery_codes(user_id: int, codes: list[str]) -> None:
    RecoveryCode.delete().where(
        (RecoveryCode.user == user_id) & (RecoveryCode.kind == "recovery")
    ).execute()
    _store_recovery_codes(user_id, codes, clock.now())


def regenerate_recovery_codes(user_id: int, password: str) -> tuple[str, ...]:
    """Ten new recovery codes (shown once); every older recovery code stops working."""
    _verify_own_password(user_id, password, "password")
    codes = [new_code() for _ in range(RECOVERY_CODE_COUNT)]
    _replace_recovery_codes(user_id, codes)
    return tuple(codes)


@writes
def issue_operator_reset_code(login: str) -> str:
    """A one-time code an operator hands to a person who lost every recovery code.

    Valid for 15 minutes and once; issuing another voids the older ones.
    """
    user = User.get_or_none(User.login_key == search_key(login or ""))
    if user is None:
        raise NotFoundError(
            msg("No account has the login “{login}”.", login=clean_line(login or "")),
            field="login",
        )
    RecoveryCode.delete().where(
        (RecoveryCode.user == user.id) & (RecoveryCode.kind == "operator")
    ).execute()
    code = new_code()
    now = clock.now()
    RecoveryCode.create(
        user=user.id,
        kind="operator",
        code_hash=_code_hash(code),
        created_at=now,
        expires_at=now + OPERATOR_CODE_LIFETIME,
    )
    return code


@reads
def _usable_code(login_key: str, code_hash: str) -> tuple[int, int] | None:
    """(user id, code id) of an unused, unexpired code of that login, if any."""
    now = clock.now()
    row = (
        RecoveryCode.select(RecoveryCode.user, RecoveryCode.id)
        .join(User)
        .where(
            (User.login_key == login_key)
            & (RecoveryCode.code_hash == code_hash)
            & RecoveryCode.used_at.is_null()
            & (
                (RecoveryCode.kind == "recovery")
                | ((RecoveryCode.kind == "operator") & (RecoveryCode.expires_at > now))
            )
        )
        .tuples()
        .first()
    )
    return row


@writes
def _apply_reset(user_id: int, code_id: int, login_key: str, new_hash: str) -> None:
    used = (
        RecoveryCode.update(used_at=clock.now())
        .where((RecoveryCode.id == code_id) & RecoveryCode.used_at.is_null())
        .execute()
    )
    if used != 1:  # spent a moment ago by someone else
        raise AuthenticationError(WRONG_CODE)
    User.update(password_hash=new_hash).where(User.id == user_id).execute()
    LoginAttempt.delete().where(LoginAttempt.login_key == login_key).execute()


def reset_password_with_code(login: str, code: str, new_password: str) -> None:
    """Set a new password with a recovery code or an operator code.

    Works while log-in is throttled (and lifts the throttle); spends the code;
    does not log in. An unknown login and a wrong code get the same
    ``AuthenticationError("Wrong login or code.")``. Codes are not throttled:
    with 80 random bits they cannot be guessed.
    """
    if not normalize_login(login):
        raise ValidationError("Enter your login.", field="login")
    if not normalize_code(code):
        raise ValidationError("Enter a recovery code.", field="code")
    normalized = _check_new_password(new_password, normalize_login(login), "new_password")
    login_key = search_key(login)
    found = _usable_code(login_key, _code_hash(code))
    if found is None:
        raise AuthenticationError(WRONG_CODE)
    user_id, code_id = found
    _apply_reset(user_id, code_id, login_key, passwords.hash_password(normalized))
