"""PostgreSQL: a message sent in one statement (issue 17).

``messenger_send`` (schema version 15, models/migration_send.py) does on the
server what ``models.messages`` does statement by statement, so a send is one
round trip instead of fifteen: called outside a transaction it is its own
transaction (autocommit), durable when it returns. With attachments it runs
inside the send's transaction and the pictures follow (``attachments.attach``).

Its refusals come back as ``messenger:<reason>`` errors and are raised here as
the domain errors of the statement-by-statement send, with the same messages
(``refusal``). ``Declined``: the function left the send to that path (a group
send that first moves the sender's read mark; nothing was written).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from . import blocks, clock, conversations, dialogs, listen, mentions
from .db import database, is_sqlite
from .errors import ConflictError, DomainError, PermissionDeniedError, ValidationError
from .message_views import quote_preview
from .text import clean_text
from .views import AttachmentView, MessageView, UserRef

_CALL = (
    "SELECT * FROM messenger_send(%s::integer, %s::integer, %s::integer, %s::text, %s::text,"
    " %s::integer, %s::timestamp, %s::text[], %s::text[], %s::text)"
)
_PREFIX = "messenger:"
_INT4 = 2**31 - 1


class Declined(Exception):
    """``messenger_send`` wrote nothing and left this send to ``models.messages``."""


@dataclass(frozen=True, slots=True)
class Sent:
    """What ``messenger_send`` answered: ``status`` "sent", or "resent" with the
    stored message's id and dialog (``seq`` None) for the caller to check."""

    status: str
    message_id: int
    dialog_id: int
    seq: int | None
    peer_id: int | None  # None in a group
    sender: UserRef | None
    reply_text: str | None
    reply_deleted: bool | None
    created_at: datetime


def applies(*ids: object) -> bool:
    """Whether a send with these ids (None: not given) goes through the function:
    on PostgreSQL, outside a caller's transaction (a refusal there would abort
    the caller's), ids that are whole numbers of the column's range (anything
    else gets the long path's own error)."""
    if is_sqlite() or database.obj.in_transaction():
        return False
    return all(i is None or (isinstance(i, int) and not isinstance(i, bool) and 0 < i <= _INT4)
               for i in ids)


def send(user_id: int, peer_id: int | None, dialog_id: int | None, client_id: str,
         text: str, typed: str, reply_to_id: int | None) -> Sent:
    """One call of ``messenger_send``: to ``peer_id``, or into ``dialog_id``.
    ``text`` is the message as stored; ``typed`` as typed (its draft goes)."""
    cleaned = clean_text(typed)
    now = clock.now()
    params = (user_id, peer_id, dialog_id, client_id, text, reply_to_id, now,
              [cleaned, cleaned.strip()], mentions.logins_in(text), listen.CHANNEL)
    try:
        row = database.obj.execute_sql(_CALL, params).fetchone()
    except peewee.DatabaseError as exc:
        reason = _reason(exc)
        if reason is None:
            raise
        raise refusal(reason, user_id, peer_id) from None
    status, message_id, dialog, seq, peer, login, first, last, avatar, r_text, r_deleted = row
    sender = None if login is None else UserRef(id=user_id, login=login, first_name=first,
                                                last_name=last, avatar_id=avatar)
    return Sent(status, message_id, dialog, seq, peer, sender, r_text, r_deleted, now)


def _reason(exc: peewee.DatabaseError) -> str | None:
    """The ``<reason>`` of a ``messenger:<reason>`` raised by the function."""
    lines = str(exc).splitlines()
    text = lines[0].strip() if lines else ""
    return text[len(_PREFIX):] if text.startswith(_PREFIX) else None


def refusal(reason: str, user_id: int, peer_id: int | None) -> Exception:
    """The domain error (or ``Declined``) of a ``messenger:<reason>``."""
    if reason == "slow":
        return Declined()
    known: dict[str, DomainError] = {
        "not_found": conversations.not_found(),
        "removed": conversations.no_longer_member(),
        "refused": PermissionDeniedError(blocks.MESSAGES_REFUSED, field="peer_id"),
        "you_blocked": PermissionDeniedError(blocks.YOU_BLOCKED_THEM, field="peer_id"),
        "reply": ValidationError("You can only reply to a message of this dialog.",
                                 field="reply_to_id"),
        "client_id": ConflictError("This message id is already in use.", field="client_id"),
    }
    if reason == "user_missing":
        return dialogs.missing_user(user_id, "user_id")
    if reason == "peer_missing":
        return dialogs.missing_user(peer_id, "peer_id")
    return known.get(reason) or Declined()


def view(sent: Sent, user_id: int, client_id: str, text: str, reply_to_id: int | None,
         attached: tuple[AttachmentView, ...] = ()) -> MessageView:
    """The view of the message just stored, made from what was written (as
    ``models.messages`` makes it: no read-back)."""
    if sent.peer_id is not None:
        dialogs.remember_dialog(user_id, sent.peer_id, sent.dialog_id)
    return MessageView(
        id=sent.message_id, dialog_id=sent.dialog_id, seq=sent.seq, sender=sent.sender,
        client_id=client_id, text=text, created_at=sent.created_at, edited_at=None,
        deleted=False, reply_to_id=reply_to_id,
        reply_preview=(quote_preview(reply_to_id, sent.reply_text, sent.reply_deleted)
                       if reply_to_id is not None else None),
        read_by_peer=sent.peer_id == user_id, attachments=attached,
    )
