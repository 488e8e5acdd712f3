"""Music's letter keys stay in the footer, dimmed, while the search has the
focus (tui/typing_keys.py): the keys type into the search then, and going
between the search and the lists only dims or undims them — the footer's keys
are the same widgets, nothing is mounted or laid out again."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, TabbedContent

from tests.tui import music_data as fixtures
from tests.tui.test_music import open_music
from tui.widgets.footer import AppFooter

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def footer_keys(screen) -> list[tuple[str, str, bool]]:
    """(key, description, dimmed) of each footer key, in order."""
    return [(key.key, key.description, key.has_class("-disabled"))
            for key in screen.query_one(AppFooter).keys_on_show()
            if not key.has_class("-command-palette")]


def test_letter_keys_are_dimmed_while_typing_a_search_and_type_into_it(music_app):
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(110, 30)) as pilot:
            screen = await open_music(pilot)
            on_list = footer_keys(screen)
            widgets = list(screen.query_one(AppFooter).keys_on_show())
            assert ("i", "Import", False) in on_list
            assert ("space", "Play / pause", False) in on_list
            await pilot.press("ctrl+l")
            await settle(pilot)
            search = screen.query_one("#music-search", Input)
            assert app.focused is search
            typing = footer_keys(screen)
            assert [k[:2] for k in typing] == [k[:2] for k in on_list]  # the same keys, in place
            assert ("i", "Import", True) in typing  # dimmed: it types now
            assert ("space", "Play / pause", True) in typing
            assert ("ctrl+l", "Search", True) in typing  # dimmed: the search has the focus
            assert app.active_bindings["i"].enabled is False
            await pilot.press("i", "space", "a")
            await settle(pilot)
            assert search.value == "i a"
            assert len(app.screen_stack) == 1 and app.screen is screen  # no import dialog
            assert app.player is None  # space did not play
            await pilot.press("1")  # a digit is typed too
            await settle(pilot)
            assert search.value == "i a1"
            screen.action_tab("mine")
            await settle(pilot)
            assert screen.query_one(TabbedContent).active == "mine"
            assert footer_keys(screen) == on_list
            assert list(screen.query_one(AppFooter).keys_on_show()) == widgets

    asyncio.run(scenario())
