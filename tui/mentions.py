"""@mentions: finding the @word being typed, completing it from a group's
members, and telling whether a message mentions someone.

No Textual here: the composer and the chat call these with plain strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
    if not login:
        return False
    pattern = _MENTION.format(login=re.escape(login))
    return re.search(pattern, text, flags=re.IGNORECASE) is not None
