"""Pictures and tracks on messages and posts (schema version 11).

A message or a post carries up to ``MAX_ATTACHMENTS`` attachments, each a
picture prepared beforehand (``images.prepare_image``, outside any
transaction: reading and shrinking a 20 MB photo must not hold the write lock)
or a track of the shared catalogue, given by its id. They are stored in the
same transaction as the message or post (``attach``), so a refused one leaves
nothing behind: no message, no post, no stored picture.

A page of messages or posts gets its attachments from one query
(``message_attachments`` / ``post_attachments``), never one per row.

Pictures are stored once by their sha256 (``media``). When a message or post
goes, its attachments go with it, and the pictures nothing refers to any more
are swept in the same transaction (``sweep_media``): "refers" is every foreign
key to ``media`` in the schema (avatars, tracks' audio, attachments, and any
added later), read from the models, so an avatar in use is never swept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from peewee import ForeignKeyField

from . import clock
from .db import database, is_sqlite
from .errors import NotFoundError, ValidationError, msg
from .images import PreparedImage
from .page_extras import page_extras
from .schema import ALL_TABLES, Attachment, Media, Message, Post, Track
from .views import AttachmentView, TrackRef

MAX_ATTACHMENTS = 10
IMAGE, TRACK = "image", "track"
MAX_PICTURE_BYTES = 24 * 1024 * 1024  # a prepared picture is far smaller; a guard only

AttachmentSpec = PreparedImage | int  # a prepared picture, or a track's id


# ---------------------------------------------------------------- checking

def check_attachments(items: Iterable[AttachmentSpec] | None) -> tuple[AttachmentSpec, ...]:
    """``items`` as a tuple, or a ``ValidationError(field="attachments")``:
    at most ten, each a ``PreparedImage`` or a track id."""
    found = tuple(items or ())
    if len(found) > MAX_ATTACHMENTS:
        raise ValidationError(
            msg("At most {limit} attachments fit in one message or post; these are {count}.",
                limit=MAX_ATTACHMENTS, count=len(found)),
            field="attachments",
        )
    for item in found:
        is_track = isinstance(item, int) and not isinstance(item, bool)
        if not is_track and not isinstance(item, PreparedImage):
            raise ValidationError("An attachment must be a picture or a track.",
                                  field="attachments")
    return found


# ---------------------------------------------------------------- storing

def _stored_media_id(image: PreparedImage) -> int:
    """The ``media`` row of these bytes, inserted if new, and held (PostgreSQL:
    ``FOR KEY SHARE``) so a sweep in another transaction cannot take it away
    before our attachment refers to it."""
    for _ in range(3):
        Media.insert(
            sha256=image.sha256, mime=image.mime, size=len(image.data), data=image.data,
            created_at=clock.now(),
        ).on_conflict_ignore().execute()
        query = Media.select(Media.id).where(Media.sha256 == image.sha256)
        if not is_sqlite():
            query = query.for_update("FOR KEY SHARE")
        row = query.tuples().first()
        if row is not None:
            return row[0]
    raise NotFoundError("That file no longer exists.", field="attachments")  # pragma: no cover


def _track_refs(track_ids: Sequence[int]) -> dict[int, TrackRef]:
    if not track_ids:
        return {}
    found = {
        tid: TrackRef(id=tid, title=title, artist=artist, duration=duration)
        for tid, title, artist, duration in Track.select(
            Track.id, Track.title, Track.artist, Track.duration
        ).where(Track.id.in_(sorted(set(track_ids)))).tuples()
    }
    if len(found) != len(set(track_ids)):
        raise NotFoundError("That track is no longer in the catalogue.", field="attachments")
    return found


def attach(items: Sequence[AttachmentSpec], *, message_id: int | None = None,
           post_id: int | None = None) -> tuple[AttachmentView, ...]:
    """Store ``items`` on the message or the post, in the caller's transaction
    (call it from the ``@writes`` function that made the message or post).

    Raises ``NotFoundError(field="attachments")`` for a track id not in the
    catalogue; the caller's transaction then rolls everything back.
    """
    items = check_attachments(items)
    if not items:
        return ()
    if (message_id is None) == (post_id is None):
        raise ValueError("attach() takes a message_id or a post_id")
    tracks = _track_refs([item for item in items if isinstance(item, int)])
    rows, views = [], []
    for position, item in enumerate(items):
        if isinstance(item, PreparedImage):
            if len(item.data) > MAX_PICTURE_BYTES:
                raise ValidationError("The picture is too large to store.", field="attachments")
            media_id = _stored_media_id(item)
            rows.append({"kind": IMAGE, "media": media_id, "track": None,
                         "width": item.width, "height": item.height})
            views.append(AttachmentView(IMAGE, position, media_id, item.sha256, item.width,
                                        item.height))
        else:
            rows.append({"kind": TRACK, "media": None, "track": item, "width": None,
                         "height": None})
            views.append(AttachmentView(TRACK, position, track=tracks[item]))
    for position, row in enumerate(rows):
        row.update(message=message_id, post=post_id, position=position)
    Attachment.insert_many(rows).execute()
    return tuple(views)


# ---------------------------------------------------------------- reading

def _load(column: str, target_ids: Iterable[object]) -> dict[int, tuple[AttachmentView, ...]]:
    return page_extras(attachments=(column, target_ids)).attachments


def message_attachments(message_ids: Iterable[object]) -> dict[int, tuple[AttachmentView, ...]]:
    """The attachments of these messages by message id, in one query (inside
    the caller's read); messages with none are left out."""
    return _load("message_id", message_ids)


def post_attachments(post_ids: Iterable[object]) -> dict[int, tuple[AttachmentView, ...]]:
    """The attachments of these posts by post id, in one query; as ``message_attachments``."""
    return _load("post_id", post_ids)


# ---------------------------------------------------------------- removing

def pictures_of_messages(condition) -> list[int]:
    """Media ids of the pictures on the messages matching ``condition`` (a
    peewee expression on ``Message``), read before they are deleted."""
    return [media_id for (media_id,) in Attachment.select(Attachment.media)
            .join(Message, on=(Attachment.message == Message.id))
            .where(condition & Attachment.media.is_null(False)).distinct().tuples()]


def pictures_of_posts(condition) -> list[int]:
    """Media ids of the pictures on the posts matching ``condition`` (on ``Post``)."""
    return [media_id for (media_id,) in Attachment.select(Attachment.media)
            .join(Post, on=(Attachment.post == Post.id))
            .where(condition & Attachment.media.is_null(False)).distinct().tuples()]


def drop_message_attachments(message_id: int) -> None:
    """A deleted message's attachments go, and the pictures no one else uses."""
    pictures = pictures_of_messages(Message.id == message_id)
    Attachment.delete().where(Attachment.message == message_id).execute()
    sweep_media(pictures)


def _media_references() -> list[tuple[str, str]]:
    """(table, column) of every foreign key to ``media`` in the schema."""
    return [
        (model._meta.table_name, field.column_name)
        for model in ALL_TABLES
        for field in model._meta.sorted_fields
        if isinstance(field, ForeignKeyField) and field.rel_model is Media
    ]


def sweep_media(media_ids: Iterable[int]) -> int:
    """Delete those of ``media_ids`` that nothing refers to any more, in the
    caller's transaction; returns how many went.

    PostgreSQL: the rows are locked first (``FOR UPDATE``), which waits for any
    transaction that is making something refer to them (it holds ``FOR KEY
    SHARE``); the DELETE, a new statement, then sees what that one committed.
    SQLite's writes are serial already.
    """
    ids = sorted({int(i) for i in media_ids if i is not None})
    if not ids:
        return 0
    if not is_sqlite():
        Media.select(Media.id).where(Media.id.in_(ids)).for_update().execute()
    db = database.obj
    unused = " ".join(
        f'AND NOT EXISTS (SELECT 1 FROM "{table}" WHERE "{table}"."{column}" = "media"."id")'
        for table, column in _media_references()
    )
    marks = ", ".join([db.param] * len(ids))
    cursor = db.execute_sql(f'DELETE FROM "media" WHERE "id" IN ({marks}) {unused}', ids)
    return cursor.rowcount
