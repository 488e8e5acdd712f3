"""What is typed while the app starts (cli/typeahead.py): not echoed, Enter
kept, and the terminal's own settings back when the app ends."""

from __future__ import annotations

import os
import termios

import pytest

from cli.typeahead import taken_terminal
from models import accounts
from models.db import close_database, open_database
from tests.tui.test_hangup import Terminal

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")

PASSWORD = "typed-ahead-password-1"


@pytest.fixture
def pty():
    master, slave = os.openpty()
    with os.fdopen(slave, "rb", buffering=0) as stream:
        yield master, stream
    os.close(master)


def test_the_terminal_is_taken_at_once_and_given_back(pty):
    """While the app starts, keys are not echoed, not held for a whole line,
    and Enter stays a carriage return; afterwards the terminal is as it was."""
    master, stream = pty
    before = termios.tcgetattr(stream.fileno())
    assert before[3] & termios.ECHO and before[3] & termios.ICANON and before[0] & termios.ICRNL
    with taken_terminal(stream) as taken:
        assert taken
        now = termios.tcgetattr(stream.fileno())
        assert not now[3] & termios.ECHO
        assert not now[3] & termios.ICANON
        assert not now[0] & termios.ICRNL
        os.write(master, b"secret\r")
        assert os.read(stream.fileno(), 100) == b"secret\r"  # no line feed made of Enter
        os.set_blocking(master, False)
        with pytest.raises(BlockingIOError):
            os.read(master, 100)  # nothing echoed back to the screen
    assert termios.tcgetattr(stream.fileno()) == before


def test_no_terminal_is_left_alone(tmp_path):
    """A pipe (a web session, a test) is not a terminal: nothing is taken."""
    read, write = os.pipe()
    with os.fdopen(read, "rb") as stream, taken_terminal(stream) as taken:
        assert not taken
    os.close(write)


def test_login_enter_password_typed_before_the_app_starts_logs_in(tmp_path):
    """"anna⏎password⏎" typed in the shell right after the command, before the
    app has the terminal: the terminal turned each Enter into a line feed.
    They still act as Enter, so the password goes to the Password field (it
    landed in the Login field, in the clear) and the person is logged in."""
    url = f"sqlite:///{tmp_path / 'typed.db'}"
    open_database(url)
    accounts.register("anna", "Anna", "Ahead", PASSWORD, PASSWORD)
    close_database()
    terminal = Terminal(tmp_path, "--db", url,
                        typed_before=f"anna\r{PASSWORD}\r".encode())
    try:
        terminal.wait_for("Feed", timeout=60)
        shown = bytes(terminal.output)
        after_start = shown[shown.index(b"Log in"):] if b"Log in" in shown else shown
        assert PASSWORD.encode() not in after_start
    finally:
        terminal.kill()
