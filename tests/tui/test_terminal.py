"""Nothing but Textual writes to the terminal, even when the audio device opens.

The app runs in a real pseudo-terminal with SDL's disk audio driver, which
announces itself on stderr ("You are using the SDL disk i/o audio driver!")
when the device opens: a canary. A person logs in with the keyboard, opens
Music (F8), presses Enter to play, and quits with ctrl+q; the canary must
never reach the screen. A control run shows that the canary does appear when
nothing keeps it away.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

CANARY = b"SDL disk i/o audio driver"
WAIT_LIMIT = 60.0  # seconds; reached only when something is broken
F8 = b"\x1b[19~"
ROOT = Path(__file__).resolve().parents[2]


class Terminal:
    """A child process on a pty of 100×30; everything it writes is kept."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""
        self.since = 0  # where the output after the last key sent begins

    def read(self, seconds: float = 0.2) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, text: bytes) -> None:
        """Wait until ``text`` is written after the last key sent (``send``
        reads for a moment itself, so a quick answer may already be in)."""
        end = time.monotonic() + WAIT_LIMIT
        start = self.since
        while text not in self.output[start:] and time.monotonic() < end:
            if self.process.poll() is not None:
                break
            self.read()
        assert text in self.output[start:], f"{text!r} never appeared on the screen"

    def send(self, data: bytes) -> None:
        self.since = len(self.output)
        os.write(self.master, data)
        self.read(0.3)

    def finish(self) -> int:
        end = time.monotonic() + WAIT_LIMIT
        while self.process.poll() is None and time.monotonic() < end:
            self.read()
        self.read(0.2)
        code = self.process.poll()
        if code is None:
            self.process.kill()
            code = self.process.wait()
        os.close(self.master)
        return code


@pytest.fixture
def child_env(tmp_path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("SDL_", "MESSENGER_", "PYTEST_"))
    }
    env.update(
        TERM="xterm-256color",
        LANG="C.UTF-8",
        MESSENGER_HOME=str(tmp_path / "home"),
        SDL_AUDIODRIVER="disk",
        SDL_DISKAUDIOFILE=str(tmp_path / "audio.raw"),
        PYTHONPATH=str(ROOT),
    )
    env.pop("PYGAME_HIDE_SUPPORT_PROMPT", None)
    env.pop("NO_COLOR", None)
    return env


def test_the_canary_is_real(child_env):
    """Control: opening the mixer with the disk driver and nothing in the way
    prints the canary on the terminal."""
    code = "import pygame; pygame.mixer.init(); pygame.mixer.quit()"
    terminal = Terminal([sys.executable, "-c", code], child_env)
    assert terminal.finish() == 0
    assert CANARY in terminal.output


def test_playing_music_writes_nothing_outside_textual(child_env, tmp_path):
    """Log in as the demo user anna, F8, Enter plays the first track (the disk
    driver really writes samples), ctrl+q quits: the canary never shows."""
    from models.demo import DEMO_PASSWORD

    url = f"sqlite:///{tmp_path / 'x.db'}"
    subprocess.run(
        [sys.executable, "-m", "cli", "--db", url, "demo", "--quiet"],
        env=child_env, cwd=ROOT, check=True, capture_output=True,
    )
    terminal = Terminal([sys.executable, "-m", "cli", "--db", url, "--lang", "en"], child_env)
    try:
        terminal.wait_for(b"Log in")
        terminal.send(b"anna\r")
        terminal.read(1.0)  # let Enter move the focus to the password field first
        terminal.send(DEMO_PASSWORD.encode() + b"\r")
        terminal.wait_for(b"Following")
        terminal.send(F8)
        terminal.wait_for(b"My music")
        terminal.read(1.0)
        terminal.send(b"\r")
        terminal.wait_for(b"vol")  # the mini-player appeared: the device is open
        audio = tmp_path / "audio.raw"
        end = time.monotonic() + WAIT_LIMIT
        while (not audio.exists() or audio.stat().st_size == 0) and time.monotonic() < end:
            terminal.read()
        assert audio.exists() and audio.stat().st_size > 0, "no samples were played"
        terminal.send(b"\x11")  # ctrl+q
    finally:
        code = terminal.finish()
    assert code == 0
    assert CANARY not in terminal.output
    assert b"Traceback" not in terminal.output


_CRASHING_APP = """
import sys
import tui.app
shown = tui.app.MessengerApp.on_mount
def on_mount(self):
    shown(self)
    self.set_timer(0.5, self.crash_for_the_test)
def crash_for_the_test(self):
    raise RuntimeError("crash report canary 4242")
tui.app.MessengerApp.on_mount = on_mount
tui.app.MessengerApp.crash_for_the_test = crash_for_the_test
from cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_crash_is_reported_on_the_terminal_and_in_the_exit_code(child_env, tmp_path):
    """An error the app does not handle ends it, as Textual does; the person
    sees the report once the screen is given back, and the exit code says it
    failed. Before, the report went to /dev/null with SDL's noise and the
    command exited 0: the app simply vanished."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    terminal = Terminal([sys.executable, "-c", _CRASHING_APP, "--db", url, "--lang", "en"],
                        child_env)
    terminal.wait_for(b"Log in")
    assert terminal.finish() == 1
    assert b"RuntimeError" in terminal.output and b"crash report canary" in terminal.output
