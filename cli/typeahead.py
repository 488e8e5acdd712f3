"""The terminal, taken as soon as the app is going to run.

Until Textual puts the terminal in raw mode (half a second or so after the
command starts, more on a loaded host), the terminal cooks what is typed: it
echoes it (a password typed ahead showed on the screen, and stayed in the
scrollback after the app ended) and turns Enter into a line feed, which the
app reads as Ctrl+J ("anna⏎password" landed in the Login field as one text).
``taken_terminal`` turns echo, line editing and that translation off at once,
and gives the terminal its own settings back when the app ends (Textual gives
back the ones it found: these). What was typed before the command started was
cooked already: outside a text area the app reads its line feeds as Enter
(``tui/key_order.py``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

try:
    import termios
except ImportError:  # not a POSIX terminal: nothing to take
    termios = None  # type: ignore[assignment]

_NOT_A_TERMINAL = termios.error if termios is not None else OSError


@contextlib.contextmanager
def taken_terminal(stream=None) -> Iterator[bool]:
    """Yields whether the terminal on ``stream`` (stdin) was taken."""
    stream = sys.stdin if stream is None else stream
    try:
        fd = stream.fileno()
        before = termios.tcgetattr(fd)  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError, _NOT_A_TERMINAL):
        yield False  # not a terminal (a pipe, a web session, a test, no termios)
        return
    now = termios.tcgetattr(fd)
    now[0] &= ~termios.ICRNL  # Enter stays a carriage return
    now[3] &= ~(termios.ECHO | termios.ICANON)  # not shown, not held for a whole line
    now[6][termios.VMIN] = 1
    now[6][termios.VTIME] = 0
    termios.tcsetattr(fd, termios.TCSANOW, now)
    try:
        yield True
    finally:
        with contextlib.suppress(OSError, termios.error):  # the terminal may be gone
            termios.tcsetattr(fd, termios.TCSADRAIN, before)
