"""A paste holding terminal controls (``ESC ]2;…`` would retitle the
terminal, ``ESC [2J`` clear it) reaches no field, and so never the terminal:
the search query, the chat's search and the composer get it cleaned."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import Input

from tests.tui.conftest import settle
from tests.tui.test_file_names import UNSAFE, screen_text
from tui.screens.search import SearchScreen
from tui.widgets.composer import Composer

PASTED = "a\x1b]2;PWNED\x07\x1b[2Jb\x00c\u202ed"


async def paste(pilot) -> None:
    pilot.app.post_message(events.Paste(PASTED))  # as the terminal's bracketed paste comes
    await settle(pilot)


def test_a_paste_is_cleaned_before_any_field_holds_it(logged_in_app, app_db):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            await paste(pilot)
            assert app.screen.query_one("#search-query", Input).value == "a]2;PWNED[2Jbcd"
            assert not UNSAFE.findall(screen_text(app))
            await pilot.press("escape")
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            composer.focus()
            await paste(pilot)
            assert composer.text == "a]2;PWNED[2Jbcd"
            await pilot.press("ctrl+f")
            await settle(pilot)
            await paste(pilot)
            assert app.screen.query_one("#chat-search-input", Input).value == "a]2;PWNED[2Jbcd"
            assert not UNSAFE.findall(screen_text(app))

    asyncio.run(scenario())
