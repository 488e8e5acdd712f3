"""Dialogs: one per pair of people, saved notes with oneself — the dialog list,
a dialog's history, read marks and unread counts, and live polling.

A dialog exists from its first message (opening one writes nothing); sending,
editing and deleting messages are in ``messages``. Messages are numbered 1, 2,
3 … within their dialog without gaps (``seq``): history pages by ``seq`` and
read marks are a ``seq``.
"""

from __future__ import annotations

from collections.abc import Iterable

from peewee import JOIN, fn

from . import activity, reactions
from .db import reads, writes
from .errors import NotFoundError, ValidationError, msg
from .prepared import Prepared as _Prepared
from .schema import Dialog, DialogMember, Message, User
from .views import DialogSummary, MessageView, Page, UserRef

PREVIEW_LENGTH = 80
# The chat says the same of a deleted message; a Text, so the UI can translate it.
DELETED_PREVIEW = msg("message deleted")
MAX_PAGE = 500


# ---------------------------------------------------------------- small pieces

def preview(text: str, deleted: bool) -> str:
    """First line of a message, at most PREVIEW_LENGTH characters."""
    if deleted:
        return DELETED_PREVIEW
    line = text.split("\n", 1)[0]
    if len(line) > PREVIEW_LENGTH:
        line = line[: PREVIEW_LENGTH - 1] + "…"
    return line


def _limit(limit: int) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValidationError("The page size must be a positive whole number.", field="limit")
    return min(limit, MAX_PAGE)


_USERS = _Prepared(
    lambda a, b: User.select(User.id, User.login, User.first_name, User.last_name, User.avatar)
    .where(User.id.in_([a, b]))
    .tuples(),
    2,
)


def load_users(user_id: int, peer_id: int) -> dict[int, UserRef]:
    """The two people; NotFoundError names the first one missing."""
    found = {
        row[0]: UserRef(id=row[0], login=row[1], first_name=row[2], last_name=row[3],
                        avatar_id=row[4])
        for row in _USERS.rows(user_id, peer_id)
    }
    for uid, field in ((user_id, "user_id"), (peer_id, "peer_id")):
        if uid not in found:
            if field == "user_id":
                reason = msg("You are not registered (user {id} does not exist).", id=uid)
            else:
                reason = msg("This person is not registered (user {id} does not exist).", id=uid)
            raise NotFoundError(reason, field=field)
    return found


def _membership(user_id: int, peer_id: int) -> DialogMember | None:
    """My membership row of the dialog with ``peer_id`` (``None`` before the first message)."""
    return DialogMember.get_or_none(
        (DialogMember.user == user_id) & (DialogMember.peer == peer_id)
    )


# ---------------------------------------------------------------- messages as views

def _message_rows():
    """Messages as tuples with their sender's UserRef columns and the text of
    the message they reply to, in one SELECT (see ``_message_views``)."""
    quoted = Message.alias("quoted")
    return (
        Message.select(
            Message.id, Message.dialog, Message.seq, Message.client_id, Message.text,
            Message.created_at, Message.edited_at, Message.deleted, Message.reply_to,
            User.id, User.login, User.first_name, User.last_name, User.avatar,
            quoted.text, quoted.deleted,
        )
        .join(User, on=(Message.sender == User.id))
        .switch(Message)
        .join(quoted, JOIN.LEFT_OUTER, on=(quoted.id == Message.reply_to))
        .tuples()
    )


def _peer_read_marks(dialog_ids: Iterable[int], viewer_id: int) -> dict[int, int]:
    """The other member's read mark per dialog (in saved notes, the viewer's own)."""
    marks: dict[int, int] = {}
    for dialog_id, member_id, mark in DialogMember.select(
        DialogMember.dialog, DialogMember.user, DialogMember.last_read_seq
    ).where(DialogMember.dialog.in_(list(dialog_ids))).tuples():
        # The peer's mark wins; in saved notes the only member is the viewer.
        if member_id != viewer_id or dialog_id not in marks:
            marks[dialog_id] = mark
    return marks


def _message_views(
    rows: Iterable[tuple], peer_read: dict[int, int], viewer_id: int
) -> list[MessageView]:
    """Views of ``_message_rows`` tuples; ``peer_read`` maps dialog id to the
    peer's read mark. Their reactions, as ``viewer_id`` sees them, come from one
    more query for all of them."""
    rows = list(rows)
    counts = reactions.message_counts((row[0] for row in rows), viewer_id)
    return [
        MessageView(
            id=mid,
            dialog_id=dialog_id,
            seq=seq,
            sender=UserRef(id=uid, login=login, first_name=first, last_name=last,
                           avatar_id=avatar_id),
            client_id=client_id,
            text="" if deleted else text,
            created_at=created_at,
            edited_at=edited_at,
            deleted=bool(deleted),
            reply_to_id=reply_to_id,
            reply_preview=(
                preview(quoted_text, quoted_deleted)
                if reply_to_id is not None and quoted_deleted is not None
                else None
            ),
            read_by_peer=seq <= peer_read.get(dialog_id, 0),
            reactions=counts.get(mid, ()),
        )
        for (mid, dialog_id, seq, client_id, text, created_at, edited_at, deleted, reply_to_id,
             uid, login, first, last, avatar_id, quoted_text, quoted_deleted) in rows
    ]


