"""The dialog list: dialogs and groups together, the one with the newest
message first, keyset-paged by that message's id.

Pair dialogs are read by the members' ``(user, last_message_id)`` index, as
before groups. A group's order comes from its ``dialog`` row instead (a send
into a group of 500 writes no row per member), so a person's groups are read
by the ``(user, role)`` index and each group's dialog row by its key (a
correlated subquery, not a join: PostgreSQL hashed every dialog of the
community for a join). Both halves stop at the page size and one UNION ALL
statement merges them by place. A person is in few groups next to their many
dialogs.
"""

from __future__ import annotations

from datetime import datetime

from peewee import JOIN, SQL, Case, Select, fn

from . import system_lines
from .errors import ValidationError
from .message_views import attachments_to_preview, preview, user_ref
from .prepared import Prepared as _Prepared
from .schema import Dialog, DialogMember, Mention, Message, User
from .views import DialogSummary, Page, SystemLine, UserRef, make_dialog_summary, make_user_ref

MAX_PAGE = 500
NO_END = 2**31 - 1  # "no removal": the cap of a present member's seqs


def _limit(limit: int) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValidationError("The page size must be a positive whole number.", field="limit")
    return min(limit, MAX_PAGE)


def _unread(user_id: int, dialog=DialogMember.dialog, last_read=DialogMember.last_read_seq,
            left=DialogMember.left_seq):
    """My unread messages of a dialog: ``dialog``, my read mark and my removal
    are a membership row's columns (or those of the group half's page)."""
    unread_msg = Message.alias("unread_msg")
    return unread_msg.select(fn.COUNT(unread_msg.id)).where(
        (unread_msg.dialog == dialog)
        & (unread_msg.seq > last_read)
        & (unread_msg.seq <= fn.COALESCE(left, NO_END))
        & (unread_msg.sender != user_id)
        & (unread_msg.deleted == False)  # noqa: E712 - SQL comparison
        & (unread_msg.kind == system_lines.TEXT)
    )


def _dialog_column(column, dialog_id):
    """One column of dialog ``dialog_id``, read by its key (a correlated subquery)."""
    group = Dialog.alias("group_dialog")
    return group.select(getattr(group, column.name)).where(group.id == dialog_id)


def _sort_key():
    """A group's place in a person's list: its newest message, or for a removed
    member the line that removed them.

    The dialog's newest message is a subquery by the dialog's key, not a join:
    joined, PostgreSQL hash-joined every dialog of the community with the
    person's few memberships (a ``Seq Scan`` of all dialogs, most of the dialog
    list's time at scale 1); as a subquery it is one index lookup per group,
    on either backend."""
    return Case(None, [(DialogMember.left_seq.is_null(),
                        _dialog_column(Dialog.last_message_id, DialogMember.dialog))],
                DialogMember.last_message_id)


# Both halves of the list have one layout, so one UNION ALL reads a page:
# 0 dialog id, 1 place in the list, 2–6 the peer's UserRef columns (NULL for a
# group), 7–11 the newest message (id, text, deleted, created_at, kind), 12–16
# its sender's UserRef columns, 17 my unread count, then for a group 18 title,
# 19 member count, 20 my role, 21 my removal's seq, 22 my unread mentions.
_CREATED_AT = 10


def _nulls(*columns: tuple[str, str]) -> list:
    """Typed NULL columns (PostgreSQL types a bare NULL of a subquery as text)."""
    return [SQL(f"CAST(NULL AS {kind})").alias(name) for kind, name in columns]


def _pair_query(user_id: int):
    """My pair dialogs: dialog id, sort key, the peer's UserRef columns, the
    newest message and its sender, my unread count."""
    peer = User.alias("peer_user")
    last = Message.alias("last_msg")
    sender = User.alias("last_sender")
    return (
        DialogMember.select(
            DialogMember.dialog, DialogMember.last_message_id,
            peer.id, peer.login, peer.first_name, peer.last_name, peer.avatar,
            last.id, last.text, last.deleted, last.created_at, last.kind,
            sender.id, sender.login, sender.first_name, sender.last_name, sender.avatar,
            _unread(user_id).alias("unread"),
            *_nulls(("VARCHAR(100)", "title"), ("INTEGER", "member_count"),
                    ("VARCHAR(8)", "role"), ("INTEGER", "left_seq"), ("INTEGER", "mentions")),
        )
        .join(peer, on=(DialogMember.peer == peer.id))
        .switch(DialogMember)
        .join(last, JOIN.LEFT_OUTER, on=(last.id == DialogMember.last_message_id))
        .join(sender, JOIN.LEFT_OUTER, on=(sender.id == last.sender))
        .where((DialogMember.user == user_id) & DialogMember.role.is_null())
        .tuples()
    )


