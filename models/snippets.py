"""Snippets: the part of a found text around its first match, with the
matched words as (start, end) offsets into the snippet — never markup, so the
screen styles them and a text full of ``[brackets]`` stays what it is."""

from __future__ import annotations

from dataclasses import dataclass

from .search_fold import words
from .text import clean_text

SNIPPET_LENGTH = 160  # characters around the first match
_LEAD = 40  # characters kept before the first match


@dataclass(frozen=True, slots=True)
class Snippet:
    """``text`` (one line; ``…`` where it was cut) and the highlighted spans in it."""

    text: str
    highlights: tuple[tuple[int, int], ...]


def matches(value: str, terms: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """Spans of ``value`` whose words match a term: a one-word term by prefix,
    a phrase when its words follow each other (its last word by prefix)."""
    found = list(words(value))
    spans: list[tuple[int, int]] = []
    singles = tuple(term[0] for term in terms if len(term) == 1)
    phrases = [term for term in terms if len(term) > 1]
    for index, (start, end, word) in enumerate(found):
        if word.startswith(singles):
            spans.append((start, end))
        for term in phrases:
            if index + len(term) > len(found):
                continue
            window = found[index : index + len(term)]
            exact = all(w[2] == t for w, t in zip(window[:-1], term[:-1], strict=True))
            if exact and window[-1][2].startswith(term[-1]):
                spans.append((window[0][0], window[-1][1]))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def snippet(value: str, terms: tuple[tuple[str, ...], ...], length: int = SNIPPET_LENGTH) -> Snippet:
    """The piece of ``value`` to show for a result, on one line."""
    line = clean_text(value).replace("\n", " ").replace("\t", " ")
    spans = matches(line, terms)
    start = 0
    if spans and spans[0][0] > _LEAD and len(line) > length:
        start = spans[0][0] - _LEAD
        space = line.rfind(" ", 0, start + 1)
        if space > start - 15:  # cut at a word boundary when one is near
            start = space + 1
    end = min(len(line), start + length)
    if end < len(line):
        space = line.rfind(" ", start + length // 2, end)
        if space > 0:
            end = space
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(line) else ""
    shift = len(prefix) - start
    highlights = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start
    )
    return Snippet(prefix + line[start:end] + suffix, highlights)
