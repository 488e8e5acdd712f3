"""Messages: sending, editing and deleting them (reading is in ``dialogs``).

A dialog is created by its first message. Messages are numbered 1, 2, 3 …
within their dialog without gaps (``seq``), even when several processes send
at once: the dialog row's ``last_seq`` is incremented first inside the write
transaction, which serialises senders of one dialog on both backends. Every
message carries a client-made id, so sending it again after a crash or a
timeout returns the stored message instead of a duplicate.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from peewee import Case

from . import attachments as attachments_module
from . import (
    blocks,
    conversations,
    dialogs,
    drafts,
    listen,
    mentions,
    pg_send,
    system_lines,
    typing_signal,
)
from .attachments import AttachmentSpec
from .db import is_sqlite, reads, writes
from .errors import ValidationError
from .message_edits import delete_message, edit_message  # noqa: F401 (part of this module's API)
from .message_store import _ensure_dialog, _existing, _pair, _resent, _resent_in, _store
from .message_text import MAX_MESSAGE_LENGTH  # noqa: F401 (part of this module's API)
from .message_text import check_client_id as _check_client_id
from .message_text import clean_message_text as _clean_message_text
from .message_views import quote_preview
from .prepared import Prepared as _Prepared
from .schema import Dialog, DialogMember, Message, User
from .views import MessageView, UserRef

# ---------------------------------------------------------------- small pieces

def new_client_id() -> str:
    """A fresh id for a message about to be sent (keep it to resend safely)."""
    return uuid.uuid4().hex


# ---------------------------------------------------------------- sending

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


def send_message(
    user_id: int, peer_id: int, text: str, client_id: str, reply_to_id: int | None = None,
    attachments: Sequence[AttachmentSpec] = (),
) -> MessageView:
    """Send ``text`` to ``peer_id`` (to oneself: saved notes).

    ``attachments``: up to ten prepared pictures (``images.prepare_image``)
    and/or track ids, stored in the same transaction (models/attachments.py);
    with any, ``text`` may be empty. Sending again with the same ``client_id``
    returns the message already stored, unchanged, and stores nothing new.
    Refused (nothing stored, not even a resend answered) when either of the
    two blocked the other.
    """
    items = attachments_module.check_attachments(attachments)
    typed, text = text, _clean_message_text(text, may_be_empty=bool(items))
    _check_client_id(client_id)
    sent = _in_one_statement(user_id, peer_id, None, client_id, text, typed, reply_to_id, items)
    if sent is not None:
        return sent
    return _send_message(user_id, peer_id, client_id, text, typed, reply_to_id, items)


def _in_one_statement(user_id: int, peer_id: int | None, dialog_id: int | None,
                      client_id: str, text: str, typed: str, reply_to_id: int | None,
                      items: tuple) -> MessageView | None:
    """PostgreSQL: the send as one call of ``messenger_send`` (models/pg_send.py),
    one round trip without attachments; None where it does not apply or the
    function declined (then nothing was written)."""
    if not pg_send.applies(user_id, peer_id, dialog_id, reply_to_id):
        return None
    try:
        if items:
            return _one_call_and_attachments(user_id, peer_id, dialog_id, client_id, text,
                                             typed, reply_to_id, items)
        return _one_call(user_id, peer_id, dialog_id, client_id, text, typed, reply_to_id)
    except pg_send.Declined:
        return None


@reads  # its retry on a dead connection resends: the client id stores nothing twice
def _one_call(user_id, peer_id, dialog_id, client_id, text, typed, reply_to_id) -> MessageView:
    sent = pg_send.send(user_id, peer_id, dialog_id, client_id, text, typed, reply_to_id)
    if sent.status != "sent":
        return _resent_of(sent, user_id, dialog_id)
    return pg_send.view(sent, user_id, client_id, text, reply_to_id)


@writes
def _one_call_and_attachments(user_id, peer_id, dialog_id, client_id, text, typed, reply_to_id,
                              items) -> MessageView:
    sent = pg_send.send(user_id, peer_id, dialog_id, client_id, text, typed, reply_to_id)
    if sent.status != "sent":
        return _resent_of(sent, user_id, dialog_id)
    attached = attachments_module.attach(items, message_id=sent.message_id)
    return pg_send.view(sent, user_id, client_id, text, reply_to_id, attached)


def _resent_of(sent: pg_send.Sent, user_id: int, dialog_id: int | None) -> MessageView:
    existing = (sent.message_id, sent.dialog_id)
    if sent.peer_id is None:  # a group
        return _resent_in(existing, dialog_id, user_id)
    return _resent(existing, _pair(user_id, sent.peer_id), user_id)


@writes
def _send_message(user_id: int, peer_id: int, client_id: str, text: str, typed: str,
                  reply_to_id: int | None, items: tuple) -> MessageView:
    """``send_message`` statement by statement (SQLite; PostgreSQL inside a
    caller's transaction, or where ``messenger_send`` declined)."""
    users = dialogs.load_users(user_id, peer_id)
    blocks.check_can_message(user_id, peer_id)
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

    listen.notify(peer_id)  # PostgreSQL: wakes the peer's app at commit
    stored = _store(dialog_id, user_id, client_id, text, reply_to_id,
                    lambda existing: _resent(existing, pair, user_id),
                    lambda: blocks.check_can_message(user_id, peer_id))
    if isinstance(stored, MessageView):
        return stored
    message_id, seq, now = stored
    attached = attachments_module.attach(items, message_id=message_id)
    _NEWEST_OF_DIALOG.execute(message_id, dialog_id)
    _NEWEST_OF_MEMBERS.execute(message_id, user_id, seq, dialog_id)
    drafts.clear_sent_draft(user_id, peer_id, typed)
    typing_signal.stop_typing(user_id, dialog_id)  # the "typing…" goes with the message
    dialogs.remember_dialog(user_id, peer_id, dialog_id)
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
        reply_preview=(
            quote_preview(target.id, target.text, target.deleted) if target is not None else None
        ),
        read_by_peer=user_id == peer_id,
        attachments=attached,
    )