def message_view(message_id: int, viewer_id: int) -> MessageView:
    """One message as ``viewer_id`` sees it (with the peer's read mark)."""
    rows = list(_message_rows().where(Message.id == message_id))
    return _message_views(rows, _peer_read_marks([rows[0][1]], viewer_id), viewer_id)[0]


# ---------------------------------------------------------------- dialogs

def _summary_query(user_id: int):
    """My dialogs as tuples — dialog id, newest message id, the peer's UserRef
    columns, the newest message's text, deleted flag, time and sender, and my
    unread count — in one query."""
    peer = User.alias("peer_user")
    last = Message.alias("last_msg")
    unread_msg = Message.alias("unread_msg")
    unread = (
        unread_msg.select(fn.COUNT(unread_msg.id))
        .where(
            (unread_msg.dialog == DialogMember.dialog)
            & (unread_msg.seq > DialogMember.last_read_seq)
            & (unread_msg.sender != user_id)
            & (unread_msg.deleted == False)  # noqa: E712 - SQL comparison
        )
    )
    return (
        DialogMember.select(
            DialogMember.dialog, DialogMember.last_message_id,
            peer.id, peer.login, peer.first_name, peer.last_name, peer.avatar,
            last.id, last.text, last.deleted, last.created_at, last.sender,
            unread.alias("unread"),
        )
        .join(peer, on=(DialogMember.peer == peer.id))
        .switch(DialogMember)
        .join(last, JOIN.LEFT_OUTER, on=(last.id == DialogMember.last_message_id))
        .where(DialogMember.user == user_id)
        .tuples()
    )


def _summary(row: tuple, user_id: int) -> DialogSummary:
    (dialog_id, _newest, peer_id, login, first, last_name, avatar_id,
     last_id, text, deleted, created_at, sender_id, unread) = row
    has_last = last_id is not None
    return DialogSummary(
        dialog_id=dialog_id,
        peer=UserRef(id=peer_id, login=login, first_name=first, last_name=last_name,
                     avatar_id=avatar_id),
        last_message_preview=preview(text, deleted) if has_last else "",
        last_message_at=created_at if has_last else None,
        last_message_from_me=bool(has_last and sender_id == user_id),
        unread_count=int(unread or 0),
    )


_FIRST_DIALOGS = _Prepared(
    lambda user_id, limit: _summary_query(user_id)
    .order_by(DialogMember.last_message_id.desc())
    .limit(limit),
    2,
)
_MORE_DIALOGS = _Prepared(
    lambda user_id, before, limit: _summary_query(user_id)
    .where(DialogMember.last_message_id < before)
    .order_by(DialogMember.last_message_id.desc())
    .limit(limit),
    3,
)


@reads
def open_dialog(user_id: int, peer_id: int) -> DialogSummary:
    """The dialog with ``peer_id`` as the dialog list would show it; writes nothing.

    Before the first message its ``dialog_id`` is ``None``.
    """
    users = load_users(user_id, peer_id)
    row = _summary_query(user_id).where(DialogMember.peer == peer_id).first()
    if row is not None:
        return _summary(row, user_id)
    return DialogSummary(
        dialog_id=None,
        peer=users[peer_id],
        last_message_preview="",
        last_message_at=None,
        last_message_from_me=False,
        unread_count=0,
    )


