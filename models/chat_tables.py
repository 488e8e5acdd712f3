"""The tables of conversations: dialogs and their members, messages, mentions,
read receipts, drafts, mutes, typing, and the activity a running app polls."""

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
