"""Dialogs and messages: one dialog per pair of people, saved notes with oneself.

A dialog exists from its first message (opening one writes nothing). Messages
are numbered 1, 2, 3 … within their dialog without gaps (``seq``), even when
several processes send at once: the dialog row's ``last_seq`` is incremented
first inside the write transaction, which serialises senders of one dialog on
both backends. Every message carries a client-made id, so sending it again
after a crash or a timeout returns the stored message instead of a duplicate.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from peewee import JOIN, Case, fn

from . import activity, clock, listen
from .db import is_sqlite, reads, writes
from .errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError, msg
from .prepared import Prepared as _Prepared
from .schema import Dialog, DialogMember, Message, User
from .text import clean_text
from .views import DialogSummary, MessageView, Page, UserRef

MAX_MESSAGE_LENGTH = 4000
PREVIEW_LENGTH = 80
DELETED_PREVIEW = "Deleted message"
MAX_PAGE = 500
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


# ---------------------------------------------------------------- small pieces

def new_client_id() -> str:
    """A fresh id for a message about to be sent (keep it to resend safely)."""
    return uuid.uuid4().hex


def _user_ref(user: User) -> UserRef:
    return UserRef(
        id=user.id,
        login=user.login,
        first_name=user.first_name,
        last_name=user.last_name,
        avatar_id=user.avatar_id,
    )


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def _preview(text: str, deleted: bool) -> str:
    """First line of a message, at most PREVIEW_LENGTH characters."""
    if deleted:
        return DELETED_PREVIEW
    line = text.split("\n", 1)[0]
    if len(line) > PREVIEW_LENGTH:
        line = line[: PREVIEW_LENGTH - 1] + "…"
    return line


def _clean_message_text(text: str) -> str:
    if not isinstance(text, str):
        raise ValidationError("A message must be text.", field="text")
    cleaned = clean_text(text).strip()
    if not cleaned:
        raise ValidationError("A message cannot be empty.", field="text")
    if len(cleaned) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            msg(
                "A message can be at most {limit} characters long; this one has {length}.",
                limit=MAX_MESSAGE_LENGTH, length=len(cleaned),
            ),
            field="text",
        )
    return cleaned


def _check_client_id(client_id: str) -> None:
    if not isinstance(client_id, str) or not _CLIENT_ID.fullmatch(client_id):
        raise ValidationError(
            "The message id must be 1 to 64 letters, digits, '-' or '_'.", field="client_id"
        )


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


def _load_users(user_id: int, peer_id: int) -> dict[int, UserRef]:
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


def _message_views(rows: Iterable[tuple], peer_read: dict[int, int]) -> list[MessageView]:
    """Views of ``_message_rows`` tuples; ``peer_read`` maps dialog id to the
    peer's read mark."""
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
                _preview(quoted_text, quoted_deleted)
                if reply_to_id is not None and quoted_deleted is not None
                else None
            ),
            read_by_peer=seq <= peer_read.get(dialog_id, 0),
        )
        for (mid, dialog_id, seq, client_id, text, created_at, edited_at, deleted, reply_to_id,
             uid, login, first, last, avatar_id, quoted_text, quoted_deleted) in rows
    ]


def _view_of(message_id: int, viewer_id: int) -> MessageView:
    rows = list(_message_rows().where(Message.id == message_id))
    return _message_views(rows, _peer_read_marks([rows[0][1]], viewer_id))[0]


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
        last_message_preview=_preview(text, deleted) if has_last else "",
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
    users = _load_users(user_id, peer_id)
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


def _ensure_dialog(user_id: int, peer_id: int) -> int:
    """The dialog of the pair, created with its member rows if needed (race-safe:
    a concurrent creator's row is taken, never duplicated)."""
    lo, hi = _pair(user_id, peer_id)
    found = _DIALOG_OF_PAIR.rows(lo, hi)
    if found:
        return found[0][0]
    Dialog.insert(user_lo=lo, user_hi=hi, created_at=clock.now()).on_conflict_ignore().execute()
    dialog_id = (
        Dialog.select(Dialog.id).where((Dialog.user_lo == lo) & (Dialog.user_hi == hi)).get().id
    )
    members = [{"dialog": dialog_id, "user": lo, "peer": hi}]
    if lo != hi:
        members.append({"dialog": dialog_id, "user": hi, "peer": lo})
    DialogMember.insert_many(members).on_conflict_ignore().execute()
    return dialog_id