@reads
def dialog_list(user_id: int, cursor: int | None = None, limit: int = 50) -> Page[DialogSummary]:
    """My dialogs, the one with the newest message first; ``cursor`` is the
    ``next_cursor`` of the previous page."""
    limit = _limit(limit)
    if cursor is None:
        rows = _FIRST_DIALOGS.rows(user_id, limit + 1)
    else:
        if not isinstance(cursor, int) or isinstance(cursor, bool):
            raise ValidationError("That page cursor is not valid.", field="cursor")
        rows = _MORE_DIALOGS.rows(user_id, cursor, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items = tuple(_summary(row, user_id) for row in rows)
    return Page(items=items, next_cursor=rows[-1][1] if more else None)


# ---------------------------------------------------------------- history

def _my_dialog_query(user_id, peer_id):
    """My membership and the peer's read mark in one lookup (in saved notes
    there is no other member: my own mark stands in)."""
    other = DialogMember.alias("other")
    return (
        DialogMember.select(DialogMember.dialog, other.last_read_seq, DialogMember.last_read_seq)
        .join(
            other,
            JOIN.LEFT_OUTER,
            on=(other.dialog == DialogMember.dialog) & (other.user != DialogMember.user),
        )
        .where((DialogMember.user == user_id) & (DialogMember.peer == peer_id))
        .limit(1)
        .tuples()
    )


_MY_DIALOG = _Prepared(_my_dialog_query, 2)
_NEWEST_PAGE = _Prepared(
    lambda dialog_id, limit: _message_rows()
    .where(Message.dialog == dialog_id)
    .order_by(Message.seq.desc())
    .limit(limit),
    2,
)
_OLDER_PAGE = _Prepared(
    lambda dialog_id, before_seq, limit: _message_rows()
    .where((Message.dialog == dialog_id) & (Message.seq < before_seq))
    .order_by(Message.seq.desc())
    .limit(limit),
    3,
)


@reads
def history(
    user_id: int, peer_id: int, before_seq: int | None = None, limit: int = 50
) -> list[MessageView]:
    """Messages of my dialog with ``peer_id``, newest first; page back with
    ``before_seq`` = the ``seq`` of the oldest message shown."""
    limit = _limit(limit)
    found = _MY_DIALOG.rows(user_id, peer_id)
    if not found:
        return []
    if before_seq is not None and (not isinstance(before_seq, int) or isinstance(before_seq, bool)):
        raise ValidationError("That page position is not valid.", field="before_seq")
    dialog_id, peer_mark, my_mark = found[0]
    if before_seq is None:
        rows = _NEWEST_PAGE.rows(dialog_id, limit)
    else:
        rows = _OLDER_PAGE.rows(dialog_id, before_seq, limit)
    return _message_views(
        rows, {dialog_id: my_mark if peer_mark is None else peer_mark}, user_id
    )


# ---------------------------------------------------------------- read marks

@writes
def mark_read(user_id: int, peer_id: int, up_to_seq: int) -> None:
    """I have read my dialog with ``peer_id`` up to ``up_to_seq``. The mark never
    moves backwards and never past the newest message."""
    if not isinstance(up_to_seq, int) or isinstance(up_to_seq, bool):
        raise ValidationError("The read position must be a whole number.", field="up_to_seq")
    member = _membership(user_id, peer_id)
    if member is None:
        return
    last_seq = Dialog.select(Dialog.last_seq).where(Dialog.id == member.dialog_id).scalar()
    target = min(up_to_seq, last_seq)
    moved = DialogMember.update(last_read_seq=target).where(
        (DialogMember.id == member.id) & (DialogMember.last_read_seq < target)
    ).execute()
    if moved and peer_id != user_id:  # the sender's ✓ becomes ✓✓ on their screen
        activity.record(peer_id, activity.READ, actor_id=user_id, dialog_id=member.dialog_id,
                        ref_id=target)


def _unread_query(user_id: int):
    return (
        Message.select(fn.COUNT(Message.id))
        .join(
            DialogMember,
            on=(DialogMember.dialog == Message.dialog) & (DialogMember.user == user_id),
        )
        .where(
            (Message.seq > DialogMember.last_read_seq)
            & (Message.sender != user_id)
            & (Message.deleted == False)  # noqa: E712 - SQL comparison
        )
    )


@reads
def unread_count(user_id: int, peer_id: int) -> int:
    """Messages from ``peer_id`` I have not read yet."""
    member = _membership(user_id, peer_id)
    if member is None:
        return 0
    return _unread_query(user_id).where(Message.dialog == member.dialog_id).scalar() or 0


@reads
def unread_total(user_id: int) -> int:
    """Unread messages over all my dialogs."""
    return _unread_query(user_id).scalar() or 0


# ---------------------------------------------------------------- live polling

@reads
def latest_message_id() -> int:
    """The id of the newest message anywhere (0 when there is none yet)."""
    return Message.select(fn.MAX(Message.id)).scalar() or 0


@reads
def messages_by_id(user_id: int, message_ids: Iterable[int]) -> list[MessageView]:
    """These messages as they are now (edited, deleted), oldest first; only those
    of my own dialogs (live polling: an open chat shows others' edits)."""
    ids = sorted({i for i in message_ids if isinstance(i, int) and not isinstance(i, bool)})
    if not ids:
        return []
    mine = DialogMember.select(DialogMember.dialog).where(DialogMember.user == user_id)
    rows = list(
        _message_rows()
        .where(Message.id.in_(ids) & Message.dialog.in_(mine))
        .order_by(Message.id)
    )
    if not rows:
        return []
    return _message_views(rows, _peer_read_marks({row[1] for row in rows}, user_id), user_id)


@reads
def messages_after(user_id: int, after_message_id: int, limit: int = 200) -> list[MessageView]:
    """Messages in my dialogs newer than ``after_message_id``, oldest first.

    Cheap when nothing is new: my dialog rows carry their newest message id, so
    one index lookup answers "anything for me?". Deleted messages come too
    (as deleted), so an open chat can show their place.
    """
    limit = _limit(limit)
    if not isinstance(after_message_id, int) or isinstance(after_message_id, bool):
        raise ValidationError("The polling position must be a whole number.", field="after_message_id")
    dialog_ids = [
        member.dialog_id
        for member in DialogMember.select(DialogMember.dialog).where(
            (DialogMember.user == user_id) & (DialogMember.last_message_id > after_message_id)
        )
    ]
    if not dialog_ids:
        return []
    rows = list(
        _message_rows()
        .where(Message.dialog.in_(dialog_ids) & (Message.id > after_message_id))
        .order_by(Message.id)
        .limit(limit)
    )
    if not rows:
        return []
    return _message_views(rows, _peer_read_marks({row[1] for row in rows}, user_id), user_id)
