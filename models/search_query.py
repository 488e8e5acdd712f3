"""The search query language, parsed into plain values.

    поход "in the mountains" -зима from:anna in:boris after:2026-01-31 before:2026-03-01

Words match by prefix (``поход`` finds ``походы``), the prefix being the
word's Russian or English stem when it has one (``походами`` finds ``походе``,
``walking`` finds ``walks``: ``search_stems``); a quoted phrase matches its
words in that order; ``-word`` leaves out what has that word; ``from:login``
keeps what that person wrote; ``in:login`` (a dialog) or ``in:"title"`` keeps
one conversation; ``before:``/``after:`` take a date (``YYYY-MM-DD``, the day
itself excluded); ``has:image``/``has:track`` keep what carries a picture or a track;
alone they list it. Anything that is not a filter is a word:
``from:`` with nothing after it, or an unknown ``key:value``, is searched as
text. Words are folded as the index is (``search_fold``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .errors import msg
from .search_fold import query_words
from .search_stems import search_form
from .text import clean_line

MAX_QUERY_LENGTH = 500
MAX_TERMS = 16  # words and phrases; more is a paste, not a search
HAS_KINDS = ("image", "track")

_TOKEN = re.compile(
    r'(?P<neg>-)?(?:(?P<key>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))'
)
_FILTERS = ("from", "in", "before", "after", "has")


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed query. ``words`` are folded and match by prefix; each phrase is
    a tuple of folded words; ``problems`` are readable notes about filters that
    were not understood or are not supported (the search still runs)."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    from_login: str | None = None
    in_name: str | None = None
    before: datetime | None = None  # created_at < before
    after: datetime | None = None  # created_at >= after
    has: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())  # msg() sentences (translatable)

    @property
    def has_text(self) -> bool:
        """Whether there is anything to look for in the text itself."""
        return bool(self.words or self.phrases)

    @property
    def is_empty(self) -> bool:
        """Nothing to search for: no words and no filter that selects on its own."""
        return not (self.has_text or self.from_login or self.in_name or self.has)

    @property
    def word_forms(self) -> tuple[str, ...]:
        """The beginnings the words are looked up by: each word's stem, or itself."""
        return tuple(search_form(word) for word in self.words)

    @property
    def highlight_terms(self) -> tuple[tuple[str, ...], ...]:
        """What a snippet marks: each word alone (by its form), and each phrase
        as a sequence."""
        return tuple((form,) for form in self.word_forms) + self.phrases


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_query(text: str) -> SearchQuery:
    """``text`` as a ``SearchQuery``; never raises for what a person may type."""
    text = clean_line(text or "")[:MAX_QUERY_LENGTH]
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    values: dict[str, object] = {}
    has: list[str] = []
    problems: list[str] = []

    for match in _TOKEN.finditer(text):
        negative = bool(match.group("neg"))
        key = (match.group("key") or "").lower()
        quoted = match.group("quoted")
        value = quoted if quoted is not None else (match.group("bare") or "")
        if key in _FILTERS and value.strip():
            _filter(key, value.strip(), values, has, problems)
            continue
        if key:  # not a filter: "key:value" is text
            value = f"{match.group('key')}:{value}"
        parts = query_words(value)
        if not parts:
            continue
        if negative:
            excluded.extend(parts)
        elif quoted is not None or len(parts) > 1:
            phrases.append(tuple(parts))
        else:
            words.append(parts[0])

    words = list(dict.fromkeys(words))
    if len(words) + len(phrases) > MAX_TERMS:
        problems.append(msg("Only the first {count} words are searched.", count=MAX_TERMS))
        words = words[:MAX_TERMS]
        phrases = phrases[: max(0, MAX_TERMS - len(words))]
    return SearchQuery(
        words=tuple(words),
        phrases=tuple(phrases),
        excluded=tuple(dict.fromkeys(excluded)),
        from_login=values.get("from"),
        in_name=values.get("in"),
        before=values.get("before"),
        after=values.get("after"),
        has=tuple(dict.fromkeys(has)),
        problems=tuple(problems),
    )


def _filter(key: str, value: str, values: dict, has: list[str], problems: list[str]) -> None:
    if key == "from" and not value.removeprefix("@").strip():  # "from:@": no one named
        problems.append(msg("from: takes a login, such as from:anna."))
    elif key in ("from", "in"):
        values[key] = value.removeprefix("@") if key == "from" else value
    elif key in ("before", "after"):
        day = _day(value)
        if day is None:
            problems.append(msg("{key}: takes a date such as 2026-11-30, not “{value}”.",
                                key=key, value=value))
            return
        start = datetime(day.year, day.month, day.day)
        if key == "before":
            values[key] = start
        else:  # the day after it; nothing is after the last day there is
            values[key] = start + timedelta(days=1) if day < date.max else datetime.max
    else:
        kind = value.lower()
        if kind not in HAS_KINDS:
            problems.append(msg("has: knows image and track, not “{value}”.", value=value))
            return
        has.append(kind)
