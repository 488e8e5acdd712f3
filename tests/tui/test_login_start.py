"""Log in as it opens: its own light buttons work like Textual's, and the styles it
is painted with are the ones a full restyle would give (it skips that restyle)."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from textual.color import Color
from textual.widgets import Button as TextualButton
from textual.widgets import Input

from tests.tui.conftest import PASSWORD, settle, type_text
from tui.screens.forgot_password import ForgotPasswordScreen
from tui.screens.login import LoginScreen
from tui.screens.register import RegisterScreen


def test_clicking_log_in_opens_the_feed(make_test_app, app_db):
    """Login and password typed, a click on "Log in" opens the Feed as Anna."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await type_text(pilot, "anna")
            app.screen.query_one("#password", Input).value = PASSWORD
            await pilot.click("#submit")
            await settle(pilot)
            assert app.current_mode == "feed"
            assert app.current_user.id == app_db.anna.id

    asyncio.run(scenario())


def test_enter_on_the_focused_log_in_button_submits(make_test_app):
    """Tab to "Log in" and press Enter: the form is sent (an empty password is
    asked for, and the password field gets the focus)."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await type_text(pilot, "anna")
            await pilot.press("tab", "tab")
            assert app.focused is app.screen.query_one("#submit")
            await pilot.press("enter")
            await settle(pilot)
            assert str(app.screen.query_one("#login-error").render()) == "Type your password."
            assert app.focused is app.screen.query_one("#password", Input)

    asyncio.run(scenario())


def test_the_links_open_register_and_forgot_password(make_test_app):
    """"Create account" opens Register, Escape comes back; "Forgot password" opens
    the new-password form."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.click("#to-register")
            await pilot.pause()
            assert isinstance(app.screen, RegisterScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LoginScreen)
            await pilot.click("#to-forgot")
            await pilot.pause()
            assert isinstance(app.screen, ForgotPasswordScreen)

    asyncio.run(scenario())


def test_log_in_buttons_are_buttons_to_the_rest_of_the_app(make_test_app):
    """The light buttons are Textual buttons to queries, CSS selectors and handlers:
    ``Button`` finds all three and the ``.form-box Button`` margin applies."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            buttons = app.screen.query("Button")
            assert [b.id for b in buttons] == ["submit", "to-register", "to-forgot"]
            assert all(isinstance(b, TextualButton) for b in buttons)
            assert app.screen.query_one("#submit").styles.margin.top == 1

    asyncio.run(scenario())


def _styles(screen) -> dict:
    return {node: node._css_styles.get_rules() for node in screen.walk_children(with_self=True)}


def test_log_in_is_painted_with_the_styles_a_full_restyle_gives(make_test_app):
    """Log in skips Textual's restyle of every node when first shown; restyling
    everything afterwards changes no node's styles, so what is painted is the same.
    (Fails if a style of Log in came to depend on something set after mounting.)"""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            before = _styles(screen)
            app.update_styles(screen, animate=False)
            assert _styles(screen) == before

    asyncio.run(scenario())



def test_log_in_after_log_out_is_styled_as_a_full_restyle_styles_it(logged_in_app):
    """Log out builds a new Log in screen (with the light theme chosen meanwhile):
    it too is painted with the styles a full restyle gives, light ones."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.theme = "messenger-light"
            await pilot.pause()
            app.log_out()
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LoginScreen)
            before = _styles(screen)
            assert before[screen]["background"] == Color.parse(app.current_theme.background)
            app.update_styles(screen, animate=False)
            assert _styles(screen) == before

    asyncio.run(scenario())


def test_log_in_opens_before_the_password_hasher_and_the_tables_load(db, db_url):
    """What `messenger` loads before painting Log in (the app, the screen, its
    up-to-date database opened) leaves out argon2, the tables and the live poll's
    queries: they load with the first log-in, so the first screen comes sooner."""
    later = ("argon2", "models.accounts", "models.schema", "models.activity")
    code = (
        "import sys, tui.app, tui.screens.login\n"
        "from models.db import open_database\n"
        f"open_database({db_url!r})\n"
        f"print([m for m in {later!r} if m in sys.modules])\n"
        "from models import accounts\n"
        "print('models.schema' in sys.modules, 'argon2' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["[]", "True True"]
