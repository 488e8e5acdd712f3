"""Letters typed while the chat (not the composer) has the focus are not lost:
one that is no command of the chat goes into the composer, which takes the
focus; the chat's own keys stay commands."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import settle
from tui.widgets.chat_view import ChatView
from tui.widgets.composer import Composer


def test_typing_in_the_chat_writes_in_the_composer(logged_in_app, app_db):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            chat = app.screen.query_one(ChatView)
            chat.focus()
            await settle(pilot)
            await pilot.press("h", "u", "g", "s")
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            assert composer.text == "hugs"
            assert composer.has_focus

    asyncio.run(scenario())
