"""Plain, frozen values the domain layer returns. Widgets hold these, never
Peewee model instances (which could query lazily from the UI thread)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Generic, TypeVar

T = TypeVar("T")


def made_in_bulk(cls):
    """A constructor of the frozen, slotted view ``cls`` from all its fields,
    in order, by position. A frozen dataclass's ``__init__`` sets each field
    through ``object.__setattr__`` and takes keywords: half the cost of a
    dialog row, and the whole dialog list makes a thousand (issue 17). This
    stores each field through its slot, as ``__init__`` does, and returns an
    instance equal to ``cls(*values)``; for code that makes views by the
    page, where every field is at hand."""
    names = [f.name for f in fields(cls)]
    args = ", ".join(names)
    body = "".join(f"    _set_{name}(view, {name})\n" for name in names)
    namespace = {"_new": object.__new__, "_cls": cls,
                 **{f"_set_{name}": cls.__dict__[name].__set__ for name in names}}
    exec(f"def make({args}):\n    view = _new(_cls)\n{body}    return view\n", namespace)
    make = namespace["make"]
    make.__doc__ = f"A {cls.__name__} from all its fields by position (``made_in_bulk``)."
    return make


@dataclass(frozen=True, slots=True)
class UserRef:
    """Enough to show a person in a list."""

    id: int
    login: str
    first_name: str
    last_name: str
    avatar_id: int | None  # Media id, or None for the initials avatar

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


make_user_ref = made_in_bulk(UserRef)


@dataclass(frozen=True, slots=True)
class Presence:
    """Whether a person is online and when they were last, as one viewer may
    know it (models/presence.py); absent where they hide it from that viewer."""

    online: bool
    last_seen_at: datetime | None
    friend: bool = False  # the viewer and this person are friends


@dataclass(frozen=True, slots=True)
class NowPlaying:
    """What a person's player plays now, as they chose to show it
    (models/now_playing.py); text cleaned of control characters."""

    title: str
    artist: str


@dataclass(frozen=True, slots=True)
class Profile:
    user: UserRef
    birthday: date | None
    city: str
    about: str
    created_at: datetime
    last_seen_at: datetime | None  # None also when hidden from the viewer
    # True when the person blocked the viewer: only the name is theirs to see
    restricted: bool = False
    presence: Presence | None = None  # as the viewer may see it; None for oneself or hidden
    now_playing: NowPlaying | None = None  # as the viewer may see it; None for oneself


@dataclass(frozen=True, slots=True)
class Registration:
    """What registering returns: the new user and the ten recovery codes,
    shown once and never again."""

    user: UserRef
    recovery_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReactionCount:
    """How many reacted to something with ``emoji``, and whether I am one of them."""

    emoji: str
    count: int
    mine: bool


@dataclass(frozen=True, slots=True)
class Reactor:
    """Who reacted with what (the "who reacted" list)."""

    user: UserRef
    emoji: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TrackRef:
    """The little a track card shows of a shared track (``AttachmentView.track``)."""

    id: int
    title: str
    artist: str
    duration: float  # seconds


@dataclass(frozen=True, slots=True)
class AttachmentView:
    """A picture or a track on a message or a post (models/attachments.py).

    ``kind`` ``"image"``: ``media_id``/``sha256`` name the stored picture (at
    most 2048 px on its long side), ``width``×``height`` its pixels, ``track``
    is ``None``. ``kind`` ``"track"``: ``track`` is set, the rest ``None``."""

    kind: str
    position: int
    media_id: int | None = None
    sha256: str | None = None
    width: int | None = None
    height: int | None = None
    track: TrackRef | None = None


@dataclass(frozen=True, slots=True)
class PostView:
    id: int
    author: UserRef
    community_id: int | None
    community_name: str | None
    text: str
    created_at: datetime
    like_count: int
    liked_by_me: bool
    reactions: tuple[ReactionCount, ...] = ()  # in the picker's order (models/reactions.py)
    attachments: tuple[AttachmentView, ...] = ()  # by position (models/attachments.py)
    comment_count: int = 0  # models/comments.py
    is_repost: bool = False  # models/reposts.py
    # what a repost shares, as the viewer may see it; None in a repost: deleted (or hidden)
    original: PostView | None = None


@dataclass(frozen=True, slots=True)
class CommentQuote:
    """The comment a reply answers, as the reply shows it (one level)."""

    id: int
    author: UserRef
    text: str  # "" when deleted
    deleted: bool


@dataclass(frozen=True, slots=True)
class CommentView:
    """A comment under a post (models/comments.py)."""

    id: int
    post_id: int
    author: UserRef
    text: str
    created_at: datetime
    edited_at: datetime | None
    like_count: int
    liked_by_me: bool
    reply_to: CommentQuote | None = None
    reactions: tuple[ReactionCount, ...] = ()
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One keyset page: ``items`` and the cursor of the next page (``None`` at the end)."""

    items: tuple[T, ...]
    next_cursor: object | None


