"""The New dialog picker finds a person by the @login it shows, not only by
name: Michail types "anna" and Анна Иванова is first in the list."""

from __future__ import annotations

from tests.tui.conftest import settle, type_text
from tests.tui.test_dialogs import run
from tui.screens.dialogs import DialogsScreen
from tui.screens.new_dialog import NewDialogScreen


def test_typing_a_login_in_new_dialog_finds_that_person_first(app_db, logged_in_app):
    app = logged_in_app("michail")

    async def scenario(pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NewDialogScreen)
        await type_text(pilot, "@anna")
        await settle(pilot)
        assert app.screen.users[0].id == app_db.anna.id
        await pilot.press("enter")  # writes to the highlighted person: the first
        await settle(pilot)
        assert isinstance(app.screen, DialogsScreen)
        assert app.open_peer_id == app_db.anna.id

    run(app, scenario)


def test_people_finds_a_person_by_the_login_it_shows(app_db, logged_in_app):
    """People lists "@mallory" under a name that is not "mallory": typing the
    login finds that person (it said "Nobody is called “mallory”")."""
    import asyncio

    from tests.tui.test_people import open_people, search

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            await search(pilot, "@Mallory")
            rows = list(app.screen.query_one("#people-list").children)
            assert [row.user.id for row in rows] == [app_db.mallory.id]

    asyncio.run(scenario())
