"""Messages as the views a chat shows (``views.MessageView``): one SELECT for a
page with senders and quoted replies, the other members' read marks, the
payload of system lines, and one more statement for all the page carries
(models/page_extras.py): reactions, attachments, whether a message names the
viewer and the people system lines name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from peewee import JOIN, fn

from . import attachments, system_lines
from .errors import Text, msg
from .page_extras import Extras, page_extras
from .prepared import Prepared as _Prepared
from .schema import DialogMember, Message, User
from .text import clean_line
from .views import AttachmentView, MessageView, SystemLine, UserRef, make_user_ref

PREVIEW_LENGTH = 80
TRACK_PART = 40  # characters of a shared track's title, and of its artist, in a preview
# The chat says the same of a deleted message; a Text, so the UI can translate it.
DELETED_PREVIEW = msg("message deleted")
# A message of attachments none of which is left to describe.
ATTACHMENT_PREVIEW = msg("attachment")


def preview(text: str, deleted: bool, attached: Sequence[AttachmentView] = ()) -> str:
    """First line of a message, at most PREVIEW_LENGTH characters; a message of
    attachments only says what they are (``attachment_preview``)."""
    if deleted:
        return DELETED_PREVIEW
    if not text:
        return attachment_preview(attached)
    line = text.split("\n", 1)[0]
    if len(line) > PREVIEW_LENGTH:
        line = line[: PREVIEW_LENGTH - 1] + "…"
    return line


def _part(value: str) -> str:
    line = clean_line(value or "")
    return line if len(line) <= TRACK_PART else line[: TRACK_PART - 1] + "…"


def attachment_preview(attached: Sequence[AttachmentView]) -> Text:
    """What a message of attachments only shows as its preview, as messengers do:
    "🖼 Picture", "🖼 3 pictures", "♪ Title — Artist", or both joined by " · ".
    A ``Text``: the UI translates the words; the track's title and artist (cleaned
    of control characters) are filled in as they are."""
    pictures = sum(1 for a in attached if a.kind == "image")
    track = next((a.track for a in attached if a.track is not None), None)
    parts = []
    if pictures == 1:
        parts.append(msg("🖼 Picture"))
    elif pictures:
        parts.append(msg("🖼 {n} pictures", n=pictures))
    if track is not None:
        title, artist = _part(track.title), _part(track.artist)
        parts.append(msg("♪ {title} — {artist}", title=title, artist=artist) if artist
                     else msg("♪ {title}", title=title))
    if not parts:
        return ATTACHMENT_PREVIEW
    if len(parts) == 1:
        return parts[0]
    return msg("{pictures} · {track}", pictures=parts[0], track=parts[1])


def quote_preview(message_id: int, text: str, deleted: bool) -> str:
    """The preview of a message a reply quotes (its attachments read only when
    it has no text)."""
    attached = attachments_to_preview([(message_id, text, deleted)])
    return preview(text, deleted, attached.get(message_id, ()))


def attachments_to_preview(rows: Iterable[tuple[int, str, bool]]) -> dict:
    """The attachments of those (message id, text, deleted) whose preview needs
    them (no text, not deleted: rare), in one query; ``{}`` when none do."""
    ids = [mid for mid, text, deleted in rows if mid is not None and not text and not deleted]
    return attachments.message_attachments(ids) if ids else {}


def user_ref(row: tuple) -> UserRef:
    """(id, login, first name, last name, avatar id) as a ``UserRef``."""
    uid, login, first, last, avatar_id = row
    return make_user_ref(uid, login, first, last, avatar_id)


def _message_rows():
    """Messages as tuples with their sender's UserRef columns and the text of
    the message they reply to, in one SELECT (see ``_message_views``)."""
    quoted = Message.alias("quoted")
    return (
        Message.select(
            Message.id, Message.dialog, Message.seq, Message.client_id, Message.text,
            Message.created_at, Message.edited_at, Message.deleted, Message.reply_to,
            User.id, User.login, User.first_name, User.last_name, User.avatar,
            quoted.text, quoted.deleted, Message.kind,
        )
        .join(User, on=(Message.sender == User.id))
        .switch(Message)
        .join(quoted, JOIN.LEFT_OUTER, on=(quoted.id == Message.reply_to))
        .tuples()
    )


# A chat page asks these for its one dialog: built once (models/prepared.py).
# From the top of the (dialog, last_read_seq) index: one or two entries, not 500.
_OTHERS_MARK = _Prepared(
    lambda dialog_id, viewer_id: DialogMember.select(DialogMember.last_read_seq)
    .where((DialogMember.dialog == dialog_id) & (DialogMember.user != viewer_id))
    .order_by(DialogMember.last_read_seq.desc()).limit(1).tuples(),
    2,
)
_OWN_MARK = _Prepared(
    lambda dialog_id, viewer_id: DialogMember.select(DialogMember.last_read_seq)
    .where((DialogMember.dialog == dialog_id) & (DialogMember.user == viewer_id)).tuples(),
    2,
)
def _peer_read_marks(dialog_ids: Iterable[int], viewer_id: int) -> dict[int, int]:
    """The furthest read mark of the other members per dialog (in saved notes,
    where there is no other member, the viewer's own)."""
    ids = list(dialog_ids)
    if len(ids) == 1:
        found = _OTHERS_MARK.rows(ids[0], viewer_id)
        mark = found[0][0] if found else None
        if mark is None:
            own = _OWN_MARK.rows(ids[0], viewer_id)
            mark = own[0][0] if own else 0
        return {ids[0]: mark}
    marks = dict(
        DialogMember.select(DialogMember.dialog, fn.MAX(DialogMember.last_read_seq))
        .where(DialogMember.dialog.in_(ids) & (DialogMember.user != viewer_id))
        .group_by(DialogMember.dialog)
        .tuples()
    )
    missing = [d for d in ids if d not in marks]
    if missing:
        marks.update(
            DialogMember.select(DialogMember.dialog, DialogMember.last_read_seq)
            .where(DialogMember.dialog.in_(missing) & (DialogMember.user == viewer_id))
            .tuples()
        )
    return marks


def _mention_ranges(rows: list[tuple]) -> dict[int, tuple[int, int]]:
    """{dialog id: (lowest seq, highest seq)} of ``rows``."""
    ranges: dict[int, tuple[int, int]] = {}
    for row in rows:
        low, high = ranges.get(row[1], (row[2], row[2]))
        ranges[row[1]] = (min(low, row[2]), max(high, row[2]))
    return ranges


def _parsed_system_lines(rows: list[tuple]) -> dict[int, tuple]:
    """(event, target id, title) of the system lines among ``rows`` by message id."""
    return {
        row[0]: system_lines.parse(row[4]) for row in rows if row[16] == system_lines.SYSTEM
    }


def _system_lines(parsed: dict[int, tuple], people: dict[int, UserRef]) -> dict[int, SystemLine]:
    return {
        mid: SystemLine(event=event, target=people.get(target), title=title)
        for mid, (event, target, title) in parsed.items()
    }


def _message_views(
    rows: Iterable[tuple], peer_read: dict[int, int], viewer_id: int | None = None,
    *, of_groups: bool = True,
) -> list[MessageView]:
    """Views of ``_message_rows`` tuples; ``peer_read`` maps dialog id to the
    furthest read mark of the other members; ``viewer_id`` (for groups) marks
    the messages that name the viewer. ``of_groups=False``: the rows are of a
    two-person dialog, where nobody is mentioned (only a group send stores
    mentions), so their mentions are not asked for — a round trip less."""
    rows = list(rows)
    parsed = _parsed_system_lines(rows)
    # One statement for the page's reactions, its attachments and those of quoted
    # messages that have no text (their quote says what they carry), the
    # mentions of the viewer and the people its system lines name.
    quoted_bare = [row[8] for row in rows
                   if row[8] is not None and row[15] is not None and not row[15] and not row[14]]
    extras = page_extras(
        viewer_id,
        reactions=("message_id", [row[0] for row in rows]),
        attachments=("message_id", [*(row[0] for row in rows if not row[7]), *quoted_bare]),
        mention_ranges=_mention_ranges(rows) if viewer_id is not None and of_groups else None,
        people=[target for _, target, _ in parsed.values() if target is not None],
    ) if rows else Extras()
    systems = _system_lines(parsed, extras.people)
    counts, attached, mentions = extras.reactions, extras.attachments, extras.mentions
    return [
        MessageView(
            id=mid,
            dialog_id=dialog_id,
            seq=seq,
            sender=UserRef(id=uid, login=login, first_name=first, last_name=last,
                           avatar_id=avatar_id),
            client_id=client_id,
            text="" if deleted or kind != system_lines.TEXT else text,
            created_at=created_at,
            edited_at=edited_at,
            deleted=bool(deleted),
            reply_to_id=reply_to_id,
            reply_preview=(
                preview(quoted_text, quoted_deleted, attached.get(reply_to_id, ()))
                if reply_to_id is not None and quoted_deleted is not None
                else None
            ),
            read_by_peer=seq <= peer_read.get(dialog_id, 0),
            kind=kind,
            system=systems.get(mid),
            mentions_me=(dialog_id, seq) in mentions,
            reactions=counts.get(mid, ()),
            attachments=attached.get(mid, ()),
        )
        for (mid, dialog_id, seq, client_id, text, created_at, edited_at, deleted, reply_to_id,
             uid, login, first, last, avatar_id, quoted_text, quoted_deleted, kind) in rows
    ]


def message_view(message_id: int, viewer_id: int) -> MessageView:
    """One message as ``viewer_id`` sees it (with the other members' read marks)."""
    rows = list(_message_rows().where(Message.id == message_id))
    return _message_views(rows, _peer_read_marks([rows[0][1]], viewer_id), viewer_id)[0]
