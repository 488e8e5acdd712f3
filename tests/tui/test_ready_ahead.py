"""A post with its comments and the profile of its author, made ready while
the cursor rests on the post in the feed (issue 17, every key painted within
50 ms; tui/ready_ahead.py): Enter and ``u`` then show them without a read,
and what they show is the post or person the key names, as they are now;
nothing counts as seen before it is shown."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from models import comments, friends, posts, profiles
from tests.tui.conftest import settle
from tests.tui.test_live import POLL, run, until
from tui import ready_ahead
from tui.screens import post as post_module
from tui.screens.feed import FeedScreen
from tui.screens.post import PostScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.post_card import PostCard
from tui.widgets.post_list import PostList, PostListView


@pytest.fixture(autouse=True)
def quick_rest(monkeypatch):
    monkeypatch.setattr(ready_ahead, "READY_AFTER", 0.05)


def details(screen) -> str:
    return str(screen.query_one("#profile-details", Static).render())


def posts_shown(screen) -> list[str]:
    return [post.text for post in screen.query_one(PostList).posts]


def reads_of_profiles(monkeypatch) -> list[int]:
    """Whose profile is read from now on."""
    read: list[int] = []
    original = profiles.get_profile_for

    def counted(me, user_id):
        read.append(user_id)
        return original(me, user_id)

    monkeypatch.setattr(profiles, "get_profile_for", counted)
    return read


async def shows_profile_read_ahead(app, pilot, monkeypatch, key: str, person: int,
                                   name: str, their_posts: list[str]) -> None:
    """``key`` shows ``person``'s profile (``name``, ``their_posts``), made
    ready during the rest: the key itself reads no profile."""
    read = reads_of_profiles(monkeypatch)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, UserProfileScreen)
    assert app.screen.user_id == person
    assert name in details(app.screen)
    assert posts_shown(app.screen) == their_posts
    assert read == []


async def profile_screen_kept(app, pilot, app_db) -> None:
    """The profile and post screens kept (else built in a quiet moment after
    log-in): Mallory's profile and her post opened and closed."""
    await settle(pilot)
    if app.kept_screen("user-profile") is None:
        app.open_profile(app_db.mallory.id)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    if app.kept_screen("post") is None:
        app.show_post(posts.posts_by_author(app_db.anna.id, app_db.mallory.id, None).items[0])
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)


async def rest_on_post_of(app, pilot, app_db, author_id: int) -> PostListView:
    """The feed's cursor on the first post by ``author_id``, left there a
    moment (a person reading it): what it opens made ready meanwhile."""
    await profile_screen_kept(app, pilot, app_db)
    assert isinstance(app.screen, FeedScreen)
    cards = app.screen.query_one("#following-posts PostListView", PostListView)
    cards.focus()
    cards.index = next(i for i, card in enumerate(cards.children)
                       if isinstance(card, PostCard) and card.post.author.id == author_id)
    await pilot.pause(0.1)
    assert await until(pilot, lambda: not ({"_readying", "_ready_timer"} & app.__dict__.keys()))
    await settle(pilot)
    return cards


