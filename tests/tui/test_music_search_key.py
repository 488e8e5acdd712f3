"""Ctrl+L on Music searches from every tab, as the README's key table says.

It worked only on All tracks: on My music (where Music opens) it did nothing,
so the name typed next went to the screen's one-letter keys — n / p tried to
change tracks, s turned shuffle on and kept it in the person's settings.
"""

from __future__ import annotations

import asyncio

from textual.widgets import Input, TabbedContent

from models import settings
from tests.tui import music_data as fixtures
from tests.tui.conftest import type_text
from tests.tui.test_music import open_music

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def test_ctrl_l_from_my_music_opens_the_search_and_takes_the_typing(music_app, app_db):
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            assert screen.query_one(TabbedContent).active == "mine"
            assert app.active_bindings["ctrl+l"].enabled  # offered in the footer
            await pilot.press("ctrl+l")
            await settle(pilot)
            search = screen.query_one("#music-search", Input)
            assert screen.query_one(TabbedContent).active == "all"
            assert app.focused is search
            await type_text(pilot, "nps")
            await settle(pilot)
            assert search.value == "nps"
            assert app.player is None  # n / p never reached the player

    asyncio.run(scenario())
    assert settings.user_settings(app_db.anna.id).shuffle is False
