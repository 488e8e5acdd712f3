"""Alt+Enter is Alt+Enter, not Enter.

A terminal sends Alt+Enter as ESC then CR. Textual 8.2.8's ``XTermParser``
has no key for that sequence, and on reading it again key by key it keeps
Alt only for a key that is one character: CR is "enter", so Alt+Enter came
as Enter. In the composer, where Alt+Enter adds a line (as Ctrl+J does), it
sent the message half written. Here the sequence is the "alt+enter" key,
at once (not after the escape delay, as a sequence read again would be).
**Upstream-worthy:** the parser could keep Alt on named keys.
"""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

ALT_ENTER = "\x1b\r"

_original = XTermParser._sequence_to_key_events


def _sequence_to_key_events(self: XTermParser, sequence: str, alt: bool = False):  # type: ignore[no-untyped-def]
    if sequence == ALT_ENTER or (alt and sequence == "\r"):
        yield events.Key("alt+enter", None)
        return
    yield from _original(self, sequence, alt)


def install() -> None:
    if XTermParser._sequence_to_key_events is not _sequence_to_key_events:
        XTermParser._sequence_to_key_events = _sequence_to_key_events  # type: ignore[method-assign]
