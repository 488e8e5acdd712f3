"""The mini-player: on every screen after log-in, global keys, its lifetime."""

from __future__ import annotations

import asyncio

from tests.tui import music_data as fixtures
from tui.screens.music import MusicScreen
from tui.widgets.mini_player import MiniPlayer

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def shown(app) -> str:
    player = app.screen.query_one(MiniPlayer)
    return str(player.render()) if player.display else ""


async def play_first_track(pilot) -> None:
    """F8, Enter on the first row of My music (Вечерний вальс, 1:05)."""
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MusicScreen)
    await pilot.press("enter")
    await settle(pilot)


async def tick(pilot) -> None:
    """Wait for the next player tick to reach the screen."""
    await pilot.pause(0.3)
    await settle(pilot)


def test_hidden_until_something_plays(music_app):
    """Before anything has been played the Feed shows no mini-player; F9 says
    where to find music instead."""
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert not app.screen.query_one(MiniPlayer).display
            await pilot.press("f9")
            await settle(pilot)
            assert app.player is None
            assert any("Music (F8)" in str(n.message) for n in app._notifications)

    asyncio.run(scenario())


def test_playing_continues_across_sections(music_app):
    """Play in Music, go to Dialogs (F3): the mini-player there shows the same
    track still playing, further on; back in Music (F8) it is still playing."""
    app, clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            assert shown(app).startswith("▶ Вечерний вальс — Оркестр терминала")
            await pilot.press("f3")
            await settle(pilot)
            assert app.current_mode == "dialogs"
            clock.advance(20)
            await tick(pilot)
            assert shown(app).startswith("▶ Вечерний вальс")
            assert "0:20" in shown(app) and "1:05" in shown(app)
            await pilot.press("f8")
            clock.advance(5)
            await tick(pilot)
            assert app.player_state.playing
            assert round(app.player_state.position) == 25
            assert "0:25" in shown(app)

    asyncio.run(scenario())


def test_global_keys_work_while_typing_a_message(music_app, app_db):
    """In a chat with the composer focused, F9 pauses and resumes, F12 seeks
    10 s and shift+F11 lowers the volume; nothing is typed into the message."""
    from tui.widgets.composer import Composer

    app, clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            composer.focus()
            await pilot.press("h", "i")
            await pilot.press("f9")
            await settle(pilot)
            assert shown(app).startswith("❚❚ Вечерний вальс")
            await pilot.press("f9")
            await settle(pilot)
            assert shown(app).startswith("▶ Вечерний вальс")
            await pilot.press("f12")
            await settle(pilot)
            assert round(app.player_state.position) == 10
            await pilot.press("f23")  # what terminals send for shift+F11
            await settle(pilot)
            assert "vol 90%" in shown(app)
            assert composer.text == "hi"
            assert app.screen.focused is composer

    asyncio.run(scenario())


def test_next_previous_shuffle_repeat_keys(music_app):
    """F10 moves to the next track of the list, shift+F10 back; ctrl+F9 turns
    shuffle on (⇄) and shift+F9 cycles repeat (↻, ↻1)."""
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            await pilot.press("f10")
            await settle(pilot)
            assert shown(app).startswith("▶ Morning Walk")
            await pilot.press("f22")  # shift+F10
            await settle(pilot)
            assert shown(app).startswith("▶ Вечерний вальс")
            await pilot.press("ctrl+f9", "f21")
            await settle(pilot)
            first_line = shown(app).splitlines()[0]
            assert first_line.endswith("⇄  ↻")
            await pilot.press("f21")
            await settle(pilot)
            assert shown(app).splitlines()[0].endswith("↻1")

    asyncio.run(scenario())


