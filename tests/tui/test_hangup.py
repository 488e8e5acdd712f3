"""The app ends when its terminal goes away (tui/hangup.py).

A terminal closed under a running app (a dropped SSH connection, a killed
tmux) left the app running at ~30 % of a core: Textual's input thread read an
empty, ever-ready terminal. These tests run the real command on a
pseudo-terminal and take the terminal away.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time

import pytest

from tests.test_cli import ROOT, messenger_command
from tests.tui.conftest import settle, type_text
from tests.tui.test_dialogs import open_chat, run
from tui import hangup
from tui.widgets.composer import Composer

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


class Terminal:
    """The app started on a pseudo-terminal, its screen read as it comes;
    ``typed_before``: keys typed before the command starts (cooked by the
    terminal, as typing ahead in a shell is)."""

    def __init__(self, tmp_path, *argv: str, typed_before: bytes = b""):
        self.master, slave = os.openpty()
        os.set_blocking(self.master, True)
        if typed_before:
            os.write(self.master, typed_before)
        env = {**os.environ, "MESSENGER_HOME": str(tmp_path / "home"),
               "PYTHONPATH": str(ROOT), "TERM": "xterm-256color",
               "COLUMNS": "100", "LINES": "30", "SDL_AUDIODRIVER": "dummy"}
        env.pop("MESSENGER_DB", None)
        self.process = subprocess.Popen(
            [*messenger_command(), *argv], stdin=slave, stdout=slave, stderr=slave,
            env=env, cwd=tmp_path, start_new_session=True,  # no controlling terminal: no SIGHUP
        )
        os.close(slave)
        self.output = bytearray()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, text: str, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while text.encode() not in self.output:
            assert self.process.poll() is None, self.output[-2000:]
            assert time.monotonic() < end, f"{text!r} never shown"
            time.sleep(0.1)

    def write(self, data: bytes) -> None:
        """``data`` typed or pasted, as the terminal sends it."""
        os.write(self.master, data)

    def hang_up(self) -> None:
        os.close(self.master)

    def ended_within(self, seconds: float) -> bool:
        try:
            self.process.wait(timeout=seconds)
            return True
        except subprocess.TimeoutExpired:
            return False

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def terminal(tmp_path):
    term = Terminal(tmp_path)
    yield term
    term.kill()


def test_the_app_ends_when_its_terminal_hangs_up(terminal):
    """The terminal closes with no signal sent (as under a killed tmux): the
    app ends instead of running on for nobody."""
    terminal.wait_for("Log in")
    terminal.hang_up()
    assert terminal.ended_within(hangup.GRACE + 10), "the app ran on without its terminal"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_ends_the_app_as_quitting_does(terminal, sig):
    """An operator's SIGTERM, or the SIGHUP of a closed connection, ends the
    app the way Ctrl+Q does (not killed where it stood): the exit status is
    the one a shell gives for the signal."""
    terminal.wait_for("Log in")
    terminal.process.send_signal(sig)
    assert terminal.ended_within(hangup.GRACE + 10)
    assert terminal.process.returncode == 128 + sig


def test_ending_on_a_hangup_writes_the_draft(app_db, logged_in_app):
    """What was typed in a chat a moment before the connection dropped is in
    the database afterwards (the app ends as on Ctrl+Q: drafts written)."""
    from models.drafts import drafts_for

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        app.screen.query_one(Composer).focus()
        await settle(pilot)
        await type_text(pilot, "typed just before the drop")
        timer = hangup.end_app(app)
        timer.cancel()  # the process is this test's: it must not be ended
        for _ in range(100):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
        assert not app.is_running

    run(app, scenario)
    assert [d.text for d in drafts_for(app_db.anna.id)] == ["typed just before the drop"]
