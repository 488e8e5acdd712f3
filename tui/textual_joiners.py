"""The joiners and direction marks a keyboard types reach the text fields.

Textual 8.2.8 inserts a typed key's character only when
``str.isprintable()`` says so, and the zero-width joiner and non-joiner and
the left-to-right / right-to-left marks are format characters, not
printable. So they were dropped when typed (a paste kept them): a Persian
keyboard's ZWNJ (Shift+Space, the half space inside words), and the ZWJ of an
emoji sequence sent by the desktop's emoji picker, which came out as its
parts (a family as three people, a rainbow flag as a white flag and a
rainbow). Here a key of one of these four characters is printable as well.
Everything else stays as Textual has it; stored text keeps them as before
(``models/text.py`` removes controls and bidi overrides, not these).
"""

from __future__ import annotations

from textual import events

TYPED_FORMAT = frozenset("\u200c\u200d\u200e\u200f")  # ZWNJ, ZWJ, LRM, RLM

_original = events.Key.is_printable


def _is_printable(self: events.Key) -> bool:
    return self.character in TYPED_FORMAT or _original.fget(self)


def install() -> None:
    if events.Key.is_printable is _original:
        events.Key.is_printable = property(_is_printable, doc=_original.__doc__)  # type: ignore[method-assign]
