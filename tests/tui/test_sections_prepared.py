"""Every section is built out of sight after log-in, one per quiet moment, so its
first visit only shows it (issue 17, every key within 50 ms; tui/app_session.py
``_prepare_next``) — and that first visit shows what changed since it was
built, as a section built by the visit would."""

from __future__ import annotations

import asyncio

from models import accounts, posts
from tests.tui.conftest import settle
from tui.screens.people import PeopleScreen
from tui.screens.profile import MyProfileScreen
from tui.widgets.post_list import PostList
from tui.widgets.user_row import UserRow

PASSWORD = "correct-horse-battery-staple"


async def sections_prepared(app, pilot, seconds: float = 60) -> None:
    """Wait, as a person reading the feed, until every section is built."""
    for _ in range(int(seconds * 10)):
        if app.sections_prepared:
            break
        await asyncio.sleep(0.1)
    await settle(pilot)
    assert app.sections_prepared


def test_every_section_is_built_out_of_sight_and_shows_fresh_data(app_db, logged_in_app):
    """Анна stays on the Feed: every section is built behind it, laid out, with
    nothing of it painted. Then Aaron Aalto registers and Анна posts from another
    device; her first F5 shows that very People screen with Aaron in it, her
    first F7 that very profile screen with the new post."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await sections_prepared(app, pilot)
            assert app.current_mode == "feed"
            people = app._screen_stacks["people"][0]
            profile = app._screen_stacks["profile"][0]
            assert people.is_mounted and profile.is_mounted
            assert people.laid_out_out_of_sight and profile.laid_out_out_of_sight
            accounts.register("aaron", "Aaron", "Aalto", PASSWORD)
            posts.create_post(app_db.anna.id, "Written on my phone")
            await pilot.press("f5")
            await settle(pilot)
            assert app.screen is people and isinstance(people, PeopleScreen)
            names = [row.user.last_name for row in people.query(UserRow)]
            assert "Aalto" in names
            await pilot.press("f7")
            await settle(pilot)
            assert app.screen is profile and isinstance(profile, MyProfileScreen)
            texts = [post.text for post in profile.query_one(PostList).posts]
            assert "Written on my phone" in texts

    asyncio.run(scenario())


def test_a_key_pressed_holds_the_next_build_back(logged_in_app):
    """A build takes the UI thread for a moment: none starts while keys come in
    (less than ``PREPARE_GAP`` apart), and the sections the person visits
    meanwhile are built by the visit as before."""
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 0

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            built = set(app._screen_stacks)
            for _ in range(5):
                app.note_input()  # a key every moment
                app._prepare_next(app.current_user)
                assert set(app._screen_stacks) == built
            await pilot.press("f8")
            await settle(pilot)
            assert app.current_mode == "music"
            assert not app._screen_stacks["music"][0].built_out_of_sight

    asyncio.run(scenario())
