"""Peewee models: the tables. Domain operations live in the sibling modules.

Every list a screen shows has an index that serves it in order, so lists are
keyset-paged index range scans, never full scans (see tests/models/test_query_plans.py).
Times are naive UTC.
"""

from __future__ import annotations

from peewee import (
    SQL,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from .db import database


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Meta(BaseModel):
    """Key/value facts about the database itself, e.g. ``schema_version``."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class Media(BaseModel):
    """A stored file (avatar or audio), addressed by the sha256 of its bytes."""

    sha256 = CharField(max_length=64, unique=True)
    mime = CharField(max_length=64)
    size = IntegerField()
    data = BlobField()
    created_at = DateTimeField()


class User(BaseModel):
    login = CharField(max_length=32)
    login_key = CharField(max_length=32, unique=True)  # text.identity_key(login)
    password_hash = CharField(max_length=255)
    first_name = CharField(max_length=100)
    last_name = CharField(max_length=100)
    first_key = CharField(max_length=100)  # text.search_key(first_name)
    last_key = CharField(max_length=100)
    # text.alternative_key (Müller → mueller), NULL when the name has no other spelling
    first_alt_key = CharField(max_length=100, null=True)
    last_alt_key = CharField(max_length=100, null=True)
    birthday = DateField(null=True)
    city = CharField(max_length=100, default="")
    about = TextField(default="")
    avatar = ForeignKeyField(Media, null=True, on_delete="SET NULL")
    created_at = DateTimeField()
    last_seen_at = DateTimeField(null=True)  # the last log-in, log-out or heartbeat
    online_until = DateTimeField(null=True)  # online while in the future (since version 8)

    class Meta:
        indexes = (
            (("last_key", "first_key", "id"), False),
            (("first_key", "last_key", "id"), False),
            (("first_alt_key",), False),
            (("last_alt_key",), False),
        )


class LoginAttempt(BaseModel):
    """Failed log-in counter per login key (also for unknown logins, so the
    throttle itself does not reveal which logins exist)."""

    login_key = CharField(max_length=64, primary_key=True)
    failures = IntegerField(default=0)
    blocked_until = DateTimeField(null=True)


class RecoveryCode(BaseModel):
    """A one-time code: ``kind`` is ``recovery`` (the user's ten) or
    ``operator`` (made by ``messenger admin reset-password``, expires)."""

    user = ForeignKeyField(User, backref="recovery_codes", on_delete="CASCADE")
    kind = CharField(max_length=16, default="recovery")
    code_hash = CharField(max_length=64)
    created_at = DateTimeField()
    expires_at = DateTimeField(null=True)
    used_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("user", "kind", "used_at"), False),)


class Community(BaseModel):
    name = CharField(max_length=80)
    name_key = CharField(max_length=80, unique=True)  # text.identity_key(name)
    # what a search looks in: text.search_key(name), and its alternative_key on
    # a second line when there is one (searched by substring, never shown)
    name_search = TextField(default="", constraints=[SQL("DEFAULT ''")])
    about = TextField(default="")
    owner = ForeignKeyField(User, backref="owned_communities", on_delete="CASCADE")
    created_at = DateTimeField()


class Membership(BaseModel):
    community = ForeignKeyField(Community, backref="memberships", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    joined_at = DateTimeField()

    class Meta:
        indexes = (
            (("community", "user"), True),
            (("user", "community"), False),
        )


class Post(BaseModel):
    author = ForeignKeyField(User, backref="posts", on_delete="CASCADE")
    community = ForeignKeyField(Community, null=True, backref="posts", on_delete="CASCADE")
    text = TextField()
    created_at = DateTimeField()
    like_count = IntegerField(default=0)
    # schema 12 (models/comments.py, models/reposts.py): kept in the writing transaction
    comment_count = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])
    repost_of = ForeignKeyField(
        "self", null=True, backref="reposts", on_delete="SET NULL", index=False
    )
    # stays true when the original is deleted
    is_repost = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])

    class Meta:
        indexes = (
            (("author", "id"), False),
            (("community", "id"), False),
            (("repost_of",), False),
        )


class PostLike(BaseModel):
    post = ForeignKeyField(Post, backref="likes", on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="CASCADE")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("post", "user"), True), (("user",), False))


class Friendship(BaseModel):
    """One row per pair of users (``user_lo`` < ``user_hi``); ``requester`` says
    who asked; ``accepted`` turns a request into a friendship."""

    user_lo = ForeignKeyField(User, on_delete="CASCADE")
    user_hi = ForeignKeyField(User, on_delete="CASCADE")
    requester = ForeignKeyField(User, on_delete="CASCADE")
    accepted = BooleanField(default=False)
    created_at = DateTimeField()
    accepted_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("user_lo", "user_hi"), True),
            (("user_hi", "user_lo"), False),
        )
        constraints = [SQL("CHECK (user_lo_id < user_hi_id)")]


class Dialog(BaseModel):
    """A conversation. ``kind`` ``pair``: two users (``user_lo`` <= ``user_hi``;
    equal for a person's saved notes), created by its first message, never by
    opening it. ``kind`` ``group`` (schema version 5, ``models/groups.py``): a
    titled conversation of up to 500 members with roles; ``user_lo``/``user_hi``
    are NULL and ``member_count`` counts its present members."""

    user_lo = ForeignKeyField(User, null=True, on_delete="CASCADE")
    user_hi = ForeignKeyField(User, null=True, on_delete="CASCADE")
    created_at = DateTimeField()
    last_seq = IntegerField(default=0)  # seq of the newest message; allocates the next
    last_message_id = IntegerField(null=True)  # id of the newest message (for ordering)
    kind = CharField(max_length=8, default="pair", constraints=[SQL("DEFAULT 'pair'")])
    title = CharField(max_length=100, null=True)
    member_count = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])

    class Meta:
        indexes = ((("user_lo", "user_hi"), True), (("user_hi",), False))
        constraints = [SQL("CHECK (user_lo_id <= user_hi_id)")]


class DialogMember(BaseModel):
    """A person in a dialog. In a pair dialog ``peer`` is the other person (self
    for notes) and ``role`` is NULL. In a group ``peer`` is NULL, ``role`` is
    ``owner``/``admin``/``member``, the member sees messages from ``from_seq`` on
    (the line that added them), and a removed member (``left_seq`` set: the seq
    of the line that removed them) keeps, read only, what they saw up to it."""

    dialog = ForeignKeyField(Dialog, backref="members", on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="CASCADE")
    peer = ForeignKeyField(User, null=True, on_delete="CASCADE")
    last_read_seq = IntegerField(default=0)
    # Pair dialogs: a copy of Dialog.last_message_id, indexed per user. Groups:
    # not touched by sends (a send writes no row per member); for a removed
    # member, the id of the line that removed them.
    last_message_id = IntegerField(default=0)
    role = CharField(max_length=8, null=True)
    from_seq = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])
    left_seq = IntegerField(null=True)
    joined_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("dialog", "user"), True),
            (("user", "last_message_id"), False),
            (("user", "peer"), True),
            (("user", "role"), False),
            # a group chat page's ✓✓: the furthest mark of the others, read from the top
            (("dialog", "last_read_seq"), False),
        )


class Message(BaseModel):
    dialog = ForeignKeyField(Dialog, backref="messages", on_delete="CASCADE")
    seq = IntegerField()  # 1, 2, 3 … within the dialog, without gaps
    sender = ForeignKeyField(User, on_delete="CASCADE")
    client_id = CharField(max_length=64)  # made by the sender's client; resend-safe
    text = TextField()  # kind "system": the line's JSON payload (models/system_lines.py)
    reply_to = ForeignKeyField("self", null=True, on_delete="SET NULL")
    created_at = DateTimeField()
    edited_at = DateTimeField(null=True)
    deleted = BooleanField(default=False)
    # "text": typed by its sender; "system": a group's "Анна added Ольга" line,
    # written only by models/groups.py, never by sending (schema version 5)
    kind = CharField(max_length=8, default="text", constraints=[SQL("DEFAULT 'text'")])

    class Meta:
        indexes = (
            (("dialog", "seq"), True),
            (("sender", "client_id"), True),
        )


class Mention(BaseModel):
    """``user`` is named (``@login``) in message ``seq`` of a group (schema 5):
    a row per person named, so the "@" badge and the next unread mention are
    one index range each."""

    user = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (user, dialog, seq)
    dialog = ForeignKeyField(Dialog, on_delete="CASCADE")
    seq = IntegerField()
    message = ForeignKeyField(Message, on_delete="CASCADE")

    class Meta:
        indexes = ((("user", "dialog", "seq"), True),)


class ReadReceipt(BaseModel):
    """When ``user``'s read mark in a group moved to ``seq`` (schema 5): "who has
    read it and when" is the first receipt at or past a message's seq."""

    dialog = ForeignKeyField(Dialog, index=False, on_delete="CASCADE")  # (dialog, seq, user)
    user = ForeignKeyField(User, on_delete="CASCADE")
    seq = IntegerField()
    read_at = DateTimeField()

    class Meta:
        indexes = ((("dialog", "seq", "user"), False),)


class Activity(BaseModel):
    """A change another person's running app must learn of (models/activity.py):
    an edited or deleted message, a read mark, a friend request. ``user`` is the
    person to tell; the app asks for ``id`` > the last one it saw. Rows older
    than a day are pruned: they only serve apps that are running."""

    user = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (user, id) below
    kind = CharField(max_length=32)
    actor = ForeignKeyField(User, null=True, on_delete="CASCADE")  # who did it
    dialog = ForeignKeyField(Dialog, null=True, on_delete="CASCADE")
    ref_id = IntegerField(null=True)  # a message id, a read mark's seq …
    created_at = DateTimeField()

    class Meta:
        indexes = ((("user", "id"), False), (("created_at",), False))


class Track(BaseModel):
    media = ForeignKeyField(Media, unique=True, on_delete="CASCADE")
    title = CharField(max_length=200)
    artist = CharField(max_length=200, default="")
    album = CharField(max_length=200, default="")
    duration = DoubleField()  # seconds; DoubleField: peewee's FloatField is 4-byte REAL on PostgreSQL
    title_key = CharField(max_length=200)  # text.search_key(title)
    artist_key = CharField(max_length=200)
    # " " + alternative title key + "\n " + alternative artist key, for word
    # matches of the other spelling (Müller → mueller); NULL when neither has one
    alt_key = TextField(null=True)
    added_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("title_key", "id"), False), (("artist_key", "id"), False))


class UserTrack(BaseModel):
    user = ForeignKeyField(User, on_delete="CASCADE")
    track = ForeignKeyField(Track, on_delete="CASCADE")
    added_at = DateTimeField()

    class Meta:
        indexes = ((("user", "track"), True),)


class Playlist(BaseModel):
    owner = ForeignKeyField(User, backref="playlists", on_delete="CASCADE")
    name = CharField(max_length=100)
    name_key = CharField(max_length=100)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "name_key"), True),)


