"""Password policy (NIST SP 800-63B-4, single factor) and argon2id hashing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from models import passwords
from models.errors import ValidationError
from models.passwords import check_password_policy

GOOD = "violet kettle under the piano"


def refusal(password: str, login: str | None = None) -> str:
    with pytest.raises(ValidationError) as caught:
        check_password_policy(password, login)
    assert caught.value.field == "password"
    return caught.value.message


def test_a_few_unrelated_words_are_accepted():
    """A passphrase of ordinary words is a good password: no digits or symbols demanded."""
    assert check_password_policy(GOOD) == GOOD


def test_fourteen_characters_are_too_few_and_the_message_says_how_to_fix_it():
    """A person typing 14 characters is told the minimum and given a tip."""
    message = refusal("a" * 3 + "bcdefghijk" + "x")  # 14 characters
    assert "at least 15 characters" in message
    assert "words" in message
    assert check_password_policy("violet kettle x") == "violet kettle x"  # exactly 15


def test_256_characters_are_accepted_and_257_refused_never_truncated():
    """Long passphrases work up to 256 characters; the 257th is refused, not cut off."""
    long_ok = ("lantern orchard " * 16)[:255] + "z"
    assert len(long_ok) == 256
    assert check_password_policy(long_ok) == long_ok
    message = refusal(long_ok + "q")
    assert "at most 256" in message


def test_length_is_counted_after_nfkc_normalisation():
    """Full-width letters count as the plain letters they stand for, and the
    returned password is the normalised one (so either spelling logs in)."""
    full_width = "ｖｉｏｌｅｔ ｋｅｔｔｌｅ ｐｉａｎｏ"
    assert check_password_policy(full_width) == "violet kettle piano"
    # "ﬀ" (one character) is "ff" (two) after NFKC: 14 code points typed, 15 counted.
    assert check_password_policy("ﬀ" + "ox kettle lamp") == "ffox kettle lamp"


def test_common_passwords_are_refused_whatever_their_case():
    """A password from the list of the 30 000 most common ones is refused."""
    assert "qwertyuiop12345" in passwords.common_passwords()
    message = refusal("QwertyUiop12345")
    assert "common" in message


@pytest.mark.parametrize(
    "trivial",
    [
        "aaaaaaaaaaaaaaa",
        "123456789012345",
        "abcdefghijklmnop",
        "zyxwvutsrqponmlk",
        "abcabcabcabcabcabc",
        "asdfghjklzxcvbnm",
        "ааааааааааааааааа",
    ],
)
def test_repeated_characters_and_simple_sequences_are_refused(trivial):
    """One character over and over, counting, the alphabet or a keyboard row is refused."""
    assert "sequence" in refusal(trivial)


WEAK_LONG = [
    "passwordpassword",
    "qwertyuiopasdfgh",
    "aaaaaaaaaaaaaaaa",
    "correcthorsecorrecthorse",
    "password password",
    "Summer2024Summer2024",
    "monkeymonkeymonkey",
]


@pytest.mark.parametrize("weak", WEAK_LONG)
def test_long_but_guessable_passwords_are_refused_with_a_reason(weak):
    """15+ characters are not enough: a word repeated, keyboard rows, one letter
    over and over are refused, with a sentence saying why and what works."""
    message = refusal(weak)
    assert "guessed quickly" in message
    assert "words" in message


def test_a_short_unit_repeated_is_refused_and_zxcvbn_agrees_it_is_weak():
    """``passwordpassword`` is a repetition of a word; zxcvbn's estimate for it
    is far below the 10^10 guesses a password needs."""
    assert passwords.estimated_guesses("passwordpassword") < passwords.MIN_GUESSES
    assert "repetition" in refusal("passwordpassword")
    assert "repetition" in refusal("correcthorsecorrecthorse")


@pytest.mark.parametrize(
    "good",
    [
        "correct-horse-battery-demo",  # the demo password
        GOOD,
        "seven purple otters on a tram",
        "белый чайник поёт на рассвете",
        "violet kettle under the piano " * 2,  # a strong phrase, repeated, stays strong
    ],
)
def test_good_passphrases_pass_the_estimate(good):
    """Ordinary passphrases (any alphabet) are accepted as typed."""
    assert passwords.estimated_guesses(good) >= passwords.MIN_GUESSES
    assert check_password_policy(good) == good


def test_the_persons_names_count_as_easy_guesses():
    """A password made of the person's own names and a year is refused when
    the names are known, though it would pass for someone else."""
    password = "zebulonquaxworth1985"
    assert check_password_policy(password) == password
    assert "guessed quickly" in refusal_with(password, login="zq", names=("Zebulon", "Quaxworth"))


def refusal_with(password: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        check_password_policy(password, **kwargs)
    return caught.value.message


def test_the_estimate_reads_at_most_64_characters_at_a_time_and_never_truncates(monkeypatch):
    """zxcvbn slows down sharply with length, so a 256-character password is
    estimated window by window; the password itself is kept whole, and a weak
    start does not spoil a strong remainder."""
    import zxcvbn

    seen: list[int] = []
    real = zxcvbn.zxcvbn

    def recording(password, user_inputs=None, max_length=72):
        seen.append(len(password))
        return real(password, user_inputs=user_inputs, max_length=max_length)

    monkeypatch.setattr(zxcvbn, "zxcvbn", recording)
    long_password = "a" * 192 + "violet kettle under the piano, seven otters on a tram!"[:64]
    long_password = long_password + "x" * (256 - len(long_password))
    assert len(long_password) == 256
    assert check_password_policy(long_password) == long_password
    assert seen and max(seen) <= passwords.ESTIMATE_WINDOW
    stored = passwords.hash_password(long_password)
    assert not passwords.verify_password(stored, long_password[:-1])
    seen.clear()
    prose = (
        "the violet kettle under the piano hums while seven otters ride a tram past "
        "marble staircases full of sleeping cats, and a lighthouse keeper counts "
        "herons at dawn before the ferry leaves for the northern islands with "
        "crates of lemons, brass buttons and one very confused parrot named Gus"
    )[:256]
    assert len(prose) == 256
    assert check_password_policy(prose) == prose
    assert seen and max(seen) <= passwords.ESTIMATE_WINDOW


def test_a_long_repetition_with_a_tail_is_refused_across_windows():
    """A short unit repeated over 252 characters and four more is still a
    repetition, though no 64-character window shows it whole."""
    password = "p4ssw0rd@" * 28 + "abcd"
    assert len(password) == 256
    assert "guessed quickly" in refusal(password)


def test_a_password_containing_the_login_is_refused_ignoring_case():
    """`anna` cannot use `my name is ANNA ok` — the login is the first guess."""
    assert "login" in refusal("my name is ANNA ok", login="anna")
    assert check_password_policy("my name is ANNA ok", login="boris") == "my name is ANNA ok"


def test_an_empty_password_asks_for_one():
    assert refusal("") == "Enter a password."


def test_hash_and_verify_round_trip_and_wrong_password_fails():
    """The stored hash is argon2id; the right password matches, a wrong one does not."""
    stored = passwords.hash_password(GOOD)
    assert stored.startswith("$argon2id$")
    assert GOOD not in stored
    assert passwords.verify_password(stored, GOOD)
    assert not passwords.verify_password(stored, GOOD + "!")


def test_verification_uses_the_normalised_form():
    """A password set with full-width letters logs in typed with plain ones."""
    stored = passwords.hash_password("ｖｉｏｌｅｔ ｋｅｔｔｌｅ ｐｉａｎｏ")
    assert passwords.verify_password(stored, "violet kettle piano")


def test_a_broken_stored_hash_never_matches_and_still_costs_a_verification(monkeypatch):
    """A damaged hash value refuses the log-in instead of crashing, after the
    same one argon2 verification a wrong password costs."""
    calls = []

    class Counting(PasswordHasher):
        def verify(self, hash, password):  # noqa: A002 - argon2's own name
            calls.append(hash)
            return super().verify(hash, password)

    monkeypatch.setattr(
        passwords, "HASHER", Counting(time_cost=1, memory_cost=1024, parallelism=1)
    )
    assert not passwords.verify_password("!", GOOD)
    assert calls[-1] == passwords.dummy_hash()


def test_needs_rehash_follows_the_current_hasher(monkeypatch):
    """A hash made with older parameters is flagged for upgrade; a current one is not."""
    old = passwords.hash_password(GOOD)
    assert not passwords.needs_rehash(old)
    monkeypatch.setattr(
        passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1)
    )
    assert passwords.needs_rehash(old)
    assert passwords.verify_password(old, GOOD)  # still verifies meanwhile


def test_the_dummy_hash_is_made_with_the_current_parameters(monkeypatch):
    """Unknown logins verify against a hash that costs what real ones cost now."""
    assert "t=1," in passwords.dummy_hash()
    monkeypatch.setattr(
        passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1)
    )
    assert "t=2," in passwords.dummy_hash()
    assert not passwords.needs_rehash(passwords.dummy_hash())