class Relation(enum.Enum):
    """How another person relates to me."""

    SELF = "self"
    NONE = "none"
    FRIENDS = "friends"
    REQUEST_SENT = "request_sent"  # I asked them
    REQUEST_RECEIVED = "request_received"  # they asked me


@dataclass(frozen=True, slots=True)
class CommunityView:
    id: int
    name: str
    about: str
    owner: UserRef
    member_count: int
    is_member: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SystemLine:
    """What a group's system line says (``MessageView.system``): ``event`` is one
    of ``models.system_lines.EVENTS``; the actor is the message's ``sender``."""

    event: str  # created, added, removed, left, renamed, admin_granted, admin_revoked, owner
    target: UserRef | None  # the person added, removed, made admin or owner
    title: str | None  # created, renamed: the group's title then


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    dialog_id: int
    seq: int
    sender: UserRef
    client_id: str
    text: str  # "" when deleted
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    reply_to_id: int | None
    reply_preview: str | None  # first line of the replied message, for the quote
    read_by_peer: bool  # the other person (in a group: at least one other member) has read it
    kind: str = "text"  # "text", or "system" (then ``system`` says what; ``text`` is "")
    system: SystemLine | None = None
    mentions_me: bool = False  # a group message that names me (@login)
    reactions: tuple[ReactionCount, ...] = ()  # in the picker's order (models/reactions.py)
    # by position (models/attachments.py); () when deleted
    attachments: tuple[AttachmentView, ...] = ()


@dataclass(frozen=True, slots=True)
class DialogSummary:
    dialog_id: int | None  # None for a dialog not started yet
    peer: UserRef | None  # the other person; me for saved notes; None for a group
    last_message_preview: str  # "" when no message yet, or when the last one is a system line
    last_message_at: datetime | None
    last_message_from_me: bool
    unread_count: int
    kind: str = "pair"  # "pair" (a dialog, saved notes) or "group"
    title: str | None = None  # a group's title
    last_sender: UserRef | None = None  # who wrote the last message (groups: the row's name)
    last_system: SystemLine | None = None  # the last message, when it is a system line
    mention_count: int = 0  # unread messages that name me (the "@" badge)
    read_only: bool = False  # I was removed from this group / left it
    role: str | None = None  # my role in a group: owner, admin, member
    member_count: int = 0  # a group's present members (2 for a dialog, 1 for notes)


make_dialog_summary = made_in_bulk(DialogSummary)


@dataclass(frozen=True, slots=True)
class MediaView:
    id: int
    sha256: str
    mime: str
    size: int


@dataclass(frozen=True, slots=True)
class TrackView:
    id: int
    media_id: int
    title: str
    artist: str
    album: str
    duration: float
    in_my_library: bool


@dataclass(frozen=True, slots=True)
class PlaylistView:
    id: int
    name: str
    track_count: int


