"""Password policy and hashing.

The policy follows NIST SP 800-63B-4 for a single-factor password: NFKC
normalisation, 15 to 256 characters (never truncated), no composition rules,
and a refusal of common, trivial and login-containing passwords. "Trivial" is
zxcvbn's own estimate: fewer than ``MIN_GUESSES`` guesses, or a word or short
unit repeated (``passwordpassword``, ``correcthorsecorrecthorse``).

Hashing is argon2id through ``HASHER``. Always reach it as ``passwords.HASHER``
at call time: tests (and a future configuration) swap it for other parameters,
and a stored hash made with old parameters is upgraded at the next log-in.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import ValidationError, msg
from .text import search_key

HASHER = argon2.PasswordHasher()

MIN_LENGTH = 15
MAX_LENGTH = 256
MIN_GUESSES = 10**10  # zxcvbn's estimate below which a password is refused
# zxcvbn's time grows faster than linearly with length (about 2 s for 256
# characters of one digit), so it estimates windows of this many characters.
# A password is at least as hard to guess as its hardest window, so taking the
# strongest window never overrates it; the password itself is never cut.
ESTIMATE_WINDOW = 64

# Keyboard walks people type as "random" strings (rows in order, and the digit row).
_KEYBOARD_WALKS = ("qwertyuiopasdfghjklzxcvbnm", "1234567890", "йцукенгшщзхъфывапролджэячсмитьбю")

_common: frozenset[str] | None = None
_dummy: tuple[argon2.PasswordHasher, str] | None = None
# zxcvbn keeps the user inputs of a call in a module-level dictionary, so two
# threads estimating at once would see each other's: one estimate at a time.
_zxcvbn_lock = threading.Lock()


def normalize_password(password: str) -> str:
    """The form a password is checked, hashed and verified in (NFKC)."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    """An argon2id hash of the NFKC form of ``password`` with the current ``HASHER``."""
    return HASHER.hash(normalize_password(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``.

    A hash that is not a valid argon2 hash never matches, but still costs one
    verification, so no stored value makes a wrong answer measurably faster.
    """
    try:
        return HASHER.verify(password_hash, normalize_password(password))
    except VerificationError:
        return False
    except InvalidHashError:
        burn_one_verification(password)
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether ``password_hash`` was made with other parameters than ``HASHER``'s."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def dummy_hash() -> str:
    """A hash of a random-looking password made with the current ``HASHER``.

    Verified against for unknown logins, so they cost the same as wrong
    passwords. Recomputed whenever ``HASHER`` is replaced, so the cost matches.
    """
    global _dummy
    hasher = HASHER
    if _dummy is None or _dummy[0] is not hasher:
        _dummy = (hasher, hasher.hash("not a password: unknown-login dummy"))
    return _dummy[1]


def burn_one_verification(password: str) -> None:
    """Spend exactly what one wrong-password verification costs."""
    try:
        HASHER.verify(dummy_hash(), normalize_password(password))
    except (VerificationError, InvalidHashError):
        pass


def common_passwords() -> frozenset[str]:
    """The 30 000 most common passwords zxcvbn ships, casefolded (loaded once)."""
    global _common
    if _common is None:
        from zxcvbn.frequency_lists import FREQUENCY_LISTS

        _common = frozenset(word.casefold() for word in FREQUENCY_LISTS["passwords"])
    return _common


def estimated_guesses(password: str, user_inputs: tuple[str, ...] = ()) -> float:
    """zxcvbn's estimate of the guesses ``password`` needs, in bounded time.

    Runs of a repeated unit are first kept once (``p4ssw0rd@`` × 28 is
    ``p4ssw0rd@``: repeating adds little, and a window boundary inside a
    repetition misleads zxcvbn), then the strongest window of
    ``ESTIMATE_WINDOW`` characters counts. ``user_inputs`` (login, names) count
    as words an attacker tries first.
    """
    from zxcvbn import zxcvbn

    inputs = [value for value in user_inputs if value]
    collapsed = _collapse_repeats(password)
    best = 0.0
    for start in range(0, max(len(collapsed), 1), ESTIMATE_WINDOW):
        window = collapsed[start : start + ESTIMATE_WINDOW]
        with _zxcvbn_lock:
            result = zxcvbn(window, user_inputs=inputs, max_length=ESTIMATE_WINDOW)
        best = max(best, float(result["guesses"]))
        if best >= MIN_GUESSES:
            break
    return best


