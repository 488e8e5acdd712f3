"""Turning domain values into text for the screen.

User text is data, never markup: ``plain()`` builds a ``rich.text.Text`` from a
user string after stripping control characters and bidi overrides again (the
database may have been written by anyone). Never pass user strings to
``Static("…")``/``Label("…")`` as markup or through f-strings into markup.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.text import Text

from models import clock
from models.errors import Text as Sentence
from models.text import clean_text

from .i18n import _, translate_message


def plain(value: str, style: str = "") -> Text:
    """A ``Text`` showing ``value`` literally: ``[bold]`` stays ``[bold]``, ESC is removed."""
    return Text(clean_text(value), style=style, end="")


def preview_line(preview: str) -> str:
    """The first line of a message preview from the models, as it is shown.

    A person's text is shown as typed; the models' own words for a message that
    is gone (a ``models.errors.Text``, "message deleted") in the UI language.
    """
    if isinstance(preview, Sentence):
        return translate_message(preview)
    return preview.split("\n", 1)[0]


def quoted_text(message) -> str:
    """What a reply quotes of ``message`` (a MessageView): its text, or for one of
    attachments only what they are ("🖼 Picture", "♪ Title — Artist")."""
    if message.text:
        return message.text
    from models.message_views import attachment_preview

    return translate_message(attachment_preview(message.attachments))


def relative_time(moment: datetime | None, now: datetime | None = None) -> str:
    """"just now", "5 min ago", "3 h ago", "yesterday", "12 Mar", "12 Mar 2024"."""
    if moment is None:
        return ""
    now = now or clock.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        return _("{n} min ago").format(n=int(seconds // 60))
    if seconds < 86400:
        return _("{n} h ago").format(n=int(seconds // 3600))
    if seconds < 2 * 86400:
        return _("yesterday")
    if moment.year == now.year:
        return f"{moment.day} {_(moment.strftime('%b'))}"
    return f"{moment.day} {_(moment.strftime('%b'))} {moment.year}"


def relative_time_changes(moment: datetime | None, now: datetime | None = None) -> datetime | None:
    """When ``relative_time(moment)`` next reads otherwise, always after ``now``:
    the next minute of "just now" / "5 min ago", the next hour of "3 h ago",
    the end of "yesterday", the new year of "12 Mar"; None when it never will
    (no moment, or a date with its year)."""
    if moment is None:
        return None
    now = now or clock.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return moment + timedelta(minutes=1)
    if seconds < 3600:
        return moment + timedelta(minutes=int(seconds // 60) + 1)
    if seconds < 86400:
        return moment + timedelta(hours=int(seconds // 3600) + 1)
    if seconds < 2 * 86400:
        return moment + timedelta(days=2)
    if moment.year == now.year:
        return datetime(now.year + 1, 1, 1)
    return None


def clock_time(moment: datetime) -> str:
    """HH:MM for message timestamps (UTC, as stored)."""
    return moment.strftime("%H:%M")


_MONTH_DAYS = (  # the day and the month's name as a date says it (Russian: genitive)
    "{day} January", "{day} February", "{day} March", "{day} April", "{day} May",
    "{day} June", "{day} July", "{day} August", "{day} September", "{day} October",
    "{day} November", "{day} December",
)


def day_label(day: date, today: date) -> str:
    """"Today", "Yesterday", "30 November", or "30 November 2025" in another year."""
    if day == today:
        return _("Today")
    if day == today - timedelta(days=1):
        return _("Yesterday")
    label = _(_MONTH_DAYS[day.month - 1]).format(day=day.day)
    return label if day.year == today.year else f"{label} {day.year}"
