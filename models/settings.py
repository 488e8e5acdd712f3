"""Per-user settings: theme, volume, shuffle, repeat, language, notifications,
who sees when I was online (``last_seen``, models/presence.py), and whether
others see what I listen to (``now_playing``, models/now_playing.py).

One ``setting`` row per (user, key) holding the value as text. A key/value
table rather than a column per setting: the settings to come (notifications,
privacy) are new keys, not schema changes, and a person who never changed a
setting has no row for it, so a later change of a default reaches them.

The keys and their values are checked here (the app is not the only writer a
database has); an unknown key is refused, and a stored value this version does
not understand is read as the default, never an error at log-in.
"""

from __future__ import annotations

from dataclasses import replace

from .db import reads, writes
from .errors import ValidationError, msg, msg_template
from .people import require_user
from .schema import Setting
from .setting_values import (  # noqa: F401 - re-exported: models.settings.Settings etc.
    DEFAULTS,
    KEYS,
    LANGUAGES,
    LAST_SEEN_AUDIENCES,
    REPEAT_MODES,
    Settings,
)
from .text import clean_line

MAX_THEME_NAME = 64


def _theme(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or clean_line(value) != value:
        raise ValidationError("A theme is named by a short name.", field="theme")
    if len(value) > MAX_THEME_NAME:
        raise ValidationError("A theme is named by a short name.", field="theme")
    return value


def _volume(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValidationError("The volume is between 0 and 100 %.", field="volume")
    return repr(round(float(value), 2))


def _switch(key: str, refusal: str):
    """The encoder of an on/off setting."""

    def encode(value: object) -> str:
        if not isinstance(value, bool):
            raise ValidationError(refusal, field=key)
        return "1" if value else "0"

    return encode


SWITCHES = {
    "shuffle": msg_template("Shuffle is on or off."),
    "notify_bell": msg_template("The bell is on or off."),
    "notify_desktop": msg_template("Desktop notifications are on or off."),
    "do_not_disturb": msg_template("Do not disturb is on or off."),
    "mentions_when_muted": msg_template("Mentions in muted dialogs notify or not."),
    "now_playing": msg_template("Showing what you listen to is on or off."),
}


def _repeat(value: object) -> str:
    if value not in REPEAT_MODES:
        raise ValidationError("Repeat is off, all or one.", field="repeat")
    return str(value)


def _language(value: object) -> str:
    if value not in LANGUAGES:
        raise ValidationError(
            msg("Unknown language: {language}.", language=clean_line(str(value))),
            field="language",
        )
    return str(value)


def _last_seen(value: object) -> str:
    if value not in LAST_SEEN_AUDIENCES:
        raise ValidationError(
            "Who sees when you were online: everybody, friends or nobody.", field="last_seen"
        )
    return str(value)


# key → (stored text of a value, or ValidationError)
_ENCODE = {
    "theme": _theme, "volume": _volume, "repeat": _repeat, "language": _language,
    **{key: _switch(key, refusal) for key, refusal in SWITCHES.items()}, "last_seen": _last_seen,
}


def _decode(key: str, text: str) -> object:
    """The value stored as ``text``; raises ``ValueError`` for one not understood."""
    if key == "volume":
        value: object = float(text)
    elif key in SWITCHES:
        value = {"1": True, "0": False}[text]
    else:
        value = text
    _ENCODE[key](value)  # the same checks as on the way in
    return value


@reads
def user_settings(user_id: int) -> Settings:
    """``user_id``'s settings; the defaults for what they never changed (one query)."""
    found: dict[str, object] = {}
    rows = Setting.select(Setting.key, Setting.value).where(Setting.user == user_id).tuples()
    for key, text in rows:
        if key in _ENCODE:
            try:
                found[key] = _decode(key, text)
            except (ValueError, KeyError, ValidationError):
                pass  # written by another version, or by hand: the default
    return replace(DEFAULTS, **found)


@writes
def save_settings(user_id: int, **values: object) -> Settings:
    """Store the given settings (``theme="messenger-light"``, ``volume=0.4`` …) in
    one transaction, all or none, and return the person's settings after it.
    ``None`` forgets a setting (back to the default)."""
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise ValidationError(
            msg("Unknown setting: {key}.", key=clean_line(unknown[0])), field=unknown[0]
        )
    encoded = {key: None if v is None else _ENCODE[key](v) for key, v in values.items()}
    require_user(user_id)
    for key, text in encoded.items():
        if text is None:
            Setting.delete().where((Setting.user == user_id) & (Setting.key == key)).execute()
            continue
        Setting.insert(user=user_id, key=key, value=text).on_conflict(
            conflict_target=[Setting.user, Setting.key], update={Setting.value: text}
        ).execute()
    return user_settings(user_id)
