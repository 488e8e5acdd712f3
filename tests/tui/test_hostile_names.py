"""Names people chose, shown in pickers, are drawn literally: a community
called ``[/]club [red]x`` is that text, not markup (a lone ``[/]`` used to
make Textual raise while drawing the repost screen's choice of wall)."""

from __future__ import annotations

from textual.widgets import Select

from models import communities
from tests.tui.conftest import settle
from tests.tui.test_comments import first_card
from tests.tui.test_file_names import screen_text
from tests.tui.test_live import POLL, run
from tui.screens.repost import RepostScreen

NAME = "[/]club [red]x[/red]"


def test_the_repost_screen_shows_a_community_name_literally(app_db, logged_in_app):
    club = communities.create_community(app_db.anna.id, NAME)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        assert first_card(app) is not None
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, RepostScreen)
        select = app.screen.query_one(Select)
        select.value = club.id
        await settle(pilot)
        assert NAME in screen_text(app)  # the chosen wall, as its name reads
        select.expanded = True
        await settle(pilot)
        assert NAME in screen_text(app)  # and in the list of walls

    run(app, scenario)
