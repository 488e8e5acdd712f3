"""The tables of music: tracks, a person's library, playlists."""

from __future__ import annotations

from peewee import (
    CharField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .account_tables import BaseModel, Media, User


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


class TrackWord(BaseModel):
    """A beginning of a word start's tail in a track's title or artist keys
    (schema 17, models/track_words.py), with the track's ``title_key`` (its
    order in the catalogue); ``tail`` only on the longest prefixes."""

    track = ForeignKeyField(Track, on_delete="CASCADE")
    prefix = TextField()
    tail = TextField(null=True)
    title_key = TextField()

    class Meta:
        table_name = "track_word"
        indexes = ((("prefix", "title_key", "track"), False),)


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
