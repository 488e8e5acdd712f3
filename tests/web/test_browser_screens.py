"""The app in the browser as a person uses it: Russian, a window resized, and
the music import's file picker kept inside the server's upload folder."""

from __future__ import annotations

import asyncio

from tests.web.conftest import PASSWORD
from tests.web.harness import Tab, chromium, served


def test_russian_ui_and_a_resized_window_redraws(web_db, tmp_path):
    async def scenario(url: str) -> None:
        async with chromium(tmp_path / "profile", size=(1100, 700)) as browser:
            tab = await Tab.open(browser, url)
            screen = await tab.shows("Войдите, чтобы продолжить.", "Войти")
            wide_cols, _ = await tab.size()
            wide_at = next(line.index("Войдите") for line in screen.splitlines()
                           if "Войдите" in line)

            await tab.page.set_viewport_size({"width": 640, "height": 480})
            await tab.page.wait_for_function(
                f"() => window.__terminalSize()[0] < {wide_cols}", timeout=30_000)
            narrow_cols, _ = await tab.size()
            # the log-in box is centred: redrawn for the new width, it moves left
            await tab.page.wait_for_function(
                """([wideAt]) => window.__screenText().split('\\n').some(
                     line => line.includes('Войдите') && line.indexOf('Войдите') < wideAt)""",
                arg=[wide_at], timeout=30_000,
            )
            # the footer's right-aligned palette key is back inside the narrower window
            await tab.page.wait_for_function(
                "() => window.__screenText().split('\\n').slice(-1)[0].includes('^p')",
                timeout=30_000,
            )
            assert narrow_cols < wide_cols
            assert "Войти" in await tab.text()

    with served(web_db.url, "--lang", "ru", log=tmp_path / "serve.log") as (url, _):
        asyncio.run(scenario(url))


def test_the_file_picker_cannot_leave_the_upload_folder(web_db, tmp_path):
    upload = tmp_path / "upload"
    (upload / "holiday").mkdir(parents=True)
    (upload / "song.ogg").write_bytes(b"not really audio")
    secret = tmp_path / "server-secrets"
    secret.mkdir()
    (secret / "secret.ogg").write_bytes(b"not for visitors")
    (upload / "escape").symlink_to(secret, target_is_directory=True)

    async def scenario(url: str) -> None:
        async with chromium(tmp_path / "profile") as browser:
            tab = await Tab.open(browser, url)
            await tab.log_in("anna", PASSWORD)
            await tab.shows("Messenger · Feed")
            await tab.press("F8")
            await tab.shows("My music")
            await tab.press("i")
            screen = await tab.shows("Import music", "holiday", "song.ogg")
            assert "escape" not in screen and "secret" not in screen

            for outside in (str(secret / "secret.ogg"), str(upload / "escape" / "secret.ogg"),
                            "/etc", str(upload / ".." / "server-secrets")):
                await tab.type(outside)
                await tab.press("Enter")
                await tab.shows("In the web app only files in the upload folder can be chosen.")
                await tab.press("Control+a", "Control+k")  # empty the field for the next one

    with served(web_db.url, "--upload-dir", str(upload), log=tmp_path / "serve.log") as (url, _):
        asyncio.run(scenario(url))


def test_a_link_in_a_message_opens_in_a_new_tab_after_a_yes(web_db, tmp_path):
    from models import messages

    async def scenario(url: str) -> None:
        link = f"{url}/static/css/xterm.css?from=michail"
        messages.send_message(web_db.michail.id, web_db.anna.id, f"The map: {link}", "link-1")
        async with chromium(tmp_path / "profile") as browser:
            tab = await Tab.open(browser, url)
            await tab.log_in("anna", PASSWORD)
            await tab.shows("Messenger · Feed")
            await tab.press("F3")
            await tab.shows("Saved notes", "Michail Petrov")
            await tab.press("ArrowDown", "Enter")
            await tab.shows("The map:")
            await tab.click_text("css?from=michail")  # the message (the list cuts it short)
            await tab.press("o")
            await tab.shows("Open this address in a new browser tab?", link)
            async with browser.expect_page(timeout=30_000) as opening:
                await tab.press("y")
            opened = await opening.value
            await opened.wait_for_load_state()
            assert opened.url == link
            assert await opened.evaluate("window.opener") is None

    with served(web_db.url, log=tmp_path / "serve.log") as (url, _):
        asyncio.run(scenario(url))
