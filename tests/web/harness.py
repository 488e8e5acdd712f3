"""A real ``messenger serve`` and a real Chromium (Debian's, through Playwright).

``served(db_url, *options)`` starts the server as an operator would (its own
process, a free port on 127.0.0.1) and stops it afterwards. ``chromium()``
launches the browser with a fresh profile and no network chatter. ``Tab`` reads
what the page's terminal shows: textual-serve draws on a canvas, so the text
comes from the xterm.js buffer, reached through a hook installed before the
page's script runs (the client keeps its terminal in an object with a
``fitAddon``; the hook notes that object when the property is first set).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from tests.optional_parts import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
WAIT = 30_000  # ms: the longest any step may take on a loaded 2-core machine

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-gpu", "--disable-quic",
]

SCREEN_HOOK = """
Object.defineProperty(Object.prototype, 'fitAddon', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'fitAddon',
      {value, writable: true, configurable: true, enumerable: true});
    if (this.terminal) window.__textualClient = this;
  },
});
window.__screenText = () => {
  const client = window.__textualClient;
  if (!client) return '';
  const terminal = client.terminal, buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true, 0, terminal.cols) : '');
  }
  return rows.join('\\n');
};
window.__terminalSize = () => {
  const terminal = window.__textualClient && window.__textualClient.terminal;
  return terminal ? [terminal.cols, terminal.rows] : [0, 0];
};
"""


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the session apps of a server)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after its ")"
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(db_url: str, *options: str, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``messenger serve`` on ``db_url``; yields (its address, its process)."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), SDL_AUDIODRIVER="dummy")
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--db", db_url, "--port", str(port),
             *options],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + WAIT / 1000
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("messenger serve did not start:\n" + log.read_text())
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.asynccontextmanager
async def chromium(profile: Path, size=(1100, 700)) -> AsyncIterator:
    """A browser context with a fresh profile in ``profile``."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": size[0], "height": size[1]},
        )
        await context.add_init_script(SCREEN_HOOK)
        try:
            yield context
        finally:
            await context.close()


class Tab:
    """One browser tab on the served app."""

    def __init__(self, page) -> None:
        self.page = page

    @classmethod
    async def open(cls, context, url: str) -> Tab:
        page = await context.new_page()
        await page.goto(url)
        return cls(page)

    async def text(self) -> str:
        return await self.page.evaluate("window.__screenText ? window.__screenText() : ''")

    async def size(self) -> tuple[int, int]:
        cols, rows = await self.page.evaluate("window.__terminalSize()")
        return cols, rows

    async def shows(self, *texts: str, timeout: int = WAIT) -> str:
        """Wait until the terminal shows every one of ``texts``; returns the screen."""
        try:
            await self.page.wait_for_function(
                "texts => { const s = window.__screenText ? window.__screenText() : '';"
                " return texts.every(t => s.includes(t)); }",
                arg=list(texts), timeout=timeout, polling=100,
            )
        except Exception as exc:
            raise AssertionError(f"never showed {texts!r}; the screen:\n{await self.text()}") \
                from exc
        return await self.text()

    async def type(self, text: str) -> None:
        await self.page.focus("textarea.xterm-helper-textarea")
        await self.page.keyboard.type(text, delay=15)

    async def press(self, *keys: str) -> None:
        await self.page.focus("textarea.xterm-helper-textarea")
        for key in keys:
            await self.page.keyboard.press(key)
            await asyncio.sleep(0.05)

    async def click_text(self, text: str) -> None:
        """Click, with the mouse, the first cell of ``text`` on the screen."""
        lines = (await self.shows(text)).splitlines()
        row = next(y for y, line in enumerate(lines) if text in line)
        column = lines[row].index(text)
        cols, rows = await self.size()
        box = await self.page.locator(".xterm-screen").bounding_box()
        await self.page.mouse.click(box["x"] + (column + 0.5) * box["width"] / cols,
                                    box["y"] + (row + 0.5) * box["height"] / rows)

    async def log_in(self, login: str, password: str) -> None:
        await self.shows("Log in")
        await self.type(login)
        await self.press("Tab")
        # Textual moves the focus after the keys already sent reach the login field:
        # a person pauses after Tab as well. The check below fails if it was too short.
        await asyncio.sleep(0.5)
        await self.type(password)
        await self.shows(login, "•" * len(password))
        await self.press("Enter")

    async def ended_reason(self, timeout: int = WAIT) -> str:
        """The text of the "session ended" box, once it shows a reason."""
        await self.page.wait_for_function(
            "() => document.body.classList.contains('-closed') &&"
            " document.getElementById('closed-reason').textContent !== 'Session ended.'",
            timeout=timeout, polling=100,
        )
        return await self.page.text_content("#closed-reason")
