"""Text hygiene shared by every stored string.

Stored text never carries control characters (newline and tab excepted) or
bidirectional overrides: they could move another person's cursor, recolour
their terminal or reorder what they read. Display code strips again
(``clean_text`` is idempotent), because a database can be written by anyone.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import ValidationError, msg

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


# Characters that draw nothing yet are not spaces, controls or marks to Unicode:
# the Hangul fillers, the blank Braille pattern, Khmer inherent vowels, the
# Mongolian vowel separator and the combining grapheme joiner.
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e\u034f")


def has_visible_character(value: str) -> bool:
    """Whether ``value`` draws anything: a name made only of spaces, zero-width
    characters and joiners (U+200B, U+200D, U+2060, U+FEFF …), fillers
    (U+3164, U+115F …), the blank Braille pattern or lone combining marks does not."""
    return any(
        unicodedata.category(char)[0] not in "CZM" and char not in _BLANK for char in value
    )


def written_text(value: object, *, limit: int, empty: str, too_long: str,
                 not_text: str | None = None, may_be_empty: bool = False) -> str:
    """What a person wrote (a message, a post, a comment) as it is stored:
    cleaned of control characters and trimmed; only blanks, zero-width or
    filler characters count as empty. The refusals say ``empty``, ``not_text``
    (``empty`` when not given) or ``too_long`` (a template of ``{limit}`` and
    ``{length}``, marked with ``msg_template`` by the caller)."""
    if not isinstance(value, str):
        raise ValidationError(not_text or empty, field="text")
    cleaned = clean_text(value).strip()
    if not has_visible_character(cleaned):
        cleaned = ""
    if not cleaned and not may_be_empty:
        raise ValidationError(empty, field="text")
    if len(cleaned) > limit:
        raise ValidationError(msg(too_long, limit=limit, length=len(cleaned)), field="text")
    return cleaned

def require_visible_name(name: str, field: str) -> str:
    """``name`` (already cleaned and not empty), or ``ValidationError`` beside
    ``field`` when it draws nothing: every name a person gives (their own, a
    community's, a playlist's) must be one others can see and tell apart."""
    if not has_visible_character(name):
        raise ValidationError(
            "This name is made only of invisible characters. Type one people can see.",
            field=field,
        )
    return name


def identity_key(value: str) -> str:
    """The key under which a login (or a playlist or community name) is one and
    the same thing: NFKC, casefold, ``ё`` as ``е``. Accents still count here, so
    keys stored by older releases keep working.

    SQLite's ``lower()`` folds only ASCII, so we store this key beside the name.
    """
    folded = unicodedata.normalize("NFKC", value).casefold()
    return folded.replace("ё", "е").strip()


# Latin letters that are not a base letter plus an accent, so NFD leaves them be.
_LATIN_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th",
     "ħ": "h", "ŧ": "t", "ı": "i", "ŀ": "l"}
)
# How German and Scandinavian names are written without their letters.
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "å": "aa"})


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def _is_latin_or_greek(char: str) -> bool:
    return char < "\u0250" or "\u0370" <= char <= "\u03ff" or "\u1e00" <= char <= "\u1fff"


def _fold_char(char: str) -> str:
    if "\u0300" <= char <= "\u036f":  # a loose accent (a stress mark on any letter)
        return ""
    if _is_cyrillic(char):  # й, ї, ў are letters of their own, not и, і, у with marks
        return char
    decomposed = unicodedata.normalize("NFD", char)
    if decomposed != char and _is_latin_or_greek(decomposed[0]):
        return "".join(part for part in decomposed if not unicodedata.combining(part))
    return char  # other scripts' marks (Devanagari vowel signs …) are part of the word


def _fold_accents(key: str) -> str:
    return "".join(_fold_char(char) for char in key).translate(_LATIN_LETTERS)


def search_key(value: str) -> str:
    """Key for Unicode search ignoring case and accents: the ``identity_key``
    with Latin and Greek accents dropped (``Müller`` → ``muller``, ``María`` →
    ``maria``, ``Łódź`` → ``lodz``, ``Straße`` → ``strasse``). Cyrillic keeps
    ``й`` apart from ``и``; ``ё`` is ``е`` as everywhere.

    Everything that searches stores this key and folds the query with it.
    """
    return _fold_accents(identity_key(value))


def alternative_key(value: str) -> str | None:
    """The search key of the other common spelling of ``value``: German and
    Scandinavian letters written out (``Müller`` → ``mueller``, ``Søren`` →
    ``soeren``, ``Åse`` → ``aase``); ``None`` when there is no other spelling.

    Stored beside ``search_key`` so that both ``muller`` and ``mueller`` find
    ``Müller``, and matched against a query's own alternative, so that
    ``müller`` finds ``Mueller``.
    """
    identity = identity_key(value)
    other = _fold_accents(identity.translate(_TRANSLITERATION))
    return other if other != _fold_accents(identity) else None


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``.

    ``key >= prefix AND key < prefix_upper_bound(prefix)`` is an index-friendly
    prefix match on both SQLite and PostgreSQL (``LIKE`` is not, with Unicode).
    """
    return prefix + "\U0010ffff"
