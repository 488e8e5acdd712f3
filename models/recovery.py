"""Recovery without e-mail: one-time recovery codes and operator reset codes.

Ten recovery codes are shown once at registration (``accounts.register``) and
can be regenerated from the profile; an operator can issue a reset code that
expires after 15 minutes. Either sets a new password with
``reset_password_with_code``, even while log-in is throttled. Codes are stored
as SHA-256 hashes and each works once.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import datetime, timedelta

from . import clock, credentials, passwords
from .db import reads, writes
from .errors import AuthenticationError, NotFoundError, ValidationError, msg
from .schema import LoginAttempt, RecoveryCode, User
from .text import clean_line, identity_key

RECOVERY_CODE_COUNT = 10
CODE_LENGTH = 16  # 16 Crockford base32 characters = 80 bits
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
OPERATOR_CODE_LIFETIME = timedelta(minutes=15)

WRONG_CODE = msg("Wrong login or code.")


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


def new_recovery_codes() -> list[str]:
    """A fresh set of recovery codes, to store and to show once."""
    return [new_code() for _ in range(RECOVERY_CODE_COUNT)]


# ---------------------------------------------------------------- recovery

def store_recovery_codes(user_id: int, codes: list[str], now: datetime) -> None:
    """Store ``codes`` (hashed) as the person's recovery codes; call inside a write."""
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
    store_recovery_codes(user_id, codes, clock.now())


def regenerate_recovery_codes(user_id: int, password: str) -> tuple[str, ...]:
    """Ten new recovery codes (shown once); every older recovery code stops working."""
    credentials.verify_own_password(user_id, password, "password")
    codes = new_recovery_codes()
    _replace_recovery_codes(user_id, codes)
    return tuple(codes)


@writes
def issue_operator_reset_code(login: str) -> str:
    """A one-time code an operator hands to a person who lost every recovery code.

    Valid for 15 minutes and once; issuing another voids the older ones.
    """
    user = User.get_or_none(User.login_key == identity_key(login or ""))
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
    if not credentials.normalize_login(login):
        raise ValidationError("Enter your login.", field="login")
    if not normalize_code(code):
        raise ValidationError("Enter a recovery code.", field="code")
    normalized = credentials.check_new_password(new_password, credentials.normalize_login(login), "new_password")
    login_key = identity_key(login)
    found = _usable_code(login_key, _code_hash(code))
    if found is None:
        raise AuthenticationError(WRONG_CODE)
    user_id, code_id = found
    _apply_reset(user_id, code_id, login_key, passwords.hash_password(normalized))
