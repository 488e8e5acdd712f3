"""Typing goes to a screen's one obvious text field, and ↓ leaves a search for its list.

A printable key typed while a list has the focus goes into the field (the focus
with it), unless the screen binds that key (``?`` still opens help).
"""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList

from models import communities, posts
from tests.tui.conftest import settle, type_text
from tui.screens.community import CommunityScreen
from tui.screens.help import HelpScreen
from tui.screens.new_dialog import NewDialogScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.composer import Composer


def run(app, scenario, size=(110, 32)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


def test_a_community_page_takes_what_is_typed(app_db, logged_in_app):
    """Founding a community opens its page: typing goes into the post box at
    once; a page opened from the list too, and typing with the members list
    focused lands in the post box."""
    communities.join(app_db.anna.id, app_db.community_id)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_text(pilot, "Tea house")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommunityScreen)
        await type_text(pilot, "First brew")
        await pilot.press("enter")
        await settle(pilot)
        tea = communities.my_communities(app_db.anna.id)
        tea_id = next(c.id for c in tea if c.name == "Tea house")
        assert [p.text for p in posts.community_posts(app_db.anna.id, tea_id).items] == [
            "First brew"]
        await pilot.press("escape")
        await settle(pilot)
        app.open_community(app_db.community_id)
        await settle(pilot)
        await type_text(pilot, "Hi")
        app.screen.query_one("#members", OptionList).focus()
        await type_text(pilot, " all")
        composer = app.screen.query_one(Composer)
        assert composer.text == "Hi all" and app.focused is composer

    run(app, scenario)


def test_people_after_a_profile_types_into_the_search(app_db, logged_in_app):
    """People: ↓ to the list, Enter opens a profile, Esc comes back to the list;
    typing then searches (the focus goes to the search); ? still opens help."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, UserProfileScreen)
        await pilot.press("escape")
        await settle(pilot)
        search = app.screen.query_one("#people-search", Input)
        assert app.focused is not search
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await type_text(pilot, "olg")
        assert search.value == "olg" and app.focused is search

    run(app, scenario)


def test_down_from_a_search_goes_to_its_list(app_db, logged_in_app):
    """Music's All tracks and All communities: ↓ in the search moves to the list."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("2", "ctrl+l")
        await settle(pilot)
        assert app.focused.id == "music-search"
        await pilot.press("down")
        await settle(pilot)
        assert app.focused.id == "all-table"
        await pilot.press("f6")
        await settle(pilot)
        app.screen.query_one("#communities-search", Input).focus()
        await type_text(pilot, "che")
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert app.focused.id == "list-all"

    run(app, scenario)


def test_typing_in_the_communities_and_new_dialog_lists_searches(app_db, logged_in_app):
    """My communities list: typing goes to the search of All communities; the
    new-dialog box's list: typing goes to its search."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("f6")
        await settle(pilot)
        assert app.focused.id == "list-my"
        await type_text(pilot, "che")
        await settle(pilot)
        search = app.screen.query_one("#communities-search", Input)
        assert search.value == "che" and app.focused is search
        app.push_screen(NewDialogScreen())
        await settle(pilot)
        app.screen.query_one(OptionList).focus()
        await type_text(pilot, "mi")
        assert app.screen.query_one(Input).value == "mi"

    run(app, scenario)
