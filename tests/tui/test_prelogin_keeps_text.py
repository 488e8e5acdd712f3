"""Esc before log-in never throws away what was typed: Register and Forgot
password, left by mistake and opened again, have their fields back
(``tui/kept_typing.py``) with a notice — never a password or a recovery
code, which are not even held in memory — until someone logs in or an
account is made."""

from __future__ import annotations

from textual.widgets import Input

from models import recovery
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.test_blocking import run
from tests.tui.test_login import log_in
from tui.screens.forgot_password import ForgotPasswordScreen
from tui.screens.login import LoginScreen
from tui.screens.recovery_codes import RecoveryCodesScreen
from tui.screens.register import RegisterScreen

NEW_PASSWORD = "violet kettles hum at dawn"
CODE = "AAAA-BBBB-CCCC-DDDD"


async def keys(pilot, *pressed: str) -> None:
    await pilot.press(*pressed)
    await settle(pilot)


async def opened(pilot, kind: type, key: str):
    """``key`` (on Log in) opens a form of ``kind``: the form."""
    await keys(pilot, key)
    assert isinstance(pilot.app.screen, kind)
    return pilot.app.screen


async def typed(pilot, *texts: str) -> None:
    """``texts`` typed into the form's fields from the focused one on, Enter
    between them (not after the last: it would submit)."""
    for number, text in enumerate(texts):
        if number:
            await pilot.press("enter")
        await type_text(pilot, text)
    await settle(pilot)


def values(app, *fields: str) -> list[str]:
    return [app.screen.query_one(f"#{field}", Input).value for field in fields]


def told_it_is_back(app) -> bool:
    return any("is back" in str(notice.message) for notice in app._notifications)


def held_anywhere(app, secret: str) -> bool:
    """Whether ``secret`` is among what the app keeps of typed boxes."""
    return any(secret in repr(kept) for kept in app.typed_in_boxes.values())


REGISTER_TEXT = ("login", "first_name", "last_name")
REGISTER_SECRET = ("password", "password_repeat")


def test_register_keeps_the_names_typed_but_never_the_passwords(make_test_app):
    """Ctrl+R, a login, a first and a last name, a password twice, Esc (back
    on Log in), Ctrl+R: the login and the names are there, both password
    fields empty, and a notice says the text is back, not sent or saved;
    the password was not kept anywhere."""
    app = make_test_app()

    async def scenario(pilot):
        await opened(pilot, RegisterScreen, "ctrl+r")
        assert not told_it_is_back(app)
        await typed(pilot, "vera", "Вера", "Лебедева", NEW_PASSWORD, NEW_PASSWORD)
        await keys(pilot, "escape")
        assert isinstance(app.screen, LoginScreen)
        assert not held_anywhere(app, NEW_PASSWORD)
        await opened(pilot, RegisterScreen, "ctrl+r")
        assert values(app, *REGISTER_TEXT) == ["vera", "Вера", "Лебедева"]
        assert values(app, *REGISTER_SECRET) == ["", ""]
        assert told_it_is_back(app)

    run(app, scenario)


def test_an_account_made_empties_register_and_so_does_a_log_out(make_test_app):
    """Ctrl+R, a login and names, Esc, Ctrl+R: they are back; the passwords
    typed and Enter make the account (its codes, then the Feed). Logged out,
    Ctrl+R opens an empty Register, and no notice."""
    app = make_test_app()

    async def scenario(pilot):
        await opened(pilot, RegisterScreen, "ctrl+r")
        await typed(pilot, "vera", "Вера", "Лебедева")
        await keys(pilot, "escape")
        await opened(pilot, RegisterScreen, "ctrl+r")
        assert values(app, *REGISTER_TEXT) == ["vera", "Вера", "Лебедева"]
        app.screen.query_one("#password", Input).focus()
        await typed(pilot, NEW_PASSWORD, NEW_PASSWORD)
        await keys(pilot, "enter")
        assert isinstance(app.screen, RecoveryCodesScreen)
        assert app.typed_in_boxes == {}  # nothing of the form outlives the account made
        await keys(pilot, "space", "tab", "enter")  # "I saved them", Continue
        assert app.current_user is not None and app.current_user.login == "vera"
        app.log_out()
        await settle(pilot)
        app._notifications.clear()
        await opened(pilot, RegisterScreen, "ctrl+r")
        assert values(app, *REGISTER_TEXT, *REGISTER_SECRET) == [""] * 5
        assert not told_it_is_back(app)

    run(app, scenario)


