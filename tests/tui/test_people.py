"""People: everyone by last name, or a search by name as you type."""

from __future__ import annotations

import asyncio

from textual.geometry import Region
from textual.widgets import ListView, Static

from tests.tui.conftest import settle, type_text
from tui.screens.people import PeopleScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.user_row import UserRow


async def open_people(pilot) -> None:
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PeopleScreen)


def names(app) -> list[str]:
    rows = app.screen.query_one("#people-list", ListView).children
    return [row.user.full_name for row in rows if isinstance(row, UserRow)]


async def search(pilot, text: str) -> None:
    await type_text(pilot, text)
    await pilot.press("enter")  # search now, without waiting for the pause in typing
    await settle(pilot)


def test_everyone_is_listed_by_last_name(logged_in_app):
    """With no query, People lists everyone by last name."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            assert names(app) == [
                "[bold red]x[/] Markup", "Michail Petrov", "Olga Smirnova", "Анна Иванова",
            ]

    asyncio.run(scenario())


def test_search_without_accents_finds_mueller_and_garcia(logged_in_app, app_db):
    """Typing "muller", "mueller" or "garcia" on an ASCII keyboard finds Lukas
    Müller and María García."""
    from models import accounts
    from tests.tui.conftest import PASSWORD

    accounts.register("lukas", "Lukas", "Müller", PASSWORD)
    accounts.register("maria", "María", "García", PASSWORD)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            field = app.screen.query_one("#people-search")
            for query, expected in (("muller", "Lukas Müller"), ("mueller", "Lukas Müller"),
                                    ("garcia", "María García"), ("maria", "María García")):
                await search(pilot, query)  # Enter: the list gets the focus
                assert names(app) == [expected], query
                await pilot.press("ctrl+l")  # back to the search
                field.value = ""

    asyncio.run(scenario())


def test_cyrillic_search_ignores_case(logged_in_app, app_db):
    """Typing "анна" (lower case) finds Анна Иванова, and Enter on her opens her profile."""
    app = logged_in_app("michail")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            await search(pilot, "анна")
            assert names(app) == ["Анна Иванова"]
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, UserProfileScreen)
            assert app.screen.user_id == app_db.anna.id

    asyncio.run(scenario())


def test_search_as_you_type_and_nobody_found(logged_in_app):
    """Search runs by itself after a pause in typing; no match says so."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            await type_text(pilot, "PETR")
            await pilot.pause(0.4)  # the debounce delay: the search then starts by itself
            await settle(pilot)
            assert names(app) == ["Michail Petrov"]
            await search(pilot, "xyz")
            assert names(app) == []
            status = str(app.screen.query_one("#people-status", Static).render())
            assert status == "Nobody is called “PETRxyz”."

    asyncio.run(scenario())


def test_markup_in_a_name_shows_literally(logged_in_app):
    """A person named "[bold red]x[/]" appears with the brackets, not in red."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            await search(pilot, "markup")
            name = app.screen.query_one(UserRow).query_one(Static)
            lines = name.render_lines(Region(0, 0, name.size.width, name.size.height))
            shown = "\n".join(line.text for line in lines)
            assert "[bold red]x[/] Markup" in shown
            assert not any(
                segment.style and segment.style.color and segment.style.color.name == "red"
                for line in lines for segment in line
            )

    asyncio.run(scenario())


def test_snapshot_people_all(logged_in_app, snap_compare):
    """People with no query: everyone, with mini avatars."""

    async def run_before(pilot):
        await open_people(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_people_search(logged_in_app, snap_compare):
    """People after searching "анна"."""

    async def run_before(pilot):
        await open_people(pilot)
        await search(pilot, "анна")

    assert snap_compare(logged_in_app("michail"), terminal_size=(100, 30),
                        run_before=run_before)


def test_enter_moves_to_the_results_or_stays_to_correct_the_name(logged_in_app):
    """Enter on "petr" moves the focus to the list (Michail highlighted); Enter on a
    name nobody has leaves it in the search field, to correct the name — whether
    or not the search as you type had already run."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            field = app.screen.query_one("#people-search")
            listing = app.screen.query_one("#people-list", ListView)
            await search(pilot, "petr")
            assert names(app) == ["Michail Petrov"] and listing.has_focus
            await pilot.press("ctrl+l")
            field.value = ""
            await search(pilot, "Zebedee")  # Enter at once: the list still held Michail
            assert names(app) == [] and field.has_focus
            field.value = ""
            await type_text(pilot, "Zorro")
            await pilot.pause(0.4)  # the search as you type has run: the list is empty
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert names(app) == [] and field.has_focus

    asyncio.run(scenario())


def test_backspace_and_ctrl_u_on_the_list_erase_in_the_search(logged_in_app):
    """On the list of people found, Backspace takes the last letter off the
    search and Ctrl+U empties it, as letters typed there add to it (they did
    nothing: the search stayed as it was)."""
    from textual.widgets import Input

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            await search(pilot, "olga")
            field = app.screen.query_one("#people-search", Input)
            assert app.focused is app.screen.query_one("#people-list")
            await pilot.press("backspace")
            await settle(pilot)
            assert field.value == "olg" and app.focused is field
            app.screen.query_one("#people-list").focus()
            await settle(pilot)
            await pilot.press("ctrl+u")
            await settle(pilot)
            assert field.value == "" and app.focused is field

    asyncio.run(scenario())
