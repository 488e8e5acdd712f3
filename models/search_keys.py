"""The stored search keys of people, communities and tracks, and how a query
is matched against them: one definition for writes, searches and the schema
upgrade that recomputes old keys.

Each searchable text keeps two keys (``text.search_key`` and
``text.alternative_key``): ``Müller`` is stored as ``muller`` and, as its other
spelling, ``mueller``. A query is folded the same way, and its own alternative
is matched too, so ``muller``, ``mueller``, ``müller`` and ``MÜLLER`` find both
``Müller`` and ``Mueller`` — while ``muller`` does not find ``Mueller`` (a
different name). The alternative is a second indexed column, not a rewrite of
the query, so ``joel`` never turns into ``jol`` and finds ``Jolanta``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import text

NAME_KEY_MAX = 100  # User.first_key / last_key / *_alt_key
TRACK_KEY_MAX = 200  # Track.title_key / artist_key


@dataclass(frozen=True, slots=True)
class QueryKeys:
    """A query folded for search: its key, and its other spelling (or ``None``)."""

    key: str
    alternative: str | None

    @classmethod
    def of(cls, query: str) -> QueryKeys:
        return cls(text.search_key(query), text.alternative_key(query))


def _cut(key: str | None, limit: int) -> str | None:
    return None if key is None else key[:limit]


def person_keys(first_name: str | None = None, last_name: str | None = None) -> dict[str, str | None]:
    """The key columns of ``User`` for the names given (``None``: not changed)."""
    columns: dict[str, str | None] = {}
    for prefix, name in (("first", first_name), ("last", last_name)):
        if name is not None:
            columns[f"{prefix}_key"] = _cut(text.search_key(name), NAME_KEY_MAX)
            columns[f"{prefix}_alt_key"] = _cut(text.alternative_key(name), NAME_KEY_MAX)
    return columns


def community_search(name: str) -> str:
    """``Community.name_search``: the name's key, and its other spelling on a
    second line (a query never holds a newline, so no match spans both).
    ``community_word`` is cut from it (models/community_words.py): a step that
    recomputes these keys rewrites those rows too (``community_words.store``)."""
    alternative = text.alternative_key(name)
    return text.search_key(name) + ("\n" + alternative if alternative else "")


def track_keys(title: str, artist: str) -> dict[str, str | None]:
    """The key columns of ``Track``. ``alt_key`` holds each word-start of the
    other spellings after a space, title and artist on separate lines.
    ``track_word`` is cut from these keys (models/track_words.py): a step that
    recomputes them rewrites those rows too (``track_words.store``)."""
    title_alt, artist_alt = text.alternative_key(title), text.alternative_key(artist)
    title_key, artist_key = text.search_key(title), text.search_key(artist)
    alt_key = None
    if title_alt or artist_alt:
        alt_key = " " + (title_alt or title_key) + "\n " + (artist_alt or artist_key)
    return {
        "title_key": title_key[:TRACK_KEY_MAX],
        "artist_key": artist_key[:TRACK_KEY_MAX],
        "alt_key": alt_key,
    }


def prefix(field, key: str):
    """``field`` starts with ``key``, written as an index-friendly key range."""
    return (field >= key) & (field < text.prefix_upper_bound(key))


def prefix_terms(key_field, alt_field, query: QueryKeys) -> list:
    """``key_field`` or its alternative ``alt_field`` starts with the query, or
    ``key_field`` starts with the query's own alternative: key ranges, each
    on an index of its own, to OR together."""
    terms = [prefix(key_field, query.key), prefix(alt_field, query.key)]
    if query.alternative:
        terms.append(prefix(key_field, query.alternative))
    return terms
