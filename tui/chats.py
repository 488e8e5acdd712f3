"""The chat on the Dialogs screen, named by a key, and the domain calls that serve it.

A dialog with a person is named by the person ("peer-<id>": it may not exist
before its first message), a group by its dialog id ("group-<id>"). The screen,
its list and its drafts keep chats by these keys; the functions here pick the
domain call for the kind. They read and write the database: call them from
worker threads.
"""

from __future__ import annotations

from models import conversations, dialogs, messages, unread
from models.views import DialogSummary, MessageView, UnreadWindow

PEER, GROUP = "peer", "group"


def peer_key(peer_id: int) -> str:
    return f"{PEER}-{peer_id}"


def group_key(dialog_id: int) -> str:
    return f"{GROUP}-{dialog_id}"


def parse_key(key: str) -> tuple[str, int]:
    """(``PEER``, person id) or (``GROUP``, dialog id)."""
    kind, _sep, number = key.partition("-")
    return kind, int(number)


def is_group(key: str | None) -> bool:
    return key is not None and key.startswith(GROUP + "-")


def chat_key(summary: DialogSummary) -> str:
    """The key of the chat a dialog list row opens."""
    if summary.kind == "group" and summary.dialog_id is not None:
        return group_key(summary.dialog_id)
    return peer_key(summary.peer.id)


def open_chat(me: int, key: str) -> DialogSummary:
    kind, number = parse_key(key)
    if kind == PEER:
        return dialogs.open_dialog(me, number)
    return dialogs.dialog_summary(me, number)


def history(me: int, key: str, before_seq: int | None = None,
            limit: int = 50) -> list[MessageView]:
    """A page of the chat, newest first, before ``before_seq`` (the newest page: None)."""
    kind, number = parse_key(key)
    if kind == PEER:
        return dialogs.history(me, number, before_seq=before_seq, limit=limit)
    return conversations.history_of(me, number, before_seq=before_seq, limit=limit)


def at_first_unread(me: int, key: str, limit: int) -> UnreadWindow:
    kind, number = parse_key(key)
    if kind == PEER:
        return unread.history_at_first_unread(me, number, limit=limit)
    return conversations.history_at_first_unread_of(me, number, limit=limit)


def mark_read(me: int, key: str, seq: int) -> None:
    kind, number = parse_key(key)
    if kind == PEER:
        dialogs.mark_read(me, number, seq)
    else:
        conversations.mark_read_in(me, number, seq)


def send(me: int, key: str, text: str, client_id: str, reply_to_id: int | None,
         attachments: tuple = ()) -> MessageView:
    """Send into the chat ``key``, with ``attachments`` (models/attachments.py)."""
    kind, number = parse_key(key)
    if kind == PEER:
        return messages.send_message(me, number, text, client_id, reply_to_id, attachments)
    return messages.send_to_dialog(me, number, text, client_id, reply_to_id, attachments)


def around_first_mention(me: int, key: str, limit: int) -> tuple[list[MessageView], int] | None:
    """The page (newest first) that starts a few messages above my oldest unread
    mention in the group ``key``, and that mention's seq; None when there is none."""
    if not is_group(key):
        return None
    dialog_id = parse_key(key)[1]
    found = conversations.next_unread_mention(me, dialog_id)
    if found is None:
        return None
    page = conversations.messages_of(me, dialog_id, max(1, found.seq - conversations.CONTEXT),
                                     limit)
    return list(reversed(page)), found.seq