# A unit repeated over at least 8 characters (not a doubled letter inside a word).
_REPEAT_RUN = re.compile(r"(.+?)\1+")
_MIN_RUN = 8


def _collapse_repeats(password: str) -> str:
    return _REPEAT_RUN.sub(
        lambda run: run.group(1) if len(run.group(0)) >= _MIN_RUN else run.group(0), password
    )


def _repeated_unit(folded: str) -> str | None:
    """The unit ``folded`` repeats at least twice (``passwordpassword`` → ``password``,
    ``abcabcab`` → ``abc``), or ``None`` when it is no repetition."""
    length = len(folded)
    for size in range(1, length // 2 + 1):
        if all(folded[i] == folded[i + size] for i in range(length - size)):
            return folded[:size]
    return None


def _is_weak_repetition(folded: str, user_inputs: tuple[str, ...]) -> bool:
    """A word or short unit repeated: the unit alone would be refused (too short
    or too easy to guess), and repeating it adds almost nothing."""
    unit = _repeated_unit(folded)
    if unit is None:
        return False
    return len(unit) < MIN_LENGTH or estimated_guesses(unit, user_inputs) < MIN_GUESSES


def _is_sequence(folded: str) -> bool:
    """Characters that go up or down by one: ``abcdefghijklmnop``, ``123456789012345``
    (the digits wrap around), ``zyxwvutsrqponml``, or a walk along a keyboard row."""
    for step in (1, -1):
        if all(
            _next_in_sequence(a, step) == b for a, b in zip(folded, folded[1:], strict=False)
        ):
            return True
    for walk in _KEYBOARD_WALKS:
        cycle = walk * (len(folded) // len(walk) + 2)
        if folded in cycle or folded in cycle[::-1]:
            return True
    return False


def _next_in_sequence(char: str, step: int) -> str:
    if char.isdigit() and char.isascii():
        return str((int(char) + step) % 10)
    code = ord(char) + step
    return chr(code) if 0 <= code <= 0x10FFFF else ""


def check_password_policy(
    password: str, login: str | None = None, names: tuple[str, ...] = ()
) -> str:
    """Return the normalised ``password`` or raise ``ValidationError(field="password")``.

    ``login`` (the account's login, when known) must not appear in the password;
    it and ``names`` (the person's names, when known) are the first words an
    attacker tries, so zxcvbn counts them as cheap guesses.
    """
    if not password:
        raise ValidationError("Enter a password.", field="password")
    normalized = normalize_password(password)
    length = len(normalized)
    if length < MIN_LENGTH:
        raise ValidationError(
            msg(
                "Use at least {limit} characters (this one has {length}) — "
                "a few unrelated words make a good password.",
                limit=MIN_LENGTH, length=length,
            ),
            field="password",
        )
    if length > MAX_LENGTH:
        raise ValidationError(
            msg("Use at most {limit} characters (this one has {length}).",
                limit=MAX_LENGTH, length=length),
            field="password",
        )
    folded = normalized.casefold()
    compact = "".join(folded.split())
    if folded in common_passwords() or compact in common_passwords():
        raise ValidationError(
            "This password is one of the most common ones and would be guessed "
            "quickly. Choose another — a few unrelated words work well.",
            field="password",
        )
    user_inputs = tuple(value for value in (login, *names) if value)
    if _is_sequence(compact) or _is_weak_repetition(compact, user_inputs):
        raise ValidationError(
            "This password is a repetition or a simple sequence and would be "
            "guessed quickly. Choose another — a few unrelated words work well.",
            field="password",
        )
    if login:
        login_key = search_key(login)
        if login_key and login_key in search_key(normalized):
            raise ValidationError(
                "Your password must not contain your login.", field="password"
            )
    if estimated_guesses(normalized, user_inputs) < MIN_GUESSES:
        raise ValidationError(
            "This password is built from common words, names or keyboard patterns "
            "and would be guessed quickly. Choose another — a few unrelated words, "
            "or one of your own phrases, work well.",
            field="password",
        )
    return normalized
