"""A chat keeps the lines of the bubbles it drew last, not of every bubble it
ever drew (issue 17): a drawn line of pictures costs ~400 bytes a cell, and a
window of 150 pictured messages scrolled through held ~30 MB."""

from __future__ import annotations

import asyncio

from models import messages
from tests.tui.test_picture_views import picture, pictures_drawn
from tui.widgets.chat_lines import DRAWN_LINES
from tui.widgets.chat_view import ChatView


def test_drawing_every_pictured_bubble_keeps_a_bounded_number_of_lines(logged_in_app, app_db):
    for n in range(30):
        messages.send_message(app_db.michail.id, app_db.anna.id, f"photo {n}",
                              messages.new_client_id(), attachments=[picture()])
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await pictures_drawn(pilot)
            app.open_dialog(app_db.michail.id)
            await pictures_drawn(pilot)
            chat = app.screen.query_one(ChatView)
            width = chat._width
            drawn = [len(chat._strips_for(i, width)) for i in range(len(chat.items))]
            assert sum(drawn) > 2 * DRAWN_LINES  # every bubble drawn once …
            kept = sum(map(len, chat._cache.values()))
            assert kept <= DRAWN_LINES  # … and only the last ones kept
            again = chat._strips_for(0, width)  # the first, dropped, is drawn again the same
            assert [s.text for s in again][:drawn[0]] and len(again) == drawn[0]

    asyncio.run(main())
