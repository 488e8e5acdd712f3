"""Keep native libraries from writing over the screen while the app runs.

Textual draws through ``sys.__stderr__``; SDL, ALSA and other C libraries
write diagnostics straight to file descriptor 2. While the app runs, Textual
gets its own duplicate of the terminal descriptor, and fd 2 points at
``/dev/null``, so a late "ALSA lib … underrun" can never garble the screen.
Everything is put back when the app exits. Textual prints a crash report
through a console on ``sys.stderr`` (fd 2, /dev/null here), so
``MessengerApp.run`` points that console at the terminal's copy.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def screen_owns_terminal() -> Iterator[None]:
    original = sys.__stderr__
    try:
        fd = original.fileno() if original is not None else -1
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd != 2 or not os.isatty(2):  # not a terminal (tests, pipes): nothing to protect
        yield
        return
    original.flush()
    terminal_copy = os.dup(2)
    saved = os.dup(2)
    screen = os.fdopen(terminal_copy, "w", encoding=original.encoding, errors="replace")
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        sys.__stderr__ = screen
        yield
    finally:
        os.close(null)
        sys.__stderr__ = original
        screen.flush()
        os.dup2(saved, 2)
        os.close(saved)
        screen.close()
