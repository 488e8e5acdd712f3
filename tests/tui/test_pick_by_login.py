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
