"""The exact bytes the app writes to a real terminal to get attention.

The app runs in a pseudo-terminal (as a person runs it) logged in as Анна,
with the chat with Olga open; another process writes to the same database.
A message from Michail (another chat) gives the bell and an OSC 9 desktop
notification with his name and the text; a mention of @anna from a muted
dialog does too; a message from the muted dialog gives nothing; one in the
open chat gives nothing while the terminal is focused and the full alert once
the terminal reports it lost the focus (``ESC [ O``). A hostile name and text
(ESC, BEL, ST, CAN, OSC openers) arrive cleaned: nothing breaks out of the
sequence. Inside tmux, with both escapes asked for, a friend request comes
wrapped in tmux's passthrough.
"""

from __future__ import annotations

import os
import re
import sys

import pytest

from models import accounts, friends, messages, mutes
from models.db import close_database, database, open_database
from models.schema import Message, User
from tests.tui.test_terminal import ROOT, Terminal

PASSWORD = "correct horse battery staple"
F3 = b"\x1b[13~"
FOCUS_OUT, FOCUS_IN = b"\x1b[O", b"\x1b[I"
OSC9 = b"\x1b]9;"


@pytest.fixture
def community(tmp_path, monkeypatch):
    """Анна, Michail, Olga and Vera; Анна muted her dialog with Vera; Olga wrote
    last, so her dialog is the first under Saved notes."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    url = f"sqlite:///{tmp_path / 'notify.db'}"
    open_database(url)
    people = {}
    for login, first, last in (("anna", "Анна", "Иванова"), ("michail", "Michail", "Petrov"),
                               ("olga", "Olga", "Smirnova"), ("vera", "Vera", "Smith"),
                               ("evil", "Evil", "Person"), ("ivan", "Ivan", "Sidorov")):
        people[login] = accounts.register(login, first, last, PASSWORD, PASSWORD).user.id
    anna = people["anna"]
    muted = send(people["vera"], anna, "hello from Vera").dialog_id
    mutes.set_muted(anna, muted, True)
    send(people["michail"], anna, "hello from Michail")
    send(people["evil"], anna, "hello")
    send(people["olga"], anna, "hello from Olga")
    yield url, people
    close_database()
    database.initialize(None)


def send(sender: int, peer: int, text: str):
    return messages.send_message(sender, peer, text, messages.new_client_id())


def child_env(tmp_path, **extra) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SDL_", "MESSENGER_", "PYTEST_", "TMUX", "VTE_"))}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", MESSENGER_HOME=str(tmp_path / "home"),
               SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT), **extra)
    return env


def log_in(terminal: Terminal) -> None:
    terminal.wait_for(b"Log in")
    terminal.send(b"anna\r")
    terminal.read(1.0)
    terminal.send(PASSWORD.encode() + b"\r")
    terminal.wait_for(b"Following")


def start(url: str, env: dict[str, str]) -> Terminal:
    return Terminal([sys.executable, "-m", "cli", "--db", url, "--lang", "en"], env)


def arrived(terminal: Terminal, shown: bytes) -> bytes:
    """What the app wrote from the last key (or mark) until ``shown`` was on screen."""
    terminal.wait_for(shown)
    terminal.read(0.5)  # an alert written after the paint would be in by now
    return terminal.output[terminal.since:]


def bells(out: bytes) -> int:
    """BEL characters that ring: not those ending an OSC (Textual ends its
    pointer-shape ``ESC ] 22 ; … BEL`` with one)."""
    return re.sub(rb"\x1b\][^\x07\x1b]*\x07", b"", out).count(b"\x07")


def mark(terminal: Terminal) -> None:
    terminal.since = len(terminal.output)


def test_each_kind_writes_its_bytes_and_muted_or_read_chats_write_none(community, tmp_path):
    url, people = community
    anna = people["anna"]
    terminal = start(url, child_env(tmp_path))
    try:
        log_in(terminal)
        terminal.send(F3)
        terminal.wait_for(b"Saved notes")
        terminal.read(1.0)
        terminal.send(b"\x1b[B")  # ↓ to Olga's dialog
        terminal.send(b"\r")
        terminal.wait_for(b"@olga")
        terminal.read(1.0)

        # A message from Michail: another chat.
        mark(terminal)
        send(people["michail"], anna, "ping one")
        out = arrived(terminal, b"ping one")
        assert out.count(b"\x1b]9;Michail Petrov: ping one\x1b\\") == 1
        assert bells(out) == 1

        # From the muted dialog: nothing at all.
        mark(terminal)
        send(people["vera"], anna, "quiet words")
        out = arrived(terminal, b"quiet words")
        assert OSC9 not in out and bells(out) == 0

        # A mention of @anna from the muted dialog notifies (the default setting).
        mark(terminal)
        send(people["vera"], anna, "look @anna, here")
        out = arrived(terminal, b"look @anna")
        assert out.count(b"\x1b]9;Vera Smith: look @anna, here\x1b\\") == 1
        assert bells(out) == 1

        # In the open chat, terminal focused: nothing.
        mark(terminal)
        send(people["olga"], anna, "seen at once")
        out = arrived(terminal, b"seen at once")
        assert OSC9 not in out and bells(out) == 0

        # The terminal loses the focus: the open chat notifies too.
        terminal.send(FOCUS_OUT)
        terminal.read(0.5)
        mark(terminal)
        send(people["olga"], anna, "are you there")
        out = arrived(terminal, b"are you there")
        assert out.count(b"\x1b]9;Olga Smirnova: are you there\x1b\\") == 1
        assert bells(out) == 1
        terminal.send(FOCUS_IN)
        terminal.read(0.5)

        # A hostile name and text, written past the domain's cleaning.
        evil = people["evil"]
        User.update(first_name="Ev\x1b\\il\x07", last_name="\x9c\x1b]0;owned\x07X").where(
            User.id == evil).execute()
        sent = send(evil, anna, "placeholder")
        Message.update(text="hi\x1b]9;fake\x07\x18\x1a\u2028\x1b\\ there\x9d").where(
            Message.id == sent.id).execute()
        mark(terminal)
        send(people["michail"], anna, "after evil")  # shown after the hostile one
        out = arrived(terminal, b"after evil")
        assert out.count(b"\x1b]9;Ev\\il ]0;ownedX: hi]9;fake \\ there\x1b\\") == 1
        assert b"\x1b]0;" not in out and b"\x1b]9;fake" not in out and b"\x18" not in out

        # A friend request.
        mark(terminal)
        friends.send_request(people["ivan"], anna)
        out = arrived(terminal, b"wants to be your friend")
        assert out.count(
            b"\x1b]9;Friend request: Ivan Sidorov wants to be your friend\x1b\\") == 1
        assert bells(out) == 1
        terminal.send(b"\x11")
    finally:
        code = terminal.finish()
    assert code == 0
    assert b"Traceback" not in terminal.output


def test_inside_tmux_both_escapes_go_through_its_passthrough(community, tmp_path):
    url, people = community
    env = child_env(tmp_path, TMUX="/tmp/tmux-0/default,1,0", MESSENGER_NOTIFY_ESCAPE="both")
    terminal = start(url, env)
    try:
        log_in(terminal)
        mark(terminal)
        send(people["michail"], people["anna"], "through tmux; ok")
        out = arrived(terminal, b"through tmux; ok")
        osc9 = b"\x1b]9;Michail Petrov: through tmux; ok\x1b\\"
        osc777 = b"\x1b]777;notify;Michail Petrov;through tmux; ok\x1b\\"
        wrapped = b"".join(
            b"\x1bPtmux;" + seq.replace(b"\x1b", b"\x1b\x1b") + b"\x1b\\" for seq in (osc9, osc777)
        )
        assert out.count(wrapped) == 1
        assert bells(out) == 1
        terminal.send(b"\x11")
    finally:
        code = terminal.finish()
    assert code == 0
