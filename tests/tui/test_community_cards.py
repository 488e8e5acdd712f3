"""A community's page shows its posts as the feed does: post cards with
thumbnails and track cards, reposts with the original's attachments, and the
post keys (v pictures, p play, a add, l like, s repost, Enter the post, u
author, d delete my own), paged by the list itself."""

from __future__ import annotations

import asyncio

from models import communities, posts, reposts, tracks
from tests.tui import music_data as fixtures
from tests.tui.screen_walk import screen_lines
from tests.tui.test_picture_views import picture, pictures_drawn
from tui.screens.community import CommunityScreen
from tui.screens.picture_viewer import PictureViewerScreen
from tui.screens.post import PostScreen
from tui.widgets.attachment_chips import AttachmentChips, chip_label
from tui.widgets.post_card import PostCard
from tui.widgets.post_list import PostList, PostListView

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def club_with_attachments(app_db, music_data):
    """Michail posts a picture, Olga (a member) a track; Анна is a member."""
    club = app_db.community_id
    communities.join(app_db.anna.id, club)
    communities.join(app_db.olga.id, club)
    pictured = communities.post_to_community(app_db.michail.id, club, "Our board",
                                             attachments=[picture((200, 100))])
    tracked = communities.post_to_community(app_db.olga.id, club, "", attachments=[
        music_data.loud.id])
    return pictured, tracked


async def open_club(pilot, app_db) -> CommunityScreen:
    await settle(pilot)
    pilot.app.open_community(app_db.community_id)
    await pictures_drawn(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CommunityScreen)
    return screen


def cards(screen) -> list[PostCard]:
    return [c for c in screen.query_one(PostList).list_view.children if isinstance(c, PostCard)]


def test_community_posts_are_cards_with_pictures_and_tracks(music_app, music_data, app_db):
    pictured, tracked = club_with_attachments(app_db, music_data)
    app, _clock = music_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 40)) as pilot:
            screen = await open_club(pilot, app_db)
            assert [c.post.id for c in cards(screen)] == [tracked.id, pictured.id]
            shown = "\n".join(screen_lines(app))
            assert "♪ [b]Loud[/b] title — [red]Mallory[/] · 0:20" in shown
            assert "Our board" in shown
            assert "▀" in shown or "▄" in shown  # the picture's half-block thumbnail
            view = screen.query_one(PostListView)
            view.focus()
            await pilot.press("home")
            await settle(pilot)
            assert "p" in screen.active_bindings  # the track's post: play
            await pilot.press("a")  # to my music (the page keeps `a` free)
            await settle(pilot)
            assert music_data.loud.id in {t.id for t in tracks.my_tracks(app_db.anna.id)}
            await pilot.press("down")
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, PictureViewerScreen)
            assert len(app.screen.pictures) == 1
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("l")  # like it
            await settle(pilot)
            assert posts.posts_by_id(app_db.anna.id, [pictured.id])[0].liked_by_me
            await pilot.press("enter")  # the post with its comments
            await settle(pilot)
            assert isinstance(app.screen, PostScreen) and app.screen.post_id == pictured.id

    asyncio.run(scenario())


def test_a_repost_in_a_community_shows_the_originals_picture(music_app, music_data, app_db):
    """Анна shares Michail's pictured wall post into the club: the card holds
    the original with its thumbnail."""
    communities.join(app_db.anna.id, app_db.community_id)
    original = posts.create_post(app_db.michail.id, "Sunset", attachments=[picture()])
    reposts.repost(app_db.anna.id, original.id, "Look", community_id=app_db.community_id)
    app, _clock = music_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 40)) as pilot:
            screen = await open_club(pilot, app_db)
            (card,) = cards(screen)
            assert card.post.original.id == original.id
            shown = "\n".join(screen_lines(app))
            assert "Look" in shown and "Sunset" in shown
            assert "▀" in shown or "▄" in shown

    asyncio.run(scenario())


def test_the_list_pages_itself_and_deletes_my_own_post(music_app, music_data, app_db):
    """45 posts: the first page read, on cards as many as the screen shows
    (and two more), the rest as the cursor goes down, then the next pages (no
    button); d on Анна's own post deletes it after confirming."""
    club = app_db.community_id
    communities.join(app_db.anna.id, club)
    for n in range(44):
        communities.post_to_community(app_db.michail.id, club, f"Move {n}")
    mine = communities.post_to_community(app_db.anna.id, club, "Mine")
    app, _clock = music_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 40)) as pilot:
            screen = await open_club(pilot, app_db)
            assert not screen.query("#more-posts")
            post_list = screen.query_one(PostList)
            assert len(post_list.posts) == 20  # the first page
            shown, view = cards(screen), screen.query_one(PostListView)
            assert len(shown) == post_list.cards_at_once(post_list.posts) <= 40 // 4 + 2
            assert shown[-1].region.bottom > view.region.bottom  # the screen is filled
            assert len([c for c in shown if c.region.y >= view.region.bottom]) <= 2  # two more
            view.focus()
            await settle(pilot)
            assert cards(screen)[0].post.id == mine.id
            assert "d" in screen.active_bindings  # my own post
            await pilot.press("down")
            await settle(pilot)
            assert "d" not in screen.active_bindings  # Michail's
            await pilot.press("end")
            await settle(pilot)
            assert len(cards(screen)) >= 20  # the first page's held ones at least
            await pilot.press("end")
            await settle(pilot)
            await pilot.press("end")
            await settle(pilot)
            everything = posts.community_posts(app_db.anna.id, club, limit=50).items
            assert [c.post.id for c in cards(screen)] == [p.id for p in everything]  # in order, once
            await pilot.press("home")
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert app.screen is screen
            assert [c.post.id for c in cards(screen)][0] != mine.id
            assert mine.id not in {p.id for p in posts.community_posts(app_db.anna.id, club).items}

    asyncio.run(scenario())


def test_snapshot_a_community_page_with_pictures_tracks_and_chips(
        music_data, app_db, logged_in_app, snap_compare):
    """Chess club: Olga's track card on top, Michail's picture under it, and in
    Анна's post box a picture and a track attached, as chips over the box."""
    club_with_attachments(app_db, music_data)

    async def run_before(pilot):
        await open_club(pilot, app_db)
        chips = pilot.app.screen.query_one("#post-chips", AttachmentChips)
        chips.add([(picture(), chip_label("Доска.png")),
                   (music_data.walk.id, chip_label("Morning Walk", "♪ "))])
        await pictures_drawn(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(110, 40), run_before=run_before)


def test_s_reposts_into_this_community_and_the_repost_tops_the_page(
        music_data, music_app, app_db):
    """s on Michail's pictured post, "Chess club" as the place, Ctrl+S: the
    repost is on top of the page at once, the original's picture inside."""
    from textual.widgets import Select

    from tui.screens.repost import RepostScreen

    pictured, _tracked = club_with_attachments(app_db, music_data)
    app, _clock = music_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 40)) as pilot:
            screen = await open_club(pilot, app_db)
            screen.query_one(PostListView).focus()
            await pilot.press("down")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, RepostScreen)
            app.screen.query_one(Select).value = app_db.community_id
            await pilot.press(*"Bring boards")
            await pilot.press("ctrl+s")
            await pictures_drawn(pilot)
            assert app.screen is screen
            top = cards(screen)[0]
            assert top.post.is_repost and top.post.original.id == pictured.id
            assert top.post.community_id == app_db.community_id
            assert [a.kind for a in top.post.original.attachments] == ["image"]

    asyncio.run(scenario())
