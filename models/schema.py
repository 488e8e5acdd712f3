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
    last_seen_at = DateTimeField(null=True)

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

    class Meta:
        indexes = (
            (("author", "id"), False),
            (("community", "id"), False),
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
    """A conversation of two users (``user_lo`` <= ``user_hi``; equal for a
    person's saved notes). Created by its first message, never by opening it."""

    user_lo = ForeignKeyField(User, on_delete="CASCADE")
    user_hi = ForeignKeyField(User, on_delete="CASCADE")
    created_at = DateTimeField()
    last_seq = IntegerField(default=0)  # seq of the newest message; allocates the next
    last_message_id = IntegerField(null=True)  # id of the newest message (for ordering)

    class Meta:
        indexes = ((("user_lo", "user_hi"), True), (("user_hi",), False))
        constraints = [SQL("CHECK (user_lo_id <= user_hi_id)")]


class DialogMember(BaseModel):
    dialog = ForeignKeyField(Dialog, backref="members", on_delete="CASCADE")
    user = ForeignKeyField(User, on_delete="CASCADE")
    peer = ForeignKeyField(User, on_delete="CASCADE")  # the other person (self for notes)
    last_read_seq = IntegerField(default=0)
    last_message_id = IntegerField(default=0)  # copy of Dialog.last_message_id, indexed per user

    class Meta:
        indexes = (
            (("dialog", "user"), True),
            (("user", "last_message_id"), False),
            (("user", "peer"), True),
        )


class Message(BaseModel):
    dialog = ForeignKeyField(Dialog, backref="messages", on_delete="CASCADE")
    seq = IntegerField()  # 1, 2, 3 … within the dialog, without gaps
    sender = ForeignKeyField(User, on_delete="CASCADE")
    client_id = CharField(max_length=64)  # made by the sender's client; resend-safe
    text = TextField()
    reply_to = ForeignKeyField("self", null=True, on_delete="SET NULL")
    created_at = DateTimeField()
    edited_at = DateTimeField(null=True)
    deleted = BooleanField(default=False)

    class Meta:
        indexes = (
            (("dialog", "seq"), True),
            (("sender", "client_id"), True),
        )


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
    peer = ForeignKeyField(User, on_delete="CASCADE")
    text = TextField()
    reply_to = ForeignKeyField(Message, null=True, on_delete="SET NULL")
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("user", "peer"), True),)


class Reaction(BaseModel):
    """One person's emoji on a message or a post (schema version 9,
    models/reactions.py). One nullable foreign key per kind of target, so a
    deleted target takes its reactions along; at most one per person per target."""

    user = ForeignKeyField(User, on_delete="CASCADE")
    emoji = CharField(max_length=16)
    message = ForeignKeyField(Message, null=True, index=False, on_delete="CASCADE")
    post = ForeignKeyField(Post, null=True, index=False, on_delete="CASCADE")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("message", "user"), True), (("post", "user"), True))
        constraints = [SQL("CHECK (message_id IS NULL OR post_id IS NULL)")]


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
ALL_TABLES: list[type[BaseModel]] = [*V1_TABLES, Setting, Draft, Reaction]
