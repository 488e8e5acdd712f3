"""A person's settings as values: what each one is and its default.

Apart from ``models/settings.py`` (which reads and stores them) so the app can
hold the defaults before anyone logs in without importing the tables: the Log
in screen is painted before the domain code is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

REPEAT_MODES = ("off", "all", "one")
LANGUAGES = ("en", "ru")
# Who sees when I was online; "nobody" also hides everybody else's from me.
LAST_SEEN_AUDIENCES = ("everybody", "friends", "nobody")


@dataclass(frozen=True)
class Settings:
    """A person's settings; ``None`` theme / language: the app's own choice
    (its default theme; ``--lang`` or the environment)."""

    theme: str | None = None
    volume: float = 1.0
    shuffle: bool = False
    repeat: str = "off"
    language: str | None = None
    # Notifications (tui/notifier.py): the terminal bell, a desktop notification
    # by the terminal's escape, Do not disturb (nothing at all), and whether a
    # mention of me still notifies from a dialog I muted.
    notify_bell: bool = True
    notify_desktop: bool = True
    do_not_disturb: bool = False
    mentions_when_muted: bool = True
    last_seen: str = "everybody"
    # Show others what my player plays (models/now_playing.py); off unless chosen.
    now_playing: bool = False


DEFAULTS = Settings()
KEYS = tuple(field.name for field in fields(Settings))
