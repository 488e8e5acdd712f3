"""@mentions: finding the @word being typed, completing it from a group's
members, and telling whether a message mentions someone.

No Textual here: the composer and the chat call these with plain strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# A login is Latin letters, digits, ".", "_" and "-" (models/accounts.py); an
# "@" right after a word character (an e-mail address) is no mention.
_TYPED = re.compile(r"(?<![\w@])@([A-Za-z0-9._-]*)$")
_MENTION = r"(?<![\w@.-])@{login}(?![A-Za-z0-9_-])(?!\.[A-Za-z0-9_-])"


def word_being_typed(line_before_cursor: str) -> str | None:
    """The login typed after an ``@`` that ends ``line_before_cursor`` ("" for a
    bare "@"), or None when the word before the cursor is no @mention."""
    match = _TYPED.search(line_before_cursor)
    return match.group(1) if match else None


def completions(prefix: str, logins: Sequence[str]) -> list[str]:
    """The logins starting with ``prefix`` (case ignored), in alphabetical order, each once."""
    folded = prefix.casefold()
    return sorted({login for login in logins if login.casefold().startswith(folded)},
                  key=str.casefold)


def mentions(text: str, login: str) -> bool:
    """Whether ``text`` mentions ``@login`` as a whole word (case ignored)."""
    if not login or "@" not in text:
        return False
    return _mention_of(login).search(text) is not None


@lru_cache(maxsize=64)
def _mention_of(login: str) -> re.Pattern:
    """``@login`` as a whole word, compiled once: a group's chat asks it of
    every message it lays out (100 of them as a 50-message page opened, each
    a lookup in ``re``'s cache and a format: ~0.5 ms of the opening)."""
    return re.compile(_MENTION.format(login=re.escape(login)), flags=re.IGNORECASE)
