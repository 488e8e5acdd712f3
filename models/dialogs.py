"""Dialogs: one per pair of people, saved notes with oneself — the dialog list,
a dialog's history, read marks and unread counts, and live polling (which
covers groups too). The functions here name a dialog by its peer; those of
``conversations`` name any dialog or group by its id.

A dialog exists from its first message (opening one writes nothing); sending,
editing and deleting messages are in ``messages``. Messages are numbered 1, 2,
3 … within their dialog without gaps (``seq``): history pages by ``seq`` and
read marks are a ``seq``.
"""

from __future__ import annotations

from collections.abc import Iterable

from peewee import JOIN, fn

from . import activity, conversations, pair_pages, system_lines
from . import dialog_list as dialog_list_module
from .db import database, reads, writes
from .dialog_list import NO_END, _limit, _sort_key
from .errors import NotFoundError, ValidationError, msg
from .message_views import (  # noqa: F401 - also imported from here
    DELETED_PREVIEW,
    PREVIEW_LENGTH,
    _message_rows,
    _message_views,
    _peer_read_marks,
    message_view,
    preview,
)
from .prepared import Prepared as _Prepared
from .schema import Dialog, DialogMember, DialogMute, Message, User
from .views import DialogSummary, MessageView, Page, UserRef

MAX_PAGE = 500


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
            raise missing_user(uid, field)
    return found


def missing_user(user_id: int, field: str) -> NotFoundError:
    """The error for a sender (``field`` "user_id") or a peer who does not exist."""
    if field == "user_id":
        reason = msg("You are not registered (user {id} does not exist).", id=user_id)
    else:
        reason = msg("This person is not registered (user {id} does not exist).", id=user_id)
    return NotFoundError(reason, field=field)


def _membership(user_id: int, peer_id: int) -> DialogMember | None:
    """My membership row of the dialog with ``peer_id`` (``None`` before the first message)."""
    return DialogMember.get_or_none(
        (DialogMember.user == user_id) & (DialogMember.peer == peer_id)
    )


# ---------------------------------------------------------------- dialogs

@reads
def open_dialog(user_id: int, peer_id: int) -> DialogSummary:
    """The dialog with ``peer_id`` as the dialog list would show it; writes nothing.

    Before the first message its ``dialog_id`` is ``None``. One statement when
    the dialog exists (its row names both people); the people are read apart
    only when it does not, with the same NotFoundError for one who is not there.
    """
    found = None
    if all(type(uid) is int for uid in (user_id, peer_id)):  # noqa: E721 - bool is no id
        found = dialog_list_module.summary_of_pair(user_id, peer_id)
    if found is not None:
        _KNOWN.remember(user_id, peer_id, found.dialog_id)
        return found
    users = load_users(user_id, peer_id)
    return DialogSummary(
        dialog_id=None,
        peer=users[peer_id],
        last_message_preview="",
        last_message_at=None,
        last_message_from_me=False,
        unread_count=0,
        member_count=1 if peer_id == user_id else 2,
    )


@reads
def dialog_summary(user_id: int, dialog_id: int) -> DialogSummary:
    """Dialog or group ``dialog_id`` as my list shows it (NotFoundError for a
    non-member): one statement; only when it finds nothing is my membership
    asked, for its error."""
    found = None
    if isinstance(dialog_id, int) and not isinstance(dialog_id, bool):
        found = dialog_list_module.summary_of(user_id, dialog_id)
    if found is None:
        conversations.access(user_id, dialog_id)  # a ValidationError or NotFoundError
        raise conversations.not_found()
    return found


@reads
def dialog_list(user_id: int, cursor: int | None = None, limit: int = 50) -> Page[DialogSummary]:
    """My dialogs and groups, the one with the newest message first; ``cursor``
    is the ``next_cursor`` of the previous page."""
    page = dialog_list_module.dialog_list(user_id, cursor, limit)
    for item in page.items:  # the chat page names a known dialog by its id (_KnownDialogs)
        if item.kind == "pair" and item.dialog_id is not None and item.peer is not None:
            _KNOWN.remember(user_id, item.peer.id, item.dialog_id)
    return page


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


