"""Drafts: what a person typed for a dialog and has not sent yet.

One per person and dialog, named by the other person (a dialog exists only
from its first message; a draft may come first); a group's draft is named by
the group (``save_draft_in``: it exists from its creation). A draft is its writer's
alone: every function here takes the writer and reads or writes only their
rows. Saving an empty draft without a reply removes it; sending the drafted
message removes it too (``messages.send_message``).
"""

from __future__ import annotations

from peewee import JOIN

from . import clock, conversations, dialogs
from .db import reads, writes
from .errors import ValidationError, msg
from .prepared import Prepared as _Prepared
from .schema import DialogMember, Draft, User
from .text import clean_text
from .views import DraftView, UserRef

MAX_DRAFT_LENGTH = 20_000  # a draft may outgrow a message (4000): sending says so, not saving


def _whole_number(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError("That id is not valid.", field=field)
    return value


def _reply_target(user_id: int, peer_id: int, reply_to_id: int) -> None:
    """Refuse a reply to a message that is not in my dialog with ``peer_id`` (or is gone)."""
    member = DialogMember.get_or_none(
        (DialogMember.user == user_id) & (DialogMember.peer == peer_id)
    )
    found = dialogs.messages_by_id(user_id, [reply_to_id])
    if member is None or not found or found[0].dialog_id != member.dialog_id or found[0].deleted:
        raise ValidationError(
            "You can only reply to a message of this dialog.", field="reply_to_id"
        )


def draft_text(text: object) -> str:
    """``text`` as a draft keeps it (cleaned); refused, never cut, when too long."""
    if not isinstance(text, str):
        raise ValidationError("A draft must be text.", field="text")
    text = clean_text(text)
    if len(text) > MAX_DRAFT_LENGTH:
        raise ValidationError(
            msg("A draft can be at most {limit} characters long; this one has {length}.",
                limit=MAX_DRAFT_LENGTH, length=len(text)),
            field="text",
        )
    return text


@writes
def save_draft(user_id: int, peer_id: int, text: str, reply_to_id: int | None = None) -> None:
    """Keep ``text`` (and the message it replies to) as my draft for ``peer_id``;
    an empty text without a reply removes the draft."""
    _whole_number(user_id, "user_id")
    _whole_number(peer_id, "peer_id")
    text = draft_text(text)
    if not text.strip() and reply_to_id is None:
        clear_draft(user_id, peer_id)
        return
    dialogs.load_users(user_id, peer_id)
    if reply_to_id is not None:
        _reply_target(user_id, peer_id, _whole_number(reply_to_id, "reply_to_id"))
    _keep(user_id, Draft.peer, peer_id, text, reply_to_id)


def _keep(user_id: int, key, value: int, text: str, reply_to_id: int | None) -> None:
    """Insert or replace my draft named by ``key`` (``Draft.peer`` or ``Draft.dialog``)."""
    now = clock.now()
    Draft.insert({Draft.user: user_id, key: value, Draft.text: text,
                  Draft.reply_to: reply_to_id, Draft.updated_at: now}).on_conflict(
        conflict_target=[Draft.user, key],
        update={Draft.text: text, Draft.reply_to: reply_to_id, Draft.updated_at: now},
    ).execute()


@writes
def clear_draft(user_id: int, peer_id: int) -> None:
    """Remove my draft for ``peer_id`` (nothing happens when there is none)."""
    Draft.delete().where((Draft.user == user_id) & (Draft.peer == peer_id)).execute()


# Sending is a hot path: its statement is built once (models/prepared.py).
_CLEAR_SENT = _Prepared(
    lambda user_id, peer_id, text, stripped: Draft.delete().where(
        (Draft.user == user_id) & (Draft.peer == peer_id) & Draft.text.in_([text, stripped])
    ),
    4,
)


def clear_sent_draft(user_id: int, peer_id: int, sent_text: str) -> None:
    """Inside ``send_message``'s transaction: the draft of the message just sent
    goes; a draft that says something else (typed meanwhile) stays."""
    cleaned = clean_text(sent_text)
    _CLEAR_SENT.execute(user_id, peer_id, cleaned, cleaned.strip())


@writes
def save_draft_in(user_id: int, dialog_id: int, text: str, reply_to_id: int | None = None) -> None:
    """``save_draft`` by dialog id: for a group (by the group), or a dialog (by its peer)."""
    text = draft_text(text)
    me = conversations.access(user_id, dialog_id)
    if not me.is_group:
        save_draft(user_id, me.peer_id, text, reply_to_id)
        return
    if not text.strip() and reply_to_id is None:
        clear_draft_in(user_id, dialog_id)
        return
    conversations.require_present(me)
    if reply_to_id is not None:
        found = dialogs.messages_by_id(user_id, [_whole_number(reply_to_id, "reply_to_id")])
        if not found or found[0].dialog_id != dialog_id or found[0].deleted or (
                found[0].kind != "text"):
            raise ValidationError(
                "You can only reply to a message of this dialog.", field="reply_to_id"
            )
    _keep(user_id, Draft.dialog, dialog_id, text, reply_to_id)


@writes
def clear_draft_in(user_id: int, dialog_id: int) -> None:
    """Remove my draft for dialog or group ``dialog_id`` (nothing when there is none)."""
    me = conversations.access(user_id, dialog_id)
    if not me.is_group:
        clear_draft(user_id, me.peer_id)
        return
    Draft.delete().where((Draft.user == user_id) & (Draft.dialog == dialog_id)).execute()


_CLEAR_SENT_IN = _Prepared(
    lambda user_id, dialog_id, text, stripped: Draft.delete().where(
        (Draft.user == user_id) & (Draft.dialog == dialog_id) & Draft.text.in_([text, stripped])
    ),
    4,
)


def clear_sent_group_draft(user_id: int, dialog_id: int, sent_text: str) -> None:
    """``clear_sent_draft`` for a group's draft."""
    cleaned = clean_text(sent_text)
    _CLEAR_SENT_IN.execute(user_id, dialog_id, cleaned, cleaned.strip())


@reads
def drafts_for(user_id: int) -> list[DraftView]:
    """My drafts, the newest first, each with the person (or group) it is for and
    the message it replies to (dropped when that message was deleted meanwhile)."""
    rows = list(
        Draft.select(Draft.text, Draft.reply_to, Draft.updated_at,
                     User.id, User.login, User.first_name, User.last_name, User.avatar,
                     Draft.dialog)
        .join(User, JOIN.LEFT_OUTER, on=(Draft.peer == User.id))
        .where(Draft.user == user_id)
        .order_by(Draft.updated_at.desc(), Draft.id)
        .tuples()
    )
    wanted = [row[1] for row in rows if row[1] is not None]
    replies = {m.id: m for m in dialogs.messages_by_id(user_id, wanted) if not m.deleted}
    my_dialogs = dict(
        DialogMember.select(DialogMember.peer, DialogMember.dialog)
        .where((DialogMember.user == user_id) & DialogMember.peer.is_null(False)).tuples()
    )
    drafts = []
    for text, reply_to_id, updated_at, peer_id, login, first, last, avatar_id, group in rows:
        reply = replies.get(reply_to_id)
        dialog_id = group if group is not None else my_dialogs.get(peer_id)
        if reply is not None and dialog_id != reply.dialog_id:
            reply = None  # not a message of this dialog: never shown here
        drafts.append(DraftView(
            peer=UserRef(id=peer_id, login=login, first_name=first, last_name=last,
                         avatar_id=avatar_id) if peer_id is not None else None,
            text=clean_text(text),
            reply_to=reply,
            updated_at=updated_at,
            dialog_id=dialog_id,
        ))
    return drafts