def test_u_after_a_rest_on_a_post_shows_its_author_read_while_resting(
        app_db, logged_in_app, monkeypatch):
    """Анна rests on Michail's post and presses u: his profile (his card, his
    posts) is shown, read while she was reading his post: the key reads
    nothing."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await rest_on_post_of(app, pilot, app_db, app_db.michail.id)
        await shows_profile_read_ahead(app, pilot, monkeypatch, "u", app_db.michail.id,
                                       "Michail Petrov", ["Chess tonight at 19:00 — who is in?"])

    run(app, scenario)


def test_a_key_before_the_rest_ends_opens_the_post_it_is_on(app_db, logged_in_app, monkeypatch):
    """Made ready for Michail, Анна moves to Olga's post and presses u at once:
    Olga's profile, with nothing of Michail's on it."""
    friends.accept_request(app_db.anna.id, app_db.olga.id)  # her posts in Анна's feed
    app = logged_in_app("anna")

    async def scenario(pilot):
        monkeypatch.setattr(ready_ahead, "READY_AFTER", 0.05)
        cards = await rest_on_post_of(app, pilot, app_db, app_db.michail.id)
        monkeypatch.setattr(ready_ahead, "READY_AFTER", 30.0)
        cards.index = next(i for i, card in enumerate(cards.children)
                           if card.post.author.id == app_db.olga.id)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UserProfileScreen)
        assert app.screen.user_id == app_db.olga.id
        assert "Olga Smirnova" in details(app.screen)
        assert "Michail" not in details(app.screen)
        assert posts_shown(app.screen) == ["Reading Dostoevsky again. The Idiot this time."]

    run(app, scenario)


def test_a_profile_made_ready_a_while_ago_is_read_again_as_it_is_shown(
        app_db, logged_in_app, monkeypatch):
    """Made ready for Michail; before Анна presses u, he posts again and
    removes her from his friends. The profile shows both once shown."""
    monkeypatch.setattr(ready_ahead, "READ_AGAIN_AFTER", 0.0)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await rest_on_post_of(app, pilot, app_db, app_db.michail.id)
        posts.create_post(app_db.michail.id, "Board 3 is free tonight")
        friends.remove_friend(app_db.michail.id, app_db.anna.id)
        await pilot.press("u")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, UserProfileScreen)
        assert await until(pilot, lambda: posts_shown(screen)[:1] == ["Board 3 is free tonight"])
        assert await until(pilot, lambda: screen.query_one("#friend").display)  # Add friend

    run(app, scenario)


def test_a_rename_reaches_a_profile_made_ready_out_of_sight(app_db, logged_in_app, monkeypatch):
    """Made ready for Michail; he renames himself while Анна still reads his
    post: u shows his new name, shown as typed, though the profile was not
    read again."""
    monkeypatch.setattr(ready_ahead, "READ_AGAIN_AFTER", 3600.0)
    app = logged_in_app("anna", poll_interval=POLL)
    new_name = "Миша [red]X"

    async def scenario(pilot):
        await rest_on_post_of(app, pilot, app_db, app_db.michail.id)
        kept = app.kept_screen("user-profile")
        profiles.update_profile(app_db.michail.id, first_name=new_name)
        assert await until(pilot, lambda: f"{new_name} Petrov" in details(kept))
        await pilot.press("u")
        await settle(pilot)
        assert app.screen is kept
        assert f"{new_name} Petrov" in details(app.screen)

    run(app, scenario)


def test_nothing_is_made_ready_once_the_person_left_the_feed(app_db, logged_in_app, monkeypatch):
    """Анна comes to Olga's post and leaves for Dialogs before the rest ends:
    nobody's profile is read for it."""
    friends.accept_request(app_db.anna.id, app_db.olga.id)  # her posts in Анна's feed
    monkeypatch.setattr(ready_ahead, "READY_AFTER", 0.3)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await profile_screen_kept(app, pilot, app_db)
        await pilot.pause(0.5)  # the post highlighted made ready (not Olga's)
        await settle(pilot)
        cards = app.screen.query_one("#following-posts PostListView", PostListView)
        read = reads_of_profiles(monkeypatch)
        cards.index = next(i for i, card in enumerate(cards.children)
                           if card.post.author.id == app_db.olga.id)
        await pilot.pause()  # the cursor's move handled: her post's rest begun
        await pilot.press("f3")
        await pilot.pause(0.6)
        await settle(pilot)
        assert read == []

    run(app, scenario)


def test_enter_after_a_rest_on_a_post_shows_it_with_its_comments_read_while_resting(
        app_db, logged_in_app, monkeypatch):
    """Michail commented on Анна's post (the header's notice says so). She
    rests on the post in the feed: nothing counts as seen yet, no post is
    watched. Enter shows the post and its comments, read while she rested:
    the key reads none; now the comment is seen, and Olga's new one arrives
    by itself."""
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id, None).items[0]
    notice = comments.add_comment(app_db.michail.id, mine.id, "see you at [b]seven[/b]")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await profile_screen_kept(app, pilot, app_db)
        app.new_comments = (notice,)
        await rest_on_post_of(app, pilot, app_db, app_db.anna.id)
        assert app.new_comments == (notice,)
        assert app.live_thread.post is None
        read: list[int] = []
        page_of = post_module.comments.comments_page
        monkeypatch.setattr(post_module.comments, "comments_page",
                            lambda me, post_id, *a, **k: read.append(post_id) or page_of(
                                me, post_id, *a, **k))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PostScreen) and screen.post.id == mine.id
        assert [c.text for c in screen.shown] == ["see you at [b]seven[/b]"]
        assert read == []
        assert app.new_comments == ()
        assert app.live_thread.post is not None and app.live_thread.post[0] == mine.id
        comments.add_comment(app_db.olga.id, mine.id, "and me")
        assert await until(pilot, lambda: [c.text for c in screen.shown][-1:] == ["and me"])

    run(app, scenario)


