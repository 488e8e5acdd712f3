"""Opening the audio device without letting SDL or ALSA write to the terminal.

SDL and ALSA print diagnostics straight to file descriptor 2 ("ALSA lib …
cannot find card", the disk driver's "CRITICAL: You are using …"), below
Python, where ``sys.stderr`` cannot catch them. In a full-screen terminal app
that text lands in the middle of the screen, so the few calls that open or
close the device run with fd 2 pointed at ``/dev/null``.

The window is kept short: Textual draws through stderr too, so a frame drawn
during it would be lost (the app redraws on the next change).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from types import ModuleType

NO_DEVICE = "No audio device"
NO_MIXER = "Audio support is missing (pygame.mixer is not available)"

# Asked of the device; SDL may give something else, see pygame.mixer.get_init().
# 2 048 frames (46 ms) a buffer: SDL's audio thread wakes 21 times a second
# while the mixer is open, playing or not (1 024: 43 times; an app with a
# paused track took 0.51 % of a core idle, 0.40 % now). Pause and seek take
# effect within a buffer, well under what a person notices.
MIXER_SETTINGS = {"frequency": 44100, "size": -16, "channels": 2, "buffer": 2048}


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send everything written to fd 2 to ``/dev/null`` for the duration, then restore it."""
    try:
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 at all: nothing can reach a terminal
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


# pygame imports its numpy bridges at import time, and numpy with them: ~11 MB
# of memory the player never uses (issue 17, bench/memory.py). They are kept
# out while pygame loads, and can still be imported later by name.
NUMPY_BRIDGES = ("pygame.surfarray", "pygame.sndarray")


def load_pygame() -> ModuleType:
    """Import pygame without its "Hello from the pygame community" banner (and
    without numpy: ``NUMPY_BRIDGES``)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if "pygame" in sys.modules:
        return sys.modules["pygame"]
    blocked = [name for name in NUMPY_BRIDGES if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # "import pygame.surfarray" fails: pygame skips it
    try:
        with quiet_stderr():
            import pygame
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return pygame


def open_mixer() -> tuple[ModuleType | None, str | None]:
    """Initialise ``pygame.mixer`` quietly: ``(mixer, None)`` or ``(None, reason)``.

    The reason is a sentence for the player's status line, never a traceback.
    """
    try:
        pygame = load_pygame()
        mixer = pygame.mixer
        mixer.get_init  # noqa: B018 - pygame leaves a stub module when SDL_mixer is missing
    except (ImportError, NotImplementedError, AttributeError):
        return None, NO_MIXER
    if mixer.get_init():
        return mixer, None
    try:
        with quiet_stderr():
            mixer.init(**MIXER_SETTINGS)
    except (pygame.error, NotImplementedError, OSError):
        return None, NO_DEVICE
    return mixer, None


def close_mixer() -> None:
    """Release the audio device (quietly) if it is open."""
    try:
        pygame = load_pygame()
        if pygame.mixer.get_init():
            with quiet_stderr():
                pygame.mixer.quit()
    except (ImportError, NotImplementedError, AttributeError):
        pass
