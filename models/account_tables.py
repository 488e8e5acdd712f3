"""The base of every table, and the tables of people and their files.

``BaseModel`` binds every table to the one database proxy (``models/db.py``);
the other table modules and ``models/schema.py`` build on it. Times are naive UTC.
"""

from __future__ import annotations

from peewee import (
    BlobField,
    CharField,
    DateField,
    DateTimeField,
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


class Setting(BaseModel):
    """One per-user setting (``models/settings.py`` knows the keys): a row per
    (user, key), so a new setting needs no schema change. Since version 3."""

    user = ForeignKeyField(User, on_delete="CASCADE", index=False)  # (user, key) serves
    key = CharField(max_length=32)
    value = TextField()

    class Meta:
        indexes = ((("user", "key"), True),)
