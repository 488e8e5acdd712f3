"""Help: every key binding of the screen and the app, from the bindings themselves."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable

from tests.tui.conftest import settle
from tui.screens.feed import FeedScreen
from tui.screens.help import HelpScreen


def rows(app) -> list[tuple[str, str]]:
    table = app.screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def test_f1_lists_the_feed_keys_and_the_sections(logged_in_app):
    """F1 on the Feed lists its keys (like, new post) and the F-keys of the
    sections; Escape closes it."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            shown = rows(app)
            assert ("l", "Like") in shown
            assert ("n", "New post") in shown
            assert ("f5", "People") in shown
            assert ("f7", "Profile") in shown
            assert ("^p", "Command palette") in shown
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)

    asyncio.run(scenario())


def test_question_mark_opens_help_but_types_in_a_field(make_test_app):
    """On Log in, "?" typed in the login field is just a character; F1 opens help
    there too, without the sections (nobody is logged in)."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("question_mark")
            await settle(pilot)
            assert app.screen.query_one("#login").value == "?"
            await pilot.press("f1")
            await settle(pilot)
            shown = rows(app)
            assert ("^r", "Create account") in shown
            assert not any(key == "f2" for key, _ in shown)

    asyncio.run(scenario())


def test_every_binding_has_a_description_and_an_id():
    """Bindings are data: the help screen and a future keymap rely on both."""
    from textual.binding import Binding

    from tui import app as app_module
    from tui.screens import (
        account,
        confirm,
        edit_profile,
        feed,
        forgot_password,
        help,
        login,
        people,
        profile,
        recovery_codes,
        register,
        user_profile,
    )
    from tui.widgets import post_list

    modules = [app_module, account, confirm, edit_profile, feed, forgot_password, help, login,
               people, profile, recovery_codes, register, user_profile, post_list]
    seen = 0
    for module in modules:
        for value in vars(module).values():
            if getattr(value, "__module__", None) != module.__name__:
                continue  # Textual's own classes, imported
            for binding in getattr(value, "__dict__", {}).get("BINDINGS", []):
                assert isinstance(binding, Binding)
                assert binding.description, binding
                assert binding.id, binding
                seen += 1
    assert seen > 30


def test_snapshot_help(logged_in_app, snap_compare):
    """The help over the Feed."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_help_lists_each_player_key_once_and_home_end_scroll_it(logged_in_app):
    """Shift+F9 is bound as shift+f9 and as f21 (terminals differ): help shows
    "shift+F9  Repeat" once, and the other shifted F-keys likewise. The table is
    longer than the box: End shows its bottom, Home its top."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f1")
            await settle(pilot)
            shown = rows(app)
            for key, action in (("shift+F9", "Repeat: off / all / one"),
                                ("shift+F10", "Previous track"),
                                ("shift+F11", "Volume down"), ("shift+F12", "Volume up")):
                assert shown.count((key, action)) == 1, key
            table = app.screen.query_one(DataTable)
            assert table.max_scroll_y > 0
            await pilot.press("end")
            await settle(pilot)
            assert table.scroll_y == table.max_scroll_y
            await pilot.press("home")
            await settle(pilot)
            assert table.scroll_y == 0

    asyncio.run(scenario())


def test_help_on_log_in_lists_only_keys_that_work_there(make_test_app):
    """Before log-in, help lists no player keys and no global search (they do
    nothing yet), and Ctrl+F once, as the screen's Forgot password."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f1")
            await settle(pilot)
            shown = rows(app)
            assert ("^f", "Forgot password") in shown
            assert not any(action == "Search everything" for _, action in shown)
            assert not any(key in ("f9", "f10", "f11", "f12") for key, _ in shown)
            assert ("^q", "Quit") in shown

    asyncio.run(scenario())


def test_help_over_a_dialog_box_lists_ctrl_f_with_the_keys_of_everywhere(logged_in_app):
    """F1 in New post: "^s Publish" is on this screen; "^f Search everything",
    which the box binds to the app's search, is listed once, with the keys of
    everywhere (as the box's F1 is), not as a key of New post."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press("f1")
            await settle(pilot)
            shown = rows(app)
            everywhere = shown.index(("Everywhere", ""))
            assert shown.index(("^s", "Publish")) < everywhere
            assert shown.count(("^f", "Search everything")) == 1
            assert shown.index(("^f", "Search everything")) > everywhere

    asyncio.run(scenario())
