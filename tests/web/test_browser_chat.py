"""Анна in a browser tab, Michail in a terminal app: a message each way, live.

The server is ``messenger serve`` in its own process, the browser Debian's
Chromium; Michail's app is a headless Pilot app in this process on the same
SQLite file. A screenshot of the page after log-in is kept in test-artifacts/.
"""

from __future__ import annotations

import asyncio

from tests.tui.conftest import settle, type_text
from tests.web.conftest import ARTIFACTS, PASSWORD
from tests.web.harness import Tab, chromium, served
from tui.widgets.chat_view import ChatView


async def until(pilot, condition, seconds: float = 30) -> bool:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


def test_a_message_from_the_browser_reaches_a_terminal_app_and_the_reply_comes_back(
    web_db_any, tmp_path
):
    from tui.app import make_app

    web_db = web_db_any

    async def scenario(url: str) -> None:
        async with chromium(tmp_path / "profile") as browser:
            tab = await Tab.open(browser, url)
            await tab.log_in("anna", PASSWORD)
            await tab.shows("Messenger · Feed", "Анна Иванова")
            ARTIFACTS.mkdir(exist_ok=True)
            await tab.page.screenshot(path=str(ARTIFACTS / "browser-after-log-in.png"))

            michail = make_app(web_db.url, poll_interval=0.1, cursor_blink=False)
            michail.start_user = web_db.michail
            async with michail.run_test(size=(100, 30)) as pilot:
                await settle(pilot)
                await pilot.press("f3")
                await settle(pilot)
                michail.open_dialog(web_db.anna.id)
                await settle(pilot)
                chat = michail.screen.query_one(ChatView)

                await tab.press("F3")
                await tab.shows("Saved notes", "Michail Petrov")
                await tab.press("ArrowDown", "Enter")  # past Saved notes to Michail
                await tab.shows("Привет! Are you coming tonight?")
                await tab.type("Hello from the browser")
                await tab.press("Enter")
                assert await until(pilot, lambda: any(
                    item.text == "Hello from the browser" for item in chat.items))

                await type_text(pilot, "Reply from the terminal")
                await pilot.press("enter")
                await settle(pilot)
                screen = await tab.shows("Reply from the terminal")
                assert "Hello from the browser" in screen

    with served(web_db.url, log=tmp_path / "serve.log") as (url, _server):
        asyncio.run(scenario(url))
