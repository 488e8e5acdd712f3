"""Peewee models: the tables. Domain operations live in the sibling modules.

The tables are defined by topic (``account_tables``, ``social_tables``,
``chat_tables``, ``music_tables``) and all importable from here; this module
keeps the tables that span topics (reactions, attachments, now playing) and
the lists of tables that migrations, copies and checks walk.

Every list a screen shows has an index that serves it in order, so lists are
keyset-paged index range scans, never full scans (the tests check the plans with the
``query_plans`` fixture of tests/conftest.py).
Times are naive UTC.
"""

from __future__ import annotations

from peewee import (
    SQL,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .account_tables import (
    BaseModel,
    LoginAttempt,
    Media,
    Meta,
    RecoveryCode,
    Setting,
    User,
)
from .chat_tables import (
    Activity,
    Dialog,
    DialogMember,
    DialogMute,
    Draft,
    Mention,
    Message,
    ReadReceipt,
    Typing,
)
from .music_tables import Playlist, PlaylistTrack, Track, TrackWord, UserTrack
from .social_tables import (
    Block,
    Comment,
    CommentLike,
    Community,
    CommunityWord,
    Friendship,
    Membership,
    Post,
    PostLike,
)


class Reaction(BaseModel):
    """One person's emoji on a message or a post (schema version 9,
    models/reactions.py). One nullable foreign key per kind of target, so a
    deleted target takes its reactions along; at most one per person per target."""

    user = ForeignKeyField(User, on_delete="CASCADE")
    emoji = CharField(max_length=16)
    message = ForeignKeyField(Message, null=True, index=False, on_delete="CASCADE")
    post = ForeignKeyField(Post, null=True, index=False, on_delete="CASCADE")
    comment = ForeignKeyField(Comment, null=True, index=False, on_delete="CASCADE")  # schema 12
    created_at = DateTimeField()

    class Meta:
        indexes = (
            (("message", "user"), True), (("post", "user"), True), (("comment", "user"), True),
        )
        constraints = [SQL("CHECK (message_id IS NULL OR post_id IS NULL)")]


class Attachment(BaseModel):
    """A picture or a track on a message or a post (schema version 11,
    models/attachments.py): exactly one of ``message``/``post``; ``kind``
    ``image`` has ``media`` (the stored picture, ``width``×``height`` pixels),
    ``track`` has ``track``. ``position`` orders them, 0 first."""

    message = ForeignKeyField(Message, null=True, index=False, on_delete="CASCADE")
    post = ForeignKeyField(Post, null=True, index=False, on_delete="CASCADE")
    position = IntegerField()
    kind = CharField(max_length=8)
    media = ForeignKeyField(Media, null=True, on_delete="RESTRICT")
    track = ForeignKeyField(Track, null=True, on_delete="CASCADE")
    width = IntegerField(null=True)
    height = IntegerField(null=True)

    class Meta:
        indexes = ((("message", "position"), True), (("post", "position"), True))
        constraints = [
            SQL("CHECK ((message_id IS NULL) <> (post_id IS NULL))"),
            SQL("CHECK ((kind = 'image' AND media_id IS NOT NULL AND track_id IS NULL) "
                "OR (kind = 'track' AND track_id IS NOT NULL AND media_id IS NULL))"),
            SQL("CHECK (position >= 0)"),
        ]


class NowPlaying(BaseModel):
    """What a person's player plays, for others to see (models/now_playing.py,
    schema version 13): counts until ``until`` (a heartbeat moves it on)."""

    user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
    title = CharField(max_length=200)
    artist = CharField(max_length=200)
    until = DateTimeField()


class PostDraft(BaseModel):
    """A post or a comment a person wrote and has not sent yet (schema version
    19, models/post_drafts.py): one per person and box. ``box`` ``post`` (the
    New post box) and ``wall`` (My profile's box) have ``target`` 0,
    ``community`` a community's page (``target``: its id), ``comment`` the
    comment field under a post (``target``: the post's id). Only its writer
    ever reads it."""

    user = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (user, box, target) below
    box = CharField(max_length=16)
    target = IntegerField()
    text = TextField()
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("user", "box", "target"), True),)
        constraints = [SQL("CHECK (box IN ('post', 'wall', 'community', 'comment'))")]


# The tables of schema version 1, created by its step as they are defined here;
# later tables are created by their own step (models/migrations.py).
V1_TABLES: list[type[BaseModel]] = [
    Meta,
    Media,
    User,
    LoginAttempt,
    RecoveryCode,
    Community,
    Membership,
    Post,
    PostLike,
    Friendship,
    Dialog,
    DialogMember,
    Message,
    Activity,
    Track,
    UserTrack,
    Playlist,
    PlaylistTrack,
]

# Every table, parents before children (copies and backups go in this order).
ALL_TABLES: list[type[BaseModel]] = [
    *V1_TABLES, Setting, Draft, Mention, ReadReceipt, Block, DialogMute, Typing,
    Comment, CommentLike, Reaction, Attachment, NowPlaying, CommunityWord, TrackWord,
    PostDraft,
]
