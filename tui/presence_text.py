"""How presence and typing read: "online", "last seen 5 minutes ago",
"Анна is typing…" — in the person's language, with Russian plural forms."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from models.text import clean_line
from models.views import Presence

from .i18n import _, ngettext

DAY = 86400


def presence_text(seen: Presence | None, now: datetime) -> str:
    """"online", or when the person was last seen: exact within a day, then
    coarse ("recently", "within a week" …); "" when it is hidden from me."""
    if seen is None:
        return ""
    if seen.online:
        return _("online")
    if seen.last_seen_at is None:
        return _("last seen a long time ago")
    seconds = max(0.0, (now - seen.last_seen_at).total_seconds())
    if seconds < 60:
        return _("last seen just now")
    if seconds < 3600:
        n = int(seconds // 60)
        return ngettext("last seen {n} minute ago", "last seen {n} minutes ago", n).format(n=n)
    if seconds < DAY:
        n = int(seconds // 3600)
        return ngettext("last seen {n} hour ago", "last seen {n} hours ago", n).format(n=n)
    if seconds < 3 * DAY:
        return _("last seen recently")
    if seconds < 7 * DAY:
        return _("last seen within a week")
    if seconds < 30 * DAY:
        return _("last seen within a month")
    return _("last seen a long time ago")


def typing_text(first_names: Sequence[str]) -> str:
    """"Анна is typing…", "Анна and Олег are typing…", "Анна, Олег and 3 more
    are typing…" (names cleaned; "" when nobody types)."""
    names = [clean_line(name) for name in first_names]
    if not names:
        return ""
    if len(names) == 1:
        return _("{name} is typing…").format(name=names[0])
    if len(names) == 2:
        return _("{first} and {second} are typing…").format(first=names[0], second=names[1])
    more = len(names) - 2
    return ngettext(
        "{first}, {second} and {n} more are typing…",
        "{first}, {second} and {n} more are typing…", more,
    ).format(first=names[0], second=names[1], n=more)
