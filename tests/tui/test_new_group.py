"""New group: a title, people picked with Space from a searchable list (shown
as chips), Enter creates; refused titles and too many members are said."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import settle, type_text
from tui.screens.new_group import MAX_MEMBERS, NewGroup, NewGroupScreen, PeoplePicker


def run_picker(app, scenario, size=(100, 32)):
    """Run ``scenario(pilot, results)`` with New group open over the Feed;
    ``results`` gets what the screen returns."""

    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            results: list = []
            app.push_screen(NewGroupScreen(), results.append)
            await settle(pilot)
            await scenario(pilot, results)

    asyncio.run(main())


def chip_text(app) -> str:
    return str(app.screen.query_one("#new-group-chips").render())


def error_text(app) -> str:
    return str(app.screen.query_one("#new-group-error").render())


def test_title_search_space_picks_enter_creates(app_db, logged_in_app):
    """Анна types a title, searches "mi", Space picks Michail (a chip shows him),
    searches "ol", picks Olga, Enter: the group's title and both, in pick order."""
    app = logged_in_app("anna")

    async def scenario(pilot, results):
        await type_text(pilot, "Поход")
        await pilot.press("enter")  # nobody picked yet: on to the search
        assert pilot.app.focused.id == "new-group-search"
        await type_text(pilot, "mi")
        await settle(pilot)
        await pilot.press("down", "space")
        assert "Michail Petrov ×" in chip_text(pilot.app)
        assert "Members (2)" in chip_text(pilot.app)
        await type_text(pilot, "o")  # typing from the list goes to the search
        assert pilot.app.focused.id == "new-group-search"
        await pilot.press("ctrl+u")  # "mio": start again
        await type_text(pilot, "ol")
        await settle(pilot)
        await pilot.press("down", "space")
        assert "Olga Smirnova ×" in chip_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        assert results == [NewGroup("Поход", (app_db.michail, app_db.olga))]

    run_picker(app, scenario)


def test_space_again_unpicks_and_me_is_not_listed(app_db, logged_in_app):
    """The list leaves out Анна herself (she owns the group); Space on a picked
    person takes the chip away again."""
    app = logged_in_app("anna")

    async def scenario(pilot, results):
        picker = pilot.app.screen.query_one(PeoplePicker)
        ids = [picker.get_option_at_index(i).id for i in range(picker.option_count)]
        assert f"user-{app_db.anna.id}" not in ids
        assert f"user-{app_db.michail.id}" in ids
        picker.focus()
        picker.highlighted = ids.index(f"user-{app_db.michail.id}")
        await pilot.press("space")
        assert "Michail" in chip_text(pilot.app)
        await pilot.press("space")
        assert "Michail" not in chip_text(pilot.app)
        assert "Nobody picked yet" in chip_text(pilot.app)

    run_picker(app, scenario)


def test_empty_title_and_nobody_picked_are_refused(app_db, logged_in_app):
    """Enter with no title says so and stays; a title but nobody picked says to pick."""
    app = logged_in_app("anna")

    async def scenario(pilot, results):
        await pilot.press("ctrl+s")
        assert "title" in error_text(pilot.app)
        await type_text(pilot, "   ")
        await pilot.press("ctrl+s")
        assert "title" in error_text(pilot.app)
        await type_text(pilot, "Club")
        await pilot.press("ctrl+s")
        assert "Pick at least one member" in error_text(pilot.app)
        assert results == []
        assert isinstance(pilot.app.screen, NewGroupScreen)

    run_picker(app, scenario)


def test_no_more_than_500_members(app_db, logged_in_app):
    """With 499 picked (500 with the owner) the next pick is refused, saying why."""
    app = logged_in_app("anna")

    async def scenario(pilot, results):
        screen = pilot.app.screen
        for n in range(MAX_MEMBERS - 1):
            screen.picked[-1 - n] = app_db.mallory  # stand-ins: only the count matters
        picker = screen.query_one(PeoplePicker)
        picker.focus()
        await pilot.press("space")
        assert "at most 500 members" in error_text(pilot.app)
        assert len(screen.picked) == MAX_MEMBERS - 1

    run_picker(app, scenario)


def test_escape_cancels(app_db, logged_in_app):
    app = logged_in_app("anna")

    async def scenario(pilot, results):
        await pilot.press("escape")
        await settle(pilot)
        assert results == [None]

    run_picker(app, scenario)


def test_snapshot_new_group(app_db, logged_in_app, snap_compare):
    """New group with a title typed and Michail and "[bold red]x[/]" picked: the
    chips show both (the markup name literally), the boxes are ticked."""
    app = logged_in_app("anna")

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(NewGroupScreen())
        await settle(pilot)
        await type_text(pilot, "Book club")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down")
        picker = pilot.app.screen.query_one(PeoplePicker)
        for user in (app_db.michail, app_db.mallory):
            ids = [picker.get_option_at_index(i).id for i in range(picker.option_count)]
            picker.highlighted = ids.index(f"user-{user.id}")
            await pilot.press("space")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)