def test_a_state_taken_before_a_key_does_not_undo_it(music_app):
    """The ticker thread takes a snapshot, shift+F9 cycles repeat, then the
    snapshot reaches the UI: the mini-player keeps showing the new mode (the
    old snapshot showed ↻ after ↻1 until the next tick)."""
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            player = app.player
            before = player.state  # what a tick on the ticker thread took
            await pilot.press("f21")
            await settle(pilot)
            assert shown(app).splitlines()[0].endswith("↻")
            app._show_state(player, before)
            await settle(pilot)
            assert shown(app).splitlines()[0].endswith("↻")
            assert app.player_state.repeat is before.repeat.next()
            newer = player.state  # a later tick still shows (or one after it: the ticker runs)
            app._show_state(player, newer)
            await settle(pilot)
            assert app.player_state.serial >= newer.serial > before.serial
            assert app.player_state.repeat is newer.repeat

    asyncio.run(scenario())


def keys_of(sequence: str) -> list[str]:
    """The key names Textual's own input parser makes of what a terminal sends."""
    from textual import events
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    parsed = [*parser.feed(sequence), *parser.feed("")]
    return [event.key for event in parsed if isinstance(event, events.Key)]


def test_shift_f9_to_f12_as_xterm_and_tmux_send_them(music_app, app_db):
    """xterm and tmux send Shift+F9…F12 as ESC [20;2~, [21;2~, [23;2~, [24;2~:
    through Textual's parser they cycle repeat, go to the previous track and
    turn the volume down and up — in a chat, with the composer focused."""
    from tui.widgets.composer import Composer

    shift_f9, shift_f10, shift_f11, shift_f12 = (
        keys_of(sequence) for sequence in ("\x1b[20;2~", "\x1b[21;2~", "\x1b[23;2~", "\x1b[24;2~")
    )
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            await pilot.press("f10")
            await settle(pilot)
            assert shown(app).startswith("▶ Morning Walk")
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            assert isinstance(app.focused, Composer)
            await pilot.press(*shift_f10)
            await settle(pilot)
            assert shown(app).startswith("▶ Вечерний вальс")
            await pilot.press(*shift_f9)
            await settle(pilot)
            assert shown(app).splitlines()[0].endswith("↻")
            await pilot.press(*shift_f11, *shift_f11)
            await settle(pilot)
            assert "vol 80%" in shown(app)
            await pilot.press(*shift_f12)
            await settle(pilot)
            assert "vol 90%" in shown(app)
            assert app.focused.text == ""

    asyncio.run(scenario())


def test_log_out_stops_playback_and_closes_the_device(music_app):
    """Log out while playing: the music stops, the audio device is released,
    and the next person starts with no player."""
    import pygame

    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            player = app.player
            assert player.state.playing
            assert pygame.mixer.get_init()
            app.log_out()
            await settle(pilot)
            assert app.player is None and app.player_state is None
            assert not player.state.playing
            assert not pygame.mixer.get_init()

    asyncio.run(scenario())


def test_no_audio_device_is_reported(music_app, monkeypatch):
    """With an audio driver that does not exist, Enter on a track leaves the app
    running and the mini-player says "No audio device"."""
    import pygame

    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            assert not pygame.mixer.get_init()
            await play_first_track(pilot)
            assert app.player_state.error == "No audio device"
            assert "⚠ No audio device" in shown(app)
            assert shown(app).startswith("■ Вечерний вальс")

    asyncio.run(scenario())


def _covering(screen, player) -> list[str]:
    """The widgets shown over ``player``'s lines (not its own parts nor what holds it)."""
    around = {player, *player.ancestors}
    return [f"{type(w).__name__}#{w.id}" for w in screen.query("*")
            if w not in around and player not in w.ancestors and w.display and w.visible
            and w.region.overlaps(player.region)]


