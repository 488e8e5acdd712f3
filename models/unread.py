"""Where a chat with unread messages opens: the page around the first unread one.

The first unread message may be far back in a long dialog, so the page is
read by keyset from just before it (a few messages of context above), not by
loading everything after it; when it is near the end, the newest page is
shown as usual.
"""

from __future__ import annotations

from . import pair_pages
from .conversations import first_unread, newest_seq, window_at_first_unread
from .db import is_sqlite, reads
from .dialog_list import NO_END
from .dialogs import _KNOWN, _limit, _my_dialog_query
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
    one_plan=True,
)


@reads
def history_at_first_unread(user_id: int, peer_id: int, limit: int = 50) -> UnreadWindow:
    """The page of my dialog with ``peer_id`` that holds the first message I have
    not read (the other person's, not deleted), with a few read ones above it;
    the newest page when it holds it, or when nothing is unread."""
    from .conversations import Access

    limit = _limit(limit)
    known = _KNOWN.get(user_id, peer_id)
    rows = None if is_sqlite() else pair_pages.opening_rows(user_id, peer_id, limit, known)
    if rows is not None:  # PostgreSQL: my place read with the newest page (issue 17)
        dialog_id = rows[0][pair_pages.DIALOG]
        my_mark, first_seq, newest = rows[0][-pair_pages.PLACE:]
        newest_rows = [row[:-pair_pages.PLACE] for row in rows]
    else:  # SQLite (function calls: no page read in vain), or no page to read whole
        found = _MY_PLACE.rows(user_id, peer_id)
        if not found:
            return UnreadWindow((), None, False)
        dialog_id, _peer_mark, my_mark, first_seq, newest = found[0]
        newest_rows = None
    _KNOWN.remember(user_id, peer_id, dialog_id)  # the pages after it are read by its id
    return window_at_first_unread(Access(dialog_id, None, 0, None, my_mark, peer_id), user_id,
                                  limit, first_seq, newest, newest_rows)


def _opening(dialog_id, user_id, limit):
    """The newest page I can see of ``dialog_id`` (``conversations._my_page``)
    with the rest of my place as its last columns: from and to which seq I
    read, my read mark, the peer, the first message I have not read, the
    newest seq (subqueries by my membership, each asked once)."""
    from .conversations import _my_page

    me = DialogMember.alias("me_g")

    def mine(expression):
        return me.select(expression).where((me.user == user_id) & (me.dialog == dialog_id))

    return _my_page(dialog_id, user_id, NO_END, limit).select_extend(
        mine(me.from_seq), mine(me.left_seq), mine(me.last_read_seq), mine(me.peer),
        mine(first_unread(me, user_id)), mine(newest_seq(me)))


_OPENING = Prepared(_opening, 3, one_plan=True)


def opening_of(user_id: int, dialog_id: int, limit: int) -> UnreadWindow | None:
    """``conversations.history_at_first_unread_of`` with my place read beside
    the newest page: one statement where it took two (issue 17); ``None`` when
    there is no page (not a member), for the long way to say why."""
    from .conversations import Access

    rows = _OPENING.rows(dialog_id, user_id, limit)
    if not rows:
        return None
    role, _mark, from_seq, left_seq, last_read, peer, first_seq, newest = rows[0][-8:]
    me = Access(dialog_id, role, from_seq, left_seq, last_read, peer)
    return window_at_first_unread(me, user_id, limit, first_seq, newest,
                                  [row[:-8] + row[-7:-6] for row in rows])

