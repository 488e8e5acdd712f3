"""Searching the open chat (Ctrl+F in Dialogs): Enter and ↑ jump to older
matches, ↓ to newer ones, through a history longer than the chat holds."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from tests.tui.conftest import settle, type_text
from tui.screens.search import SearchScreen
from tui.widgets.chat_search_bar import ChatSearchBar
from tui.widgets.chat_view import ChatView

NEEDLES = (40, 150, 290)


def test_matches_are_walked_through_a_long_history(logged_in_app, app_db):
    from models import messages

    anna, michail = app_db.anna.id, app_db.michail.id
    ids = {}
    for i in range(300):
        text = f"needle number {i}" if i in NEEDLES else f"hay number {i}"
        ids[i] = messages.send_message(anna, michail, text, f"cs-{i}").id
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            app.open_dialog(michail)
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            bar = app.screen.query_one(ChatSearchBar)
            chat = app.screen.query_one(ChatView)
            status = bar.query_one("#chat-search-status", Static)
            await type_text(pilot, "needle")
            seen = []
            for key in ("enter", "enter", "up"):
                await pilot.press(key)
                await settle(pilot)
                seen.append(chat.selected_message.id)
            assert seen == [ids[290], ids[150], ids[40]]  # 40 is far outside the first page
            await pilot.press("up")
            await settle(pilot)
            assert str(status.render()) == "No older match."
            assert chat.selected_message.id == ids[40]
            await pilot.press("down")
            await settle(pilot)
            assert chat.selected_message.id == ids[150]
            await pilot.press("escape")
            await settle(pilot)
            assert not bar.has_class("-open") and chat.has_focus

    asyncio.run(scenario())


def test_ctrl_f_without_an_open_chat_is_the_global_search(logged_in_app):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)

    asyncio.run(scenario())
