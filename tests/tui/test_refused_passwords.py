"""A refused password is never kept: typing it again starts from an empty field.

A password field is masked, so a person cannot see that the field still holds
the refused password; before, typing it again appended to it ("wrongright"),
and a correct password typed after a typo never worked. Every form that checks
a password (Log in, Register, Forgot password, Account) empties the refused
field and leaves the cursor in it.
"""

from __future__ import annotations

import asyncio

from textual.widgets import Button, Input, Static

from models import accounts, recovery
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.test_login import log_in
from tui.screens.account import AccountScreen
from tui.screens.forgot_password import ForgotPasswordScreen
from tui.screens.login import LoginScreen
from tui.screens.register import RegisterScreen

NEW_PASSWORD = "seven purple otters on a tram"


def value(app, field: str) -> str:
    return app.screen.query_one(f"#{field}", Input).value


def focused_id(app) -> str | None:
    return app.focused.id if app.focused is not None else None


async def open_and_fill(pilot, key: str, *texts: str) -> None:
    """Open a form with ``key`` and type ``texts`` into its fields, Enter after each."""
    await pilot.press(key)
    await settle(pilot)
    for text in texts:
        await type_text(pilot, text)
        await pilot.press("enter")
    await settle(pilot)


def test_log_in_after_a_wrong_password_needs_only_the_right_one(make_test_app, app_db):
    """A wrong password empties the field (the cursor stays in it); typing the
    right one and Enter logs in."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", "not the right password at all")
            assert isinstance(app.screen, LoginScreen)
            assert value(app, "password") == ""
            assert focused_id(app) == "password"
            assert value(app, "login") == "anna"
            await type_text(pilot, PASSWORD)
            await pilot.press("enter")
            await settle(pilot)
            assert app.current_user is not None and app.current_user.id == app_db.anna.id

    asyncio.run(scenario())


def test_register_empties_a_refused_password_and_its_repeat(make_test_app):
    """A too-short password is refused under Password: both password fields are
    empty, the cursor is in Password, and typing a good one twice registers."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_and_fill(pilot, "ctrl+r", "vera", "Вера", "Лебедева", "short", "short")
            assert isinstance(app.screen, RegisterScreen)
            assert str(app.screen.query_one("#password-error", Static).render())
            assert value(app, "password") == "" and value(app, "password_repeat") == ""
            assert focused_id(app) == "password"
            assert value(app, "login") == "vera"  # what was not refused stays
            await type_text(pilot, NEW_PASSWORD)
            await pilot.press("enter")
            await type_text(pilot, NEW_PASSWORD)
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, RegisterScreen)

    asyncio.run(scenario())
    assert accounts.log_in("vera", NEW_PASSWORD).login == "vera"


def test_forgot_password_empties_a_refused_new_password(make_test_app):
    """A new password that the rules refuse is emptied with its repeat; a good
    one typed twice then sets it. The login and code typed stay."""
    code = recovery.issue_operator_reset_code("anna")
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_and_fill(pilot, "ctrl+f", "anna", code, "short", "short")
            assert isinstance(app.screen, ForgotPasswordScreen)
            assert value(app, "new_password") == "" and value(app, "password_repeat") == ""
            assert focused_id(app) == "new_password"
            assert value(app, "login") == "anna" and value(app, "code") == code
            for text in (NEW_PASSWORD, NEW_PASSWORD):
                await type_text(pilot, text)
                await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen)

    asyncio.run(scenario())
    assert accounts.log_in("anna", NEW_PASSWORD).login == "anna"


def test_account_empties_a_wrong_current_password(logged_in_app, app_db):
    """Change password with a wrong current one: that field is emptied and has
    the cursor; typing the right one and Enter through the form changes it.
    The same for the password that confirms new recovery codes."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(AccountScreen())
            await settle(pilot)
            screen = app.screen
            for text in ("not my password at all", NEW_PASSWORD, NEW_PASSWORD):
                await type_text(pilot, text)
                await pilot.press("enter")
            await settle(pilot)
            assert str(screen.query_one("#pw-current-error", Static).render()) == (
                "This password is wrong."
            )
            assert value(app, "pw-current") == ""
            assert focused_id(app) == "pw-current"
            await type_text(pilot, PASSWORD)
            await pilot.press("enter", "enter", "enter")  # through New and Repeat: submits
            await settle(pilot)
            assert value(app, "pw-new") == ""  # emptied after the change
            screen.query_one("#codes-password", Input).focus()
            await type_text(pilot, "wrong wrong wrong wrong")
            screen.query_one("#codes-submit", Button).press()
            await settle(pilot)
            assert value(app, "codes-password") == ""
            assert focused_id(app) == "codes-password"

    asyncio.run(scenario())
    assert accounts.log_in("anna", NEW_PASSWORD).id == app_db.anna.id
