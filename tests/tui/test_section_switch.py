"""Moving between sections: shown at once, and never in stale colours.

A section already built is shown without Textual's 50 ms hold on updates
(tui/app.py ``switch_mode``) and without restyling every widget when nothing
its styles depend on changed (tui/screens/section.py); a theme chosen while a
section was out of sight must still be the one it shows when it comes back.
"""

from __future__ import annotations

import asyncio

from tests.tui.conftest import settle
from tui.screens.dialogs import DialogsScreen
from tui.widgets.app_header import AppHeader


def test_a_section_visited_before_is_drawn_at_once(logged_in_app):
    """F3, F2, then back to Dialogs: nothing is held back, the next refresh draws
    it. (Music, never visited, is still held for a moment while it is built.)"""
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 3600  # no section built out of sight: Music is built by its visit

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            app.action_section("dialogs")
            assert isinstance(app.screen, DialogsScreen)
            assert app._batch_count == 0  # no update held back
            await settle(pilot)
            app.action_section("music")
            assert app._batch_count == 1  # being built: held, as Textual does
            await settle(pilot)
            assert app._batch_count == 0

    asyncio.run(scenario())


def test_a_theme_chosen_elsewhere_shows_when_a_section_comes_back(logged_in_app):
    """Анна opens Dialogs, goes to the Feed and switches to the light theme there;
    back in Dialogs, its header has the light theme's colours, not the dark ones."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            dialogs_header = app.screen.query_one(AppHeader)
            dark = dialogs_header.styles.background
            await pilot.press("f2")
            await settle(pilot)
            app.theme = "messenger-light"
            await settle(pilot)
            feed_light = app.screen.query_one(AppHeader).styles.background
            assert feed_light != dark
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            assert dialogs_header.styles.background == feed_light

    asyncio.run(scenario())
