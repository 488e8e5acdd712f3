"""Snapshots of sharing a track: where to share it (Music's t) and a track
from my music (the composer's ctrl+l), with markup in a group's title and a
track's name shown literally."""

from __future__ import annotations

from models import communities, groups
from tests.tui import music_data as fixtures
from tests.tui.conftest import type_text
from tui.screens.track_picker import TrackPickerScreen

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def test_snapshot_share_picker(music_app, app_db, snap_compare):
    """Анна presses t on "Вечерний вальс": My wall, her group "[b]Band[/b]"
    (literal), her dialog with Michail, the community she is in."""
    groups.create_group(app_db.anna.id, "[b]Band[/b]", [app_db.michail.id])
    club = communities.create_community(app_db.olga.id, "Waltz lovers")
    communities.join(app_db.anna.id, club.id)
    app, _clock = music_app()

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_track_picker_searched(music_app, music_data, snap_compare):
    """The library picker with "walk" typed: the one card that matches."""
    app, _clock = music_app()

    async def run_before(pilot):
        await settle(pilot)
        app.push_screen(TrackPickerScreen())
        await settle(pilot)
        await type_text(pilot, "walk")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_track_picker_all(music_app, music_data, snap_compare):
    """The library picker as it opens: Анна's tracks, newest first, as cards."""
    app, _clock = music_app()

    async def run_before(pilot):
        await settle(pilot)
        app.push_screen(TrackPickerScreen())
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def _shared(app_db, music_data) -> None:
    """Анна sends Michail the waltz (with a word) and the markup-named track
    alone; Michail posts the walk on his wall."""
    from models.messages import new_client_id
    from models.share_targets import ShareTarget
    from models.track_shares import share_track

    to_michail = ShareTarget("dialog", "", peer_id=app_db.michail.id)
    share_track(app_db.anna.id, to_michail, music_data.waltz.id, new_client_id(),
                "Послушай этот вальс")
    share_track(app_db.anna.id, to_michail, music_data.loud.id, new_client_id())
    share_track(app_db.michail.id, ShareTarget("wall", ""), music_data.walk.id, "unused")


def test_snapshot_track_cards_in_the_chat(music_app, music_data, app_db, snap_compare):
    """Michail's chat with Анна: a bubble with text and a card, a bubble that is
    only a card (its title literal markup), the last one selected so the footer
    offers Enter Play the track and a To my music."""
    from tests.tui.screen_walk import open_chat
    from tui.widgets.chat_view import ChatView

    _shared(app_db, music_data)
    app, _clock = music_app("michail")

    async def run_before(pilot):
        await settle(pilot)
        await open_chat(pilot, app_db.anna.id)
        app.screen.query_one(ChatView).focus()
        await pilot.press("up")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_track_card_on_a_post(music_app, music_data, app_db, snap_compare):
    """Анна's feed: Michail's newest post is a card under its (empty) text."""
    _shared(app_db, music_data)
    app, _clock = music_app("anna")

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
