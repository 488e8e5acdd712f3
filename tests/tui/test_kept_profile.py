"""The profile screen opened once is kept and shown again for the next person
(issue 17, every key painted within 50 ms; tui/kept_screens.py): it shows the
new person's data, never the last one's — not before their data is read, not
from a read for the last one still under way — and behaves as a new one."""

from __future__ import annotations

import asyncio

from textual.widgets import Button, Static

from models import profiles
from tests.tui.conftest import settle
from tui.screens.feed import FeedScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.post_list import PostList, PostListView


def details(screen) -> str:
    return str(screen.query_one("#profile-details", Static).render())


def authors(screen) -> set[str]:
    return {post.author.login for post in screen.query_one(PostList).posts}


def button(screen, name: str) -> Button:
    return screen.query_one(f"#{name}", Button)


async def opened(app, pilot, user_id: int) -> None:
    app.open_profile(user_id)
    await settle(pilot)


async def back(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)


def test_the_second_profile_is_the_first_screen_with_the_second_person(logged_in_app, app_db):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            first = app.screen
            assert isinstance(first, UserProfileScreen)
            assert "Michail Petrov" in details(first)
            assert authors(first) == {"michail"}
            assert str(button(first, "unfriend").label) == "Remove from friends (x)"
            assert not button(first, "friend").display
            await back(pilot)
            assert isinstance(app.screen, FeedScreen)

            app.open_profile(app_db.olga.id)
            # Before Olga's data is read: nothing of Michail's on it.
            assert app.screen is first and first.user_id == app_db.olga.id
            assert "Michail" not in details(first) and "Loading" in details(first)
            assert first.query_one(PostList).posts == []
            assert not any(card.display for card in first.query_one(PostListView).children)
            assert first.person_name == "" and first.relation is None
            await settle(pilot)
            assert app.screen is first
            assert "Olga Smirnova" in details(first) and "Michail" not in details(first)
            assert authors(first) == {"olga"}
            assert str(button(first, "friend").label) == "Accept friend request (f)"
            assert button(first, "friend").display
            assert first.focused is first.query_one(PostListView)
            await back(pilot)  # back works as before
            assert isinstance(app.screen, FeedScreen)

    asyncio.run(scenario())


def test_a_read_for_the_last_person_is_not_shown_for_the_next(logged_in_app, app_db):
    """Michail's profile and posts, read before the screen was shown for Olga,
    arrive after: they are dropped."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            screen = app.screen
            post_list = screen.query_one(PostList)
            michails_page = post_list.loader(None)
            shows_before = post_list._shows
            await back(pilot)
            await opened(app, pilot, app_db.olga.id)
            michail = profiles.get_profile_for(app_db.anna.id, app_db.michail.id)
            await screen._show(michail, screen.relation, False, "")
            await post_list._show_page(michails_page, {}, True, shows_before)
            screen._show_relation_of(app_db.michail.id, screen.relation.FRIENDS, False)
            await settle(pilot)
            assert "Olga Smirnova" in details(screen) and "Michail" not in details(screen)
            assert authors(screen) == {"olga"}
            assert str(button(screen, "friend").label) == "Accept friend request (f)"

    asyncio.run(scenario())


def test_a_profile_on_another_stack_is_not_taken_and_log_out_drops_it(logged_in_app, app_db):
    """Michail's profile, then a message to him (Dialogs), then Olga's profile
    from there: his stays where it was and hers is a screen of its own. Log-out
    drops the kept screen."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            kept = app.screen
            await pilot.press("m")
            await settle(pilot)
            assert app.current_mode == "dialogs"
            await opened(app, pilot, app_db.olga.id)
            other = app.screen
            assert isinstance(other, UserProfileScreen) and other is not kept
            assert "Olga Smirnova" in details(other)
            assert kept in app._screen_stacks["feed"] and "Michail" in details(kept)
            await back(pilot)
            assert not other.is_attached  # thrown away as before
            app.log_out()
            await settle(pilot)
            assert app.kept_screen("user-profile") is None
            assert not any(name.startswith("kept-") for name in app._installed_screens)
            assert not kept.is_attached

    asyncio.run(scenario())


def test_shown_again_it_restyles_nothing_unless_the_theme_changed(logged_in_app, app_db):
    """Textual restyles every node of a screen each time it is shown; the kept
    profile skips that when nothing its styles depend on changed since it was
    left, and restyles after a theme change."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            screen = app.screen
            restyled = []
            original = screen.update_node_styles

            def update_node_styles(*args, **kwargs):
                restyled.append(True)
                return original(*args, **kwargs)

            screen.update_node_styles = update_node_styles
            await back(pilot)
            await opened(app, pilot, app_db.olga.id)
            assert app.screen is screen and restyled == []
            await back(pilot)
            app.theme = "textual-light" if app.theme != "textual-light" else "nord"
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            assert app.screen is screen and restyled

    asyncio.run(scenario())


def test_a_new_language_drops_the_kept_profile(logged_in_app, app_db):
    """Every section is built anew for a new language; the kept profile (its
    buttons in the old one) goes too, and the next profile is a new screen."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            kept = app.screen
            await back(pilot)
            app.rebuild_sections()
            await settle(pilot)
            assert app.kept_screen("user-profile") is None and not kept.is_attached
            await opened(app, pilot, app_db.olga.id)
            assert isinstance(app.screen, UserProfileScreen) and app.screen is not kept
            assert "Olga Smirnova" in details(app.screen)

    asyncio.run(scenario())
