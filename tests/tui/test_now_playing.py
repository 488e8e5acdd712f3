"""Now playing on screen: Анна's player tells the others what it plays, if she
chose to show it (Account → "Show what I am listening to"); Michail sees
"♪ Title — Artist" on her People row and her profile, and sees it go when she
pauses or quits.

Анна's side is a real app with a real player (SDL's dummy driver) on a clock
the test moves; Michail's side is either the domain (another process would
write the same rows) or his own app.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Checkbox, Static

from models import now_playing, presence, settings
from models.schema import NowPlaying
from models.views import NowPlaying as Playing
from music.player import PlayerState, Repeat, Status
from tests.tui import music_data as fixtures
from tests.tui.test_live import POLL, until
from tests.tui.test_mini_player import play_first_track
from tests.tui.test_people import open_people
from tests.tui.test_profile import open_account
from tui.now_playing import wished
from tui.screens import now_playing_shown
from tui.screens.user_profile import UserProfileScreen
from tui.web_session import WebSession
from tui.widgets.user_row import UserRow

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle

WALTZ = Playing("Вечерний вальс", "Оркестр терминала")


@pytest.fixture(autouse=True)
def quick_refresh(monkeypatch):
    """Screens read what people play every 0.2 s here, not every 3 s."""
    monkeypatch.setattr(now_playing_shown, "NOW_PLAYING_REFRESH", 0.2)


def seen_by(viewer_id, user_id):
    return now_playing.now_playing_of(viewer_id, [user_id]).get(user_id)


def test_playing_shows_and_pausing_or_quitting_takes_it_away(app_db, music_app):
    """Анна chose to show it: the waltz she plays is Michail's to see; F9
    (pause) takes it away, F9 again brings it back, quitting takes it away."""
    anna, michail = app_db.anna.id, app_db.michail.id
    settings.save_settings(anna, now_playing=True)
    app, _clock = music_app("anna", poll_interval=POLL)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            assert await until(pilot, lambda: seen_by(michail, anna) == WALTZ)
            await pilot.press("f9")
            assert await until(pilot, lambda: seen_by(michail, anna) is None)
            await pilot.press("f9")
            assert await until(pilot, lambda: seen_by(michail, anna) == WALTZ)

    asyncio.run(scenario())
    assert seen_by(michail, anna) is None
    assert NowPlaying.select().count() == 0


def test_off_by_default_nothing_is_written(app_db, music_app):
    anna = app_db.anna.id
    app, clock = music_app("anna", poll_interval=POLL)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            for _ in range(5):
                clock.advance(1)
                await pilot.pause(POLL)
            await settle(pilot)
            assert app.player_state.playing

    asyncio.run(scenario())
    assert settings.user_settings(anna).now_playing is False
    assert NowPlaying.select().count() == 0


def test_one_write_per_track_not_per_tick(app_db, music_app, monkeypatch):
    """Many player ticks of one track: one write (the next is the refresh, 30 s
    on); the next track: one more."""
    anna = app_db.anna.id
    settings.save_settings(anna, now_playing=True)
    written = []
    real = now_playing.publish
    monkeypatch.setattr(now_playing, "publish", lambda *a: (written.append(a), real(*a)))
    app, clock = music_app("anna", poll_interval=POLL)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            assert await until(pilot, lambda: len(written) == 1)
            for _ in range(12):  # three seconds of ticks, four a second
                clock.advance(1)
                await pilot.pause(0.25)
            await settle(pilot)
            assert written == [(anna, "Вечерний вальс", "Оркестр терминала")]
            await pilot.press("f10")  # the next track
            assert await until(pilot, lambda: len(written) == 2)
            assert written[1][1] == "Morning Walk"

    asyncio.run(scenario())


def test_the_account_switch_is_kept_and_acts_at_once(app_db, music_app):
    """Playing, Анна ticks the switch in Account: Michail sees the track at once
    and the choice is kept; unticked, it is gone at once."""
    anna, michail = app_db.anna.id, app_db.michail.id
    app, _clock = music_app("anna", poll_interval=POLL)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            screen = await open_account(pilot)
            switch = screen.query_one("#setting-now_playing", Checkbox)
            assert switch.value is False
            assert "Show what I am listening to" in str(switch.label)
            switch.focus()
            await pilot.press("space")
            assert await until(pilot, lambda: seen_by(michail, anna) == WALTZ)
            assert await until(pilot, lambda: settings.user_settings(anna).now_playing)
            await pilot.press("space")
            assert await until(pilot, lambda: seen_by(michail, anna) is None)
            assert await until(pilot, lambda: not settings.user_settings(anna).now_playing)

    asyncio.run(scenario())


def row_text(app, user_id) -> str:
    """The row of ``user_id`` on People, as text."""
    from rich.console import Console

    for row in app.screen.query(UserRow):
        if row.user.id == user_id:
            console = Console(width=96, record=True, color_system=None)
            console.print(row.query_one(Static).content)
            return console.export_text()
    raise AssertionError("no such row")


def test_people_shows_it_live_and_literally(app_db, logged_in_app):
    """Michail on People: Анна's row says what she plays a moment after she
    starts, with the title's markup shown as typed, and stops saying it when she stops."""
    anna = app_db.anna.id
    settings.save_settings(anna, now_playing=True)
    app = logged_in_app("michail", poll_interval=POLL)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            assert "♪" not in row_text(app, anna)
            now_playing.publish(anna, "[b]Loud[/b] \x1b[2Jtitle", "[red]Mallory[/]")
            assert await until(pilot, lambda: "♪" in row_text(app, anna))
            assert "@anna  ♪ [b]Loud[/b] [2Jtitle — [red]Mallory[/]" in row_text(app, anna)
            assert "♪" not in row_text(app, app_db.olga.id)
            now_playing.clear(anna)
            assert await until(pilot, lambda: "♪" not in row_text(app, anna))

    asyncio.run(scenario())


