"""ESC and the key after it: Alt+Enter, and Esc typed just before a letter.

A terminal sends Alt+Enter as ESC then CR, and an Esc pressed just before a
letter (within Textual's escape delay, 100 ms) as ESC then the letter, as it
sends Alt with that letter. Textual 8.2.8's ``XTermParser`` read both wrong:

- ESC CR has no key of its own there, and on reading it again key by key the
  parser keeps Alt only for a key that is one character: CR is "enter", so
  Alt+Enter came as Enter. In the composer, where Alt+Enter adds a line (as
  Ctrl+J does), it sent the message half written. Here ESC CR is the
  "alt+enter" key, at once (where nothing binds it, ``tui/key_order.py``
  makes it the Enter it was).
- ESC then a letter waited for the next 100 ms without a key, taking every
  key typed meanwhile into the same "sequence", and then came as Alt with
  the letter: the Esc was lost and the letter typed where the focus was
  (Esc then "hello" typed at once on the search screen: the search stayed
  open with "hello" in its field; in the composer a reply was not
  cancelled). The app binds no Alt with a letter, so here ESC then a
  printable character that starts no terminal sequence (``[``, ``O`` …) and
  is no key Textual knows (macOS's Option+B / F / digits) is the Esc key,
  then that character, at once, as vim reads it.
**Upstream-worthy:** the parser could keep Alt on named keys, and let an
app choose between Alt and Esc for ESC before a character.
"""

from __future__ import annotations

from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._xterm_parser import XTermParser

ESC = "\x1b"
ALT_ENTER = ESC + "\r"
# What may follow ESC to start a longer sequence: CSI, SS3, OSC, DCS, APC, PM,
# SOS, ST, SS2 (kept as Textual reads them: as a sequence or as Alt with it).
INTRODUCERS = frozenset("[O]P_^X\\N")

_original = XTermParser._sequence_to_key_events


def _esc_then(sequence: str) -> str | None:
    """The character after ESC when ``sequence`` is an Esc typed before it."""
    if len(sequence) != 2 or sequence[0] != ESC or sequence in ANSI_SEQUENCES_KEYS:
        return None
    after = sequence[1]
    if after in INTRODUCERS or not (after.isprintable() or after == " "):
        return None
    return after


def _sequence_to_key_events(self: XTermParser, sequence: str, alt: bool = False):  # type: ignore[no-untyped-def]
    if sequence == ALT_ENTER or (alt and sequence == "\r"):
        yield events.Key("alt+enter", None)
        return
    after = _esc_then(sequence)
    if after is not None:
        yield events.Key("escape", ESC)
        yield from _original(self, after, False)
        return
    yield from _original(self, sequence, alt)


def install() -> None:
    if XTermParser._sequence_to_key_events is not _sequence_to_key_events:
        XTermParser._sequence_to_key_events = _sequence_to_key_events  # type: ignore[method-assign]