def _group_query(user_id: int, where=None, limit=None):
    """My groups: dialog id, sort key, title, member count, my role, removal,
    the newest message I see and its sender, my unread and unread-mention counts.

    My memberships (the ``(user, role)`` index) with their place are sorted and
    cut to ``limit`` first, ``where`` narrowing them; only that page's rows read
    their message, sender, title and counts, each by key."""
    mine = (
        DialogMember.select(DialogMember.dialog, _sort_key().alias("place"),
                            DialogMember.last_read_seq, DialogMember.role, DialogMember.left_seq)
        .where((DialogMember.user == user_id) & DialogMember.role.is_null(False))
        .order_by(SQL('"place"').desc())  # by name: the key's subquery is read once
    )
    if where is not None:
        mine = mine.where(where)
    if limit is not None:
        mine = mine.limit(limit)
    page = mine.alias("my_groups")
    last = Message.alias("last_msg")
    sender = User.alias("last_sender")
    mentions = Mention.select(fn.COUNT(Mention.id)).where(
        (Mention.user == user_id) & (Mention.dialog == page.c.dialog_id)
        & (Mention.seq > page.c.last_read_seq)
        & (Mention.seq <= fn.COALESCE(page.c.left_seq, NO_END))
    )
    return (
        Select([page], [
            page.c.dialog_id, page.c.place,
            *_nulls(("INTEGER", "peer_id"), ("VARCHAR(32)", "peer_login"),
                    ("VARCHAR(100)", "peer_first"), ("VARCHAR(100)", "peer_last"),
                    ("INTEGER", "peer_avatar")),
            last.id, last.text, last.deleted, last.created_at, last.kind,
            sender.id, sender.login, sender.first_name, sender.last_name, sender.avatar,
            _unread(user_id, page.c.dialog_id, page.c.last_read_seq,
                    page.c.left_seq).alias("unread"),
            _dialog_column(Dialog.title, page.c.dialog_id).alias("title"),
            _dialog_column(Dialog.member_count, page.c.dialog_id).alias("member_count"),
            page.c.role, page.c.left_seq, mentions.alias("mentions"),
        ])
        .join(last, JOIN.LEFT_OUTER, on=(last.id == page.c.place))
        .join(sender, JOIN.LEFT_OUTER, on=(sender.id == last.sender))
        .bind(DialogMember._meta.database)
        .tuples()
    )


def _last(user_id: int, last_id, text, deleted, created_at, kind, sender_row,
          people: dict[int, UserRef] | None = None, attached: dict | None = None) -> dict:
    if last_id is None:
        return {"last_message_preview": "", "last_message_at": None,
                "last_message_from_me": False}
    system = None
    if kind == system_lines.SYSTEM:
        event, target_id, title = system_lines.parse(text)
        if people is None:
            people = _people([target_id])
        system = SystemLine(event=event, target=people.get(target_id), title=title)
    return {
        "last_message_preview": (
            "" if system is not None else preview(text, deleted, _of(attached, last_id))
        ),
        "last_message_at": created_at,
        "last_message_from_me": sender_row[0] == user_id,
        "last_sender": user_ref(sender_row),
        "last_system": system,
    }


def _of(attached: dict | None, message_id) -> tuple:
    return attached.get(message_id, ()) if attached else ()


def _attached(rows: list[tuple]) -> dict:
    """The attachments of the newest messages that have no text (rare: their
    preview says what they carry), in one query; ``{}`` when none lack text."""
    return attachments_to_preview(
        (row[7], row[8], row[9]) for row in rows if row[11] == system_lines.TEXT
    )


def _people(ids) -> dict[int, UserRef]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {
        row[0]: user_ref(row)
        for row in User.select(User.id, User.login, User.first_name, User.last_name, User.avatar)
        .where(User.id.in_(wanted)).tuples()
    }


def _targets(rows: list[tuple]) -> dict[int, UserRef]:
    """The people named by the system lines among group rows, in one query."""
    return _people([
        system_lines.parse(row[8])[1] for row in rows if row[11] == system_lines.SYSTEM
    ])


def pair_summary(row: tuple, user_id: int, me: list | None = None,
                 attached: dict | None = None) -> DialogSummary:
    """A dialog's row (no system lines there). The last sender is the peer or
    me: ``me`` (a one-item list, shared along a page) keeps my UserRef once
    made, so a page of 500 makes 500 UserRefs, not 1 000. Made by position
    (``make_dialog_summary``): the whole list makes one per dialog."""
    peer = make_user_ref(row[2], row[3], row[4], row[5], row[6])
    last_id, text, deleted, created_at = row[7:11]
    sender_id = row[12]
    if last_id is None:
        sender = None
        shown = ""
    else:
        if sender_id == peer.id:
            sender = peer
        else:
            if me is None:
                me = []
            if not me:
                me.append(user_ref(row[12:17]))
            sender = me[0]
        shown = preview(text, deleted, _of(attached, last_id))
    return make_dialog_summary(
        row[0],  # dialog_id
        peer,
        shown,  # last_message_preview
        created_at,  # last_message_at
        last_id is not None and sender_id == user_id,  # last_message_from_me
        int(row[17] or 0),  # unread_count
        "pair",  # kind
        None,  # title
        sender,  # last_sender
        None,  # last_system
        0,  # mention_count
        False,  # read_only
        None,  # role
        1 if peer.id == user_id else 2,  # member_count
    )


