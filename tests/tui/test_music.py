"""Music (F8): my music, all tracks with search, playlists, import, playing."""

from __future__ import annotations

import asyncio

from tests.tui import music_data as fixtures
from tests.tui.conftest import settle
from tui.screens.music import MusicScreen
from tui.widgets.mini_player import MiniPlayer
from tui.widgets.track_table import TrackTable

music_data = fixtures.music_data
music_app = fixtures.music_app


async def open_music(pilot) -> MusicScreen:
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MusicScreen)
    return pilot.app.screen


def mini_player_text(app) -> str:
    player = app.screen.query_one(MiniPlayer)
    return str(player.render()) if player.display else ""


def titles(table: TrackTable) -> list[str]:
    return [track.title for track in table.tracks]


def test_my_music_lists_my_tracks_and_enter_plays(music_app):
    """My music lists Анна's two tracks, newest first; Enter plays the one under
    the cursor and the mini-player shows its title, artist and ▶."""
    app, clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            table = screen.query_one("#mine-table", TrackTable)
            assert titles(table) == ["Вечерний вальс", "Morning Walk"]
            await pilot.press("down", "enter")
            await settle(pilot)
            shown = mini_player_text(app)
            assert "▶ Morning Walk — Terminal Ensemble" in shown
            assert "0:00" in shown and "0:42" in shown
            clock.advance(12)
            await pilot.pause(0.3)
            await settle(pilot)
            assert "0:12" in mini_player_text(app)
            await pilot.press("f9")
            await settle(pilot)
            assert mini_player_text(app).startswith("❚❚ Morning Walk")

    asyncio.run(scenario())
