"""Reading and editing a person's profile, and their avatar picture."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date, datetime
from typing import Final

from . import avatars, blocks, clock, db, media, profile_activity
from .errors import NotFoundError, ValidationError, msg, msg_template
from .now_playing import now_playing_of
from .people import user_ref
from .presence import presence_of
from .schema import User
from .search_keys import person_keys
from .text import clean_line, clean_text, require_visible_name
from .views import MediaView, Profile


class _Unset:
    """Marks an argument that was not given (``None`` means "clear it")."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "UNSET"


UNSET: Final = _Unset()

NAME_MAX = 100
CITY_MAX = 100
ABOUT_MAX = 1000
EARLIEST_BIRTHDAY = date(1900, 1, 1)
AVATAR_MAX_BYTES = 10 * media.MB
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _profile(row: User, viewer_id: int | None = None) -> Profile:
    last_seen, seen, playing = row.last_seen_at, None, None
    if viewer_id is not None and viewer_id != row.id:
        # As the person's privacy setting (and the viewer's own) allow.
        seen = presence_of(viewer_id, [row.id]).get(row.id)
        last_seen = seen.last_seen_at if seen is not None else None
        playing = now_playing_of(viewer_id, [row.id]).get(row.id)
    return Profile(
        user=user_ref(row),
        birthday=row.birthday,
        city=row.city,
        about=row.about,
        created_at=row.created_at,
        last_seen_at=last_seen,
        presence=seen,
        now_playing=playing,
    )


def _user(user_id: int) -> User:
    row = User.get_or_none(User.id == user_id)
    if row is None:
        raise NotFoundError("That person does not exist.", field="user")
    return row


@db.reads
def get_profile(user_id: int, viewer_id: int | None = None) -> Profile:
    """``user_id``'s profile as ``viewer_id`` may see it (``None``: as the person
    themself, or an operator, sees it)."""
    return _profile(_user(user_id), viewer_id)


@db.reads
def get_profile_for(viewer_id: int, user_id: int) -> Profile:
    """``user_id``'s profile as ``viewer_id`` sees it: only the name (no avatar,
    birthday, city, about, last visit or presence) when ``user_id`` blocked the viewer."""
    profile = _profile(_user(user_id), viewer_id)
    if viewer_id == user_id or not blocks.is_blocked(user_id, viewer_id):
        return profile
    return Profile(
        user=replace(profile.user, avatar_id=None),
        birthday=None,
        city="",
        about="",
        created_at=profile.created_at,
        last_seen_at=None,
        restricted=True,
    )


# ---------------------------------------------------------------- validation

# field -> its messages (not text, empty, too long): whole sentences, so that a
# translation can inflect the name of the field.
_NAME_MESSAGES = {
    "first_name": (
        msg_template("The first name must be text."),
        msg_template("The first name is required."),
        msg_template("The first name is {length} characters long; at most {limit} are allowed."),
    ),
    "last_name": (
        msg_template("The last name must be text."),
        msg_template("The last name is required."),
        msg_template("The last name is {length} characters long; at most {limit} are allowed."),
    ),
}


def _name(value: object, field: str) -> str:
    not_text, empty, too_long = _NAME_MESSAGES[field]
    if not isinstance(value, str):
        raise ValidationError(msg(not_text), field=field)
    name = clean_line(value)
    if not name:
        raise ValidationError(msg(empty), field=field)
    if len(name) > NAME_MAX:
        raise ValidationError(msg(too_long, length=len(name), limit=NAME_MAX), field=field)
    return require_visible_name(name, field)


def _birthday(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            if not _ISO_DATE.fullmatch(text):  # fromisoformat also takes 19900517, 1990-W20-4
                raise ValueError(text)
            value = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                msg("{text!r} is not a date: write it as YYYY-MM-DD, e.g. 1990-05-17.", text=text),
                field="birthday",
            ) from None
    elif isinstance(value, datetime):
        value = value.date()
    elif not isinstance(value, date):
        raise ValidationError("The birthday must be a date.", field="birthday")
    today = clock.now().date()
    if value > today:
        raise ValidationError("The birthday cannot be in the future.", field="birthday")
    if value < EARLIEST_BIRTHDAY:
        raise ValidationError(
            "The birthday cannot be before 1 January 1900.", field="birthday"
        )
    return value