def title_as_seen(dialog_id: int, end: int) -> str:
    """The title a removed member last saw: that of the last line up to ``end``
    that set one (they never learn of later renames)."""
    text = (
        Message.select(Message.text)
        .where((Message.dialog == dialog_id) & (Message.kind == system_lines.SYSTEM)
               & (Message.seq <= end) & Message.text.contains('"title"'))
        .order_by(Message.seq.desc()).limit(1).scalar()
    )
    return system_lines.parse(text)[2] if text else ""


def group_summary(row: tuple, user_id: int, people: dict[int, UserRef] | None = None,
                  attached: dict | None = None) -> DialogSummary:
    dialog_id = row[0]
    last_id, text, deleted, created_at, kind = row[7:12]
    title, member_count, role, left_seq, mentions = row[18:23]
    return DialogSummary(
        dialog_id=dialog_id,
        peer=None,
        unread_count=int(row[17] or 0),
        kind="group",
        title=title if left_seq is None else title_as_seen(dialog_id, left_seq),
        mention_count=int(mentions or 0),
        read_only=left_seq is not None,
        role=None if left_seq is not None else role,
        member_count=member_count,
        **_last(user_id, last_id, text, bool(deleted), created_at, kind, row[12:17], people,
              attached),
    )


def _union(pairs, groups):
    """One page of both halves, each read by its own index and cut to the page,
    then merged by place (positional: both halves share the layout above)."""
    both = (Select([pairs.alias("pairs")], [SQL("*")])
            + Select([groups.alias("groups")], [SQL("*")]))
    return both.order_by(SQL("2").desc()).bind(DialogMember._meta.database)


_FIRST_PAGE = _Prepared(
    lambda user_id, limit: _union(
        _pair_query(user_id).order_by(DialogMember.last_message_id.desc()).limit(limit),
        _group_query(user_id, limit=limit),
    ).limit(limit),
    2,
)
_MORE_PAGE = _Prepared(
    lambda user_id, before, limit: _union(
        _pair_query(user_id).where(DialogMember.last_message_id < before)
        .order_by(DialogMember.last_message_id.desc()).limit(limit),
        _group_query(user_id, _sort_key() < before, limit),
    ).limit(limit),
    3,
)


def _times(rows: list) -> list:
    """The newest message's time as a datetime (the UNION's columns have no
    peewee field to convert SQLite's ISO text)."""
    return [
        row if not isinstance(row[_CREATED_AT], str)
        else (*row[:_CREATED_AT], datetime.fromisoformat(row[_CREATED_AT]),
              *row[_CREATED_AT + 1:])
        for row in rows
    ]


def dialog_list(user_id: int, cursor: int | None = None, limit: int = 50) -> Page[DialogSummary]:
    """My dialogs and groups, the one with the newest message first; ``cursor``
    is the ``next_cursor`` of the previous page."""
    limit = _limit(limit)
    if cursor is None:
        rows = _FIRST_PAGE.rows(user_id, limit + 1)
    else:
        if not isinstance(cursor, int) or isinstance(cursor, bool):
            raise ValidationError("That page cursor is not valid.", field="cursor")
        rows = _MORE_PAGE.rows(user_id, cursor, limit + 1)
    more = len(rows) > limit
    rows = _times(rows[:limit])
    merged = [(row[1], row, row[20] is not None) for row in rows]
    people = _targets([row for _, row, is_group in merged if is_group])
    me: list[UserRef] = []
    attached = _attached(rows)
    items = tuple(
        group_summary(row, user_id, people, attached) if is_group
        else pair_summary(row, user_id, me, attached)
        for _, row, is_group in merged
    )
    return Page(items=items, next_cursor=merged[-1][0] if more else None)


def summary_of_pair(user_id: int, peer_id: int) -> DialogSummary | None:
    row = _pair_query(user_id).where(DialogMember.peer == peer_id).first()
    return pair_summary(row, user_id, attached=_attached([row])) if row is not None else None


_ONE = _Prepared(
    lambda user_id, dialog_id: _union(
        _pair_query(user_id).where(DialogMember.dialog == dialog_id),
        _group_query(user_id, DialogMember.dialog == dialog_id),
    ),
    2,
)


def summary_of(user_id: int, dialog_id: int) -> DialogSummary | None:
    """Dialog or group ``dialog_id`` as my list shows it, both halves asked in
    one statement; None when I am not in it."""
    rows = _times(_ONE.rows(user_id, dialog_id))
    if not rows:
        return None
    row = rows[0]
    if row[20] is None:
        return pair_summary(row, user_id, attached=_attached([row]))
    return group_summary(row, user_id, attached=_attached([row]))
