"""How text is folded and cut into words for the full-text index.

The index holds ``text.search_key`` of each message and post, so a word matches
across case, ``ё``/``е`` and Latin/Greek accents exactly as people search does
(``й`` stays apart from ``и``). SQLite computes it with this module's Python
function, registered on every connection as ``messenger_fold``; PostgreSQL
with an SQL function (``messenger_fold`` too) that the schema step writes from
the same Python function, character by character (``fold_sql_function``).

Words are runs of letters, digits and marks — what FTS5's ``unicode61``
tokenizer (with the categories below) and PostgreSQL's parser take as a word
in ordinary text — so the highlights computed here fall where the engine matched.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from .text import search_key

FOLD_FUNCTION = "messenger_fold"
# FTS5 tokenizer of the index: the text is folded before it is indexed, so the
# tokenizer neither folds diacritics nor case on its own (it would fold й to и).
SQLITE_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
# FTS5 prefix indexes: a prefix query of one of these lengths reads one doclist
# lazily, newest first, and stops after a page; any other length would merge
# the doclists of every word with that prefix first — all of them, however
# many rows match (measured: ~6 ms per common word at a million messages).
# A longer query word is asked by its longest indexed prefix, and the rows are
# then checked against the whole word (``search_sql``). Three lengths cost
# about 2.5× the index without them.
PREFIX_LENGTHS = (2, 4, 6)

_WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0900-\u0dff]+[^\W_]*)*")


def fold(value: str | None) -> str:
    """What the index holds for ``value`` (``search_key``; empty for ``None``)."""
    return search_key(value) if value else ""


def words(value: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) of each word of ``value``, offsets into ``value``."""
    for match in _WORD.finditer(value):
        folded = _fold_word(match.group())
        if folded:
            yield match.start(), match.end(), folded


_fold_word = functools.lru_cache(maxsize=1 << 16)(search_key)


def fold_by_words(value: str) -> str:
    """``fold(value)`` a whitespace-separated piece at a time, through a cache:
    the same tokens (folding never joins across a space), many times faster
    over text that repeats its words (``db check`` folds every message)."""
    return " ".join(_fold_word(piece) for piece in value.split())


# What FTS5 cuts at: ASCII but letters and digits, and every other character
# its own Unicode tables (older than Python's, and not the same: an emoji is
# a token there) do not take as part of a word — asked of SQLite itself, one
# character the first time it is met (``_probe``).
_SEPARATORS: dict[int, str] = {point: " " for point in range(128) if not chr(point).isalnum()}
_PROBED: set[str] = {chr(point) for point in range(128)}


def fts_tokens(folded: str) -> list[str]:
    """The tokens FTS5 makes of ``folded`` (``db check`` compares them with the index)."""
    unknown = set(folded) - _PROBED
    if unknown:
        _probe(sorted(unknown))
    return folded.translate(_SEPARATORS).split()


def _probe(chars: list[str]) -> None:
    """Learn from SQLite's own tokenizer which of ``chars`` separate words."""
    import sqlite3

    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(f"CREATE VIRTUAL TABLE probe USING fts5(body, tokenize=\"{SQLITE_TOKENIZER}\")")
        probe.executemany("INSERT INTO probe(rowid, body) VALUES (?, ?)",
                          ((row, char) for row, char in enumerate(chars, 1)))
        probe.execute("CREATE VIRTUAL TABLE probe_words USING fts5vocab(probe, 'instance')")
        kept = {row for (row,) in probe.execute("SELECT DISTINCT doc FROM probe_words")}
    finally:
        probe.close()
    for row, char in enumerate(chars, 1):
        if row not in kept:
            _SEPARATORS[ord(char)] = " "
        _PROBED.add(char)


def query_words(value: str) -> list[str]:
    """The folded words of a piece of a query (one term may hold several: ``e-mail``)."""
    return [word for _, _, word in words(value)]


# ---------------------------------------------------------------- PostgreSQL

