"""Where a chat with unread messages opens: the page around the first unread one.

The first unread message may be far back in a long dialog, so the page is
read by keyset from just before it (a few messages of context above), not by
loading everything after it; when it is near the end, the newest page is
shown as usual.
"""

from __future__ import annotations

from functools import partial

from . import pair_pages
from .conversations import first_unread, newest_seq, window_at_first_unread
from .db import is_sqlite, reads
from .dialogs import _KNOWN, _limit, _my_dialog_query
from .gather import gather
from .prepared import Prepared
from .schema import DialogMember
from .views import UnreadWindow

CONTEXT = 5  # read messages shown above the first unread one

# My place in the dialog with a peer and the first message there I have not read.
_MY_PLACE = Prepared(
    lambda user_id, peer_id: _my_dialog_query(user_id, peer_id).select_extend(
        first_unread(DialogMember, user_id).alias("first_unread"),
        newest_seq(DialogMember).alias("newest_seq")),
    2,
)


@reads
def history_at_first_unread(user_id: int, peer_id: int, limit: int = 50) -> UnreadWindow:
    """The page of my dialog with ``peer_id`` that holds the first message I have
    not read (the other person's, not deleted), with a few read ones above it;
    the newest page when it holds it, or when nothing is unread."""
    from .conversations import Access

    limit = _limit(limit)
    place = partial(_MY_PLACE.rows, user_id, peer_id)
    if is_sqlite():  # function calls: the page only when it is the one shown
        found, newest_rows = place(), None
    else:  # the newest page beside my place: one round trip (issue 17)
        got = gather({"place": place, "newest": partial(
            pair_pages.newest_rows, user_id, peer_id, limit, _KNOWN.get(user_id, peer_id))})
        found, newest_rows = got["place"], got["newest"]
    if not found:
        return UnreadWindow((), None, False)
    dialog_id, _peer_mark, my_mark, first_seq, newest = found[0]
    _KNOWN.remember(user_id, peer_id, dialog_id)  # the pages after it are read by its id
    if newest_rows and newest_rows[0][pair_pages.DIALOG] != dialog_id:
        newest_rows = None
    return window_at_first_unread(Access(dialog_id, None, 0, None, my_mark, peer_id), user_id,
                                  limit, first_seq, newest, newest_rows)
