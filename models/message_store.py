"""A message numbered and stored: the dialog of a pair (made by its first
message), the gapless ``seq`` taken from the dialog row, and the check that
answers a resend with the message already stored (models/messages.py sends).
"""

from __future__ import annotations

from . import clock, dialogs
from .db import is_sqlite
from .errors import ConflictError
from .prepared import Prepared as _Prepared
from .schema import Dialog, DialogMember, Message
from .views import MessageView


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


# ---------------------------------------------------------------- the dialog of a pair

_DIALOG_OF_PAIR = _Prepared(
    lambda lo, hi: Dialog.select(Dialog.id)
    .where((Dialog.user_lo == lo) & (Dialog.user_hi == hi))
    .limit(1)
    .tuples(),
    2,
)


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


# ---------------------------------------------------------------- numbering and storing

_EXISTING = _Prepared(
    lambda sender, client_id: Message.select(Message.id, Message.dialog)
    .where((Message.sender == sender) & (Message.client_id == client_id))
    .limit(1)
    .tuples(),
    2,
)
_NEXT_SEQ = _Prepared(  # the new seq comes back in the same statement (one round trip)
    lambda dialog_id: Dialog.update(last_seq=Dialog.last_seq + 1)
    .where(Dialog.id == dialog_id)
    .returning(Dialog.last_seq),
    1,
)
_INSERT_MESSAGE = _Prepared(  # SQLite only: PostgreSQL needs ON CONFLICT and RETURNING
    lambda dialog_id, seq, sender, client_id, text, reply_to, created_at: Message.insert(
        dialog=dialog_id, seq=seq, sender=sender, client_id=client_id, text=text,
        reply_to=reply_to, created_at=created_at,
    ),
    7,
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
    return dialogs.message_view(message_id, user_id)


def _store(dialog_id: int, user_id: int, client_id: str, text: str, reply_to_id: int | None,
           resent, after_lock=None) -> tuple[int, int, object] | MessageView:
    """Number and insert a message: (id, seq, time), or ``resent(existing)``
    when a resend of it committed meanwhile."""
    # Increment first: the row lock it takes serialises senders of this dialog,
    # so the seq read next is ours alone and numbering stays gapless.
    seq = _NEXT_SEQ.rows(dialog_id)[0][0]
    if not is_sqlite():
        # PostgreSQL: a resend of the same message may have committed while we
        # waited for the lock. (SQLite's IMMEDIATE transaction already excluded it.)
        existing = _existing(user_id, client_id)
        if existing is not None:
            Dialog.update(last_seq=Dialog.last_seq - 1).where(Dialog.id == dialog_id).execute()
            return resent(existing)
        if after_lock is not None:
            after_lock()  # e.g. a block committed while we waited (blocks.block takes this lock)
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
    return message_id, seq, now


def _resent_in(existing: tuple[int, int], dialog_id: int, user_id: int) -> MessageView:
    message_id, found_dialog = existing
    if found_dialog != dialog_id:
        raise ConflictError(
            "This message id was already used for a message in another dialog.",
            field="client_id",
        )
    return dialogs.message_view(message_id, user_id)
