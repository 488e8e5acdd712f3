"""The tables of what people share with each other: friendships and blocks,
communities, posts and their likes, comments and theirs."""

from __future__ import annotations

from peewee import (
    SQL,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .account_tables import BaseModel, User


class Community(BaseModel):
    name = CharField(max_length=80)
    name_key = CharField(max_length=80, unique=True)  # text.identity_key(name)
    # what a search looks in: text.search_key(name), and its alternative_key on
    # a second line when there is one (searched by substring, never shown)
    name_search = TextField(default="", constraints=[SQL("DEFAULT ''")])
    about = TextField(default="")
    owner = ForeignKeyField(User, backref="owned_communities", on_delete="CASCADE")
    created_at = DateTimeField()


class CommunityWord(BaseModel):
    """A beginning of a word start's tail in a community's ``name_search``
    (schema 16, models/community_words.py), with the community's ``name_key``
    (its order in a list); ``tail`` only on the longest prefixes."""

    community = ForeignKeyField(Community, on_delete="CASCADE")
    prefix = TextField()
    tail = TextField(null=True)
    name_key = TextField()

    class Meta:
        table_name = "community_word"
        indexes = ((("prefix", "name_key"), False),)


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


class Block(BaseModel):
    """``blocker`` blocked ``blocked`` (models/blocks.py; schema version 6): one
    row per ordered pair. (blocked, blocker) serves "who blocked me"."""

    blocker = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (blocker, blocked)
    blocked = ForeignKeyField(User, index=False, on_delete="CASCADE")  # (blocked, blocker)
    created_at = DateTimeField()

    class Meta:
        indexes = ((("blocker", "blocked"), True), (("blocked", "blocker"), False))
        constraints = [SQL("CHECK (blocker_id <> blocked_id)")]


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
