"""Presence on Dialogs with a group in the list: the periodic reading of who is
online asks about the people of the list's one-to-one dialogs only.

A group's row has no peer; the 30 s reading took ``peer.id`` of every row, so
30 s after log-in (Dialogs is built at once, out of sight) the app ended —
silently, as the traceback went where SDL's noise goes — for anyone in a
group: the demo's anna and michail, among others.
"""

from __future__ import annotations

import asyncio

from models import presence
from tests.tui.conftest import settle
from tests.tui.group_data import hike_fixture  # noqa: F401 - a fixture
from tests.tui.test_live import POLL, until
from tui.screens import dialog_status
from tui.screens.dialogs import DialogsScreen
from tui.widgets.dialog_list import DialogList


def test_the_presence_refresh_skips_group_rows(app_db, hike, logged_in_app, monkeypatch):
    """Анна is in «Поход» and talks to Michail: the refresh runs a few times,
    Michail's dot follows his heartbeat, and the app keeps running."""
    monkeypatch.setattr(dialog_status, "PRESENCE_REFRESH", POLL)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            listing = app.screen.query_one(DialogList)
            assert any(s.peer is None for s in listing.summaries)  # the group's row
            presence.heartbeat(app_db.michail.id)
            assert await until(pilot, lambda: app_db.michail.id in listing.online)
            for _ in range(5):  # a few more refreshes
                await pilot.pause(POLL)
            assert app.is_running and app._exception is None

    asyncio.run(scenario())
    assert app.return_code in (0, None)