def test_a_post_made_ready_a_while_ago_shows_the_comments_written_since(
        app_db, logged_in_app, monkeypatch):
    """Made ready while Анна rested on Michail's post; before she presses
    Enter, Olga comments under it and Michail deletes his comment. The post
    shows Olga's comment and not his."""
    monkeypatch.setattr(ready_ahead, "READ_AGAIN_AFTER", 0.0)
    chess = posts.posts_by_author(app_db.anna.id, app_db.michail.id, None).items[0]
    his = comments.add_comment(app_db.michail.id, chess.id, "bring a clock")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await rest_on_post_of(app, pilot, app_db, app_db.michail.id)
        comments.add_comment(app_db.olga.id, chess.id, "I am in")
        comments.delete_comment(app_db.michail.id, his.id)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PostScreen) and screen.post.id == chess.id
        assert await until(pilot, lambda: [c.text for c in screen.shown] == ["I am in"])

    run(app, scenario)


async def rest_on_person_in(app, pilot, app_db, section: str, user_id: int) -> None:
    """People (F5) or Friends (F4), the cursor on ``user_id`` and left there a
    moment: their profile made ready meanwhile."""
    from textual.widgets import ListView, OptionList

    await profile_screen_kept(app, pilot, app_db)
    await pilot.press(section)
    await settle(pilot)
    if section == "f5":
        listing = app.screen.query_one("#people-list", ListView)
        listing.focus()
        listing.index = next(i for i, row in enumerate(listing.children)
                             if row.user.id == user_id)
    else:
        options = app.screen.query_one("#list-friends", OptionList)
        options.focus()
        options.highlighted = next(i for i, person in enumerate(app.screen.people["friends"])
                                   if person.id == user_id)
    await pilot.pause(0.1)
    assert await until(pilot, lambda: not ({"_readying", "_ready_timer"} & app.__dict__.keys()))
    await settle(pilot)


@pytest.mark.parametrize("section", ["f5", "f4"], ids=["people", "friends"])
def test_enter_after_a_rest_on_a_person_shows_their_profile_read_while_resting(
        app_db, logged_in_app, monkeypatch, section):
    """In People and in Friends, Анна rests on Olga and presses Enter: her
    profile, read while Анна rested; the key reads nothing."""
    friends.accept_request(app_db.anna.id, app_db.olga.id)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await rest_on_person_in(app, pilot, app_db, section, app_db.olga.id)
        await shows_profile_read_ahead(app, pilot, monkeypatch, "enter", app_db.olga.id,
                                       "Olga Smirnova",
                                       ["Reading Dostoevsky again. The Idiot this time."])

    run(app, scenario)


def test_a_read_that_fails_while_resting_says_nothing_until_the_key(
        app_db, logged_in_app, monkeypatch):
    """The database fails as Анна rests on Olga's post: no error pops up while
    she only reads the feed. u reads again, and says why."""
    from models.errors import DomainError

    friends.accept_request(app_db.anna.id, app_db.olga.id)  # her posts in Анна's feed
    app = logged_in_app("anna")
    errors: list[str] = []

    def failing(*args, **kwargs):
        raise DomainError("The database is not available right now.")

    async def scenario(pilot):
        await profile_screen_kept(app, pilot, app_db)
        shown = app.show_error
        monkeypatch.setattr(app, "show_error", lambda exc, *a, **k: errors.append(str(exc))
                            or shown(exc, *a, **k))
        monkeypatch.setattr(profiles, "get_profile_for", failing)
        monkeypatch.setattr(post_module.comments, "comments_page", failing)
        cards = app.screen.query_one("#following-posts PostListView", PostListView)
        cards.focus()
        cards.index = next(i for i, card in enumerate(cards.children)
                           if card.post.author.id == app_db.olga.id)
        await pilot.pause(0.5)
        await settle(pilot)
        assert errors == []
        await pilot.press("u")
        await settle(pilot)
        assert errors == ["The database is not available right now."]

    run(app, scenario)