# The code points whose folding the SQL function reproduces: the alphabets in
# use (Latin, Greek, Cyrillic, Armenian, Georgian …) through U+2FFF, Cyrillic
# and Latin extensions, the ligatures and the full-width forms.
_RANGES = ((0x20, 0x3000), (0xA640, 0xA800), (0xFB00, 0xFB07), (0xFF01, 0xFF5F))


def _foldings() -> tuple[dict[str, str], dict[str, str]]:
    single: dict[str, str] = {}
    multi: dict[str, str] = {}
    for low, high in _RANGES:
        for point in range(low, high):
            char = chr(point)
            if unicodedata.category(char) in ("Cs", "Cn", "Zs", "Cc"):
                continue
            key = search_key(char)
            if key != char:
                (single if len(key) <= 1 else multi)[char] = key
    return single, multi


def _literal(value: str) -> str:
    """An SQL string literal, with ``%`` doubled for psycopg2's parameter syntax."""
    return "'" + value.replace("'", "''").replace("%", "%%") + "'"


# The letters most text is written in (Latin and Cyrillic capitals, ё): a text
# with nothing else to fold is folded by a translate() of these 60 alone.
# translate() looks each character of the text up in its list one by one, so
# the whole list (~2 000 letters) cost 0.7 ms a message, most of a PostgreSQL
# send and nearly all of ``db copy``'s time; the short one about 0.02 ms.
_COMMON = frozenset(
    [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    + [chr(c) for c in range(ord("А"), ord("Я") + 1)] + ["Ё", "ё"]
)


def _bracket(chars) -> str:
    """A regular-expression bracket matching any of ``chars``."""
    return "[" + "".join("\\" + char if char in "\\]^-" else char for char in sorted(chars)) + "]"


def _translate(expression: str, mapping: dict[str, str]) -> str:
    kept = "".join(char for char, key in mapping.items() if key)
    dropped = "".join(char for char, key in mapping.items() if not key)
    targets = "".join(key for key in mapping.values() if key)
    return f"translate({expression}, {_literal(kept + dropped)}, {_literal(targets)})"


def fold_sql_function() -> str:
    """``CREATE FUNCTION messenger_fold(text)`` for PostgreSQL: ``search_key`` of
    the text, one character at a time (the same result for text in NFC, as
    typed text is; a letter followed by a separate combining mark may differ).

    A text with a letter outside ``_COMMON`` that folds (é, ß, Greek …) takes
    the whole map: the letters that fold to several (ß, æ, ligatures …) by a
    chain of replace(), the rest by one translate(). Any other text needs only
    the common letters' translate() — the same result, since nothing else in
    it folds."""
    single, multi = _foldings()
    expanded = "$1"
    for char, key in sorted(multi.items()):
        expanded = f"replace({expanded}, {_literal(char)}, {_literal(key)})"
    # The chain runs only for a text that has one of them (measured: 0.7 ms a
    # message with it always run).
    expanded = f"CASE WHEN $1 ~ {_literal(_bracket(multi))} THEN {expanded} ELSE $1 END"
    rare = (set(single) - _COMMON) | set(multi)
    common = {char: key for char, key in single.items() if char in _COMMON}
    expression = (
        f"CASE WHEN $1 ~ {_literal(_bracket(rare))} THEN {_translate(expanded, single)} "
        f"ELSE {_translate('$1', common)} END"
    )
    return (
        f"CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$ SELECT {expression} $fold$"
    )


# The document as PostgreSQL indexes it: the folded words as they are (for
# prefixes and phrases; first, so their positions stay those of the text),
# then their Russian and English stems (походы → поход, meetings → meet).
PG_VECTOR_FUNCTION = (
    # PL/pgSQL, so the text is folded once: an SQL function's subquery is
    # pulled up and its fold repeated for each configuration.
    "CREATE OR REPLACE FUNCTION messenger_vector(text) RETURNS tsvector "
    "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $vector$ "
    f"DECLARE f text := {FOLD_FUNCTION}($1); BEGIN "
    "RETURN to_tsvector('simple'::regconfig, f) || to_tsvector('russian'::regconfig, f) "
    "|| to_tsvector('english'::regconfig, f); END $vector$"
)
