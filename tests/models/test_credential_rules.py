"""The rules behind every credential and name a person sets: logins are ASCII
(no look-alikes), names draw something, passwords resist guessing — at
registration, on changes and on resets alike."""

from __future__ import annotations

import pytest

from models import accounts
from models.errors import ConflictError, ValidationError
from models.schema import User
from tests.models.test_accounts import OTHER_PASSWORD, PASSWORD, field_error, register_anna


@pytest.mark.parametrize("lookalike", ["\u0430nna", "ann\u0430", "\u0430nn\u0430", "\u0391nna"])
def test_look_alike_logins_cannot_pose_as_an_existing_one(db, lookalike):
    """With `anna` registered, `аnna` (a Cyrillic а) would look identical
    everywhere: it is refused, and the reason names the odd character's code."""
    register_anna("anna")
    field, message = field_error(ValidationError, register_anna, lookalike)
    assert field == "login" and "Latin letters" in message
    odd = next(char for char in lookalike if not char.isascii())
    assert f"U+{ord(odd):04X}" in message
    assert User.select().count() == 1


def test_a_login_change_obeys_the_same_rules(db):
    """On the Account screen a new login is ASCII too, and unique ignoring case."""
    anna = register_anna("anna").user
    accounts.register("boris", "Борис", "Петров", OTHER_PASSWORD)
    for bad in ("\u0430nna2", "анна", "müller"):
        field, message = field_error(ValidationError, accounts.change_login, anna.id, PASSWORD, bad)
        assert field == "login" and "Latin letters" in message
    assert field_error(ConflictError, accounts.change_login, anna.id, PASSWORD, "BORIS")[0] == "login"
    assert accounts.change_login(anna.id, PASSWORD, "anna.k").login == "anna.k"


def test_an_old_non_ascii_login_still_logs_in(db):
    """A login made before the ASCII rule (version 1 allowed any letters) keeps
    working: log-in, in any case, and a password reset with a recovery code."""
    from models import recovery
    from models.text import identity_key

    registration = register_anna("anna_old")
    User.update(login="Ёжик", login_key=identity_key("Ёжик")).where(
        User.id == registration.user.id
    ).execute()
    assert accounts.log_in("ЁЖИК", PASSWORD).login == "Ёжик"
    assert accounts.log_in("ежик", PASSWORD).login == "Ёжик"
    recovery.reset_password_with_code("ёжик", registration.recovery_codes[0], OTHER_PASSWORD)
    assert accounts.log_in("Ёжик", OTHER_PASSWORD).id == registration.user.id


INVISIBLE = [
    "\u200b", "\u2060", "\ufeff", "\u3164", "\u2800", "\u200d", "\u115f", "\u1160",
    "\uffa0", "\u180e", "\u0301", "\u034f",
    "\u200b\u200c\u200d", "\u3164 \u3164", "\u2800\u2800\u2800", "\u0301\u0308",
]


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_a_name_of_only_invisible_characters_is_refused(db, invisible):
    """A name that draws nothing (zero-width characters, fillers, the blank
    Braille pattern, lone accents) is refused beside its field; nothing is stored."""
    field, message = field_error(
        ValidationError, accounts.register, "anna", invisible, "Иванова", PASSWORD
    )
    assert field == "first_name" and "invisible" in message
    field, message = field_error(
        ValidationError, accounts.register, "anna", "Анна", invisible * 2, PASSWORD
    )
    assert field == "last_name" and "invisible" in message
    assert User.select().count() == 0


@pytest.mark.parametrize("name", ["李", "محمد", "नमस्ते", "Ǉubica", "Zoë\u200b", "ㅤAnnaㅤ"])
def test_names_in_any_script_are_accepted(db, name):
    """A name with one visible character is a name, in any script."""
    assert accounts.register("anna", name, "Иванова", PASSWORD).user.first_name == name


GUESSABLE = ("passwordpassword", "qwertyuiopasdfgh", "aaaaaaaaaaaaaaaa", "correcthorsecorrecthorse")


@pytest.mark.parametrize("weak", GUESSABLE)
def test_long_guessable_passwords_are_refused_wherever_a_password_is_set(db, weak):
    """Registration, a password change and a reset with a recovery code all
    refuse a 15+-character password zxcvbn guesses quickly, beside the field
    the person typed it in; nothing is stored, and the code is not spent."""
    from models import recovery

    field, message = field_error(ValidationError, register_anna, "anna", weak)
    assert field == "password" and "guessed quickly" in message
    assert User.select().count() == 0
    registration = register_anna()
    field, message = field_error(
        ValidationError, accounts.change_password, registration.user.id, PASSWORD, weak
    )
    assert field == "new_password" and "guessed quickly" in message
    code = registration.recovery_codes[0]
    field, message = field_error(
        ValidationError, recovery.reset_password_with_code, "anna", code, weak
    )
    assert field == "new_password" and "guessed quickly" in message
    assert accounts.log_in("anna", PASSWORD) == registration.user
    recovery.reset_password_with_code("anna", code, OTHER_PASSWORD)  # still unspent


def test_the_demo_password_is_still_accepted(db):
    """The documented demo password passes the policy at registration."""
    registration = accounts.register("vera", "Вера", "Лебедева", "correct-horse-battery-demo")
    assert accounts.log_in("vera", "correct-horse-battery-demo") == registration.user


def test_the_persons_own_names_are_easy_guesses_at_registration_and_change(db):
    """"zebulonquaxworth1985" would do for someone else, but not for Zebulon
    Quaxworth: refused when he registers with it and when he changes to it."""
    password = "zebulonquaxworth1985"
    field, message = field_error(
        ValidationError, accounts.register, "zebq", "Zebulon", "Quaxworth", password
    )
    assert field == "password" and "guessed quickly" in message
    zebulon = accounts.register("zebq", "Zebulon", "Quaxworth", PASSWORD).user
    field, message = field_error(
        ValidationError, accounts.change_password, zebulon.id, PASSWORD, password
    )
    assert field == "new_password" and "guessed quickly" in message
    assert accounts.register("anna", "Анна", "Иванова", password).user.login == "anna"