# ---------------------------------------------------------------- by dialog id (dialogs and groups)

_SENDER = _Prepared(
    lambda user_id: User.select(User.id, User.login, User.first_name, User.last_name,
                                User.avatar).where(User.id == user_id).tuples(),
    1,
)
# A group send writes the sender's own row only (their read mark), never one per member.
_SENDER_READ = _Prepared(
    lambda dialog_id, sender, seq: DialogMember.update(last_read_seq=seq).where(
        (DialogMember.dialog == dialog_id) & (DialogMember.user == sender)
        & (DialogMember.last_read_seq < seq)
    ),
    3,
)


def send_to_dialog(
    user_id: int, dialog_id: int, text: str, client_id: str, reply_to_id: int | None = None,
    attachments: Sequence[AttachmentSpec] = (),
) -> MessageView:
    """Send ``text`` (and ``attachments``) into dialog or group ``dialog_id``;
    as ``send_message`` (resend-safe by ``client_id``, clears its draft). A
    non-member is told the conversation does not exist; a removed member that
    they are no longer in it."""
    items = attachments_module.check_attachments(attachments)
    typed, text = text, _clean_message_text(text, may_be_empty=bool(items))
    _check_client_id(client_id)
    sent = _in_one_statement(user_id, None, dialog_id, client_id, text, typed, reply_to_id, items)
    if sent is not None:
        return sent
    return _send_to_dialog(user_id, dialog_id, client_id, text, typed, reply_to_id, items)


@writes
def _send_to_dialog(user_id: int, dialog_id: int, client_id: str, text: str, typed: str,
                    reply_to_id: int | None, items: tuple) -> MessageView:
    """``send_to_dialog`` statement by statement (as ``_send_message``)."""
    me = conversations.access(user_id, dialog_id)
    if not me.is_group:
        return _send_message(user_id, me.peer_id, client_id, text, typed, reply_to_id, items)
    conversations.require_present(me)
    existing = _existing(user_id, client_id)
    if existing is not None:
        return _resent_in(existing, dialog_id, user_id)
    target = _reply_target(dialog_id, reply_to_id, me.from_seq) if reply_to_id is not None else None

    listen.notify_members(dialog_id)
    stored = _store(dialog_id, user_id, client_id, text, reply_to_id,
                    lambda existing: _resent_in(existing, dialog_id, user_id))
    if isinstance(stored, MessageView):
        return stored
    message_id, seq, now = stored
    if not is_sqlite():  # removed while we waited for the group's lock? (SQLite: excluded)
        conversations.require_present(conversations.access(user_id, dialog_id))
    attached = attachments_module.attach(items, message_id=message_id)
    _NEWEST_OF_DIALOG.execute(message_id, dialog_id)
    if me.last_read_seq < seq - 1:  # sending reads what came before: keep when
        conversations.move_mark(me, user_id, seq - 1)
    _SENDER_READ.execute(dialog_id, user_id, seq)
    mentions.store_mentions(dialog_id, seq, message_id, user_id, text)
    drafts.clear_sent_group_draft(user_id, dialog_id, typed)
    typing_signal.stop_typing(user_id, dialog_id)  # the "typing…" goes with the message
    row = _SENDER.rows(user_id)[0]
    return MessageView(
        id=message_id, dialog_id=dialog_id, seq=seq,
        sender=UserRef(id=row[0], login=row[1], first_name=row[2], last_name=row[3],
                       avatar_id=row[4]),
        client_id=client_id, text=text, created_at=now, edited_at=None, deleted=False,
        reply_to_id=reply_to_id,
        reply_preview=quote_preview(target[0], target[2], target[3]) if target is not None else None,
        read_by_peer=False, attachments=attached,
    )


def _reply_target(dialog_id: int, reply_to_id: int, from_seq: int) -> tuple:
    found = (
        Message.select(Message.id, Message.dialog, Message.text, Message.deleted)
        .where((Message.id == reply_to_id) & (Message.dialog == dialog_id)
               & (Message.seq >= from_seq) & (Message.kind == system_lines.TEXT))
        .tuples().first()
    ) if isinstance(reply_to_id, int) and not isinstance(reply_to_id, bool) else None
    if found is None:
        raise ValidationError("You can only reply to a message of this dialog.",
                              field="reply_to_id")
    return found