class PlaylistTrack(BaseModel):
    playlist = ForeignKeyField(Playlist, backref="entries", on_delete="CASCADE")
    track = ForeignKeyField(Track, on_delete="CASCADE")
    position = IntegerField()

    class Meta:
        indexes = ((("playlist", "position"), False),)


class Setting(BaseModel):
    """One per-user setting (``models/settings.py`` knows the keys): a row per
    (user, key), so a new setting needs no schema change. Since version 3."""

    user = ForeignKeyField(User, on_delete="CASCADE", index=False)  # (user, key) serves
    key = CharField(max_length=32)
    value = TextField()

    class Meta:
        indexes = ((("user", "key"), True),)


class Draft(BaseModel):
    """What a person typed for a dialog and has not sent yet (schema version 4).

    Named by the other person, as ``DialogMember`` is, because a dialog exists
    only from its first message and a draft may come before it. Only its
    writer ever reads it (``models/drafts.py``)."""

    user = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (user, peer) below
    peer = ForeignKeyField(User, null=True, on_delete="CASCADE")  # NULL: a group's draft
    text = TextField()
    reply_to = ForeignKeyField(Message, null=True, on_delete="SET NULL")
    updated_at = DateTimeField()
    dialog = ForeignKeyField(Dialog, null=True, index=False, on_delete="CASCADE")  # groups (v5)

    class Meta:
        indexes = ((("user", "peer"), True), (("user", "dialog"), True))


