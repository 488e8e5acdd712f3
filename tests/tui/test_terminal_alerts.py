"""The notification escapes and the rules of who is notified, without a terminal."""

from __future__ import annotations

import pytest

from models.settings import DEFAULTS
from models.views import MessageView, UserRef
from tui.notifier import MENTION, MESSAGE, NOTHING, Delivery, Incoming, decide, mentions_me
from tui.terminal_alerts import desktop_notification, escape_kinds, tmux_passthrough

ANNA = UserRef(id=1, login="anna", first_name="Анна", last_name="Иванова", avatar_id=None)


def message(text: str) -> MessageView:
    from datetime import datetime

    return MessageView(
        id=1, dialog_id=1, seq=1, sender=ANNA, client_id="c", text=text,
        created_at=datetime(2026, 1, 1), edited_at=None, deleted=False, reply_to_id=None,
        reply_preview=None, read_by_peer=False,
    )


@pytest.mark.parametrize(("env", "kinds"), [
    ({"TERM": "xterm-256color"}, ("osc9",)),
    ({"TERM": "xterm-kitty"}, ("osc9",)),
    ({"TERM": "foot"}, ("osc777",)),
    ({"TERM": "rxvt-unicode-256color"}, ("osc777",)),
    ({"TERM": "xterm-256color", "VTE_VERSION": "7600"}, ("osc777",)),
    ({"TERM": "foot", "MESSENGER_NOTIFY_ESCAPE": "osc9"}, ("osc9",)),
    ({"TERM": "xterm", "MESSENGER_NOTIFY_ESCAPE": "both"}, ("osc9", "osc777")),
    ({"TERM": "xterm", "MESSENGER_NOTIFY_ESCAPE": "nonsense"}, ("osc9",)),
])
def test_the_escape_is_chosen_by_terminal(env, kinds):
    assert escape_kinds(env) == kinds


def test_exact_escapes():
    assert desktop_notification("Анна", "Привет") == "\x1b]9;Анна: Привет\x1b\\"
    assert desktop_notification("A;B", "x;y", kinds=("osc777",)) == (
        "\x1b]777;notify;A；B;x;y\x1b\\")
    assert tmux_passthrough("\x1b]9;hi\x1b\\") == "\x1bPtmux;\x1b\x1b]9;hi\x1b\x1b\\\x1b\\"
    assert desktop_notification("Анна", "hi", tmux=True) == (
        "\x1bPtmux;\x1b\x1b]9;Анна: hi\x1b\x1b\\\x1b\\")


def test_a_number_first_is_not_a_conemu_command():
    """ConEmu reads "OSC 9 ; 7 ; …" as "run a program": a text starting with a
    digit is prefixed."""
    assert desktop_notification("7", "cmd.exe") == "\x1b]9;Messenger: 7: cmd.exe\x1b\\"


@pytest.mark.parametrize("hostile", [
    "\x1b\\", "\x07", "\x9c", "\x9d0;x", "\x1b]0;title\x07", "\x18", "\x1a", "\u2028", "\x00",
    "\u202e", "\x1bP", "\x90",
])
def test_nothing_hostile_survives_in_the_escape(hostile):
    """Between the app's own opener and its ST there is no control character at
    all; in tmux the same sequence is wrapped, nothing more."""
    for kinds, opener in ((("osc9",), "\x1b]9;"), (("osc777",), "\x1b]777;notify;")):
        out = desktop_notification(f"Ev{hostile}il", f"a{hostile}b", kinds=kinds)
        assert out.startswith(opener) and out.endswith("\x1b\\")
        body = out[len(opener):-2]
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in body), repr(out)
        assert "\u2028" not in body and "\u202e" not in body
        tmux = desktop_notification(f"Ev{hostile}il", f"a{hostile}b", kinds=kinds, tmux=True)
        assert tmux == tmux_passthrough(out)


@pytest.mark.parametrize(("text", "mentioned"), [
    ("@anna hi", True), ("hi @anna", True), ("hi @ANNA.", True), ("(@anna)", True),
    ("@anna, look", True), ("@annabel", False), ("mail@anna", False), ("@anna.smith", False),
    ("@anna-b", False), ("anna", False), ("@@anna", False),
])
def test_a_mention_is_my_login_as_a_word(text, mentioned):
    assert mentions_me(message(text), ANNA) is mentioned


def test_who_is_notified():
    item = Incoming(MESSAGE, "Olga", "hi", dialog_id=5)
    mention = Incoming(MENTION, "Olga", "@anna", dialog_id=5)
    request = Incoming("friend_request", "Friend request", "Olga …")
    full = Delivery(toast=True, bell=True, desktop=True)
    assert decide(item, DEFAULTS, muted=False, on_screen=False, focused=True) == full
    assert decide(item, DEFAULTS, muted=False, on_screen=True, focused=True) == NOTHING
    assert decide(item, DEFAULTS, muted=False, on_screen=True, focused=False) == full
    assert decide(item, DEFAULTS, muted=True, on_screen=False, focused=False) == NOTHING
    assert decide(mention, DEFAULTS, muted=True, on_screen=False, focused=True) == full
    quiet = DEFAULTS.__class__(mentions_when_muted=False)
    assert decide(mention, quiet, muted=True, on_screen=False, focused=True) == NOTHING
    dnd = DEFAULTS.__class__(do_not_disturb=True)
    for thing in (item, mention, request):
        assert decide(thing, dnd, muted=False, on_screen=False, focused=False) == NOTHING
    assert decide(request, DEFAULTS, muted=False, on_screen=False, focused=True) == full
    no_bell = DEFAULTS.__class__(notify_bell=False)
    assert decide(item, no_bell, muted=False, on_screen=False, focused=True) == Delivery(
        toast=True, bell=False, desktop=True)
