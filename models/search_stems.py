"""The form a search word is looked up by: its Russian or English stem when
that is a shorter beginning of it (``походами`` → ``поход``, ``walking`` →
``walk``), so a word matches the other forms of itself as a prefix does.

SQLite's FTS5 has no stemmer for Russian; PostgreSQL's ``russian`` and
``english`` configurations stem too, and its prefix part uses this form as
well, so both engines find the same forms. A stem under ``MIN_STEM`` letters
is not used (``мои`` → ``мо`` would find ``мой``, ``море``).
"""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

MIN_STEM = 4

_STEMMERS = (snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("english"))
_LOCK = threading.Lock()  # a stemmer keeps its state between calls: one caller at a time


@lru_cache(maxsize=4096)
def search_form(word: str) -> str:
    """``word`` (folded, as ``search_fold.query_words`` gives it), or its
    shortest stem that begins it and has at least ``MIN_STEM`` letters."""
    best = word
    with _LOCK:
        stems = [stemmer.stemWord(word) for stemmer in _STEMMERS]
    for stem in stems:
        if MIN_STEM <= len(stem) < len(best) and word.startswith(stem):
            best = stem
    return best
