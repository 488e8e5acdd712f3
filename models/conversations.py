"""Conversations by dialog id, for dialogs and groups alike: who may read one,
its history, read marks (and who has read a message), unread and mention
counts, and where a chat with unread messages opens.

A member sees the messages numbered ``from_seq`` (0 in a pair dialog; the line
that added them in a group) up to ``left_seq`` (the line that removed them;
none while they are in). Anyone else is told the conversation does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from . import activity, clock, system_lines
from .db import is_sqlite, reads, writes
from .dialog_list import NO_END, _limit
from .errors import NotFoundError, PermissionDeniedError, ValidationError
from .message_views import _message_rows, _message_views, user_ref
from .prepared import Prepared as _Prepared
from .schema import Dialog, DialogMember, Mention, Message, ReadReceipt, User
from .views import MessageView, NextUnread, ReadReceiptView, UnreadWindow

CONTEXT = 5  # read messages shown above the first unread one


@dataclass(frozen=True, slots=True)
class Access:
    """My place in a conversation."""

    dialog_id: int
    role: str | None  # None: a pair dialog
    from_seq: int
    left_seq: int | None
    last_read_seq: int
    peer_id: int | None

    @property
    def is_group(self) -> bool:
        return self.role is not None

    @property
    def read_only(self) -> bool:
        return self.left_seq is not None

    @property
    def end(self) -> int:
        return NO_END if self.left_seq is None else self.left_seq


_ACCESS = _Prepared(
    lambda user_id, dialog_id: DialogMember.select(
        DialogMember.dialog, DialogMember.role, DialogMember.from_seq, DialogMember.left_seq,
        DialogMember.last_read_seq, DialogMember.peer,
    ).where((DialogMember.user == user_id) & (DialogMember.dialog == dialog_id)).tuples(),
    2,
)


def _whole(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError("That id is not valid.", field=field)
    return value


def not_found() -> NotFoundError:
    return NotFoundError("That conversation does not exist.", field="dialog_id")


def access(user_id: int, dialog_id: int) -> Access:
    """My membership of ``dialog_id``, or NotFoundError (also for a non-member)."""
    rows = _ACCESS.rows(_whole(user_id, "user_id"), _whole(dialog_id, "dialog_id"))
    if not rows:
        raise not_found()
    return Access(*rows[0])


def require_present(me: Access) -> Access:
    """Refuse a change by someone removed from the group (they read, only)."""
    if me.read_only:
        raise no_longer_member()
    return me


def no_longer_member() -> PermissionDeniedError:
    return PermissionDeniedError("You are no longer a member of this group.", field="dialog_id")


def group_access(user_id: int, dialog_id: int) -> Access:
    """``access`` for a group: a pair dialog's id is not found here."""
    me = access(user_id, dialog_id)
    if not me.is_group:
        raise not_found()
    return me


# ---------------------------------------------------------------- history

def _peer_mark(dialog_id, user_id):
    """The others' furthest read mark in ``dialog_id`` as a subquery (from the
    top of the (dialog, last_read_seq) index: one or two entries, not 500); in
    saved notes, where there is no other member, my own."""
    other = DialogMember.alias("other")
    others = (other.select(other.last_read_seq)
              .where((other.dialog == dialog_id) & (other.user != user_id))
              .order_by(other.last_read_seq.desc()).limit(1))
    mine = (other.select(other.last_read_seq)
            .where((other.dialog == dialog_id) & (other.user == user_id)))
    return fn.COALESCE(others, mine)


def _range(dialog_id, user_id, low, high, limit, order):
    """Messages of ``dialog_id`` from ``low`` to ``high`` with the read mark
    as the last column (one statement, not two: issue 17)."""
    return (_message_rows().select_extend(_peer_mark(dialog_id, user_id).alias("peer_mark"))
            .where((Message.dialog == dialog_id) & (Message.seq >= low) & (Message.seq <= high))
            .order_by(order).limit(limit))


_NEWEST = _Prepared(lambda *args: _range(*args, Message.seq.desc()), 5)
_FROM = _Prepared(lambda *args: _range(*args, Message.seq), 5)


