"""The global search (Ctrl+F) is kept and shown again (issue 17, every key
painted; tui/kept_screens.py ``show_kept``): built out of sight after log-in,
the same screen each time, opened as a new one would be — an empty query with
the focus, All, no results, nothing of the last search (nor its late answer)
— keys typed as it opens land in its query, and closed, the focus is back
where it was."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Input, OptionList, Static, Tabs

from models import search
from tests.tui.conftest import held_back, settle, type_text
from tests.tui.test_kept_community import running_timers
from tests.tui.test_key_order import burst, handled
from tui.screens.search import ALL, SearchScreen

SIZE = (110, 32)


@pytest.fixture(autouse=True)
def no_debounce(monkeypatch):
    """Search on every key at once: the test then waits for the worker, not a timer."""
    monkeypatch.setattr(SearchScreen, "DEBOUNCE", 0)


def lines(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def fresh(screen: SearchScreen) -> bool:
    """As a new search screen opens: nothing typed, All, no results or notes,
    the query focused."""
    field = screen.query_one(Input)
    return (field.value == "" and screen.section == ALL
            and screen.query_one(Tabs).active == f"tab-{ALL}"
            and screen.query_one(OptionList).option_count == 0
            and str(screen.query_one("#search-notes", Static).render()) == ""
            and screen.app.focused is field)


async def open_search(pilot) -> SearchScreen:
    await pilot.press("ctrl+f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SearchScreen)
    return pilot.app.screen


async def to_communities_search(app, pilot) -> Input:
    """The Communities section, its search field focused (letters typed there
    search communities; in a chat Ctrl+F searches the chat)."""
    await settle(pilot)
    app.action_section("communities")
    await settle(pilot)
    field = app.screen.query_one("#communities-search", Input)
    field.focus()
    await settle(pilot)
    return field


def test_the_search_is_the_same_screen_opened_afresh_each_time(app_db, logged_in_app):
    """"olga", the People section and a filter's note, then Esc: Ctrl+F again
    shows the same screen, emptied as a new one (a messenger's search keeps
    nothing of the last), and it searches as before."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            first = await open_search(pilot)
            assert fresh(first)
            await type_text(pilot, "olga has:video")
            await pilot.press("tab")
            await settle(pilot)
            assert first.section != ALL
            assert str(first.query_one("#search-notes", Static).render()) != ""
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, SearchScreen)
            again = await open_search(pilot)
            assert again is first
            assert fresh(again)
            await type_text(pilot, "olga")
            await settle(pilot)
            assert "Olga Smirnova  @olga" in lines(again.query_one(OptionList))

    asyncio.run(scenario())


def test_a_late_answer_for_the_last_query_is_not_shown_on_the_next(
        app_db, logged_in_app, monkeypatch):
    """The search for "привет" answers only after Esc and Ctrl+F again: the
    reopened screen stays empty."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = await open_search(pilot)
            gate = held_back(monkeypatch, search, "search_everything")
            await type_text(pilot, "привет")
            await pilot.pause(0.1)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("ctrl+f")
            await pilot.pause()
            assert app.screen is screen
            gate.set()
            await settle(pilot)
            assert fresh(screen)

    asyncio.run(scenario())


@pytest.mark.parametrize("times", [1, 2], ids=["first", "kept"])
def test_words_typed_as_the_search_opens_go_into_its_query(app_db, logged_in_app, times):
    """In Communities' search field, Ctrl+F and a name typed in one burst (a
    fast typist): every letter lands in the global search's query, none in the
    field below it, the first time and when the screen is shown again. Esc:
    the field has the focus again, empty."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            field = await to_communities_search(app, pilot)
            for _ in range(times):
                app.post_message(events.Key("ctrl+f", None))
                burst(app, "olga")
                await handled(pilot)
                screen = app.screen
                assert isinstance(screen, SearchScreen)
                assert screen.query_one(Input).value == "olga"
                assert "Olga Smirnova  @olga" in lines(screen.query_one(OptionList))
                assert field.value == ""
                app.post_message(events.Key("escape", None))
                await handled(pilot)
                assert app.focused is field and field.value == ""

    asyncio.run(scenario())


def test_closing_the_search_gives_the_focus_back(app_db, logged_in_app):
    """The focus is where it was before Ctrl+F: Communities' search field,
    with what was typed in it; then the list of communities."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            field = await to_communities_search(app, pilot)
            await type_text(pilot, "half")
            for _ in range(2):
                screen = await open_search(pilot)
                assert app.focused is screen.query_one(Input)
                await type_text(pilot, "x")
                await pilot.press("escape")
                await settle(pilot)
                assert app.focused is field and field.value == "half"
            listing = app.screen.query_one("#list-my", OptionList)
            listing.focus()
            await settle(pilot)
            await open_search(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert app.focused is listing

    asyncio.run(scenario())


def test_the_search_is_built_out_of_sight_after_log_in(app_db, logged_in_app):
    """Once the sections are built, the search screen is too, on no stack,
    with nothing running on it; the session's first Ctrl+F shows it."""
    from tests.tui.test_sections_prepared import sections_prepared

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await sections_prepared(app, pilot)
            for _ in range(300):
                if app.kept_screen("search") is not None:
                    break
                await asyncio.sleep(0.1)
            built = app.kept_screen("search")
            assert isinstance(built, SearchScreen) and built not in app.screen_stack
            await asyncio.sleep(0.3)
            assert running_timers(built) == []
            assert not [w for w in app.workers if w.node is built]
            assert await open_search(pilot) is built
            assert fresh(built)

    asyncio.run(scenario())


def test_log_out_drops_the_kept_search(app_db, logged_in_app):
    """Log-out drops the screen (it searched as Анна): after logging in again,
    Ctrl+F opens a new one."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            first = await open_search(pilot)
            await pilot.press("escape")
            await settle(pilot)
            app.log_out()
            await settle(pilot)
            assert app.kept_screen("search") is None and not first.is_attached

    asyncio.run(scenario())