class Block(BaseModel):
    """``blocker`` blocked ``blocked`` (models/blocks.py; schema version 6): one
    row per ordered pair. (blocked, blocker) serves "who blocked me"."""

    blocker = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (blocker, blocked)
    blocked = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (blocked, blocker)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("blocker", "blocked"), True), (("blocked", "blocker"), False))
        constraints = [SQL("CHECK (blocker_id <> blocked_id)")]


class DialogMute(BaseModel):
    """A dialog (or group) ``user`` muted (schema version 7, ``models/mutes.py``):
    it never notifies and its unread count stays out of the header's total."""

    user = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (user, dialog) below
    dialog = ForeignKeyField(Dialog, on_delete="CASCADE")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("user", "dialog"), True),)


class Typing(BaseModel):
    """Someone typing in a dialog (models/typing.py), since version 8: the row
    counts until ``until`` (their last key + 5 s) and goes when they send."""

    dialog = ForeignKeyField(Dialog, index=False, on_delete="CASCADE")  # (dialog, user) serves
    user = ForeignKeyField(User, on_delete="CASCADE")
    until = DateTimeField(index=True)

    class Meta:
        indexes = ((("dialog", "user"), True),)


class Comment(BaseModel):
    """A comment under a post (schema version 12, models/comments.py); a reply
    names the comment it answers (one level). Deleted ones keep a flagged row."""

    post = ForeignKeyField(Post, on_delete="CASCADE", index=False)
    author = ForeignKeyField(User, on_delete="CASCADE")
    text = TextField()
    reply_to = ForeignKeyField("self", null=True, on_delete="SET NULL")
    created_at = DateTimeField()
    edited_at = DateTimeField(null=True)
    deleted = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    like_count = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])

    class Meta:
        indexes = ((("post", "id"), False),)


class CommentLike(BaseModel):
    comment = ForeignKeyField(Comment, on_delete="CASCADE", index=False)
    user = ForeignKeyField(User, on_delete="CASCADE")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("comment", "user"), True),)


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
    Comment, CommentLike, Reaction, Attachment, NowPlaying,
]
