"""Sharing a track end to end: Анна shares from Music (t) into her dialog with
Michail; in his chat the message is a track card, Enter plays it and a adds
it to his music. A track on a wall: Enter on the post plays it, a adds it —
on My profile, where a opens Account, y adds it."""

from __future__ import annotations

import asyncio

from models import dialogs, posts, tracks
from models.messages import new_client_id
from models.share_targets import ShareTarget
from models.track_shares import share_track
from tests.tui import music_data as fixtures
from tests.tui.conftest import type_text
from tests.tui.screen_walk import open_chat, screen_lines
from tui.screens.account import AccountScreen
from tui.screens.profile import MyProfileScreen
from tui.widgets.chat_view import ChatView
from tui.widgets.post_list import PostList

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def messages_shown(app) -> list[str]:
    return [n.message for n in app._notifications]


def share_from_music(app, rows_down: int, typed: str) -> list[str]:
    """In Music, t on the track ``rows_down`` rows below the first, ``typed``
    into the picker, Enter: the notifications shown."""

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("f8")
            await settle(pilot)
            await pilot.press(*["down"] * rows_down, "t")
            await settle(pilot)
            await type_text(pilot, typed)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            return messages_shown(app)

    return asyncio.run(scenario())


def test_share_from_music_into_a_dialog(music_app, music_data, app_db):
    app, _clock = music_app("anna")
    assert share_from_music(app, 0, "michail") == ["Sent to Michail Petrov: Вечерний вальс"]
    newest = dialogs.history(app_db.michail.id, app_db.anna.id)[0]
    assert newest.sender.id == app_db.anna.id and newest.text == ""
    assert [a.track.id for a in newest.attachments] == [music_data.waltz.id]


def test_share_onto_my_wall(music_app, music_data, app_db):
    app, _clock = music_app("anna")
    assert share_from_music(app, 1, "") == ["Posted: Morning Walk"]  # My wall is first
    newest = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    assert [a.track.title for a in newest.attachments] == ["Morning Walk"]


def test_in_the_chat_enter_plays_the_shared_track_and_a_adds_it(music_app, music_data, app_db):
    share_track(app_db.anna.id, ShareTarget("dialog", "", peer_id=app_db.michail.id),
                music_data.waltz.id, new_client_id())
    app, _clock = music_app("michail")

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await open_chat(pilot, app_db.anna.id)
            assert "♪ Вечерний вальс — Оркестр терминала · 1:05" in "\n".join(screen_lines(app))
            chat = app.screen.query_one(ChatView)
            chat.focus()
            await pilot.press("up")  # the newest message: the track
            await settle(pilot)
            footer = screen_lines(app)[-1]
            assert "Play the track" in footer
            await pilot.press("enter")
            await settle(pilot)
            assert app.player_state.track.title == "Вечерний вальс"
            await pilot.press("a")
            await settle(pilot)
            assert messages_shown(app) == ["Added to my music: Вечерний вальс"]
            await pilot.press("up")  # a message without a track: Enter and a do nothing
            await settle(pilot)
            assert "Play the track" not in screen_lines(app)[-1]
            await pilot.press("a")
            await settle(pilot)
            assert len(messages_shown(app)) == 1

    asyncio.run(scenario())
    assert music_data.waltz.id in [t.id for t in tracks.my_tracks(app_db.michail.id)]


def test_on_the_feed_p_plays_a_posted_track_a_adds_it_and_enter_opens_the_post(
        music_app, music_data, app_db):
    from tui.screens.post import PostScreen

    share_track(app_db.anna.id, ShareTarget("wall", ""), music_data.walk.id, "unused")
    app, _clock = music_app("michail")

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            listing = app.screen.query_one("#following-posts", PostList)
            assert listing.posts[0].attachments[0].track.title == "Morning Walk"
            assert "♪ Morning Walk — Terminal Ensemble · 0:42" in "\n".join(screen_lines(app))
            await pilot.press("p")
            await settle(pilot)
            assert app.player_state.track.title == "Morning Walk"
            await pilot.press("a")
            await settle(pilot)
            assert messages_shown(app) == ["Added to my music: Morning Walk"]
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PostScreen)
            assert "♪ Morning Walk — Terminal Ensemble · 0:42" in "\n".join(screen_lines(app))

    asyncio.run(scenario())


def test_on_my_profile_a_stays_account_and_y_adds_the_track(music_app, music_data, app_db):
    share_track(app_db.michail.id, ShareTarget("wall", ""), music_data.loud.id, "unused")
    app, _clock = music_app("michail")

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("f7")
            await settle(pilot)
            assert isinstance(app.screen, MyProfileScreen)
            app.screen.query_one(PostList).list_view.focus()
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert messages_shown(app) == ["Already in my music: [b]Loud[/b] title"]
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen)

    asyncio.run(scenario())


def test_on_the_post_screen_p_plays_the_posted_track(music_app, music_data, app_db):
    """Enter on the card opens the post; there p plays its track (and v, for
    pictures, is not offered on a post without any)."""
    from tui.screens.post import PostScreen

    share_track(app_db.anna.id, ShareTarget("wall", ""), music_data.walk.id, "unused")
    app, _clock = music_app("michail")

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PostScreen)
            assert app.screen.check_action("view_pictures", ()) is False
            assert app.player_state is None or app.player_state.track is None
            await pilot.press("p")
            await settle(pilot)
            assert app.player_state.track.title == "Morning Walk"

    asyncio.run(scenario())


def test_the_caption_of_a_shared_track_can_be_edited_away(music_app, music_data, app_db):
    """↑ in the empty composer edits my last message, a track with a caption;
    the caption deleted and Enter saves it as the track alone ("A message
    cannot be empty" kept it, though the track could be sent without text)."""
    shared = share_track(app_db.anna.id, ShareTarget("dialog", "", peer_id=app_db.michail.id),
                         music_data.waltz.id, new_client_id(), "listen")
    app, _clock = music_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await open_chat(pilot, app_db.michail.id)
            await pilot.press("up")  # in the empty composer: edit my last message
            await settle(pilot)
            await pilot.press(*["backspace"] * len("listen"), "enter")
            await settle(pilot)
            assert messages_shown(app) == []

    asyncio.run(scenario())
    [newest] = [m for m in dialogs.history(app_db.anna.id, app_db.michail.id) if m.id == shared.id]
    assert newest.text == "" and newest.edited_at is not None
    assert [a.track.id for a in newest.attachments] == [music_data.waltz.id]
