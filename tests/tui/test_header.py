"""The header's sections ("F2 Feed  F3 Dialogs …") are clickable."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from tests.tui.conftest import settle
from tests.tui.screen_walk import screen_lines


def column_of(app, label: str) -> int:
    """The screen column where ``label`` starts in the header's section bar."""
    bar = app.screen.query_one("#header-sections", Static)
    return bar.content_region.x + str(bar.render()).index(label)


def test_a_click_on_a_header_section_opens_it(app_db, logged_in_app):
    """A click on "F4 Friends" opens Friends, on "F8 Music" Music; from a profile
    opened over People, a click on "F2 Feed" goes back to the Feed; a click
    between two sections does nothing."""
    from tui.screens.feed import FeedScreen
    from tui.screens.friends import FriendsScreen
    from tui.screens.music import MusicScreen
    from tui.screens.user_profile import UserProfileScreen

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.click(offset=(column_of(app, "F4 Friends") + 3, 1))
            await settle(pilot)
            assert isinstance(app.screen, FriendsScreen)
            await pilot.click(offset=(column_of(app, "F8 Music") + 1, 1))
            await settle(pilot)
            assert isinstance(app.screen, MusicScreen)
            app.open_profile(app_db.michail.id)
            await settle(pilot)
            assert isinstance(app.screen, UserProfileScreen)
            await pilot.click(offset=(column_of(app, "F3 Dialogs") - 1, 1))
            await settle(pilot)
            assert isinstance(app.screen, UserProfileScreen)
            await pilot.click(offset=(column_of(app, "F2 Feed"), 1))
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)

    asyncio.run(scenario())


def test_a_narrow_terminal_keeps_the_section_name_and_every_section_key(app_db, logged_in_app):
    """At 50 columns, beside a long name, the title still names the section
    (it wrapped out of sight) and the bar still has F2 to F8, the
    current section named (F8 Music was cut off); a click on F8 opens Music."""
    from models import accounts
    from models.schema import User
    from tui.screens.music import MusicScreen

    User.update(last_name="Иванова-Константинопольская").where(User.id == app_db.anna.id).execute()
    app = logged_in_app("anna")
    app.start_user = accounts.get_user(app_db.anna.id)

    async def scenario():
        async with app.run_test(size=(50, 20)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert screen_lines(app)[0].startswith(" Dialogs ")
            bar = str(app.screen.query_one("#header-sections", Static).render()).split()
            assert bar == ["F2", "F3", "Dialogs", "F4", "F5", "F6", "F7", "F8"]
            await pilot.click(offset=(column_of(app, "F8") + 1, 1))
            await settle(pilot)
            assert isinstance(app.screen, MusicScreen)
            assert "F8 Music" in str(app.screen.query_one("#header-sections", Static).render())

    asyncio.run(scenario())
