"""Feed: posts of friends (Following) and of everyone; write, like, delete, open an author."""

from __future__ import annotations

import asyncio

from textual.widgets import TabbedContent

from models import accounts, posts
from tests.tui.conftest import PASSWORD, settle, type_text
from tui.screens.confirm import ConfirmScreen
from tui.screens.feed import FeedScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.post_list import PostList


def texts(app, list_id: str) -> list[str]:
    return [p.text for p in app.screen.query_one(f"#{list_id}", PostList).posts]


def test_following_shows_friends_and_everyone_shows_all(logged_in_app, app_db):
    """Анна's Following tab has her and Michail's posts, newest first; Everyone
    also has Olga's and Mallory's."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)
            assert texts(app, "following-posts") == [
                "Chess tonight at 19:00 — who is in?",
                "Привет всем! Это мой первый пост.\nTerminal life is good life.",
            ]
            await pilot.press("2")
            await settle(pilot)
            assert app.screen.query_one(TabbedContent).active == "everyone"
            assert len(texts(app, "everyone-posts")) == 4

    asyncio.run(scenario())


def test_write_like_and_delete_a_post(logged_in_app, app_db):
    """n opens the composer; Ctrl+S publishes the post on top; l likes it;
    d asks first and deletes it only after the confirmation."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await type_text(pilot, "Hello from the terminal")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert texts(app, "following-posts")[0] == "Hello from the terminal"
            await pilot.press("l")
            await settle(pilot)
            top = app.screen.query_one("#following-posts", PostList).posts[0]
            assert top.liked_by_me and top.like_count == 1
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("escape")  # changed my mind
            await settle(pilot)
            assert texts(app, "following-posts")[0] == "Hello from the terminal"
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert "Hello from the terminal" not in texts(app, "following-posts")
        mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id)
        assert [p.text for p in mine.items] == [
            "Привет всем! Это мой первый пост.\nTerminal life is good life."
        ]

    asyncio.run(scenario())


def test_a_like_or_a_deletion_shows_in_both_tabs(logged_in_app, app_db):
    """Анна likes Michail's chess post in Following: in Everyone it is liked too,
    with the same count. She deletes her own post from Everyone: it is gone from
    Following as well, without a refresh."""
    app = logged_in_app("anna")

    def post(list_id: str, text: str):
        return next(p for p in app.screen.query_one(f"#{list_id}", PostList).posts
                    if p.text.startswith(text))

    def has(list_id: str, text: str) -> bool:
        return any(t.startswith(text) for t in texts(app, list_id))

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)  # both tabs loaded
            before = post("everyone-posts", "Chess tonight").like_count
            await pilot.press("1")
            await settle(pilot)
            assert texts(app, "following-posts")[0].startswith("Chess tonight")
            await pilot.press("l")
            await settle(pilot)
            liked = post("everyone-posts", "Chess tonight")
            assert liked.liked_by_me and liked.like_count == before + 1
            await pilot.press("2")
            await settle(pilot)
            everyone = app.screen.query_one("#everyone-posts", PostList)
            view = everyone.list_view
            view.index = [p.text for p in everyone.posts].index(
                "Привет всем! Это мой первый пост.\nTerminal life is good life.")
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert not has("everyone-posts", "Привет всем")
            assert not has("following-posts", "Привет всем")
            assert has("following-posts", "Chess tonight")

    asyncio.run(scenario())


def test_empty_post_is_not_published(logged_in_app, app_db):
    """Publishing nothing says "Write something first." and keeps the composer open."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n", "space", "ctrl+s")
            await settle(pilot)
            assert type(app.screen).__name__ == "ComposerScreen"
            assert "Write something first." in str(app.screen.query_one("#composer-error").render())

    asyncio.run(scenario())


def test_others_posts_cannot_be_deleted_and_u_opens_the_author(logged_in_app, app_db):
    """On Michail's post d does nothing; u opens Michail's profile (Enter opens
    the post with its comments: tests/tui/test_comments.py)."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)
            await pilot.press("u")
            await settle(pilot)
            assert isinstance(app.screen, UserProfileScreen)
            assert app.screen.user_id == app_db.michail.id
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)

    asyncio.run(scenario())


def test_older_posts_load_at_the_end(logged_in_app, app_db):
    """With more posts than a page, moving down to the end loads the older ones."""
    for n in range(30):
        posts.create_post(app_db.michail.id, f"Post number {n}")
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            listing = app.screen.query_one("#following-posts", PostList)
            assert len(listing.posts) == 20
            await pilot.press("end")
            await settle(pilot)
            await pilot.press("end")
            await settle(pilot)
            assert len(listing.posts) == 32
            assert listing.posts[-1].text.startswith("Привет всем!")

    asyncio.run(scenario())


