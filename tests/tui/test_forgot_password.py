"""Forgot password: a recovery or operator code sets a new password."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Static

from models import accounts, recovery
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.test_login import log_in
from tui.screens.forgot_password import ForgotPasswordScreen
from tui.screens.login import LoginScreen

NEW_PASSWORD = "seven purple otters on a tram"


async def open_forgot(pilot) -> None:
    await pilot.press("ctrl+f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ForgotPasswordScreen)


async def fill(pilot, login: str, code: str, password: str, repeat: str) -> None:
    for value in (login, code, password, repeat):
        await type_text(pilot, value)
        await pilot.press("enter")
    await settle(pilot)


def test_operator_code_sets_a_new_password(make_test_app):
    """With the operator's code the person sets a new password, returns to
    Log in with a notice (not logged in), and the new password works."""
    code = recovery.issue_operator_reset_code("anna")
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_forgot(pilot)
            await fill(pilot, "anna", code, NEW_PASSWORD, NEW_PASSWORD)
            assert isinstance(app.screen, LoginScreen)
            assert app.current_user is None
            notices = [str(n.message) for n in app._notifications]
            assert "Password changed. Log in with your new password." in notices

    asyncio.run(scenario())
    assert accounts.log_in("anna", NEW_PASSWORD).login == "anna"


def test_wrong_code_is_refused_and_the_form_kept(make_test_app):
    """A wrong code says so; the person stays on the form with what they typed,
    and the old password still works."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_forgot(pilot)
            await fill(pilot, "anna", "AAAA-BBBB-CCCC-DDDD", NEW_PASSWORD, NEW_PASSWORD)
            assert isinstance(app.screen, ForgotPasswordScreen)
            error = str(app.screen.query_one("#forgot-error", Static).render())
            assert error == "Wrong login or code."
            assert app.screen.query_one("#code", Input).value == "AAAA-BBBB-CCCC-DDDD"

    asyncio.run(scenario())
    assert accounts.log_in("anna", PASSWORD).login == "anna"


def test_differing_passwords_are_caught_before_the_code_is_spent(make_test_app):
    """Two different new passwords: the message is under Repeat and the code
    still works afterwards."""
    code = recovery.issue_operator_reset_code("anna")
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_forgot(pilot)
            await fill(pilot, "anna", code, NEW_PASSWORD, NEW_PASSWORD + "!")
            error = str(app.screen.query_one("#password_repeat-error", Static).render())
            assert error == "The two passwords differ."

    asyncio.run(scenario())
    recovery.reset_password_with_code("anna", code, NEW_PASSWORD)


def test_after_a_reset_log_in_has_the_login_and_waits_for_the_password(make_test_app, app_db):
    """Back on Log in after a reset, the login just used is filled in and the
    cursor is in Password (empty), so typing the new password and Enter logs
    in; an earlier failure's message is gone."""
    code = recovery.issue_operator_reset_code("anna")
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "someone", "a wrong password typed here")
            await open_forgot(pilot)
            assert app.screen.query_one("#login", Input).value == "someone"  # it came along
            # back to Login, which keeps its text when focused: emptied to type another
            await pilot.press("shift+tab", "ctrl+u")
            await fill(pilot, "anna", code, NEW_PASSWORD, NEW_PASSWORD)
            assert isinstance(app.screen, LoginScreen)
            assert app.screen.query_one("#login", Input).value == "anna"
            assert app.screen.query_one("#password", Input).value == ""
            assert app.focused is app.screen.query_one("#password", Input)
            assert str(app.screen.query_one("#login-error", Static).render()) == ""
            await type_text(pilot, NEW_PASSWORD)
            await pilot.press("enter")
            await settle(pilot)
            assert app.current_user is not None and app.current_user.id == app_db.anna.id

    asyncio.run(scenario())


def test_the_login_typed_on_log_in_comes_along(make_test_app):
    """"anna", a wrong password, Ctrl+F: the form has "anna" in its Login
    field and asks for the code first; with Log in's field empty it asks for
    the login first, as before."""
    code = recovery.issue_operator_reset_code("anna")
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await type_text(pilot, "anna")
            await pilot.press("enter")
            await type_text(pilot, "not my password at all")
            await pilot.press("enter")
            await settle(pilot)
            await open_forgot(pilot)
            form = app.screen
            assert form.query_one("#login", Input).value == "anna"
            assert app.focused is form.query_one("#code", Input)
            for value in (code, NEW_PASSWORD, NEW_PASSWORD):
                await type_text(pilot, value)
                await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen)
            app.screen.query_one("#login", Input).value = ""
            await open_forgot(pilot)
            assert app.screen.query_one("#login", Input).value == ""
            assert app.focused is app.screen.query_one("#login", Input)

    asyncio.run(scenario())
    assert accounts.log_in("anna", NEW_PASSWORD).login == "anna"
