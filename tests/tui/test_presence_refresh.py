"""The Dialogs screen's presence refresh (a timer) with a group in the list: a
group row has no person, and the refresh must not stop the app."""

from __future__ import annotations

import asyncio

from models import groups
from tests.tui.conftest import settle
from tui.screens.dialogs import DialogsScreen


def test_presence_refresh_with_a_group_in_the_list(logged_in_app, app_db):
    groups.create_group(app_db.anna.id, "Team", [app_db.michail.id, app_db.olga.id])
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, DialogsScreen)
            assert any(s.peer is None for s in screen.query_one("#dialog-list").summaries)
            screen._refresh_presence()  # what the timer calls
            await settle(pilot)
            assert app.is_running and app.return_code is None

    asyncio.run(scenario())
