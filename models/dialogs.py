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

from peewee import JOIN, fn

from . import clock
from .db import is_sqlite, reads, writes
from .errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
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
            f"A message can be at most {MAX_MESSAGE_LENGTH} characters long; "
            f"this one has {len(cleaned)}.",
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


def _load_users(*user_ids: int) -> dict[int, User]:
    """The users with these ids; NotFoundError names the first one missing."""
    wanted = set(user_ids)
    found = {u.id: u for u in User.select().where(User.id.in_(list(wanted)))}
    for uid, field in zip(user_ids, ("user_id", "peer_id"), strict=False):
        if uid not in found:
            who = "You are" if field == "user_id" else "This person is"
            raise NotFoundError(f"{who} not registered (user {uid} does not exist).", field=field)
    return found


def _membership(user_id: int, peer_id: int) -> DialogMember | None:
    """My membership row of the dialog with ``peer_id`` (``None`` before the first message)."""
    return DialogMember.get_or_none(
        (DialogMember.user == user_id) & (DialogMember.peer == peer_id)
    )


def _message_views(rows: Iterable[Message], viewer_id: int) -> list[MessageView]:
    """Views of messages loaded with their sender joined; reply quotes and the
    peers' read marks come in one query each, however many messages there are."""
    rows = list(rows)
    if not rows:
        return []
    reply_ids = {m.reply_to_id for m in rows if m.reply_to_id is not None}
    quotes: dict[int, str] = {}
    if reply_ids:
        for target in Message.select(Message.id, Message.text, Message.deleted).where(
            Message.id.in_(list(reply_ids))
        ):
            quotes[target.id] = _preview(target.text, target.deleted)
    dialog_ids = {m.dialog_id for m in rows}
    peer_read: dict[int, int] = {}
    for member in DialogMember.select(
        DialogMember.dialog, DialogMember.user, DialogMember.last_read_seq
    ).where(DialogMember.dialog.in_(list(dialog_ids))):
        # The peer's mark wins; in saved notes the only member is the viewer.
        if member.user_id != viewer_id or member.dialog_id not in peer_read:
            peer_read[member.dialog_id] = member.last_read_seq
    return [
        MessageView(
            id=m.id,
            dialog_id=m.dialog_id,
            seq=m.seq,
            sender=_user_ref(m.sender),
            client_id=m.client_id,
            text="" if m.deleted else m.text,
            created_at=m.created_at,
            edited_at=m.edited_at,
            deleted=bool(m.deleted),
            reply_to_id=m.reply_to_id,
            reply_preview=quotes.get(m.reply_to_id) if m.reply_to_id is not None else None,
            read_by_peer=m.seq <= peer_read.get(m.dialog_id, 0),
        )
        for m in rows
    ]


def _with_sender():
    return Message.select(Message, User).join(User, on=(Message.sender == User.id))


def _view_of(message_id: int, viewer_id: int) -> MessageView:
    row = _with_sender().where(Message.id == message_id).get()
    return _message_views([row], viewer_id)[0]


# ---------------------------------------------------------------- dialogs

def _summary_query(user_id: int):
    """My dialogs with the peer, the last message and my unread count, in one query."""
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
        DialogMember.select(DialogMember, peer, last, unread.alias("unread"))
        .join(peer, on=(DialogMember.peer == peer.id), attr="peer_user")
        .switch(DialogMember)
        .join(last, JOIN.LEFT_OUTER, on=(last.id == DialogMember.last_message_id), attr="last_msg")
        .where(DialogMember.user == user_id)
    )


