"""Ctrl+S submits every form: the one the focus is in."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Static

from models import communities, posts
from tests.tui.conftest import PASSWORD, settle, type_text
from tui.screens.account import AccountScreen
from tui.screens.recovery_codes import RecoveryCodesScreen


def test_ctrl_s_on_account_submits_the_form_with_the_focus(logged_in_app):
    """Account has three forms: Ctrl+S in "Repeat the new password" changes the
    password (here: the current one is wrong, said beside it); Ctrl+S in the
    password of "New recovery codes" makes new codes."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(AccountScreen())
            await settle(pilot)
            screen = app.screen
            await type_text(pilot, "not my password at all")
            for field in ("#pw-new", "#pw-repeat"):
                screen.query_one(field, Input).focus()
                await type_text(pilot, "brand new long password here")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert str(screen.query_one("#pw-current-error", Static).render()) == (
                "This password is wrong."
            )
            assert str(screen.query_one("#codes-password-error", Static).render()) == ""
            screen.query_one("#codes-password", Input).focus()
            await type_text(pilot, PASSWORD)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, RecoveryCodesScreen)

    asyncio.run(scenario())


def test_ctrl_s_logs_in(make_test_app):
    """Log in: login, Tab, password, Ctrl+S — the Feed opens."""
    from tui.screens.feed import FeedScreen

    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await type_text(pilot, "anna")
            await pilot.press("tab")
            await type_text(pilot, PASSWORD)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)

    asyncio.run(scenario())


def test_ctrl_s_publishes_in_a_community(app_db, logged_in_app):
    """A member's post box on a community page: Ctrl+S publishes, like Enter."""
    from tui.widgets.composer import Composer

    communities.join(app_db.anna.id, app_db.community_id)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_community(app_db.community_id)
            await settle(pilot)
            app.screen.query_one(Composer).focus()
            await type_text(pilot, "Who is in on Friday?")
            await pilot.press("ctrl+s")
            await settle(pilot)
            page = posts.community_posts(app_db.anna.id, app_db.community_id)
            assert [p.text for p in page.items] == ["Who is in on Friday?"]
            assert app.screen.query_one(Composer).text == ""

    asyncio.run(scenario())


def test_every_form_offers_ctrl_s_in_its_fields(app_db, logged_in_app, make_test_app, tmp_path):
    """In every form, from every text field, Ctrl+S is an enabled key (help lists it)."""
    from tui.screens.composer import ComposerScreen
    from tui.screens.create_community import CreateCommunityScreen
    from tui.screens.edit_profile import EditProfileScreen
    from tui.screens.forgot_password import ForgotPasswordScreen
    from tui.screens.import_music import ImportMusicScreen
    from tui.screens.login import LoginScreen
    from tui.screens.playlist_name import PlaylistNameScreen
    from tui.screens.register import RegisterScreen

    from .test_function_keys import quiet  # the directory tree's loader never ends

    def check(app, forms) -> None:
        async def scenario():
            async with app.run_test(size=(100, 30)) as pilot:
                await quiet(pilot)
                for make in forms:
                    if not isinstance(app.screen, LoginScreen) or make is not LoginScreen:
                        app.push_screen(make())
                    await quiet(pilot)
                    fields = [w for w in app.screen.query("Input, TextArea") if w.focusable]
                    assert fields, make
                    for field in fields:
                        field.focus()
                        await pilot.pause()
                        active = app.screen.active_bindings.get("ctrl+s")
                        assert active is not None and active.enabled, (make, field)
                    if not isinstance(app.screen, LoginScreen):
                        app.pop_screen()
                        await quiet(pilot)

        asyncio.run(scenario())

    check(make_test_app(), [LoginScreen, RegisterScreen, ForgotPasswordScreen])
    check(logged_in_app("anna"), [
        AccountScreen, EditProfileScreen, ComposerScreen, CreateCommunityScreen,
        lambda: PlaylistNameScreen("New playlist", lambda name: None),
        lambda: ImportMusicScreen(tmp_path),
    ])
