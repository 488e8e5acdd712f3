"""The shared-host set-up: people reach the app over SSH, as a login command.

A real OpenSSH server (Debian's openssh-server) listens on loopback with the
``ForceCommand`` of README.md ("SSH login command"); ``ssh -tt`` runs in a
pseudo-terminal like a person's terminal. Nobody gets a shell: whatever they
type after the host name, they land on the app's Log in screen, on the one
shared database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models import accounts
from models.db import close_database, database, open_database

from .loopback_sshd import LoopbackSshd, PtyTerminal
from .optional_parts import openssh_missing

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(openssh_missing() is not None, reason=openssh_missing() or ""),
]

LOGIN = "olga"
PASSWORD = "violet tram crosses the bridge"
FIRST, LAST = "Ольга", "Смирнова"
CTRL_Q = b"\x11"
PASSWORD_FIELD_FOCUSED = rb"y\x1b\[0m\x1b\[[0-9;]*mour password"
APP_START = 20.0  # seconds: a cold Python + Textual start on a busy CI machine


def _messenger_binary() -> Path:
    binary = Path(sys.executable).parent / "messenger"
    assert binary.exists(), f"the messenger command is not installed next to {sys.executable}"
    return binary


@pytest.fixture(scope="module")
def shared_host(tmp_path_factory):
    """sshd on a free loopback port whose only command is the app on shared.db,
    where Ольга Смирнова (olga) has registered."""
    folder = tmp_path_factory.mktemp("sshd")
    home = folder / "home"
    url = f"sqlite:///{folder / 'shared.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MESSENGER_HOME", str(home))
        open_database(url)
        try:
            accounts.register(LOGIN, FIRST, LAST, PASSWORD, PASSWORD)
        finally:
            close_database()
            database.initialize(None)

    force_command = LoopbackSshd.quote(
        "env", "LANG=C.UTF-8", f"MESSENGER_HOME={home}",
        str(_messenger_binary()), "--db", url,
    )
    server = LoopbackSshd(folder, force_command)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _client_env() -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


@pytest.fixture
def terminal_for():
    """Start ``ssh`` in a 100×30 pseudo-terminal; always killed afterwards."""
    opened: list[PtyTerminal] = []

    def start(argv: list[str]) -> PtyTerminal:
        terminal = PtyTerminal(argv, columns=100, rows=30, env=_client_env())
        opened.append(terminal)
        return terminal

    yield start
    for terminal in opened:
        terminal.close()


def test_ssh_login_opens_the_app_log_in_and_quit(shared_host, terminal_for):
    """`ssh` to the shared account shows Log in; Ольга types her login and password,
    sees her name in the header of the Feed, and Ctrl+Q ends the SSH session."""
    terminal = terminal_for(shared_host.client_command())

    terminal.wait_for("Log in to continue.", timeout=APP_START)
    # Type like a person: each step once the screen has answered the last one
    # (keys sent in one burst can reach a field before focus has moved to it).
    mark = terminal.mark()
    terminal.type(LOGIN)
    terminal.wait_for(LOGIN, timeout=10, since=mark)
    mark = terminal.mark()
    terminal.type("\r")  # Enter moves to the password field
    # Focused, the empty field draws its cursor on the placeholder's first letter:
    # "y" in its own colours, then "our password".
    terminal.wait_for_bytes(PASSWORD_FIELD_FOCUSED, timeout=10, since=mark)
    mark = terminal.mark()
    terminal.type(f"{PASSWORD}\r")

    screen = terminal.wait_for(f"{FIRST} {LAST}", timeout=APP_START, since=mark)
    assert f"@{LOGIN}" in screen
    assert "Messenger · Feed" in screen
    assert PASSWORD not in terminal.text, "the password was echoed to the terminal"

    terminal.type(CTRL_Q)
    assert terminal.wait_exit(timeout=15) == 0


def test_a_command_after_the_host_name_still_opens_the_app(shared_host, terminal_for, tmp_path):
    """`ssh host touch FILE` runs no command: the person gets the Log in screen,
    the file is never created, and Ctrl+Q leaves."""
    marker = tmp_path / "ran-a-shell-command"
    terminal = terminal_for([*shared_host.client_command(), "touch", str(marker)])

    terminal.wait_for("Log in to continue.", timeout=APP_START)
    terminal.type(CTRL_Q)
    assert terminal.wait_exit(timeout=15) == 0
    assert not marker.exists()


def test_a_key_that_is_not_authorized_is_refused(shared_host, tmp_path):
    """Someone whose key was not added gets "Permission denied" and no app."""
    stranger = tmp_path / "stranger_ed25519"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)],
        check=True, stdin=subprocess.DEVNULL,
    )
    argv = shared_host.client_command()
    argv[argv.index("-i") + 1] = str(stranger)
    result = subprocess.run(
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        env=_client_env(), timeout=20,
    )
    assert result.returncode == 255
    assert "Permission denied" in result.stderr
    assert "Log in" not in result.stdout
