"""The global search asks at once for a query typed after a pause and waits
only between fast keys (issue 17: its first results painted within 100 ms,
not after a fixed typing pause). ``DEBOUNCE`` is set long here so that no
timer can fire inside a test: what is asked is decided by the keys alone."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, OptionList

from tests.tui import music_data as fixtures
from tests.tui.conftest import settle, type_text
from tui.screens.search import SearchScreen

music_data = fixtures.music_data
music_app = fixtures.music_app

SIZE = (110, 32)


def noted_calls(monkeypatch, cls, name: str, at: int) -> list[str]:
    """The queries ``cls.name`` was called with (its ``at``-th argument)."""
    queries: list[str] = []
    run = getattr(cls, name)

    def noted(self, *args):
        queries.append(args[at])
        return run(self, *args)

    monkeypatch.setattr(cls, name, noted)
    return queries


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The queries the search screen asked the database for, in order."""
    monkeypatch.setattr(SearchScreen, "DEBOUNCE", 60)
    return noted_calls(monkeypatch, SearchScreen, "run_search", 0)


async def open_search(pilot) -> SearchScreen:
    await settle(pilot)
    await pilot.press("ctrl+f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SearchScreen)
    return pilot.app.screen


def lines(screen: SearchScreen) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def test_a_query_pasted_after_a_pause_is_asked_at_once(logged_in_app, asked):
    """Анна opens the search and pastes "привет": her results show without
    any typing pause, and the next opening asks its first key at once too."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            screen.query_one(Input).value = "привет"  # a paste: one change
            await settle(pilot)
            assert asked == ["привет"]
            assert lines(screen)[0] == "Messages (1)"
            await pilot.press("escape")
            await open_search(pilot)
            await type_text(pilot, "m")
            await settle(pilot)
            assert asked == ["привет", "m"]

    asyncio.run(scenario())


def test_fast_keys_ask_once_for_what_was_typed_last(logged_in_app, asked):
    """Keys typed one after another: the first is asked at once, the rest
    wait for typing to stop and are asked once, as the whole query (Enter
    asks it at once and opens the first result of that query)."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            await type_text(pilot, "привет")
            await settle(pilot)
            assert asked == ["п"]  # the rest waits for the typing to stop
            assert screen.query_text == "привет"
            screen.answer_now()  # what the pause's end (or a held Enter) runs
            await settle(pilot)
            assert asked == ["п", "привет"]
            assert lines(screen)[0] == "Messages (1)"

    asyncio.run(scenario())



def test_people_lists_a_name_pasted_after_a_pause_at_once(logged_in_app, monkeypatch):
    """People (F5): a name pasted into the search is listed without a typing
    pause; letters typed right after it wait for the typing to stop, and
    Enter asks for them all at once."""
    from tests.tui.test_people import names, open_people
    from tui.screens import people

    monkeypatch.setattr(people, "SEARCH_DELAY", 60)
    asked = noted_calls(monkeypatch, people.PeopleScreen, "_load", 1)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            listed = list(asked)
            app.screen.query_one("#people-search", Input).value = "PETR"
            await settle(pilot)
            assert asked == [*listed, "PETR"]
            assert names(app) == ["Michail Petrov"]
            await type_text(pilot, "xyz")
            await settle(pilot)
            assert asked == [*listed, "PETR"]  # fast keys wait
            await pilot.press("enter")
            await settle(pilot)
            assert asked == [*listed, "PETR", "PETRxyz"]
            assert names(app) == []

    asyncio.run(scenario())


def test_music_lists_a_title_pasted_after_a_pause_at_once(music_app, monkeypatch):
    """Music's All tracks (Ctrl+L): a title pasted is searched at once; fast
    keys after it wait and are asked once."""
    from tests.tui.test_music import open_music, titles
    from tui.screens import music
    from tui.widgets.track_table import TrackTable

    monkeypatch.setattr(music, "SEARCH_DELAY", 60)
    asked = noted_calls(monkeypatch, music.MusicScreen, "_run_search", 1)
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            await pilot.press("ctrl+l")
            await settle(pilot)
            listed = list(asked)
            screen.query_one("#music-search", Input).value = "вальс"
            await settle(pilot)
            assert asked == [*listed, "вальс"]
            assert titles(screen.query_one("#all-table", TrackTable)) == ["Вечерний вальс"]
            await type_text(pilot, " x")
            await settle(pilot)
            assert asked == [*listed, "вальс"]
            await pilot.press("enter")
            await settle(pilot)
            assert asked == [*listed, "вальс", "вальс x"]
            assert titles(screen.query_one("#all-table", TrackTable)) == []

    asyncio.run(scenario())