def _city(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError("The city must be text.", field="city")
    city = clean_line(value)
    if len(city) > CITY_MAX:
        raise ValidationError(
            msg(
                "The city is {length} characters long; at most {limit} are allowed.",
                length=len(city), limit=CITY_MAX,
            ),
            field="city",
        )
    return city


def _about(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError("The about text must be text.", field="about")
    about = clean_text(value).strip()
    if len(about) > ABOUT_MAX:
        raise ValidationError(
            msg(
                "The about text is {length} characters long; at most {limit} are allowed.",
                length=len(about), limit=ABOUT_MAX,
            ),
            field="about",
        )
    return about


# ---------------------------------------------------------------- editing

@db.writes
def update_profile(
    user_id: int,
    *,
    first_name: str | _Unset = UNSET,
    last_name: str | _Unset = UNSET,
    birthday: date | str | None | _Unset = UNSET,
    city: str | None | _Unset = UNSET,
    about: str | None | _Unset = UNSET,
) -> Profile:
    """Change the given fields only; every given field is checked first, so a
    refused edit changes nothing. ``birthday``, ``city`` and ``about`` accept
    ``None`` to clear them; ``birthday`` also takes ``"YYYY-MM-DD"``."""
    changes = _checked_changes(first_name, last_name, birthday, city, about)
    _write_changes(_user(user_id), changes)
    return _profile(_user(user_id))


def save_profile(
    user_id: int,
    *,
    avatar: str | os.PathLike[str] | bytes | None = None,
    remove_avatar: bool = False,
    **fields: object,
) -> Profile:
    """The Edit profile form's save: the ``fields`` of ``update_profile`` and a new
    ``avatar`` (a path or bytes, as ``set_avatar``) or ``remove_avatar``, all or
    nothing. Every field and the image are checked first (the image is read and
    converted outside the transaction); then one transaction writes them all,
    so a refused avatar leaves the city as it was, and a refused city the avatar."""
    changes = _checked_changes(**fields)
    png = _avatar_png(avatar) if avatar is not None else None
    return _write_profile(user_id, changes, png, remove_avatar)


@db.writes
def _write_profile(user_id: int, changes: dict, png: bytes | None, remove_avatar: bool) -> Profile:
    row = _user(user_id)
    if png is not None:
        changes[User.avatar] = media.store_media(png, "image/png", max_bytes=AVATAR_MAX_BYTES).id
    elif remove_avatar:
        changes[User.avatar] = None
    _write_changes(row, changes)
    return _profile(_user(user_id))


def _write_changes(row: User, changes: dict) -> None:
    """Write ``changes`` to the person of ``row`` (as read before them); when
    their name or avatar changed, the people who see them are told."""
    if not changes:
        return
    User.update(changes).where(User.id == row.id).execute()
    before = {User.first_name: row.first_name, User.last_name: row.last_name,
              User.avatar: row.avatar_id}
    if any(field in changes and changes[field] != old for field, old in before.items()):
        profile_activity.tell_people_who_see_them(row.id)


def _checked_changes(
    first_name=UNSET, last_name=UNSET, birthday=UNSET, city=UNSET, about=UNSET
) -> dict:
    """The column values for the given fields (``UNSET`` ones left out), each
    checked; raises the first field's ``ValidationError``."""
    changes: dict = {}
    if first_name is not UNSET:
        changes[User.first_name] = _name(first_name, "first_name")
        changes.update(person_keys(first_name=changes[User.first_name]))
    if last_name is not UNSET:
        changes[User.last_name] = _name(last_name, "last_name")
        changes.update(person_keys(last_name=changes[User.last_name]))
    if birthday is not UNSET:
        changes[User.birthday] = _birthday(birthday)
    if city is not UNSET:
        changes[User.city] = _city(city)
    if about is not UNSET:
        changes[User.about] = _about(about)
    return changes


# ---------------------------------------------------------------- avatar

def set_avatar(user_id: int, source: str | os.PathLike[str] | bytes) -> MediaView:
    """Make an image (a path or its bytes) the person's avatar.

    PNG, JPEG, GIF or WebP up to 10 MB that decodes fully; stored upright, RGB,
    at most 256×256, as PNG. Refusals are ``ValidationError`` with ``field``
    ``"path"`` (the file) or ``"avatar"`` (its content).
    """
    return _attach_avatar(user_id, _avatar_png(source))


def _avatar_png(source: str | os.PathLike[str] | bytes) -> bytes:
    """The avatar to store for ``source``, checked and converted: slow work,
    done before any write transaction."""
    data = media.read_upload(source, AVATAR_MAX_BYTES)
    return avatars.normalise_avatar(data)


@db.writes
def _attach_avatar(user_id: int, png: bytes) -> MediaView:
    row = _user(user_id)
    stored = media.store_media(png, "image/png", max_bytes=AVATAR_MAX_BYTES)
    _write_changes(row, {User.avatar: stored.id})
    return stored


@db.writes
def clear_avatar(user_id: int) -> None:
    """Back to the initials avatar. The image stays stored: another person may
    use the same picture (files are shared by content)."""
    _write_changes(_user(user_id), {User.avatar: None})
