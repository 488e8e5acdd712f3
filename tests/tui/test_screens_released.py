"""Screens opened and closed over and over leave nothing behind (issue 17).

A popped profile's mini-player and header watched the app's reactives, and
each footer key watches its footer's ``compact``: Textual drops a closed
widget's entry only when that value changes, so every profile or picture
viewer opened and closed kept a mini-player, a header and a footer's keys
(with their rendered lines) alive for as long as nothing played and the
footer stayed the same. Counted as objects, not bytes."""

from __future__ import annotations

import asyncio
import gc

from tests.tui.conftest import settle
from tui.screens.user_profile import UserProfileScreen
from tui.watchers import watcher_nodes
from tui.widgets.app_header import AppHeader
from tui.widgets.mini_player import MiniPlayer

TIMES = 10


def left_behind(kind) -> int:
    """Widgets of ``kind`` still in memory though no longer on any screen."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind) and not o.is_attached)


def watchers_gone(app) -> list:
    """Nodes no longer on any screen that the app still lists as watchers."""
    return [node for node in watcher_nodes(app) if not node.is_attached]


def test_profiles_opened_and_closed_leave_no_widgets(logged_in_app, app_db):
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            for n in range(TIMES):
                app.open_profile(app_db.michail.id if n % 2 else app_db.olga.id)
                await settle(pilot)
                assert isinstance(app.screen, UserProfileScreen)
                await pilot.press("escape")
                await settle(pilot)
                assert not isinstance(app.screen, UserProfileScreen)
            assert watchers_gone(app) == []
            assert left_behind(UserProfileScreen) <= 1  # at most the last, on its way out
            assert left_behind(MiniPlayer) <= 1
            assert left_behind(AppHeader) <= 1

    asyncio.run(main())