def test_snapshot_feed_filled(logged_in_app, snap_compare):
    """Анна's Following feed: mini avatars, names, relative times, likes."""
    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30),
                        run_before=settle)


def test_snapshot_feed_filled_small(logged_in_app, snap_compare):
    """The Feed at 80×24."""
    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24), run_before=settle)


def test_snapshot_feed_everyone_with_markup(logged_in_app, snap_compare):
    """Everyone: Mallory's name and post show their brackets literally."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_feed_empty(app_db, make_test_app, snap_compare):
    """A brand-new person's Following tab says what to do."""
    newcomer = accounts.register("nina", "Nina", "New", PASSWORD, PASSWORD).user
    app = make_test_app()
    app.start_user = newcomer
    assert snap_compare(app, terminal_size=(100, 30), run_before=settle)


def test_esc_on_the_post_composer_keeps_what_was_written(logged_in_app, app_db):
    """A half-written post closed with Esc is not thrown away: the next "new
    post" opens with it; once published, the composer starts empty again; the
    next person to log in on this app never sees it."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await type_text(pilot, "Half a thought")
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)
            assert posts.feed_everyone(app_db.anna.id).items[0].text != "Half a thought"
            await pilot.press("n")
            await settle(pilot)
            assert app.screen.query_one("#post-text").text == "Half a thought"
            await type_text(pilot, ", finished")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)
            assert posts.feed_everyone(app_db.anna.id).items[0].text == "Half a thought, finished"
            await pilot.press("n")
            await settle(pilot)
            assert app.screen.query_one("#post-text").text == ""
            await type_text(pilot, "Anna's secret plan")
            await pilot.press("escape")
            await settle(pilot)
            app.log_out()
            await settle(pilot)
            assert app.post_draft == ("", ())

    asyncio.run(scenario())


def test_a_deletion_asked_about_one_post_deletes_it_after_its_card_was_refilled(
        logged_in_app, app_db):
    """A list read again refills its cards in place (PostList._refill): Анна
    asks to delete her post, the list is read again meanwhile with another
    post on that card, she confirms: her post is deleted, not the one the
    card shows now."""
    from dataclasses import replace

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            post_list = app.screen.query_one("#following-posts", PostList)
            view = post_list.list_view
            view.focus()
            mine = next(i for i, p in enumerate(post_list.posts) if p.author.id == app_db.anna.id)
            view.index = mine
            await settle(pilot)
            card = view.children[mine]
            asked = card.post
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            page = post_list.loader(None)
            await post_list._show_page(replace(page, items=tuple(reversed(page.items))), {},
                                       True, post_list._shows)
            assert view.children[mine] is card and card.post.id != asked.id
            shown_now = card.post
            await pilot.press("y")
            await settle(pilot)
            left = {p.id for p in posts.posts_by_author(app_db.anna.id, app_db.anna.id, None).items}
            assert asked.id not in left
            assert posts.post_view(app_db.anna.id, shown_now.id).id == shown_now.id
            assert asked.id not in {p.id for p in post_list.posts}
            assert shown_now.id in {p.id for p in post_list.posts}

    asyncio.run(scenario())


def test_a_cards_height_is_measured_once_per_content_and_width(logged_in_app, app_db,
                                                                monkeypatch):
    """Textual forgets a widget's measured height whenever it is resized or
    repainted; a post card keeps it while its content and width are the same
    (measuring renders the whole post), and measures again after a change."""
    from textual.widgets import Static

    from tui.widgets.post_card import PostBody, PostCard, PostGrid

    app = logged_in_app("anna")
    measured = []
    measure, count_lines = Static.get_content_height, PostGrid.height_at

    def counting(self, container, viewport, width):
        if isinstance(self, PostBody):
            measured.append(width)
        return measure(self, container, viewport, width)

    def counting_lines(self, console, width):  # a text post's lines counted, not rendered
        height = count_lines(self, console, width)
        if height is not None:
            measured.append(width)
        return height

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            card = app.screen.query_one("#following-posts", PostList).query(PostCard).first()
            body = card.query_one(PostBody)
            monkeypatch.setattr(Static, "get_content_height", counting)
            monkeypatch.setattr(PostGrid, "height_at", counting_lines)
            size = body.size
            height = body.get_content_height(size, size, size.width)
            body.refresh(layout=True)  # as a resize or a repaint does
            assert body.get_content_height(size, size, size.width) == height
            assert measured == [] or measured == [size.width]  # not again
            count = len(measured)
            body.get_content_height(size, size, size.width - 10)
            assert len(measured) == count + 1  # another width: measured
            card.show(card.post)  # new content (a like, a reaction): measured again
            body.get_content_height(size, size, size.width)
            assert len(measured) == count + 2

    asyncio.run(scenario())
