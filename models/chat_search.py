"""Searching one conversation, and opening it at a found message.

``next_match`` jumps from a message to the nearest older (or newer) match in
the same conversation, however long its history: one index lookup limited to
the conversation (SQLite asks FTS5 for the chat's ``scope`` token with the
words, PostgreSQL the GIN index with the dialog's rows). ``page_around`` loads
the messages around one, so a chat can open there and scroll both ways;
``history_after`` pages towards the newest from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import conversations, search_sql
from .db import reads
from .dialogs import _limit, _message_rows, _message_views, _peer_read_marks
from .errors import NotFoundError, ValidationError
from .schema import Message
from .search import MessageHit, as_query, author_of, message_hit
from .search_query import SearchQuery
from .views import MessageView

OLDER, NEWER = "older", "newer"


@dataclass(frozen=True, slots=True)
class AroundPage:
    """Messages around ``target_id``, newest first (as ``dialogs.history``), and
    whether there are older and newer ones beyond them."""

    target_id: int
    messages: tuple[MessageView, ...]
    has_older: bool
    has_newer: bool


def _whole(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError("That position is not valid.", field=field)
    return value


def _require_member(user_id: int, dialog_id: int) -> tuple[int, int]:
    """The seqs I may read there, (first, last): a group's member reads from
    their joining to their removal. Someone outside is told it does not exist."""
    me = conversations.access(user_id, dialog_id)
    if not me.is_group:
        return 1, 2**62
    return me.from_seq, me.left_seq if me.left_seq is not None else 2**62


@reads
def next_match(
    user_id: int, dialog_id: int, query: str | SearchQuery,
    from_message_id: int | None = None, direction: str = OLDER,
) -> MessageHit | None:
    """The nearest message of my conversation ``dialog_id`` matching ``query``
    older (or ``NEWER``) than ``from_message_id`` (``None``: from the newest),
    or ``None`` when there is no more.

    One query when it finds a match: the search itself keeps to what I may
    read there; only when it finds nothing is my membership asked, so that
    someone outside is told the chat does not exist."""
    _whole(dialog_id, "dialog_id")
    if direction not in (OLDER, NEWER):
        raise ValidationError("Search older or newer.", field="direction")
    parsed = as_query(query)
    start = 2**63 - 1 if from_message_id is None else _whole(from_message_id, "from_message_id")
    if not (parsed.is_empty or (from_message_id is None and direction == NEWER)):
        rows = search_sql.message_rows(
            user_id, parsed, before=start, limit=1, dialog_id=dialog_id,
            sender_id=author_of(parsed), newer=direction == NEWER,
        )
        if rows:
            return message_hit(rows[0], parsed.highlight_terms)
    _require_member(user_id, dialog_id)
    return None


def _views(dialog_id: int, rows: list, user_id: int) -> list[MessageView]:
    return _message_views(rows, _peer_read_marks([dialog_id], user_id), user_id)


@reads
def page_around(user_id: int, message_id: int, before: int = 25, after: int = 25) -> AroundPage:
    """The message ``message_id`` of one of my conversations with up to
    ``before`` older and ``after`` newer ones, newest first."""
    found = (Message.select(Message.dialog, Message.seq)
             .where(Message.id == _whole(message_id, "message_id")).tuples().first())
    if found is None:
        raise NotFoundError("That message does not exist.", field="message_id")
    dialog_id, seq = found
    try:
        first, last = _require_member(user_id, dialog_id)
    except NotFoundError:
        raise NotFoundError("That message does not exist.", field="message_id") from None
    if not first <= seq <= last:  # before I joined the group, or after I left it
        raise NotFoundError("That message does not exist.", field="message_id")
    before, after = _limit(before) if before else 0, _limit(after) if after else 0
    older = list(_message_rows().where((Message.dialog == dialog_id) & (Message.seq <= seq)
                                       & (Message.seq >= first))
                 .order_by(Message.seq.desc()).limit(before + 2))
    newer = list(_message_rows().where((Message.dialog == dialog_id) & (Message.seq > seq)
                                       & (Message.seq <= last))
                 .order_by(Message.seq).limit(after + 1))
    has_older, has_newer = len(older) > before + 1, len(newer) > after
    rows = list(reversed(newer[:after])) + older[: before + 1]
    return AroundPage(target_id=message_id, messages=tuple(_views(dialog_id, rows, user_id)),
                      has_older=has_older, has_newer=has_newer)


@reads
def history_after(user_id: int, dialog_id: int, after_seq: int, limit: int = 50) -> list[MessageView]:
    """Messages of my conversation newer than ``after_seq``, newest first (the
    page to add above a chat opened at an older message)."""
    _first, last = _require_member(user_id, _whole(dialog_id, "dialog_id"))
    rows = list(_message_rows()
                .where((Message.dialog == dialog_id) & (Message.seq > _whole(after_seq, "after_seq"))
                       & (Message.seq <= last))
                .order_by(Message.seq).limit(_limit(limit)))
    return _views(dialog_id, list(reversed(rows)), user_id)