class _KnownDialogs:
    """The id of my dialog with a peer as last seen, per database: a hint the
    chat page names as a literal beside the membership subquery that checks it.

    Given ``dialog_id = (subquery)`` alone, PostgreSQL plans for a dialog of
    average size and sorts the whole of a long one (2 000 rows at scale 0.01,
    200 000 at scale 1); with the literal it walks the (dialog, seq) index for
    one page. Never trusted: a stale id gives an empty page, and the lookup is
    asked again. Filled by the dialog list and by every chat page.
    """

    LIMIT = 10_000

    def __init__(self) -> None:
        self._db: object = None
        self._ids: dict[tuple[int, int], int] = {}

    def _current(self) -> dict[tuple[int, int], int]:
        if self._db is not database.obj:
            self._db, self._ids = database.obj, {}
        return self._ids

    def get(self, user_id: int, peer_id: int) -> int | None:
        return self._current().get((user_id, peer_id))

    def remember(self, user_id: int, peer_id: int, dialog_id: int | None) -> None:
        ids = self._current()
        if dialog_id is None:
            ids.pop((user_id, peer_id), None)
            return
        if len(ids) >= self.LIMIT:
            ids.clear()
        ids[(user_id, peer_id)] = dialog_id


_KNOWN = _KnownDialogs()


def remember_dialog(user_id: int, peer_id: int, dialog_id: int) -> None:
    """A send names its dialog: the chat page that follows need not look it up."""
    _KNOWN.remember(user_id, peer_id, dialog_id)


