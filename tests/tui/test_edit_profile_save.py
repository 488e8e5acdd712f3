"""Edit profile saves all or nothing: a refused avatar keeps the form open with
the reason beside the avatar, and nothing typed with it is stored."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Static

from models import profiles
from tests.tui.conftest import settle
from tui.screens.edit_profile import EditProfileScreen


def test_a_refused_avatar_stores_not_the_city_either(logged_in_app, app_db, tmp_path):
    """Анна types a new city and the path of a file that is not an image, and
    saves: the avatar error shows, the form stays with her text, and her city
    in the database is still the old one. Fixing the avatar path (emptied) and
    saving again stores the city."""
    not_an_image = tmp_path / "face.png"
    not_an_image.write_bytes(b"plain text, not a picture")
    before = profiles.get_profile(app_db.anna.id).city
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            screen = EditProfileScreen()
            app.push_screen(screen)
            await settle(pilot)
            screen.query_one("#city", Input).value = "Казань"
            screen.query_one("#avatar_path", Input).value = str(not_an_image)
            await pilot.pause()  # the edits reach the form first, as typed keys do
            screen.action_save()
            await settle(pilot)
            assert app.screen is screen
            assert str(screen.query_one("#avatar_path-error", Static).render())
            assert screen.query_one("#city", Input).value == "Казань"
            assert profiles.get_profile(app_db.anna.id).city == before
            screen.query_one("#avatar_path", Input).value = ""
            await pilot.pause()  # the edits reach the form first, as typed keys do
            screen.action_save()
            await settle(pilot)
            assert app.screen is not screen

    asyncio.run(scenario())
    assert profiles.get_profile(app_db.anna.id).city == "Казань"