def _views(rows, me: Access, user_id: int) -> list[MessageView]:
    """Views of ``_range`` rows (the read mark their last column)."""
    rows = list(rows)
    mark = (rows[0][-1] if rows else None) or 0
    return _message_views([row[:-1] for row in rows], {me.dialog_id: mark}, user_id,
                          of_groups=me.is_group)


def page(me: Access, user_id: int, before_seq: int | None, limit: int) -> list[MessageView]:
    high = me.end if before_seq is None else min(me.end, before_seq - 1)
    return _views(_NEWEST.rows(me.dialog_id, user_id, me.from_seq, high, limit), me, user_id)


def _my_page(dialog_id, user_id, high, limit):
    """The newest messages of ``dialog_id`` up to ``high`` that I can see, with
    my role and the others' furthest read mark as the last two columns: my
    membership and the mark are subqueries, so the page is one statement (one
    round trip on PostgreSQL, issue 17). A non-member gets no rows."""
    mine = DialogMember.alias("mine")

    def my(column):
        return (mine.select(column)
                .where((mine.dialog == dialog_id) & (mine.user == user_id)))

    return (
        _message_rows()
        .select_extend(my(mine.role).alias("my_role"),
                       _peer_mark(dialog_id, user_id).alias("peer_mark"))
        .where((Message.dialog == dialog_id) & (Message.seq >= my(mine.from_seq))
               & (Message.seq <= fn.COALESCE(my(mine.left_seq), NO_END))
               & (Message.seq <= high))
        .order_by(Message.seq.desc())
        .limit(limit)
    )


_MY_PAGE = _Prepared(_my_page, 4)


@reads
def history_of(
    user_id: int, dialog_id: int, before_seq: int | None = None, limit: int = 50
) -> list[MessageView]:
    """Messages of dialog or group ``dialog_id`` I can see, newest first; page
    back with ``before_seq`` = the ``seq`` of the oldest message shown.

    Two statements: the page (my membership and the read mark its
    subqueries) and its extras (models/page_extras.py). Only an empty page
    asks whether I am a member at all (NotFoundError if not)."""
    limit = _limit(limit)
    high = NO_END if before_seq is None else _whole(before_seq, "before_seq") - 1
    _whole(user_id, "user_id")
    _whole(dialog_id, "dialog_id")
    rows = _MY_PAGE.rows(dialog_id, user_id, high, limit)
    if not rows:
        access(user_id, dialog_id)  # NotFoundError for anyone not a member
        return []
    role, mark = rows[0][-2], rows[0][-1]
    return _message_views([row[:-2] for row in rows], {dialog_id: mark}, user_id,
                          of_groups=role is not None)


def first_unread(member, reader_id):
    """A subquery correlated with ``member`` (a ``DialogMember`` row of the outer
    query): the seq of the first message of others there that its member has not
    read (system lines and deleted messages not counted), or NULL. Asked with
    the membership, so opening a chat at it costs no statement of its own."""
    return (
        Message.select(Message.seq)
        .where(
            (Message.dialog == member.dialog)
            & (Message.seq > member.last_read_seq)
            & (Message.seq <= fn.COALESCE(member.left_seq, NO_END))
            & (Message.sender != reader_id)
            & (Message.deleted == False)  # noqa: E712 - SQL comparison
            & (Message.kind == system_lines.TEXT)
        )
        .order_by(Message.seq)
        .limit(1)
    )


def newest_seq(member):
    """A subquery correlated with ``member``: its dialog's newest seq (where the
    newest page starts tells whether the first unread message is on it)."""
    return Dialog.select(Dialog.last_seq).where(Dialog.id == member.dialog)


_ACCESS_AT_UNREAD = _Prepared(
    lambda user_id, dialog_id: DialogMember.select(
        DialogMember.dialog, DialogMember.role, DialogMember.from_seq, DialogMember.left_seq,
        DialogMember.last_read_seq, DialogMember.peer,
        first_unread(DialogMember, user_id).alias("first_unread"),
        newest_seq(DialogMember).alias("newest_seq"),
    ).where((DialogMember.user == user_id) & (DialogMember.dialog == dialog_id)).tuples(),
    2,
)


