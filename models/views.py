"""Plain, frozen values the domain layer returns. Widgets hold these, never
Peewee model instances (which could query lazily from the UI thread)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

T = TypeVar("T")


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


@dataclass(frozen=True, slots=True)
class Profile:
    user: UserRef
    birthday: date | None
    city: str
    about: str
    created_at: datetime
    last_seen_at: datetime | None


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
    read_by_peer: bool  # the other person has read up to this message
    reactions: tuple[ReactionCount, ...] = ()  # in the picker's order (models/reactions.py)


@dataclass(frozen=True, slots=True)
class DialogSummary:
    dialog_id: int | None  # None for a dialog not started yet
    peer: UserRef  # the other person; me for saved notes
    last_message_preview: str  # "" when no message yet
    last_message_at: datetime | None
    last_message_from_me: bool
    unread_count: int


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
    changed_posts: tuple[PostView, ...] = ()  # my posts someone reacted to, as they are now


@dataclass(frozen=True, slots=True)
class UnreadWindow:
    """The page a chat opens on when it has unread messages (``unread``)."""

    messages: tuple[MessageView, ...]  # newest first, as ``history`` returns them
    first_unread_seq: int | None  # where "New messages" goes; None: nothing unread
    has_newer: bool  # newer messages exist past this page (the first unread is far back)


@dataclass(frozen=True, slots=True)
class DraftView:
    """What I typed for the dialog with ``peer`` and have not sent yet."""

    peer: UserRef
    text: str
    reply_to: MessageView | None  # the message I was replying to, while it is there to reply to
    updated_at: datetime
