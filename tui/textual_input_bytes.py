"""Bytes from the terminal that are not UTF-8 are read as "�", not as the end of the app.

Textual 8.2.8's drivers read the terminal with a strict UTF-8 decoder: one
byte that is not UTF-8 raised ``UnicodeDecodeError`` in the input thread, and
the app ended (its traceback on the terminal; a draft typed since the last
pause gone). A paste cut in the middle of a character (``head -c`` of a
Russian text, pasted: its last byte ``0xd0`` then the paste's end mark) did
it, as would a terminal set to another encoding or a program writing bytes to
the terminal. Here each driver's decoder replaces such bytes with U+FFFD, as
``bytes.decode(errors="replace")`` does; a character split between two reads
is still joined as before (the decoder is incremental).
**Upstream-worthy:** the drivers could decode with ``errors="replace"``.
"""

from __future__ import annotations

import codecs
import sys


def lenient_incremental_decoder(encoding: str):  # type: ignore[no-untyped-def]
    """``codecs.getincrementaldecoder``, its decoders replacing what is not ``encoding``."""
    strict = codecs.getincrementaldecoder(encoding)

    def decoder(errors: str = "replace") -> codecs.IncrementalDecoder:
        return strict(errors)

    return decoder


def install(driver_class: type) -> None:
    """The decoder ``driver_class`` (or a driver it builds on) reads its input
    with, made lenient: the driver the app runs with, whichever it is (the
    terminal's, the browser's, a test's), its module imported already."""
    for klass in driver_class.__mro__:
        module = sys.modules.get(klass.__module__)
        if getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
            module.getincrementaldecoder = lenient_incremental_decoder  # type: ignore[union-attr]
