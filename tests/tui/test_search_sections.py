"""The global search's sections: All shows the first few of each section, Tab /
Shift+Tab move between the tabs while the query keeps the focus, "More…" adds
a section's next page in place, and Enter on a post opens where it is."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, Tabs

from models import messages, posts
from models.communities import create_community
from tests.tui.conftest import settle
from tests.tui.test_search_screen import lines, open_search
from tui.screens.search import SearchScreen


@pytest.fixture(autouse=True)
def no_debounce(monkeypatch):
    monkeypatch.setattr(SearchScreen, "DEBOUNCE", 0)


@pytest.fixture
def hay(app_db):
    """Twelve messages between Анна and Michail and twelve posts of Michail's,
    each saying "haystack" and its number."""
    anna, michail = app_db.anna.id, app_db.michail.id
    for i in range(12):
        messages.send_message(michail, anna, f"haystack message {i}", f"hay-{i}")
        posts.create_post(michail, f"haystack post {i}")


def test_all_shows_a_few_of_each_section_and_more_adds_the_next_page(logged_in_app, hay):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            options = await open_search(pilot, "haystack")
            shown = lines(options)
            assert shown[0] == "Messages (5+)"
            assert shown[1].startswith("Michail Petrov  Michail: haystack message 11")
            assert shown[6] == "More…" and shown[7] == "Posts (5+)"
            options.highlighted = 6
            await pilot.press("enter")
            await settle(pilot)
            shown = lines(options)
            assert shown[0] == "Messages (12)"  # the next page (the rest) came in place
            assert [s.split(": ", 1)[1].split("  ")[0] for s in shown[1:13]] == [
                f"haystack message {i}" for i in range(11, -1, -1)]
            assert shown[13] == "Posts (5+)"
            assert options.highlighted == 6  # on the first of the new ones
            assert "haystack message 6" in shown[options.highlighted]

    asyncio.run(scenario())


def test_tab_moves_between_sections_while_the_query_keeps_the_focus(logged_in_app, hay):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            options = await open_search(pilot, "haystack")
            screen = app.screen
            await pilot.press("tab", "tab")
            await settle(pilot)
            assert screen.query_one(Tabs).active == "tab-posts"
            assert screen.query_one(Input).has_focus
            shown = lines(options)
            assert shown[0] == "Posts (12)"
            assert not any("haystack message" in line for line in shown)
            await pilot.press("shift+tab")
            await settle(pilot)
            assert screen.query_one(Tabs).active == "tab-messages"
            assert lines(options)[0] == "Messages (12)"
            await pilot.press("shift+tab")
            await settle(pilot)
            assert lines(options)[0] == "Messages (5+)"  # All again
            await pilot.press("h")  # typing goes on in the query
            await settle(pilot)
            assert screen.query_one(Input).value == "haystackh"

    asyncio.run(scenario())


def test_enter_on_a_post_opens_the_post_with_its_comments(logged_in_app, app_db):
    from tui.screens.post import PostScreen

    club = create_community(app_db.michail.id, "Needle club").id
    in_club = posts.create_post(app_db.michail.id, "needle in the club", community_id=club).id
    on_wall = posts.create_post(app_db.olga.id, "needle on my wall").id
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            options = await open_search(pilot, "needle")
            assert lines(options)[0] == "Posts (2)"
            await pilot.press("enter")  # the newest: Olga's, on her wall
            await settle(pilot)
            assert isinstance(app.screen, PostScreen)
            assert app.screen.post_id == on_wall
            options = await open_search(pilot, "needle")
            options.highlighted = 2
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PostScreen)
            assert app.screen.post_id == in_club

    asyncio.run(scenario())


def test_search_section_snapshot(logged_in_app, hay, snap_compare):
    """The Posts tab after "haystack": twelve posts under their heading."""
    app = logged_in_app("anna")

    async def run_before(pilot):
        await open_search(pilot, "haystack")
        await pilot.press("tab", "tab")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(110, 32), run_before=run_before)


def test_search_all_with_more_snapshot(logged_in_app, hay, snap_compare):
    """All after "haystack": five messages and five posts, each with "More…"."""
    app = logged_in_app("anna")

    async def run_before(pilot):
        await open_search(pilot, "haystack")

    assert snap_compare(app, terminal_size=(110, 32), run_before=run_before)