@dataclass(frozen=True, slots=True)
class ActivityView:
    """Something another person did that concerns me (models/activity.py)."""

    id: int
    kind: str  # one of the kinds in models/activity.py
    actor: UserRef | None  # who did it
    dialog_id: int | None
    ref_id: int | None  # the message id, or the seq a read mark moved to
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LiveChanges:
    """What one live poll found new for me since the previous one."""

    messages: tuple[MessageView, ...]  # new messages in my dialogs, oldest first
    changed_messages: tuple[MessageView, ...]  # edited or deleted by the other person
    read_marks: tuple[tuple[int, int], ...]  # (dialog id, seq): the peer read up to seq
    activity: tuple[ActivityView, ...]  # everything addressed to me, oldest first
    unread_total: int
    new_posts: int | None  # posts newer than the watched feed's newest; None: not watching
    muted_dialogs: frozenset[int] = frozenset()  # those of ``messages``' dialogs I muted
    # (dialog id, title) of ``messages``' dialogs that are groups: a notice names the group
    group_titles: tuple[tuple[int, str], ...] = ()
    # who types where now, when that changed since the last report (None: unchanged)
    typing: tuple[TypingView, ...] | None = None
    changed_posts: tuple[PostView, ...] = ()  # my posts someone reacted to, as they are now
    # comments others wrote under my posts (notifications), oldest first
    comments_on_mine: tuple[CommentView, ...] = ()
    # new comments of the post on screen (the watched post), oldest first
    watched_comments: tuple[CommentView, ...] = ()
    # (post id, comment count) of the posts on screen whose count changed
    comment_counts: tuple[tuple[int, int], ...] = ()
    # the open post's shown comments that were edited, deleted (flagged), liked or
    # reacted to, as they are now (models/post_watch.py)
    changed_comments: tuple[CommentView, ...] = ()
    open_post: PostView | None = None  # the open post as it is now, when that changed
    gone_post: int | None = None  # the open post's id, once it was deleted


@dataclass(frozen=True, slots=True)
class TypingView:
    """``user`` is typing in ``dialog_id`` until ``until`` (their last key + 5 s)."""

    dialog_id: int
    user: UserRef
    until: datetime


@dataclass(frozen=True, slots=True)
class UnreadWindow:
    """The page a chat opens on when it has unread messages (``unread``)."""

    messages: tuple[MessageView, ...]  # newest first, as ``history`` returns them
    first_unread_seq: int | None  # where "New messages" goes; None: nothing unread
    has_newer: bool  # newer messages exist past this page (the first unread is far back)


@dataclass(frozen=True, slots=True)
class DraftView:
    """What I typed for the dialog with ``peer`` (or the group ``dialog_id``)
    and have not sent yet."""

    peer: UserRef | None  # None for a group's draft
    text: str
    reply_to: MessageView | None  # the message I was replying to, while it is there to reply to
    updated_at: datetime
    dialog_id: int | None = None  # set for a group's draft (and for a dialog that exists)


@dataclass(frozen=True, slots=True)
class GroupMember:
    user: UserRef
    role: str  # owner, admin, member
    joined_at: datetime | None


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """A group as its members panel shows it (``groups.group_info``)."""

    dialog_id: int
    title: str
    owner: UserRef | None  # None once everyone left (never seen: the group is gone)
    member_count: int
    my_role: str | None  # None when I am no longer a member (read only)
    read_only: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReadReceiptView:
    """Someone who has read a message, and when (None: read before receipts were kept)."""

    user: UserRef
    read_at: datetime | None


@dataclass(frozen=True, slots=True)
class NextUnread:
    """Where the next-unread key goes: a message that names me first, else the
    oldest dialog with unread messages (``conversations.next_unread``)."""

    dialog_id: int
    seq: int  # the first unread message (or unread mention) there
    mention: bool
