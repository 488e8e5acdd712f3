"""A post I write or share shows at once on every list built so far that
shows my posts — My profile, both Feed tabs, its community's page — and a
post I delete leaves all of them: a section one comes back to is not read
again (it is built once, out of sight, after log-in). My profile's r reads
it again, for what was written elsewhere."""

from __future__ import annotations

import asyncio

from models import communities, posts
from tests.tui import music_data as fixtures
from tests.tui.conftest import settle, type_text
from tests.tui.test_comments import repost_highlighted
from tui.screens.community import CommunityScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.profile import MyProfileScreen
from tui.widgets.composer import Composer
from tui.widgets.post_list import PostList

music_data = fixtures.music_data
music_app = fixtures.music_app

FEED_LISTS = ("following-posts", "everyone-posts")


def section(app, name: str):
    """The section's own screen, built earlier (shown or not)."""
    return app._screen_stacks[name][0]


def texts(screen, list_id: str) -> list[str]:
    return [post.text for post in screen.query_one(f"#{list_id}", PostList).posts]


def my_profile_texts(app) -> list[str]:
    return texts(section(app, "profile"), "my-posts")


async def write_on_the_feed(pilot, text: str) -> None:
    """n on the Feed, ``text``, Ctrl+S: published."""
    await pilot.press("n")
    await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def visit(pilot, key: str) -> None:
    """A section shown (built and read, if not yet), as a person goes there."""
    await pilot.press(key)
    await settle(pilot)


def run(app, scenario) -> None:
    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await visit(pilot, "f7")  # My profile read once, as in the report
            assert isinstance(app.screen, MyProfileScreen)
            await visit(pilot, "f2")
            await scenario(pilot)

    asyncio.run(main())


def test_a_post_written_on_the_feed_is_on_my_profile_at_once(logged_in_app):
    """F2, n, "wall test 7", Ctrl+S: the post tops the Feed, and My profile (F7),
    read before, shows it on top too; it stayed on the posts read when it was
    first shown."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await write_on_the_feed(pilot, "wall test 7")
        assert texts(app.screen, "following-posts")[0] == "wall test 7"
        await visit(pilot, "f7")
        assert my_profile_texts(app)[0] == "wall test 7"

    run(app, scenario)


def test_a_post_from_my_profiles_box_tops_both_feed_tabs(logged_in_app):
    """Written in My profile's post box, the post is on top of Following and
    Everyone when Анна comes back to the Feed."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await visit(pilot, "f7")
        await pilot.press("n")
        await type_text(pilot, "From my page")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert my_profile_texts(app)[0] == "From my page"
        await visit(pilot, "f2")
        for list_id in FEED_LISTS:
            assert texts(app.screen, list_id)[0] == "From my page"

    run(app, scenario)


def test_a_community_post_shows_on_my_profile_and_the_feed_and_leaves_them_all(
        app_db, logged_in_app):
    """Анна posts in Chess club from its page: the post tops the page, My
    profile (which lists my posts in communities too) and both Feed tabs. She
    deletes it on My profile: it is gone from the Feed and from the club's
    page, still open under the Feed's section."""
    communities.join(app_db.anna.id, app_db.community_id)
    app = logged_in_app("anna")

    async def scenario(pilot):
        app.open_community(app_db.community_id)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CommunityScreen)
        page.query_one(Composer).focus()
        await type_text(pilot, "Count me in")
        await pilot.press("enter")
        await settle(pilot)
        assert texts(page, "posts")[0] == "Count me in"
        feed = section(app, "feed")
        for list_id in FEED_LISTS:
            assert texts(feed, list_id)[0] == "Count me in"
        await visit(pilot, "f7")
        assert my_profile_texts(app)[0] == "Count me in"
        mine = app.screen.query_one("#my-posts", PostList).list_view
        mine.focus()
        mine.index = 0
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert "Count me in" not in my_profile_texts(app)
        for list_id in FEED_LISTS:
            assert "Count me in" not in texts(feed, list_id)
        assert "Count me in" not in texts(page, "posts")
        await visit(pilot, "f2")
        assert app.screen is page and "Count me in" not in texts(page, "posts")

    run(app, scenario)


