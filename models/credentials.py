"""Credentials: the rules for a login, the password policy with the form field
to blame, and checking a person's own password before a change.

Shared by ``accounts`` (register, log in, changes) and ``recovery`` (recovery
and operator codes), so that neither imports the other's internals.
"""

from __future__ import annotations

import string
import unicodedata

from . import passwords
from .db import reads
from .errors import AuthenticationError, NotFoundError, ValidationError, msg
from .schema import User

LOGIN_MIN = 3
LOGIN_MAX = 32
LOGIN_PUNCTUATION = "_.-"
# ASCII only: a Cyrillic "а" looks exactly like a Latin "a", so "аnna" could pose
# as "anna". Logins made before this rule keep logging in (log-in never checks it).
LOGIN_CHARACTERS = frozenset(string.ascii_letters + string.digits + LOGIN_PUNCTUATION)


# ---------------------------------------------------------------- logins

def normalize_login(login: str) -> str:
    """The stored form of a login: NFKC (full-width ``Ａｎｎａ`` is ``Anna``), trimmed."""
    return unicodedata.normalize("NFKC", login or "").strip()


def check_login(login: str) -> str:
    """Return the normalised login or raise ``ValidationError(field="login")``.

    A new login (at registration or a change) is ASCII letters, digits and
    ``_.-``, after NFKC (so full-width ``Ａｎｎａ`` is ``Anna``); unique ignoring case.
    """
    value = normalize_login(login)
    if not value:
        raise ValidationError("Enter a login.", field="login")
    for char in value:
        if char in LOGIN_CHARACTERS:
            continue
        if char.isspace():
            raise ValidationError("A login cannot contain spaces.", field="login")
        if char.isprintable():
            # The code point tells a look-alike (Cyrillic "а", U+0430) from the real one.
            reason = msg(
                "A login may hold only Latin letters a–z, digits, “_”, “.” and “-” "
                "(“{char}”, U+{code}, is not).",
                char=char, code=f"{ord(char):04X}",
            )
        else:
            reason = msg("A login may hold only Latin letters a–z, digits, “_”, “.” and “-”.")
        raise ValidationError(reason, field="login")
    if len(value) < LOGIN_MIN:
        raise ValidationError(
            msg("Use at least {limit} characters for the login.", limit=LOGIN_MIN), field="login"
        )
    if len(value) > LOGIN_MAX:
        raise ValidationError(
            msg("Use at most {limit} characters for the login.", limit=LOGIN_MAX), field="login"
        )
    if not any(char.isalnum() for char in value):
        raise ValidationError("A login needs at least one letter or digit.", field="login")
    return value


# ---------------------------------------------------------------- passwords

def check_new_password(
    password: str, login: str, field: str, names: tuple[str, ...] = ()
) -> str:
    """The password policy, with the error put beside ``field`` of the form."""
    try:
        return passwords.check_password_policy(password, login, names)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def require_password(password: str, field: str = "password") -> None:
    """``ValidationError`` beside ``field`` when no password was typed."""
    if not password:
        raise ValidationError("Enter your password.", field=field)


@reads
def _account(user_id: int) -> tuple[str, str]:
    """(login, password hash) of an account, or ``NotFoundError``."""
    row = (
        User.select(User.login, User.password_hash).where(User.id == user_id).tuples().first()
    )
    if row is None:
        raise NotFoundError("This account does not exist.")
    return row


def verify_own_password(user_id: int, password: str, field: str) -> tuple[str, str]:
    """(login, password hash) of the account once ``password`` is its password;
    otherwise ``AuthenticationError`` beside ``field``. The hash is checked
    outside any transaction."""
    require_password(password, field)
    login, password_hash = _account(user_id)
    if not passwords.verify_password(password_hash, password):
        raise AuthenticationError("This password is wrong.", field=field)
    return login, password_hash