# ---------------------------------------------------------------- messages

_DIALOG_OF_PAIR = _Prepared(
    lambda lo, hi: Dialog.select(Dialog.id)
    .where((Dialog.user_lo == lo) & (Dialog.user_hi == hi))
    .limit(1)
    .tuples(),
    2,
)
_EXISTING = _Prepared(
    lambda sender, client_id: Message.select(Message.id, Message.dialog)
    .where((Message.sender == sender) & (Message.client_id == client_id))
    .limit(1)
    .tuples(),
    2,
)
_NEXT_SEQ = _Prepared(
    lambda dialog_id: Dialog.update(last_seq=Dialog.last_seq + 1).where(Dialog.id == dialog_id),
    1,
)
_SEQ = _Prepared(
    lambda dialog_id: Dialog.select(Dialog.last_seq).where(Dialog.id == dialog_id).tuples(), 1
)
_INSERT_MESSAGE = _Prepared(  # SQLite only: PostgreSQL needs ON CONFLICT and RETURNING
    lambda dialog_id, seq, sender, client_id, text, reply_to, created_at: Message.insert(
        dialog=dialog_id, seq=seq, sender=sender, client_id=client_id, text=text,
        reply_to=reply_to, created_at=created_at,
    ),
    7,
)
_NEWEST_OF_DIALOG = _Prepared(
    lambda message_id, dialog_id: Dialog.update(last_message_id=message_id).where(
        Dialog.id == dialog_id
    ),
    2,
)
# Both members learn the newest message; the sender has read up to it.
_NEWEST_OF_MEMBERS = _Prepared(
    lambda message_id, sender, seq, dialog_id: DialogMember.update(
        last_message_id=message_id,
        last_read_seq=Case(
            None,
            [((DialogMember.user == sender) & (DialogMember.last_read_seq < seq), seq)],
            DialogMember.last_read_seq,
        ),
    ).where(DialogMember.dialog == dialog_id),
    4,
)


def _existing(user_id: int, client_id: str) -> tuple[int, int] | None:
    """(id, dialog id) of the message this sender already sent with this client id."""
    found = _EXISTING.rows(user_id, client_id)
    return tuple(found[0]) if found else None


def _resent(existing: tuple[int, int], dialog_pair: tuple[int, int], user_id: int) -> MessageView:
    message_id, dialog_id = existing
    dialog = Dialog.get_by_id(dialog_id)
    if (dialog.user_lo_id, dialog.user_hi_id) != dialog_pair:
        raise ConflictError(
            "This message id was already used for a message in another dialog.",
            field="client_id",
        )
    return _view_of(message_id, user_id)