def test_nothing_covers_the_mini_player_on_any_screen(music_app, app_db, monkeypatch):
    """With a track played and no audio device, every section and a post
    opened from the feed show the mini-player's two lines, and nothing lies over
    them: the post screen's comment field was docked on them, so a track
    played there (p) said "No audio device" where nobody could see it."""
    from models import posts
    from tui.screens.post import PostScreen

    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    posts.create_post(app_db.michail.id, "Послушайте вальс")
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            for key in ("f2", "f3", "f4", "f5", "f6", "f7", "f8"):
                await pilot.press(key)
                await settle(pilot)
                player = app.screen.query_one(MiniPlayer)
                assert "⚠ No audio device" in shown(app), key
                assert _covering(app.screen, player) == [], key
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PostScreen)
            player = app.screen.query_one(MiniPlayer)
            assert "⚠ No audio device" in shown(app)
            assert _covering(app.screen, player) == []
            field = app.screen.query_one("#comment-input")
            assert field.region.bottom <= player.region.y  # the whole field, above it

    asyncio.run(scenario())


# ---------------------------------------------------------------- snapshots

def test_snapshot_mini_player_playing(music_app, snap_compare):
    """80×24, Dialogs: ▶ Вечерний вальс — Оркестр терминала, 0:20 of 1:05, repeat all."""
    app, clock = music_app()

    async def run_before(pilot):
        await play_first_track(pilot)
        await pilot.press("f21", "f3")
        clock.advance(20)
        await tick(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_mini_player_paused(music_app, snap_compare):
    """80×24, Feed: ❚❚ Morning Walk paused at 0:30 of 0:42, volume 70%, shuffle on."""
    app, clock = music_app()

    async def run_before(pilot):
        await play_first_track(pilot)
        await pilot.press("f10")
        await settle(pilot)
        clock.advance(30)
        await pilot.press("f9", "f23", "f23", "f23", "ctrl+f9", "f2")
        await tick(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_mini_player_no_device(music_app, monkeypatch, snap_compare):
    """80×24, Music: the mini-player says ⚠ No audio device under the stopped track."""
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")

    async def run_before(pilot):
        await play_first_track(pilot)
        await tick(pilot)

    assert snap_compare(music_app()[0], terminal_size=(80, 24), run_before=run_before)


def test_a_mini_player_out_of_sight_draws_nothing_and_catches_up_when_shown(music_app):
    """Every section has a mini-player; the ones out of sight skip the player's
    states (four a second while a track plays) and show the state of the
    moment when their section is shown again."""
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)  # on Music (F8), from the Feed
            feed = app._screen_stacks["feed"][0].query_one(MiniPlayer)
            renders = []
            render, refresh = feed.render, feed.refresh

            def counting():
                renders.append("render")
                return render()

            def counting_refresh(*args, **kwargs):
                renders.append("refresh")
                return refresh(*args, **kwargs)

            feed.render, feed.refresh = counting, counting_refresh
            before = str(feed._painted)
            await pilot.press("f21")  # repeat: ↻, shown on Music
            await settle(pilot)
            assert shown(app).splitlines()[0].endswith("↻")
            await tick(pilot)  # and a tick of the playing track
            assert renders == [] and str(feed._painted) == before  # out of sight: not drawn
            await pilot.press("f2")
            await settle(pilot)
            assert app.screen.query_one(MiniPlayer) is feed
            assert shown(app).splitlines()[0].endswith("↻")  # the state of the moment

    asyncio.run(scenario())


def test_the_bar_moves_with_the_clock_once_a_second(music_app):
    """Between two seconds the mini-player draws the same (one frame a second
    while a track plays); the next second moves both the clock and the bar."""
    from dataclasses import replace

    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await play_first_track(pilot)
            player = app.screen.query_one(MiniPlayer)
            state = replace(app.player_state, duration=20.0)

            def line(position: float) -> str:
                return str(player._second_line(replace(state, position=position), 100))

            assert line(10.1) == line(10.9)
            assert line(11.0) != line(10.9) and line(11.0).startswith("0:11")
            assert line(19.0).count("━") > line(11.0).count("━")

    asyncio.run(scenario())