def _summary(row: DialogMember, user_id: int) -> DialogSummary:
    last = getattr(row, "last_msg", None)
    has_last = last is not None and last.id is not None
    return DialogSummary(
        dialog_id=row.dialog_id,
        peer=_user_ref(row.peer_user),
        last_message_preview=_preview(last.text, last.deleted) if has_last else "",
        last_message_at=last.created_at if has_last else None,
        last_message_from_me=bool(has_last and last.sender_id == user_id),
        unread_count=int(row.unread or 0),
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
        peer=_user_ref(users[peer_id]),
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
    query = _summary_query(user_id)
    if cursor is not None:
        if not isinstance(cursor, int) or isinstance(cursor, bool):
            raise ValidationError("That page cursor is not valid.", field="cursor")
        query = query.where(DialogMember.last_message_id < cursor)
    rows = list(query.order_by(DialogMember.last_message_id.desc()).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    items = tuple(_summary(row, user_id) for row in rows)
    return Page(items=items, next_cursor=rows[-1].last_message_id if more else None)


def _ensure_dialog(user_id: int, peer_id: int) -> int:
    """The dialog of the pair, created with its member rows if needed (race-safe:
    a concurrent creator's row is taken, never duplicated)."""
    lo, hi = _pair(user_id, peer_id)
    found = Dialog.select(Dialog.id).where((Dialog.user_lo == lo) & (Dialog.user_hi == hi)).first()
    if found is not None:
        return found.id
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

def _existing(user_id: int, client_id: str) -> Message | None:
    return Message.get_or_none((Message.sender == user_id) & (Message.client_id == client_id))


def _resent(existing: Message, dialog_pair: tuple[int, int], user_id: int) -> MessageView:
    dialog = Dialog.get_by_id(existing.dialog_id)
    if (dialog.user_lo_id, dialog.user_hi_id) != dialog_pair:
        raise ConflictError(
            "This message id was already used for a message in another dialog.",
            field="client_id",
        )
    return _view_of(existing.id, user_id)


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
    _load_users(user_id, peer_id)
    pair = _pair(user_id, peer_id)

    existing = _existing(user_id, client_id)
    if existing is not None:
        return _resent(existing, pair, user_id)

    dialog_id = _ensure_dialog(user_id, peer_id)
    if reply_to_id is not None:
        target = Message.get_or_none(Message.id == reply_to_id)
        if target is None or target.dialog_id != dialog_id:
            raise ValidationError(
                "You can only reply to a message of this dialog.", field="reply_to_id"
            )

    # Increment first: the row lock it takes serialises senders of this dialog,
    # so the seq read next is ours alone and numbering stays gapless.
    Dialog.update(last_seq=Dialog.last_seq + 1).where(Dialog.id == dialog_id).execute()
    seq = Dialog.select(Dialog.last_seq).where(Dialog.id == dialog_id).scalar()
    if not is_sqlite():
        # PostgreSQL: a resend of the same message may have committed while we
        # waited for the lock. (SQLite's IMMEDIATE transaction already excluded it.)
        existing = _existing(user_id, client_id)
        if existing is not None:
            Dialog.update(last_seq=Dialog.last_seq - 1).where(Dialog.id == dialog_id).execute()
            return _resent(existing, pair, user_id)

    now = clock.now()
    values = {
        "dialog": dialog_id,
        "seq": seq,
        "sender": user_id,
        "client_id": client_id,
        "text": text,
        "reply_to": reply_to_id,
        "created_at": now,
    }
    if is_sqlite():
        message_id = Message.insert(values).execute()
    else:
        message_id = Message.insert(values).on_conflict_ignore().execute()
        if not message_id:
            # Same client id used at this very moment for another dialog; the
            # error rolls our seq increment back.
            raise ConflictError("This message id is already in use.", field="client_id")

    Dialog.update(last_message_id=message_id).where(Dialog.id == dialog_id).execute()
    DialogMember.update(last_message_id=message_id).where(
        DialogMember.dialog == dialog_id
    ).execute()
    DialogMember.update(last_read_seq=seq).where(
        (DialogMember.dialog == dialog_id)
        & (DialogMember.user == user_id)
        & (DialogMember.last_read_seq < seq)
    ).execute()
    return _view_of(message_id, user_id)


@reads
def history(
    user_id: int, peer_id: int, before_seq: int | None = None, limit: int = 50
) -> list[MessageView]:
    """Messages of my dialog with ``peer_id``, newest first; page back with
    ``before_seq`` = the ``seq`` of the oldest message shown."""
    limit = _limit(limit)
    member = _membership(user_id, peer_id)
    if member is None:
        return []
    query = _with_sender().where(Message.dialog == member.dialog_id)
    if before_seq is not None:
        if not isinstance(before_seq, int) or isinstance(before_seq, bool):
            raise ValidationError("That page position is not valid.", field="before_seq")
        query = query.where(Message.seq < before_seq)
    rows = query.order_by(Message.seq.desc()).limit(limit)
    return _message_views(rows, user_id)


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
    return _view_of(message_id, user_id)


@writes
def delete_message(user_id: int, message_id: int) -> None:
    """Delete my own message. Its place stays (shown as deleted), so the
    numbering of the dialog keeps no gaps."""
    message = _own_message(user_id, message_id)
    if message.deleted:
        return
    Message.update(deleted=True, text="").where(Message.id == message_id).execute()


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
    DialogMember.update(last_read_seq=target).where(
        (DialogMember.id == member.id) & (DialogMember.last_read_seq < target)
    ).execute()


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
    rows = (
        _with_sender()
        .where(Message.dialog.in_(dialog_ids) & (Message.id > after_message_id))
        .order_by(Message.id)
        .limit(limit)
    )
    return _message_views(rows, user_id)

