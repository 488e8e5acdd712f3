"""Register: a new account, its recovery codes shown once, then the feed."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Button, Input, Static

from models import accounts
from models.errors import AuthenticationError
from tests.tui.conftest import PASSWORD, settle, type_text
from tui.screens.recovery_codes import RecoveryCodesScreen
from tui.screens.register import RegisterScreen


async def open_register(pilot) -> None:
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RegisterScreen)


async def fill(pilot, **values: str) -> None:
    """Type into the form field by field, Enter moving to the next one."""
    for field in ("login", "first_name", "last_name", "password", "password_repeat"):
        await type_text(pilot, values.get(field, ""))
        await pilot.press("enter")
    await settle(pilot)


def field_error(app, field: str) -> str:
    return str(app.screen.query_one(f"#{field}-error", Static).render())


def test_register_shows_codes_then_the_feed(make_test_app):
    """A new person registers, sees ten recovery codes, cannot go on until
    ticking "I saved them", then lands on the Feed logged in."""
    app = make_test_app()
    new_password = "violet kettles hum at dawn"

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_register(pilot)
            await fill(pilot, login="vera", first_name="Вера", last_name="Лебедева",
                       password=new_password, password_repeat=new_password)
            assert isinstance(app.screen, RecoveryCodesScreen)
            codes = app.screen.codes
            assert len(codes) == 10
            shown = str(app.screen.query_one("#codes", Static).render())
            assert all(code in shown for code in codes)
            continue_button = app.screen.query_one("#continue", Button)
            assert continue_button.disabled
            await pilot.press("escape")  # the codes are never shown again: no way back
            await settle(pilot)
            assert isinstance(app.screen, RecoveryCodesScreen)
            await pilot.press("space")  # tick "I saved them"
            assert not continue_button.disabled
            await pilot.press("tab", "enter")
            await settle(pilot)
            assert app.current_mode == "feed"
            assert app.current_user.login == "vera"
            assert app.current_user.first_name == "Вера"
        user = accounts.log_in("vera", new_password)
        assert user.last_name == "Лебедева"

    asyncio.run(scenario())


def test_register_errors_sit_beside_their_field(make_test_app):
    """A taken login is reported under Login, differing passwords under Repeat;
    what was typed stays."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_register(pilot)
            await fill(pilot, login="anna", first_name="Anna", last_name="Other",
                       password=PASSWORD + " x", password_repeat=PASSWORD + " x")
            assert isinstance(app.screen, RegisterScreen)
            assert field_error(app, "login") == "This login is taken."
            assert app.screen.query_one("#login", Input).value == "anna"
            assert app.screen.query_one("#first_name", Input).value == "Anna"
            assert app.focused is app.screen.query_one("#login", Input)
            login = app.screen.query_one("#login", Input)
            login.value = "anna2"
            app.screen.query_one("#password_repeat", Input).value = "something else entirely"
            await pilot.pause()  # the edits reach the form before the submit, as typed keys do
            app.screen.action_submit()
            await settle(pilot)
            assert field_error(app, "login") == ""
            assert field_error(app, "password_repeat") == "The two passwords differ."
            assert app.current_user is None

    asyncio.run(scenario())


def test_a_guessable_long_password_is_refused_under_the_field_in_russian(make_test_app):
    """``passwordpassword`` has 16 characters but is a word repeated: under
    ``--lang ru`` the reason appears in Russian under Password, nothing is created."""
    app = make_test_app(lang="ru")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_register(pilot)
            await fill(pilot, login="vera", first_name="Вера", last_name="Лебедева",
                       password="passwordpassword", password_repeat="passwordpassword")
            assert isinstance(app.screen, RegisterScreen)
            message = field_error(app, "password")
            assert "быстро подберут" in message
            assert app.current_user is None

    asyncio.run(scenario())
    with pytest.raises(AuthenticationError):
        accounts.log_in("vera", "passwordpassword")


@pytest.mark.parametrize(
    ("lang", "hint", "reason"),
    [("en", "Latin letters a–z", "Latin letters a–z"), ("ru", "латинские буквы", "латинские буквы")],
)
def test_the_login_hint_says_latin_letters_and_a_look_alike_is_refused(make_test_app, lang,
                                                                       hint, reason):
    """The empty Login box says which characters a login may hold; "аnna" with a
    Cyrillic "а" is refused under Login, naming the character's code."""
    app = make_test_app(lang=lang)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_register(pilot)
            assert hint in app.screen.query_one("#login", Input).placeholder
            await fill(pilot, login="\u0430nna", first_name="Анна", last_name="Другая",
                       password=PASSWORD + " x", password_repeat=PASSWORD + " x")
            assert isinstance(app.screen, RegisterScreen)
            message = field_error(app, "login")
            assert reason in message and "U+0430" in message
            assert app.current_user is None

    asyncio.run(scenario())


def test_escape_returns_to_log_in(make_test_app):
    """Escape on Register goes back to Log in."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_register(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "LoginScreen"

    asyncio.run(scenario())


def test_snapshot_register_errors(make_test_app, snap_compare):
    """Register with a too-short password: the message sits under Password."""

    async def run_before(pilot):
        await open_register(pilot)
        await fill(pilot, login="vera", first_name="Вера", last_name="Лебедева",
                   password="short", password_repeat="short")

    assert snap_compare(make_test_app(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_recovery_codes(make_test_app, snap_compare):
    """The ten recovery codes, the "I saved them" box and a disabled Continue."""

    async def run_before(pilot):
        from tui.screens.recovery_codes import RecoveryCodesScreen

        codes = tuple(f"{n:04d}-ABCD-EFGH-{n:04d}" for n in range(1, 11))
        pilot.app.push_screen(RecoveryCodesScreen(codes))
        await settle(pilot)

    assert snap_compare(make_test_app(), terminal_size=(100, 30), run_before=run_before)
