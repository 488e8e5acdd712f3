"""ctrl+l in a composer attaches a track from My music: a "♪ Title" chip beside
the pictures' chips, sent with the message (or published with the post) as the
catalogue's track; Esc in the picker attaches nothing."""

from __future__ import annotations

import asyncio

from models import dialogs, posts
from tests.tui import music_data as fixtures
from tests.tui.conftest import type_text
from tests.tui.screen_walk import open_chat, screen_lines
from tui.screens.composer import ComposerScreen
from tui.screens.track_picker import TrackPickerScreen
from tui.widgets.attachment_chips import AttachmentChips

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def test_ctrl_l_in_the_chat_sends_a_track(music_app, music_data, app_db):
    app, _clock = music_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await open_chat(pilot, app_db.michail.id)
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert isinstance(app.screen, TrackPickerScreen)
            await pilot.press("escape")  # nothing attached
            await settle(pilot)
            chips = app.screen.query_one(AttachmentChips)
            assert chips.items == ()
            await pilot.press("ctrl+l")
            await settle(pilot)
            await type_text(pilot, "walk")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert chips.items == (music_data.walk.id,)
            assert "♪ Morning Walk ✕" in "\n".join(screen_lines(app))
            await type_text(pilot, "for you")
            await pilot.press("enter")
            await settle(pilot)
            assert chips.items == ()
            assert "♪ Morning Walk — Terminal Ensemble · 0:42" in "\n".join(screen_lines(app))

    asyncio.run(scenario())
    newest = dialogs.history(app_db.michail.id, app_db.anna.id)[0]
    assert newest.text == "for you"
    assert [a.track.id for a in newest.attachments] == [music_data.walk.id]


def test_ctrl_l_in_the_post_composer_publishes_a_track_alone(music_app, music_data, app_db):
    app, _clock = music_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, ComposerScreen)
            await pilot.press("ctrl+l")
            await settle(pilot)
            await pilot.press("enter")  # the newest of my music: the waltz
            await settle(pilot)
            assert app.screen.query_one(AttachmentChips).items == (music_data.waltz.id,)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, ComposerScreen)

    asyncio.run(scenario())
    newest = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    assert newest.text == ""
    assert [a.track.title for a in newest.attachments] == ["Вечерний вальс"]


def test_with_ten_attachments_ctrl_l_says_no_more(music_app, music_data, app_db):
    app, _clock = music_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            chips = app.screen.query_one(AttachmentChips)
            chips.set_entries([(music_data.walk.id, "♪ Morning Walk")] * 10)
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert isinstance(app.screen, ComposerScreen)  # no picker
            assert "A message or post holds at most ten attachments." in \
                "\n".join(screen_lines(app))

    asyncio.run(scenario())