def test_the_profile_shows_it_live(app_db, logged_in_app):
    anna = app_db.anna.id
    settings.save_settings(anna, now_playing=True)
    now_playing.publish(anna, "Вечерний вальс", "Оркестр терминала")
    app = logged_in_app("michail", poll_interval=POLL)

    def details() -> str:
        return str(app.screen.query_one("#profile-details", Static).render())

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_profile(anna)
            await settle(pilot)
            assert isinstance(app.screen, UserProfileScreen)
            assert "♪ Вечерний вальс — Оркестр терминала" in details()
            now_playing.publish(anna, "Morning Walk", "")
            assert await until(pilot, lambda: "♪ Morning Walk\n" in details())
            now_playing.clear(anna)
            assert await until(pilot, lambda: "♪" not in details())

    asyncio.run(scenario())


def test_a_web_session_never_publishes(app_db, logged_in_app):
    """In a browser tab the player never plays; even a playing state handed to
    the app (as a bug might) is not published."""
    anna = app_db.anna.id
    settings.save_settings(anna, now_playing=True)
    app = logged_in_app("anna", poll_interval=POLL)
    app.web_session = WebSession()

    class Track:
        media_id, title, artist = 1, "Вечерний вальс", "Оркестр терминала"

    playing = PlayerState(Status.PLAYING, Track(), 0, 1, 0.0, 65.0, 1.0, False, Repeat.OFF,
                          None, None)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert await until(pilot, lambda: app.live_thread.started.is_set())
            app.player_state = playing
            for _ in range(5):
                await pilot.pause(POLL)
            assert NowPlaying.select().count() == 0

    asyncio.run(scenario())
    assert wished(playing, True, web=False) == ("Вечерний вальс", "Оркестр терминала")
    assert wished(playing, True, web=True) is None
    assert wished(playing, False, web=False) is None


def test_snapshot_people_row_playing(app_db, logged_in_app, snap_compare):
    """Michail on People: Анна's row says "♪ Вечерний вальс — Оркестр терминала"
    next to her login; nobody else's says anything."""
    settings.save_settings(app_db.anna.id, now_playing=True)
    now_playing.publish(app_db.anna.id, "Вечерний вальс", "Оркестр терминала")

    async def run_before(pilot):
        await open_people(pilot)

    assert snap_compare(logged_in_app("michail"), terminal_size=(100, 30),
                        run_before=run_before)


def test_snapshot_profile_playing(app_db, logged_in_app, snap_compare):
    """Анна's profile as Michail sees it: under "online", "♪ Вечерний вальс —
    Оркестр терминала" in green."""
    presence.heartbeat(app_db.anna.id)
    settings.save_settings(app_db.anna.id, now_playing=True)
    now_playing.publish(app_db.anna.id, "Вечерний вальс", "Оркестр терминала")

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_profile(app_db.anna.id)
        await settle(pilot)
        assert isinstance(pilot.app.screen, UserProfileScreen)

    assert snap_compare(logged_in_app("michail"), terminal_size=(100, 30),
                        run_before=run_before)
