"""Text hygiene shared by every stored string.

Stored text never carries control characters (newline and tab excepted) or
bidirectional overrides: they could move another person's cursor, recolour
their terminal or reorder what they read. Display code strips again
(``clean_text`` is idempotent), because a database can be written by anyone.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls except \t and \n, DEL, and the bidi embedding/override/isolate
# characters (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). LRM/RLM marks are harmless.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_UNSAFE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def clean_text(value: str) -> str:
    """Multi-line text with unsafe characters removed (CR LF and CR become LF)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", value)


def clean_line(value: str) -> str:
    """Single-line text (names, titles): unsafe characters and newlines removed, trimmed."""
    return _UNSAFE_LINE.sub("", value.replace("\n", " ").replace("\t", " ")).strip()


def search_key(value: str) -> str:
    """Key for Unicode case-insensitive search: NFKC, casefold, ``ё`` as ``е``.

    SQLite's ``lower()`` folds only ASCII, so we store this key beside the name.
    """
    folded = unicodedata.normalize("NFKC", value).casefold()
    return folded.replace("ё", "е").strip()


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``.

    ``key >= prefix AND key < prefix_upper_bound(prefix)`` is an index-friendly
    prefix match on both SQLite and PostgreSQL (``LIKE`` is not, with Unicode).
    """
    return prefix + "\U0010ffff"