_MY_DIALOG = _Prepared(_my_dialog_query, 2)
_PAGE = _Prepared(
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
    ``before_seq`` = the ``seq`` of the oldest message shown.

    Two statements: the page, with my membership and the peer's read mark as
    subqueries (``pair_pages``: by the dialog's id when it is known from the
    dialog list or an earlier page, else by the page's seq range), and its
    reactions and attachments. Only a page those cannot read whole (an empty
    one, a gap in the seqs) looks the membership up first."""
    limit = _limit(limit)
    if before_seq is not None and (not isinstance(before_seq, int) or isinstance(before_seq, bool)):
        if not _MY_DIALOG.rows(user_id, peer_id):
            return []  # no dialog yet: an empty history, whatever the position
        raise ValidationError("That page position is not valid.", field="before_seq")
    before = NO_END if before_seq is None else before_seq
    known = _KNOWN.get(user_id, peer_id)
    if known is not None:
        rows = pair_pages.KNOWN.rows(known, user_id, peer_id, before, limit)
    else:
        rows = pair_pages.cold_rows(user_id, peer_id, before, limit)
    if rows:
        return page_views(user_id, peer_id, rows)
    found = _MY_DIALOG.rows(user_id, peer_id)
    dialog_id, peer_mark, my_mark = found[0] if found else (None, None, None)
    _KNOWN.remember(user_id, peer_id, dialog_id)
    if dialog_id is None or dialog_id == known:
        return []  # no dialog yet, or nothing before ``before_seq``
    return _message_views(
        _PAGE.rows(dialog_id, before, limit), {dialog_id: my_mark if peer_mark is None
                                               else peer_mark},
        user_id, of_groups=False,
    )


def page_views(user_id: int, peer_id: int, rows: list[tuple]) -> list[MessageView]:
    """Views of ``pair_pages`` rows (the peer's read mark their last column)."""
    dialog_id = rows[0][pair_pages.DIALOG]
    _KNOWN.remember(user_id, peer_id, dialog_id)
    return _message_views([row[:-1] for row in rows], {dialog_id: rows[0][-1]}, user_id,
                          of_groups=False)


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
            & (Message.seq <= fn.COALESCE(DialogMember.left_seq, NO_END))
            & (Message.sender != user_id)
            & (Message.deleted == False)  # noqa: E712 - SQL comparison
            & (Message.kind == system_lines.TEXT)
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
    """Unread messages over all my dialogs and groups but those I muted (models/mutes.py)."""
    return (
        _unread_query(user_id)
        .join(
            DialogMute, JOIN.LEFT_OUTER,
            on=(DialogMute.dialog == DialogMember.dialog) & (DialogMute.user == user_id),
        )
        .where(DialogMute.id.is_null())
        .scalar()
    ) or 0


# ---------------------------------------------------------------- live polling

def group_titles(dialog_ids: Iterable[int]) -> tuple[tuple[int, str], ...]:
    """(id, title) of the groups among ``dialog_ids`` (a pair dialog is none):
    one query, in the caller's transaction (the live poll's)."""
    ids = sorted(set(dialog_ids))
    if not ids:
        return ()
    query = (Dialog.select(Dialog.id, Dialog.title)
             .where(Dialog.id.in_(ids), Dialog.kind == "group").order_by(Dialog.id))
    return tuple((dialog_id, title or "") for dialog_id, title in query.tuples())


@reads
def latest_message_id() -> int:
    """The id of the newest message anywhere (0 when there is none yet)."""
    return Message.select(fn.MAX(Message.id)).scalar() or 0


def _visible_rows(user_id: int):
    """``_message_rows`` limited to what I can see: my dialogs, and in a group
    the messages from the line that added me to the one that removed me."""
    mine = DialogMember.alias("mine")
    return _message_rows().join(
        mine, on=(mine.dialog == Message.dialog) & (mine.user == user_id)
    ).where(
        (Message.seq >= mine.from_seq) & (Message.seq <= fn.COALESCE(mine.left_seq, NO_END))
    )


@reads
def messages_by_id(user_id: int, message_ids: Iterable[int]) -> list[MessageView]:
    """These messages as they are now (edited, deleted), oldest first; only those
    I can see (live polling: an open chat shows others' edits)."""
    ids = sorted({i for i in message_ids if isinstance(i, int) and not isinstance(i, bool)})
    if not ids:
        return []
    rows = list(_visible_rows(user_id).where(Message.id.in_(ids)).order_by(Message.id))
    if not rows:
        return []
    return _message_views(rows, _peer_read_marks({row[1] for row in rows}, user_id),
                          user_id)


@reads
def messages_after(user_id: int, after_message_id: int, limit: int = 200) -> list[MessageView]:
    """Messages I can see, in my dialogs and groups, newer than
    ``after_message_id``, oldest first.

    Cheap when nothing is new: my pair dialog rows carry their newest message
    id, and my few groups' dialog rows theirs, so two index lookups answer
    "anything for me?". Deleted messages come too (as deleted), so an open chat
    can show their place; so do system lines.
    """
    limit = _limit(limit)
    if not isinstance(after_message_id, int) or isinstance(after_message_id, bool):
        raise ValidationError("The polling position must be a whole number.", field="after_message_id")
    pairs = DialogMember.select(DialogMember.dialog).where(
        (DialogMember.user == user_id) & DialogMember.role.is_null()
        & (DialogMember.last_message_id > after_message_id)
    )
    groups = DialogMember.select(DialogMember.dialog).where(  # their dialog rows by key
        (DialogMember.user == user_id) & DialogMember.role.is_null(False)
        & (_sort_key() > after_message_id))
    dialog_ids = [row[0] for row in (pairs + groups).tuples()]  # UNION ALL: one statement
    if not dialog_ids:
        return []
    rows = list(
        _visible_rows(user_id)
        .where(Message.dialog.in_(dialog_ids) & (Message.id > after_message_id))
        .order_by(Message.id)
        .limit(limit)
    )
    if not rows:
        return []
    return _message_views(rows, _peer_read_marks({row[1] for row in rows}, user_id),
                          user_id)