def test_forgot_password_keeps_the_login_but_never_the_code(make_test_app):
    """Log in's Login empty, Ctrl+F, a login, a recovery code, a new password
    twice, Esc, Ctrl+F: the login is there and the code is asked next; the
    code and both passwords are empty and were kept nowhere; a notice says
    the text is back."""
    app = make_test_app()

    async def scenario(pilot):
        await opened(pilot, ForgotPasswordScreen, "ctrl+f")
        await typed(pilot, "anna", CODE, NEW_PASSWORD, NEW_PASSWORD)
        await keys(pilot, "escape")
        assert isinstance(app.screen, LoginScreen)
        assert not held_anywhere(app, CODE) and not held_anywhere(app, NEW_PASSWORD)
        form = await opened(pilot, ForgotPasswordScreen, "ctrl+f")
        assert values(app, "login", "code", "new_password", "password_repeat") == [
            "anna", "", "", ""]
        assert app.focused is form.query_one("#code", Input)
        assert told_it_is_back(app)

    run(app, scenario)


def test_a_password_set_anew_empties_forgot_password(make_test_app):
    """A login typed in Forgot password and Esc, Ctrl+F: it is back; the code
    and a new password set it (back on Log in, its Login filled in); Log in's
    Login emptied, Ctrl+F opens an empty form."""
    code = recovery.issue_operator_reset_code("anna")
    app = make_test_app()

    async def scenario(pilot):
        await opened(pilot, ForgotPasswordScreen, "ctrl+f")
        await typed(pilot, "anna")
        await keys(pilot, "escape")
        await opened(pilot, ForgotPasswordScreen, "ctrl+f")
        assert values(app, "login") == ["anna"]
        await typed(pilot, code, NEW_PASSWORD, NEW_PASSWORD)
        await keys(pilot, "enter")
        assert isinstance(app.screen, LoginScreen)
        app.screen.query_one("#login", Input).value = ""
        await opened(pilot, ForgotPasswordScreen, "ctrl+f")
        assert values(app, "login") == [""]

    run(app, scenario)


def test_a_log_in_forgets_what_the_forms_kept(make_test_app):
    """Names typed in Register and a login in Forgot password, each left with
    Esc (and back when opened again); then Анна logs in on Log in and logs
    out: both forms open empty, with no notice."""
    app = make_test_app()

    async def scenario(pilot):
        await opened(pilot, RegisterScreen, "ctrl+r")
        await typed(pilot, "vera", "Вера")
        await keys(pilot, "escape")
        await opened(pilot, RegisterScreen, "ctrl+r")
        assert values(app, "login", "first_name") == ["vera", "Вера"]
        await keys(pilot, "escape")
        await opened(pilot, ForgotPasswordScreen, "ctrl+f")
        await typed(pilot, "olga")
        await keys(pilot, "escape")
        await opened(pilot, ForgotPasswordScreen, "ctrl+f")
        assert values(app, "login") == ["olga"]
        await keys(pilot, "escape")
        app.screen.query_one("#login", Input).focus()
        await log_in(pilot, "anna", PASSWORD)
        assert app.current_user is not None and app.current_user.login == "anna"
        app.log_out()
        await settle(pilot)
        app._notifications.clear()
        await opened(pilot, RegisterScreen, "ctrl+r")
        assert values(app, *REGISTER_TEXT) == ["", "", ""]
        await keys(pilot, "escape")
        await opened(pilot, ForgotPasswordScreen, "ctrl+f")
        assert values(app, "login") == [""]
        assert not told_it_is_back(app)

    run(app, scenario)