def test_a_repost_is_on_my_profile_and_deleted_on_the_feed_it_leaves_it(app_db, logged_in_app):
    """s on Michail's post in the Feed, Enter: the repost tops My profile too.
    Deleted from the Feed, it leaves My profile."""
    app = logged_in_app("anna")

    def reposted() -> list[bool]:
        return [post.is_repost for post in section(app, "profile").query_one(PostList).posts]

    async def scenario(pilot):
        await repost_highlighted(pilot, "Who else plays?")
        assert my_profile_texts(app)[0] == "Who else plays?" and reposted()[0]
        following = app.screen.query_one("#following-posts", PostList).list_view
        assert following.index == 0
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Who else plays?" not in my_profile_texts(app)
        assert not any(reposted())

    run(app, scenario)


def test_a_track_shared_onto_my_wall_from_music_is_on_my_profile_and_the_feed(
        music_app, music_data):
    """Music (F8), t on Morning Walk, Enter (My wall is the first place): the
    post with the track tops My profile and the Feed."""
    app, _clock = music_app("anna")

    def tracks_on_top(screen, list_id: str) -> list[str]:
        top = screen.query_one(f"#{list_id}", PostList).posts[0]
        return [attachment.track.title for attachment in top.attachments]

    async def scenario(pilot):
        await visit(pilot, "f8")
        await pilot.press("down", "t")
        await fixtures.settle(pilot)
        await pilot.press("enter")
        await fixtures.settle(pilot)
        assert tracks_on_top(section(app, "profile"), "my-posts") == ["Morning Walk"]
        for list_id in FEED_LISTS:
            assert tracks_on_top(section(app, "feed"), list_id) == ["Morning Walk"]

    run(app, scenario)


def test_r_on_my_profile_shows_a_post_written_elsewhere(app_db, logged_in_app):
    """A post Анна wrote in another terminal is not on My profile, read
    before; r reads it again and the post is on top."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await visit(pilot, "f7")
        posts.create_post(app_db.anna.id, "Written on my phone")
        await settle(pilot)
        assert "Written on my phone" not in my_profile_texts(app)
        await pilot.press("r")
        await settle(pilot)
        assert my_profile_texts(app)[0] == "Written on my phone"

    run(app, scenario)


def test_a_post_written_while_my_profile_is_read_stays_on_it(app_db, logged_in_app):
    """My profile's page is being read (as it is right after log-in, while the
    sections are built) when Анна writes a post on the Feed and deletes another:
    the page, read before both, comes back after the new post was put on top
    of the list. The list shows the new post on top, and not the deleted one
    (the page replaced the list and the new post was gone until read again)."""
    import threading
    import time

    from tui.widgets.post_actions import drop_post

    gone = posts.create_post(app_db.anna.id, "to be deleted meanwhile")
    app = logged_in_app("anna")

    async def scenario(pilot):
        await visit(pilot, "f7")
        my_posts = app.screen.query_one("#my-posts", PostList)
        read = my_posts.loader
        page_read = threading.Event()

        def read_before_the_changes(cursor):
            page = read(cursor)
            page_read.set()
            for _ in range(500):  # until the new post is on the list's cards
                if any(p.text == "written meanwhile" for p in my_posts.posts):
                    break
                time.sleep(0.01)
            return page

        my_posts.loader = read_before_the_changes
        await pilot.press("r")
        while not page_read.is_set():
            await pilot.pause(0.01)
        my_posts.loader = read
        # No settle until the page is shown: it waits for the worker reading it.
        await pilot.press("f2", "n")
        await pilot.pause(0.2)
        await type_text(pilot, "written meanwhile")
        posts.delete_post(app_db.anna.id, gone.id)
        await drop_post(app, gone.id)
        await pilot.press("ctrl+s")
        for _ in range(500):
            if not my_posts._loading:
                break
            await pilot.pause(0.01)
        await settle(pilot)
        await visit(pilot, "f7")
        shown = my_profile_texts(app)
        assert shown[0] == "written meanwhile"
        assert "to be deleted meanwhile" not in shown

    run(app, scenario)