@writes
def send_message(
    user_id: int, peer_id: int, text: str, client_id: str, reply_to_id: int | None = None
) -> MessageView:
    """Send ``text`` to ``peer_id`` (to oneself: saved notes).

    Sending again with the same ``client_id`` returns the message already
    stored, unchanged, and stores nothing new.
    """
    text = _clean_message_text(text)
    _check_client_id(client_id)
    users = _load_users(user_id, peer_id)
    pair = _pair(user_id, peer_id)

    existing = _existing(user_id, client_id)
    if existing is not None:
        return _resent(existing, pair, user_id)

    dialog_id = _ensure_dialog(user_id, peer_id)
    target = None
    if reply_to_id is not None:
        target = (
            Message.select(Message.id, Message.dialog, Message.text, Message.deleted)
            .where(Message.id == reply_to_id)
            .first()
        )
        if target is None or target.dialog_id != dialog_id:
            raise ValidationError(
                "You can only reply to a message of this dialog.", field="reply_to_id"
            )

    # Increment first: the row lock it takes serialises senders of this dialog,
    # so the seq read next is ours alone and numbering stays gapless.
    _NEXT_SEQ.execute(dialog_id)
    seq = _SEQ.rows(dialog_id)[0][0]
    if not is_sqlite():
        # PostgreSQL: a resend of the same message may have committed while we
        # waited for the lock. (SQLite's IMMEDIATE transaction already excluded it.)
        existing = _existing(user_id, client_id)
        if existing is not None:
            Dialog.update(last_seq=Dialog.last_seq - 1).where(Dialog.id == dialog_id).execute()
            return _resent(existing, pair, user_id)

    listen.notify(peer_id)  # PostgreSQL: wakes the peer's app at commit
    now = clock.now()
    if is_sqlite():
        message_id = _INSERT_MESSAGE.execute(
            dialog_id, seq, user_id, client_id, text, reply_to_id, now
        ).lastrowid
    else:
        values = {
            "dialog": dialog_id,
            "seq": seq,
            "sender": user_id,
            "client_id": client_id,
            "text": text,
            "reply_to": reply_to_id,
            "created_at": now,
        }
        message_id = Message.insert(values).on_conflict_ignore().execute()
        if not message_id:
            # Same client id used at this very moment for another dialog; the
            # error rolls our seq increment back.
            raise ConflictError("This message id is already in use.", field="client_id")

    _NEWEST_OF_DIALOG.execute(message_id, dialog_id)
    _NEWEST_OF_MEMBERS.execute(message_id, user_id, seq, dialog_id)
    # The view is made from what was just written (no read-back): the seq was
    # allocated in this transaction, so the peer cannot have read it yet; in
    # saved notes the reader is the sender.
    return MessageView(
        id=message_id,
        dialog_id=dialog_id,
        seq=seq,
        sender=users[user_id],
        client_id=client_id,
        text=text,
        created_at=now,
        edited_at=None,
        deleted=False,
        reply_to_id=reply_to_id,
        reply_preview=_preview(target.text, target.deleted) if target is not None else None,
        read_by_peer=user_id == peer_id,
    )


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
    return _message_views(rows, {dialog_id: my_mark if peer_mark is None else peer_mark})


def _own_message(user_id: int, message_id: int) -> Message:
    """A message the user may change, or a clear refusal. Someone outside the
    dialog is told it does not exist rather than that it is not theirs."""
    message = Message.get_or_none(Message.id == message_id)
    if message is not None and message.sender_id != user_id:
        is_member = DialogMember.select().where(
            (DialogMember.dialog == message.dialog_id) & (DialogMember.user == user_id)
        ).exists()
        if is_member:
            raise PermissionDeniedError(
                "You can only change your own messages.", field="message_id"
            )
        message = None
    if message is None:
        raise NotFoundError("That message does not exist.", field="message_id")
    return message


@writes
def edit_message(user_id: int, message_id: int, text: str) -> MessageView:
    """Replace the text of my own message; marks it edited."""
    text = _clean_message_text(text)
    message = _own_message(user_id, message_id)
    if message.deleted:
        raise NotFoundError("That message was deleted.", field="message_id")
    Message.update(text=text, edited_at=clock.now()).where(Message.id == message_id).execute()
    activity.record_for_peer(message.dialog_id, user_id, activity.MESSAGE_EDITED, message_id)
    return _view_of(message_id, user_id)


@writes
def delete_message(user_id: int, message_id: int) -> None:
    """Delete my own message. Its place stays (shown as deleted), so the
    numbering of the dialog keeps no gaps."""
    message = _own_message(user_id, message_id)
    if message.deleted:
        return
    Message.update(deleted=True, text="").where(Message.id == message_id).execute()
    activity.record_for_peer(message.dialog_id, user_id, activity.MESSAGE_DELETED, message_id)


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
    return _message_views(rows, _peer_read_marks({row[1] for row in rows}, user_id))


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
    return _message_views(rows, _peer_read_marks({row[1] for row in rows}, user_id))