def window_at_first_unread(me: Access, user_id: int, limit: int, first_seq: int | None,
                           newest: int | None = None, newest_rows=None) -> UnreadWindow:
    """The window of ``me``'s conversation at ``first_seq`` (``first_unread``).
    With ``newest`` (the dialog's newest seq, ``newest_seq``) a first unread
    message on the newest page goes straight to that page: seqs have no gaps,
    so the page from it would hold ``limit`` messages or fewer, and was read
    only to be read again (issue 17: one round trip less). ``newest_rows``:
    that page's rows (read mark last), when read beside my place."""

    def newest_page() -> tuple[MessageView, ...]:
        if newest_rows:
            return tuple(_views(newest_rows, me, user_id))
        return tuple(page(me, user_id, None, limit))

    if first_seq is not None:
        low = max(me.from_seq, first_seq - CONTEXT, 1)
        if newest is not None and low >= min(newest, me.end) - limit + 1:
            return UnreadWindow(newest_page(), first_seq, False)
        rows = _FROM.rows(me.dialog_id, user_id, low, me.end, limit + 1)
        if len(rows) > limit:  # more after this page: the first unread is far back
            return UnreadWindow(tuple(_views(reversed(rows[:limit]), me, user_id)), first_seq,
                                True)
    return UnreadWindow(newest_page(), first_seq, False)


@reads
def history_at_first_unread_of(user_id: int, dialog_id: int, limit: int = 50) -> UnreadWindow:
    """The page of ``dialog_id`` holding the first message I have not read (with
    a few read ones above it); the newest page when it holds it or nothing is unread.
    On PostgreSQL my place comes with the newest page (``unread.opening_of``)."""
    user_id, dialog_id = _whole(user_id, "user_id"), _whole(dialog_id, "dialog_id")
    if not is_sqlite() and type(limit) is int and limit >= 1:  # noqa: E721 - not a bool
        from .unread import opening_of  # it builds on this module

        window = opening_of(user_id, dialog_id, _limit(limit))
        if window is not None:
            return window
    rows = _ACCESS_AT_UNREAD.rows(user_id, dialog_id)
    if not rows:
        raise not_found()
    return window_at_first_unread(Access(*rows[0][:6]), user_id, _limit(limit), *rows[0][6:])


# ---------------------------------------------------------------- read marks

@writes
def mark_read_in(user_id: int, dialog_id: int, up_to_seq: int) -> None:
    """I have read ``dialog_id`` up to ``up_to_seq``; the mark never moves
    backwards, nor past the newest message I can see."""
    _whole(up_to_seq, "up_to_seq")
    me = access(user_id, dialog_id)
    move_mark(me, user_id, up_to_seq)


def move_mark(me: Access, user_id: int, up_to_seq: int) -> None:
    last_seq = Dialog.select(Dialog.last_seq).where(Dialog.id == me.dialog_id).scalar()
    target = min(up_to_seq, last_seq, me.end)
    moved = DialogMember.update(last_read_seq=target).where(
        (DialogMember.dialog == me.dialog_id) & (DialogMember.user == user_id)
        & (DialogMember.last_read_seq < target)
    ).execute()
    if not moved:
        return
    if not me.is_group:
        if me.peer_id != user_id:  # the sender's ✓ becomes ✓✓ on their screen
            activity.record(me.peer_id, activity.READ, actor_id=user_id,
                            dialog_id=me.dialog_id, ref_id=target)
        return
    ReadReceipt.insert(dialog=me.dialog_id, user=user_id, seq=target,
                       read_at=clock.now()).execute()
    # Tell the people whose messages I just read (their ✓ may become ✓✓), not
    # every member: a read writes a row per sender concerned, not per member.
    senders = (
        Message.select(Message.sender).distinct()
        .where((Message.dialog == me.dialog_id) & (Message.seq > me.last_read_seq)
               & (Message.seq <= target) & (Message.sender != user_id)
               & (Message.kind == system_lines.TEXT))
    )
    present = [
        uid for (uid,) in DialogMember.select(DialogMember.user).where(
            (DialogMember.dialog == me.dialog_id) & DialogMember.user.in_(senders)
            & DialogMember.left_seq.is_null()
        ).tuples()
    ]
    activity.record_many(present, activity.READ, actor_id=user_id, dialog_id=me.dialog_id,
                         ref_id=target)


