"""What the operator's limits look like from a browser: a full server, an idle
tab closed with the reason, and a session's process killed while the server
goes on serving the next tab."""

from __future__ import annotations

import asyncio
import os
import signal

from tests.web.harness import Tab, children, chromium, served


def test_a_tab_over_the_cap_gets_a_page_saying_the_server_is_full(web_db, tmp_path):
    async def scenario(url: str) -> None:
        async with chromium(tmp_path / "profile") as browser:
            first = await Tab.open(browser, url)
            await first.shows("Log in to continue.")
            second = await browser.new_page()
            response = await second.goto(url)
            assert response.status == 503
            assert "Messenger is full (sessions open: 1)" in await second.inner_text(
                "body")
            await first.page.close()  # a place is free again once its app has quit
            for _ in range(100):  # as a person would: reload until the page is an app
                if (await second.reload()).status == 200:
                    break
                await asyncio.sleep(0.2)
            await Tab(second).shows("Log in to continue.")

    with served(web_db.url, "--max-sessions", "1", log=tmp_path / "serve.log") as (url, _):
        asyncio.run(scenario(url))


def test_an_idle_tab_is_closed_and_says_why(web_db, tmp_path):
    async def scenario(url: str) -> None:
        async with chromium(tmp_path / "profile") as browser:
            tab = await Tab.open(browser, url)
            await tab.shows("Log in to continue.")
            reason = await tab.ended_reason()
            assert reason == ("Closed after 2 s without activity. Reload the page to start "
                              "again.")

    with served(web_db.url, "--idle-timeout", "2s", log=tmp_path / "serve.log") as (url, _):
        asyncio.run(scenario(url))


def test_a_killed_session_ends_its_tab_and_the_server_serves_the_next(web_db, tmp_path):
    async def scenario(url: str, server_pid: int) -> None:
        async with chromium(tmp_path / "profile") as browser:
            tab = await Tab.open(browser, url)
            await tab.shows("Log in to continue.")
            (app_pid,) = children(server_pid)
            os.kill(app_pid, signal.SIGKILL)
            assert await tab.ended_reason() == (
                "The app stopped unexpectedly. Reload the page to start again.")
            following = await Tab.open(browser, url)
            await following.shows("Log in to continue.")
            assert app_pid not in children(server_pid)

    with served(web_db.url, log=tmp_path / "serve.log") as (url, server):
        asyncio.run(scenario(url, server.pid))
        assert server.poll() is None
