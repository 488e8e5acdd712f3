"""The page of my dialog with a person, named by the person (models/dialogs.py
``history``, models/unread.py): one statement with my membership and the
peer's read mark as subqueries, whether the dialog's id is known or not.

PostgreSQL plans ``dialog_id = (SELECT … FROM dialog_member …)`` for a dialog
of average size (~20 messages) and, for a long one, may read all of it by a
bitmap scan and sort it (2 000 rows at scale 0.01: 5–18 ms). So a page names
its dialog one of two ways, each bounding what the plan can read:

* **known**: the id remembered from the dialog list or an earlier page, as a
  literal beside the subquery that checks it (a stale id gives no rows);
* **cold**: no id yet — the page's seq range, because a dialog's seqs have no
  gaps: the newest page is the seqs above ``last_seq - limit`` (the dialog's
  row read by key in the same statement), an older page the ``limit`` seqs
  below ``before``. Every plan reads at most ``limit`` messages. Rows that do
  not fill the range (a gap) are not trusted: ``None``, and the caller reads
  the page the long way.

Each is one round trip on PostgreSQL; with the extras a chat page is two
(issue 17), where the cold one was three.
"""

from __future__ import annotations

from peewee import JOIN, fn

from .dialog_list import NO_END
from .message_views import _message_rows
from .prepared import Prepared
from .schema import Dialog, DialogMember, Message

SEQ, DIALOG = 2, 1  # columns of a page row


def _page(user_id, peer_id, limit, *, dialog_id=None, before_seq=NO_END, above=None):
    """A page of my dialog with ``peer_id``: the messages below ``before_seq``
    (and above ``above``, when given), newest first, the peer's read mark the
    last column. ``dialog_id`` is the known id, checked by the subquery."""
    mine = DialogMember.alias("mine")
    other = DialogMember.alias("other")
    mine_with = mine.select(mine.dialog).where((mine.user == user_id) & (mine.peer == peer_id))
    mark = (
        mine.select(fn.COALESCE(other.last_read_seq, mine.last_read_seq))
        .join(other, JOIN.LEFT_OUTER,
              on=(other.dialog == mine.dialog) & (other.user != mine.user))
        .where((mine.user == user_id) & (mine.peer == peer_id))
        .limit(1)
    )
    where = (Message.dialog == mine_with) & (Message.seq < before_seq)
    if dialog_id is not None:
        where = (Message.dialog == dialog_id) & where
    if above is not None:
        where = where & (Message.seq > above)
    return (
        _message_rows()
        .select_extend(mark.alias("peer_mark"))
        .where(where)
        .order_by(Message.seq.desc())
        .limit(limit)
    )


def _newest_above(user_id, peer_id, limit):
    """The seq below the newest page of my dialog with ``peer_id`` (a subquery)."""
    mine = DialogMember.alias("mine_d")
    return (Dialog.select(Dialog.last_seq - limit)
            .join(mine, on=(mine.dialog == Dialog.id))
            .where((mine.user == user_id) & (mine.peer == peer_id)))


KNOWN = Prepared(lambda dialog_id, user_id, peer_id, before_seq, limit: _page(
    user_id, peer_id, limit, dialog_id=dialog_id, before_seq=before_seq), 5, one_plan=True)
_COLD_NEWEST = Prepared(lambda user_id, peer_id, limit: _page(
    user_id, peer_id, limit, above=_newest_above(user_id, peer_id, limit)), 3, one_plan=True)
_COLD_OLDER = Prepared(lambda user_id, peer_id, before_seq, above, limit: _page(
    user_id, peer_id, limit, before_seq=before_seq, above=above), 5, one_plan=True)


def cold_rows(user_id: int, peer_id: int, before_seq: int, limit: int) -> list[tuple] | None:
    """The page below ``before_seq`` (``NO_END``: the newest) of my dialog with
    ``peer_id`` by its seq range, or ``None`` when the rows do not show the
    whole page (no dialog, nothing there, or a gap in its seqs)."""
    if before_seq >= NO_END:
        rows = _COLD_NEWEST.rows(user_id, peer_id, limit)
    else:
        rows = _COLD_OLDER.rows(user_id, peer_id, before_seq, before_seq - 1 - limit, limit)
    return rows if whole(rows, limit) else None


def whole(rows: list[tuple], limit: int) -> bool:
    """Whether ``rows`` (newest first) are the page the long way reads: all
    ``limit`` seqs of their range, or every seq from the first one up."""
    if not rows:
        return False
    return len(rows) == limit or (rows[-1][SEQ] == 1 and len(rows) == rows[0][SEQ])


def newest_rows(user_id: int, peer_id: int, limit: int, known: int | None) -> list[tuple] | None:
    """The newest page's rows of my dialog with ``peer_id``, or ``None`` when
    they cannot be trusted to be the whole page (the caller reads it after)."""
    if known is not None:
        rows = KNOWN.rows(known, user_id, peer_id, NO_END, limit)
        if rows:
            return rows
    return cold_rows(user_id, peer_id, NO_END, limit)


# ---------------------------------------------------------------- at the first unread

PLACE = 3  # my read mark, the first message I have not read, the dialog's newest seq


def _with_place(page, user_id, peer_id):
    """``page`` with my place in the dialog as its last ``PLACE`` columns
    (subqueries by my membership: each asked once, not per row)."""
    from .conversations import first_unread, newest_seq

    me = DialogMember.alias("me_p")

    def mine(expression):
        return me.select(expression).where((me.user == user_id) & (me.peer == peer_id))

    return page.select_extend(mine(me.last_read_seq), mine(first_unread(me, user_id)),
                              mine(newest_seq(me)))


_KNOWN_AT_UNREAD = Prepared(lambda dialog_id, user_id, peer_id, limit: _with_place(
    _page(user_id, peer_id, limit, dialog_id=dialog_id), user_id, peer_id), 4, one_plan=True)
_COLD_AT_UNREAD = Prepared(lambda user_id, peer_id, limit: _with_place(
    _page(user_id, peer_id, limit, above=_newest_above(user_id, peer_id, limit)),
    user_id, peer_id), 3, one_plan=True)


def opening_rows(user_id: int, peer_id: int, limit: int, known: int | None) -> list | None:
    """The newest page of my dialog with ``peer_id`` with my place as the last
    ``PLACE`` columns, in one statement (one round trip where it took two:
    the place, then the page), or ``None`` when the page cannot be read whole
    this way (no dialog, no messages, a gap)."""
    if known is not None:
        rows = _KNOWN_AT_UNREAD.rows(known, user_id, peer_id, limit)
        if rows:
            return rows
    rows = _COLD_AT_UNREAD.rows(user_id, peer_id, limit)
    return rows if whole(rows, limit) else None

