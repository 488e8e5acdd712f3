"""The spaces, joiners and direction marks a keyboard types reach the text fields.

Textual 8.2.8 inserts a typed key's character only when
``str.isprintable()`` says so, and to Python every space but the ASCII one
is a separator and the zero-width joiner and non-joiner and the
left-to-right / right-to-left marks are format characters: none printable.
So they were dropped when typed (a paste kept them): the ideographic space of
a Japanese or Chinese input method, the no-break space of a French keyboard
(AltGr+Space) or a Mac (Option+Space), a Persian keyboard's ZWNJ
(Shift+Space, the half space inside words), and the ZWJ of an emoji sequence
sent by the desktop's emoji picker, which came out as its parts (a family as
three people). The same for what this Python's Unicode tables do not know:
an emoji newer than them (Python 3.11 knows Unicode 14: the pink heart 🩷 of
Unicode 15 is unassigned to it) and a private-use character (the Apple logo
a Mac types with Option+Shift+K). Here a key of any space (Unicode's "Zs"),
of a code point this Python has unassigned (not a noncharacter) or for
private use, or of one of those four format characters is printable as well.
Everything else stays as Textual has it (controls, other format characters);
stored text keeps them as before (``models/text.py`` removes controls and
bidi overrides, not these).
"""

from __future__ import annotations

import unicodedata

from textual import events

TYPED_FORMAT = frozenset("\u200c\u200d\u200e\u200f")  # ZWNJ, ZWJ, LRM, RLM
TYPED_CATEGORIES = frozenset(("Zs", "Co", "Cn"))  # spaces, private use, unknown to this Python

_original = events.Key.is_printable


def _noncharacter(character: str) -> bool:
    point = ord(character)
    return 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE


def _is_printable(self: events.Key) -> bool:
    character = self.character
    if character is not None and len(character) == 1 and (
            character in TYPED_FORMAT
            or (unicodedata.category(character) in TYPED_CATEGORIES
                and not _noncharacter(character))):
        return True
    return _original.fget(self)


def install() -> None:
    if events.Key.is_printable is _original:
        events.Key.is_printable = property(_is_printable, doc=_original.__doc__)  # type: ignore[method-assign]
