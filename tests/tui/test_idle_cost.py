"""An app left open wakes only for what shows something new (issue 17, idle cost):
the player's tick runs while a track plays, a cursor blinks only on the screen
shown and only for a while after the last key, and setting an app-wide value
repaints what shows it, not the whole screen. ``bench/idle.py`` measures the CPU."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

import tui.cursor_rest
from tests.tui import music_data as fixtures
from tests.tui.conftest import PASSWORD, settle, type_text
from tui.app import make_app
from tui.widgets.composer import Composer
from tui.widgets.mini_player import MiniPlayer

music_data = fixtures.music_data
music_app = fixtures.music_app


def running(timer) -> bool:
    """Whether a Textual timer will fire (it is not paused or stopped)."""
    return timer is not None and timer._active.is_set() and not timer._task.done()


def blinking_app(app_db, login: str | None = None):
    """The app with the cursor blink on (the tests' default app has it off)."""
    app = make_app(app_db.url, lang="en", poll_interval=0.5, cursor_blink=True)
    if login is not None:
        app.start_user = getattr(app_db, login)
    return app


async def play_first_track(pilot) -> None:
    """F8, Enter on the first row of My music."""
    await fixtures.settle(pilot)
    await pilot.press("f8")
    await fixtures.settle(pilot)
    await pilot.press("enter")
    await fixtures.settle(pilot)


def test_the_player_ticks_only_while_a_track_plays(music_app):
    """Play a track: the tick runs. Pause it (F9): the tick stops, and the
    mini-player keeps showing the paused track. Play again: it ticks again."""
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            assert app.player_state.playing and running(app._player_timer)
            await pilot.press("f9")
            await fixtures.settle(pilot)
            assert not app.player_state.playing
            assert not running(app._player_timer)
            assert str(app.screen.query_one(MiniPlayer).render()).startswith("❚❚ ")
            app.action_player("stop")
            await fixtures.settle(pilot)
            assert not running(app._player_timer)
            await pilot.press("f9")
            await fixtures.settle(pilot)
            assert app.player_state.playing and running(app._player_timer)

    asyncio.run(scenario())


def test_a_state_that_shows_nothing_new_repaints_nothing(music_app, monkeypatch):
    """The same player state again (a paused track ticking) leaves the mini-player
    and the screen alone; a changed volume repaints the mini-player, not the screen."""
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            await pilot.press("f9")
            await fixtures.settle(pilot)
            mini = app.screen.query_one(MiniPlayer)
            repaints: list[str] = []
            monkeypatch.setattr(mini, "refresh", lambda *a, **k: repaints.append("mini"))
            monkeypatch.setattr(app.screen, "refresh", lambda *a, **k: repaints.append("screen"))
            app.player_state = app.player.state
            await pilot.pause()
            assert repaints == []
            await pilot.press("shift+f11")  # volume down
            await fixtures.settle(pilot)
            assert repaints == ["mini"]

    asyncio.run(scenario())


def test_an_unread_count_repaints_the_header_not_the_screen(app_db, logged_in_app, monkeypatch):
    """A new unread total reaches the header without a repaint of the whole screen."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screens: list[bool] = []
            monkeypatch.setattr(app.screen, "refresh", lambda *a, **k: screens.append(True))
            app.unread_total = 7
            await settle(pilot)
            assert "7" in str(app.screen.query_one("#header-user").render())
            assert screens == []

    asyncio.run(scenario())


def test_a_hidden_screen_blinks_no_cursor(app_db):
    """The composer's cursor blinks in Dialogs; on the Feed (F2) its timer stops,
    back in Dialogs (F3) it blinks again. The Log in screen, left under every
    section after logging in, stops blinking its password field too."""
    app = blinking_app(app_db)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await type_text(pilot, "anna")
            await pilot.press("enter")
            await type_text(pilot, PASSWORD)
            login_field = app.focused
            assert isinstance(login_field, Input) and running(login_field._blink_timer)
            await pilot.press("enter")
            await settle(pilot)
            assert app.current_mode == "feed"
            assert not running(login_field._blink_timer)
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            composer.focus()
            await settle(pilot)
            assert running(composer.blink_timer)
            await pilot.press("f2")
            await settle(pilot)
            assert not running(composer.blink_timer)
            await pilot.press("f3")
            await settle(pilot)
            assert app.focused is composer and running(composer.blink_timer)

    asyncio.run(scenario())


def test_the_cursor_rests_after_a_quiet_spell_and_wakes_on_a_key(app_db, monkeypatch):
    """Nobody types for a while: the cursor stays lit and its blink timer stops.
    The next key starts the blinking again."""
    # A second of blinking after each key: a loaded machine's settle could
    # outlast a shorter one before the first check.
    monkeypatch.setattr(tui.cursor_rest, "CURSOR_BLINKS_FOR", 1.0)
    app = blinking_app(app_db)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            field = app.focused
            assert isinstance(field, Input)
            await pilot.press("a")
            await pilot.pause()
            assert running(field._blink_timer)
            await pilot.pause(2.5)
            assert not running(field._blink_timer)
            assert field._cursor_visible  # lit, not hidden
            await pilot.press("b")
            await pilot.pause()
            assert running(field._blink_timer)
            assert field.value == "ab"

    asyncio.run(scenario())


def test_dialogs_out_of_sight_reads_no_presence(logged_in_app, monkeypatch):
    """Dialogs reads the people's presence now and then while it is shown; on
    another section its timer reads nothing (the list, presence included, is
    read again when Dialogs comes back)."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            dialogs = app.screen
            asked: list[list[int]] = []
            monkeypatch.setattr(dialogs, "_read_presence", asked.append)
            dialogs._refresh_presence()
            assert asked
            asked.clear()
            await pilot.press("f2")
            await settle(pilot)
            dialogs._refresh_presence()
            assert asked == []

    asyncio.run(scenario())


def test_a_section_built_out_of_sight_blinks_no_cursor_until_shown(app_db):
    """Every section is built after log-in out of sight, each focusing its
    field (People's search, Communities' search): none of those cursors blinks
    until its section is shown (one did, twice a second, all session long:
    the Feed left alone took 0.7 % of a core), and shown it blinks."""
    from textual.widgets import TextArea

    from tests.tui.test_sections_prepared import sections_prepared

    app = blinking_app(app_db, "anna")

    def blinking_out_of_sight() -> list:
        screens = {id(s): s for stack in app._screen_stacks.values() for s in stack}
        screens.update((id(s), s) for s in app._installed_screens.values()
                       if not callable(s) or hasattr(s, "query"))
        found = []
        for screen in screens.values():
            if screen is app.screen or not screen.is_mounted:
                continue
            for field in screen.query("Input, TextArea"):
                timer = field.blink_timer if isinstance(field, TextArea) else field._blink_timer
                if running(timer):
                    found.append(field)
        return found

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await sections_prepared(app, pilot)
            await settle(pilot)
            assert app.current_mode == "feed"
            assert blinking_out_of_sight() == []
            await pilot.press("f5")
            await settle(pilot)
            field = app.focused
            assert isinstance(field, Input) and running(field._blink_timer)
            assert blinking_out_of_sight() == []

    asyncio.run(scenario())


def test_people_out_of_sight_wakes_no_timer_for_what_they_play(app_db, logged_in_app):
    """People reads what the people on it listen to every few seconds while it
    is shown; built out of sight after log-in, or left for another section,
    its timer is paused (it woke the app every 3 s all session to read
    nothing), and it runs again when People is shown."""
    from tests.tui.test_sections_prepared import sections_prepared

    app = logged_in_app("anna")

    def people_screen():
        return next(screen for stack in app._screen_stacks.values() for screen in stack
                    if type(screen).__name__ == "PeopleScreen")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await sections_prepared(app, pilot)
            await settle(pilot)
            people = people_screen()
            assert people.is_mounted and app.screen is not people
            assert not running(people._now_playing_timer)
            await pilot.press("f5")
            await settle(pilot)
            assert app.screen is people and running(people._now_playing_timer)
            await pilot.press("f2")
            await settle(pilot)
            assert not running(people._now_playing_timer)

    asyncio.run(scenario())


def test_times_in_words_wake_the_app_only_for_the_screen_shown(logged_in_app, frozen_clock):
    """The Feed says "5 min ago" of Mallory's post: the app wakes at the next
    minute (tui/relative_times.py). Two hours on its newest time says "2 h
    ago": it wakes at the next hour, not every minute. Friends (F4) says no
    time: nothing wakes while it is shown, whatever the Feed out of sight
    says. A year on, every time on the Feed is a date: nothing wakes there."""
    from datetime import timedelta

    from models import clock

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert running(app._times_timer)
            assert app._times_due == frozen_clock + timedelta(minutes=1)
            clock.freeze(frozen_clock + timedelta(hours=2))
            app._times_timer.stop()  # woken now, as at its time
            app._times_woke()
            assert running(app._times_timer)
            assert app._times_due - clock.now() == timedelta(minutes=55)
            await pilot.press("f4")
            await settle(pilot)
            assert app._times_timer is None
            clock.freeze(frozen_clock + timedelta(days=400))
            await pilot.press("f2")
            await settle(pilot)
            assert app._times_timer is None

    asyncio.run(scenario())
