"""Where a chat with unread messages opens: the page around the first unread one.

The first unread message may be far back in a long dialog, so the page is
read by keyset from just before it (a few messages of context above), not by
loading everything after it; when it is near the end, the newest page is
shown as usual.
"""

from __future__ import annotations

from .conversations import window_at_first_unread
from .db import reads
from .dialogs import _MY_DIALOG, _limit
from .views import UnreadWindow

CONTEXT = 5  # read messages shown above the first unread one


@reads
def history_at_first_unread(user_id: int, peer_id: int, limit: int = 50) -> UnreadWindow:
    """The page of my dialog with ``peer_id`` that holds the first message I have
    not read (the other person's, not deleted), with a few read ones above it;
    the newest page when it holds it, or when nothing is unread."""
    from .conversations import Access

    limit = _limit(limit)
    found = _MY_DIALOG.rows(user_id, peer_id)
    if not found:
        return UnreadWindow((), None, False)
    dialog_id, _peer_mark, my_mark = found[0]
    return window_at_first_unread(Access(dialog_id, None, 0, None, my_mark, peer_id), user_id,
                                  limit)