@reads
def read_by(user_id: int, message_id: int) -> list[ReadReceiptView]:
    """Who besides its sender has read message ``message_id``, and when; the
    earliest first, those without a time last. Members of its conversation only."""
    row = Message.select(Message.dialog, Message.seq, Message.sender).where(
        Message.id == _whole(message_id, "message_id")).tuples().first()
    if row is None:
        raise NotFoundError("That message does not exist.", field="message_id")
    dialog_id, seq, sender_id = row
    try:
        me = access(user_id, dialog_id)
    except NotFoundError:
        raise NotFoundError("That message does not exist.", field="message_id") from None
    if not me.from_seq <= seq <= me.end:
        raise NotFoundError("That message does not exist.", field="message_id")
    times = dict(
        ReadReceipt.select(ReadReceipt.user, fn.MIN(ReadReceipt.read_at))
        .where((ReadReceipt.dialog == dialog_id) & (ReadReceipt.seq >= seq))
        .group_by(ReadReceipt.user).tuples()
    )
    readers = (
        DialogMember.select(User.id, User.login, User.first_name, User.last_name, User.avatar)
        .join(User, on=(User.id == DialogMember.user))
        .where((DialogMember.dialog == dialog_id) & (DialogMember.last_read_seq >= seq)
               & (DialogMember.from_seq <= seq) & (DialogMember.user != sender_id))
        .tuples()
    )
    found = [ReadReceiptView(user=user_ref(r), read_at=times.get(r[0])) for r in readers]
    return sorted(found, key=lambda r: (r.read_at is None, r.read_at or clock.now(),
                                        r.user.id))


# ---------------------------------------------------------------- counts

@reads
def unread_in(user_id: int, dialog_id: int) -> int:
    """Messages of others in ``dialog_id`` I have not read yet (system lines not counted)."""
    me = access(user_id, dialog_id)
    return Message.select(fn.COUNT(Message.id)).where(
        (Message.dialog == me.dialog_id) & (Message.seq > me.last_read_seq)
        & (Message.seq <= me.end) & (Message.sender != user_id)
        & (Message.deleted == False)  # noqa: E712 - SQL comparison
        & (Message.kind == system_lines.TEXT)
    ).scalar() or 0


def _unread_mentions(user_id: int):
    return (
        Mention.select(Mention.dialog, Mention.seq)
        .join(DialogMember, on=(DialogMember.dialog == Mention.dialog)
              & (DialogMember.user == user_id))
        .where((Mention.user == user_id) & (Mention.seq > DialogMember.last_read_seq)
               & (Mention.seq <= fn.COALESCE(DialogMember.left_seq, NO_END)))
    )


@reads
def mention_count(user_id: int, dialog_id: int | None = None) -> int:
    """Unread messages that name me, in ``dialog_id`` or everywhere (the "@" badge)."""
    query = _unread_mentions(user_id)
    if dialog_id is not None:
        query = query.where(Mention.dialog == _whole(dialog_id, "dialog_id"))
    return query.count()


@reads
def next_unread_mention(user_id: int, dialog_id: int | None = None) -> NextUnread | None:
    """The oldest unread message that names me (in ``dialog_id``, or anywhere)."""
    query = _unread_mentions(user_id)
    if dialog_id is not None:
        query = query.where(Mention.dialog == _whole(dialog_id, "dialog_id"))
    row = query.order_by(Mention.id).limit(1).tuples().first()
    return NextUnread(dialog_id=row[0], seq=row[1], mention=True) if row else None


@reads
def messages_of(user_id: int, dialog_id: int, from_seq: int, limit: int = 50) -> list[MessageView]:
    """Messages of ``dialog_id`` from ``from_seq`` on, oldest first (jumping to a mention)."""
    me = access(user_id, dialog_id)
    rows = _FROM.rows(me.dialog_id, user_id, max(me.from_seq, _whole(from_seq, "from_seq")),
                      me.end, _limit(limit))
    return _views(rows, me, user_id)
