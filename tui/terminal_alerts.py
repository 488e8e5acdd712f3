"""What the app writes to the terminal to get a person's attention: the bell
(BEL) and a desktop notification by the terminal's own escape.

- OSC 9 (``ESC ] 9 ; text ST``): iTerm2, kitty, WezTerm, Ghostty, Windows
  Terminal, ConEmu.
- OSC 777 (``ESC ] 777 ; notify ; title ; body ST``): foot, rxvt-unicode,
  VTE terminals (GNOME Terminal, Ptyxis), also WezTerm and Ghostty.

One of them is sent, not both (a terminal that knows both would show two): OSC
777 for foot, rxvt and VTE, OSC 9 otherwise; ``MESSENGER_NOTIFY_ESCAPE`` (``osc9``,
``osc777``, ``both``) overrides the guess. Inside tmux (``$TMUX``) the escape
is wrapped in tmux's passthrough (``ESC P tmux; … ESC \\``, every ESC of the
wrapped sequence doubled), which tmux forwards to the outer terminal when
``allow-passthrough`` is on; the bell needs no wrapping.

The text comes from other people (a name, a message): every control character
(C0, C1, DEL — so ESC, BEL, CAN, SUB and the 8-bit ST and OSC), line and
paragraph separators and bidi overrides are removed, so nothing in it can end
the sequence early or start another one. A text that would begin with a digit
gets a prefix: ConEmu reads ``OSC 9 ; <number> ;`` as a command.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from models.text import clean_line

BEL = "\x07"
ESC = "\x1b"
ST = ESC + "\\"
MAX_TITLE = 60
MAX_BODY = 200

ESCAPE_KINDS = ("osc9", "osc777", "both")
_SEPARATORS = re.compile("[\u2028\u2029\u0085]")


def plain_for_escape(value: str, limit: int) -> str:
    """``value`` as one safe line of at most ``limit`` characters."""
    line = clean_line(_SEPARATORS.sub(" ", value))
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return line


def escape_kinds(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Which desktop escapes this terminal gets: ("osc9",), ("osc777",) or both."""
    env = os.environ if env is None else env
    chosen = env.get("MESSENGER_NOTIFY_ESCAPE", "").strip().lower()
    if chosen == "both":
        return ("osc9", "osc777")
    if chosen in ESCAPE_KINDS:
        return (chosen,)
    term = env.get("TERM", "")
    if term.startswith(("foot", "rxvt")) or env.get("VTE_VERSION"):
        return ("osc777",)
    return ("osc9",)


def in_tmux(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return bool(env.get("TMUX"))


def tmux_passthrough(sequence: str) -> str:
    """``sequence`` wrapped for tmux to hand to the terminal it runs in."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"


def desktop_notification(
    title: str, body: str, *, kinds: tuple[str, ...] = ("osc9",), tmux: bool = False
) -> str:
    """The escape(s) that ask the terminal for a desktop notification."""
    title = plain_for_escape(title, MAX_TITLE)
    body = plain_for_escape(body, MAX_BODY)
    sequences = []
    for kind in kinds:
        if kind == "osc9":
            text = f"{title}: {body}" if body else title
            if text[:1].isdigit():
                text = "Messenger: " + text
            sequences.append(f"{ESC}]9;{text}{ST}")
        elif kind == "osc777":
            # ";" separates the fields: the title must not carry one.
            sequences.append(f"{ESC}]777;notify;{title.replace(';', '；')};{body}{ST}")
    if tmux:
        return "".join(tmux_passthrough(sequence) for sequence in sequences)
    return "".join(sequences)
