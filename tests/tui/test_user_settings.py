"""Settings are the person's: the theme, the volume, shuffle, repeat and the
language come back at the next log-in (in this app or another one on the same
database), and a log-out leaves the app's defaults for whoever comes next."""

from __future__ import annotations

import asyncio

from models import settings
from tests.tui import music_data as fixtures
from tests.tui.conftest import PASSWORD
from tests.tui.music_data import FakeClock, settle
from tests.tui.test_login import log_in
from tui.i18n import language
from tui.screens.login import LoginScreen
from tui.screens.music import MusicScreen
from tui.themes import DEFAULT_THEME

music_data = fixtures.music_data


async def log_out(pilot) -> None:
    pilot.app.log_out()
    await settle(pilot)
    assert isinstance(pilot.app.screen, LoginScreen)


async def play_first_track(pilot) -> None:
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MusicScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.player is not None


def with_fake_clock(app):
    from music.player import Player

    clock = FakeClock()
    app.player_factory = lambda: Player(monotonic=clock)
    return app


def test_theme_comes_back_after_log_out_and_in_and_in_a_new_app(make_test_app, app_db):
    """Анна picks the light theme (as Ctrl+P → Theme does), logs out: the Log in
    screen is in the default theme again, and so is Michail's session. Анна
    logs in again: light. A new app on the same database: light again."""
    app = make_test_app()

    async def first():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", PASSWORD)
            assert app.theme == DEFAULT_THEME
            app.theme = "messenger-light"
            await settle(pilot)
            assert settings.user_settings(app_db.anna.id).theme == "messenger-light"
            await log_out(pilot)
            assert app.theme == DEFAULT_THEME
            await log_in(pilot, "michail", PASSWORD)
            assert app.current_user.id == app_db.michail.id
            assert app.theme == DEFAULT_THEME
            await log_out(pilot)
            await log_in(pilot, "anna", PASSWORD)
            assert app.current_user.id == app_db.anna.id
            assert app.theme == "messenger-light"

    asyncio.run(first())
    assert settings.user_settings(app_db.michail.id).theme is None

    again = make_test_app()

    async def second():
        async with again.run_test(size=(100, 30)) as pilot:
            assert again.theme == DEFAULT_THEME  # nobody logged in yet
            await log_in(pilot, "anna", PASSWORD)
            assert again.theme == "messenger-light"

    asyncio.run(second())


def test_volume_shuffle_repeat_come_back_after_a_new_log_in(make_test_app, app_db, music_data):
    """Анна turns the volume down twice, shuffle on and repeat to "all", logs
    out and in again and plays: 80 %, shuffle, repeat all — not 100 %. Michail,
    in between, plays at 100 %. A new app on the same database: the same."""
    app = with_fake_clock(make_test_app())

    async def first():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", PASSWORD)
            await play_first_track(pilot)
            assert app.player.volume == 1.0
            for command in ("quieter", "quieter", "shuffle", "repeat"):
                app.action_player(command)  # Shift+F11 ×2, Ctrl+F9, Shift+F9
            await settle(pilot)
            stored = settings.user_settings(app_db.anna.id)
            assert (stored.volume, stored.shuffle, stored.repeat) == (0.8, True, "all")
            await log_out(pilot)
            await log_in(pilot, "michail", PASSWORD)
            await play_first_track(pilot)
            assert app.player.volume == 1.0 and not app.player.shuffle
            await log_out(pilot)
            await log_in(pilot, "anna", PASSWORD)
            await play_first_track(pilot)
            player = app.player
            assert player.volume == 0.8 and player.shuffle and player.repeat.value == "all"
            assert "vol 80%" in str(app.screen.query_one("MiniPlayer").render())

    asyncio.run(first())

    again = with_fake_clock(make_test_app())

    async def second():
        async with again.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", PASSWORD)
            await play_first_track(pilot)
            assert again.player.volume == 0.8 and again.player.shuffle

    asyncio.run(second())


def test_the_last_of_quick_volume_changes_is_stored(make_test_app, app_db, music_data):
    """Five quick presses of "louder" after three of "quieter": each is saved
    from a worker, and what is stored is the last volume, not an earlier one."""
    app = with_fake_clock(make_test_app())

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", PASSWORD)
            await play_first_track(pilot)
            for command in ["quieter"] * 5 + ["louder"] * 2:
                app.action_player(command)
            await settle(pilot)
            assert app.player.volume == 0.7
            assert settings.user_settings(app_db.anna.id).volume == 0.7

    asyncio.run(scenario())


def test_language_is_kept_per_person(make_test_app, app_db):
    """Анна chooses Russian from the palette's command: the sections are built
    again in Russian and it is stored. After log-out the Log in screen is
    English again (the app's language); Анна's next log-in is Russian."""
    from textual.widgets import Static

    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", PASSWORD)
            app.change_language("ru")
            await settle(pilot)
            title = str(app.screen.query_one("#header-title", Static).content)
            assert title == "Messenger · Лента"
            assert app.screen.focused is not None  # the new feed's list, for its keys
            keys = app._bindings.key_to_bindings
            assert keys["f1"][0].description == "Справка"
            assert "ctrl+p" in keys  # the palette is still there
            assert settings.user_settings(app_db.anna.id).language == "ru"
            await log_out(pilot)
            assert language() == "en"
            hint = str(app.screen.query_one(".form-hint", Static).render())
            assert hint == "Log in to continue."
            await log_in(pilot, "anna", PASSWORD)
            title = str(app.screen.query_one("#header-title", Static).content)
            assert title == "Messenger · Лента"
            await log_out(pilot)

    asyncio.run(scenario())


def test_language_from_the_command_palette(logged_in_app, app_db):
    """Ctrl+P, "Русский", Enter: the feed comes back in Russian with its list
    focused (its keys in the footer), and Ctrl+P still opens the palette."""
    from textual.command import CommandPalette
    from textual.widgets import Static

    from tests.tui.conftest import palette_command

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await palette_command(pilot, "Русский")
            await pilot.pause()
            title = str(app.screen.query_one("#header-title", Static).content)
            assert title == "Messenger · Лента"
            assert app.screen.focused is not None
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert isinstance(app.screen, CommandPalette)
            await pilot.press("escape")
            await log_out(pilot)

    asyncio.run(scenario())
    assert settings.user_settings(app_db.anna.id).language == "ru"
