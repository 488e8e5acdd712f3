"""Where a chat with unread messages opens: the page around the first unread one.

The first unread message may be far back in a long dialog, so the page is
read by keyset from just before it (a few messages of context above), not by
loading everything after it; when it is near the end, the newest page is
shown as usual.
"""

from __future__ import annotations

from .db import reads
from .dialogs import _MY_DIALOG, _NEWEST_PAGE, _limit, _message_rows, _message_views
from .prepared import Prepared as _Prepared
from .schema import Message
from .views import UnreadWindow

CONTEXT = 5  # read messages shown above the first unread one

_FIRST_UNREAD = _Prepared(
    lambda dialog_id, after_seq, reader_id: Message.select(Message.seq)
    .where(
        (Message.dialog == dialog_id)
        & (Message.seq > after_seq)
        & (Message.sender != reader_id)
        & (Message.deleted == False)  # noqa: E712 - SQL comparison
    )
    .order_by(Message.seq)
    .limit(1)
    .tuples(),
    3,
)
_PAGE_FROM = _Prepared(
    lambda dialog_id, from_seq, limit: _message_rows()
    .where((Message.dialog == dialog_id) & (Message.seq >= from_seq))
    .order_by(Message.seq)
    .limit(limit),
    3,
)


@reads
def history_at_first_unread(user_id: int, peer_id: int, limit: int = 50) -> UnreadWindow:
    """The page of my dialog with ``peer_id`` that holds the first message I have
    not read (the other person's, not deleted), with a few read ones above it;
    the newest page when it holds it, or when nothing is unread."""
    limit = _limit(limit)
    found = _MY_DIALOG.rows(user_id, peer_id)
    if not found:
        return UnreadWindow((), None, False)
    dialog_id, peer_mark, my_mark = found[0]
    marks = {dialog_id: my_mark if peer_mark is None else peer_mark}
    first = _FIRST_UNREAD.rows(dialog_id, my_mark, user_id)
    first_seq = first[0][0] if first else None
    if first_seq is not None:
        rows = _PAGE_FROM.rows(dialog_id, max(1, first_seq - CONTEXT), limit + 1)
        if len(rows) > limit:  # more after this page: the first unread is far back
            page = _message_views(reversed(rows[:limit]), marks, user_id)
            return UnreadWindow(tuple(page), first_seq, True)
    rows = _NEWEST_PAGE.rows(dialog_id, limit)
    return UnreadWindow(tuple(_message_views(rows, marks, user_id)), first_seq, False)
