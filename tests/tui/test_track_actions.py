"""A shared track, by its id, from any screen: play it now (the queue goes on
after it), queue it next, add it to My music; a track gone from the catalogue
says so; a web session plays nothing but may add."""

from __future__ import annotations

import asyncio

from models import tracks
from models.schema import Media
from tests.tui import music_data as fixtures
from tui import track_actions
from tui.web_session import WebSession

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def titles(queue) -> list[str]:
    return [track.title for track in queue]


def messages_shown(app) -> list[str]:
    return [n.message for n in app._notifications]


def test_play_now_and_queue_next_keep_the_queue(music_app, music_data):
    """Michail plays his track; Анна's shared walk queued next goes after it and
    the notice says so; the waltz played now starts at once, the rest follows."""
    app, _clock = music_app("michail")

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            app.play_tracks([tracks.get_track(app.current_user.id, music_data.loud.id)])
            await settle(pilot)
            track_actions.queue_next(app, music_data.walk.id)
            await settle(pilot)
            assert titles(app.player.queue) == ["[b]Loud[/b] title", "Morning Walk"]
            assert app.player_state.track.title == "[b]Loud[/b] title"
            assert "Next up: Morning Walk" in messages_shown(app)
            track_actions.play_now(app, music_data.waltz.id)
            await settle(pilot)
            assert titles(app.player.queue) == ["[b]Loud[/b] title", "Вечерний вальс",
                                               "Morning Walk"]
            assert app.player_state.track.title == "Вечерний вальс"
            assert app.player_state.playing or app.player_state.error

    asyncio.run(scenario())


def test_add_to_my_music_once_and_says_when_it_is_there(music_app, music_data, app_db):
    app, _clock = music_app("michail")

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            track_actions.add_to_my_music(app, music_data.walk.id)
            await settle(pilot)
            track_actions.add_to_my_music(app, music_data.walk.id)
            await settle(pilot)
            assert messages_shown(app) == ["Added to my music: Morning Walk",
                                           "Already in my music: Morning Walk"]

    asyncio.run(scenario())
    mine = tracks.my_tracks(app_db.michail.id)
    assert [t.title for t in mine] == ["Morning Walk", "[b]Loud[/b] title"]


def test_a_track_gone_from_the_catalogue_is_an_error_not_a_crash(music_app, music_data):
    app, _clock = music_app("michail")
    Media.delete().where(Media.id == music_data.walk.media_id).execute()

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            track_actions.play_now(app, music_data.walk.id)
            await settle(pilot)
            track_actions.add_to_my_music(app, music_data.walk.id)
            await settle(pilot)
            assert messages_shown(app) == ["That track does not exist."] * 2
            assert app.player is None

    asyncio.run(scenario())


def test_a_web_session_does_not_play_but_adds(music_app, music_data):
    app, _clock = music_app("michail")
    app.web_session = WebSession(None)

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            track_actions.play_now(app, music_data.walk.id)
            await settle(pilot)
            track_actions.queue_next(app, music_data.waltz.id)
            await settle(pilot)
            assert app.player is None
            assert messages_shown(app) == ["Music plays only in the terminal app"] * 2
            track_actions.add_to_my_music(app, music_data.walk.id)
            await settle(pilot)
            assert messages_shown(app)[-1] == "Added to my music: Morning Walk"

    asyncio.run(scenario())
