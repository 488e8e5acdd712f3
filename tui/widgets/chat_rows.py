"""What the chat pane draws around its messages: day separators, the "New
messages" line, and which messages are grouped under one sender's name.

Worked out from the window of messages in memory (no query): a separator
where the day changes (and above the first message of the window, so the top
always says which day it is), "New messages" above the first unread one, and
the sender's name only on the first of a run of one person's messages
written within ``GROUP_WITHIN`` of each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from models.views import MessageView
from tui.formatting import day_label
from tui.i18n import _

GROUP_WITHIN = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Row:
    """How one message is drawn besides its bubble."""

    day: str | None = None  # a day separator above it
    unread_line: bool = False  # "New messages" above it
    header: bool = True  # the sender's name on top of its bubble
    gap: bool = True  # a blank line after it (none inside a group)

    def separators(self) -> list[tuple[str, bool]]:
        """(label, is it the "New messages" line) for each line above the bubble."""
        labels = [(self.day, False)] if self.day else []
        if self.unread_line:
            labels.append((_("New messages"), True))
        return labels


def rows_for(items: Sequence[MessageView], unread_from_seq: int | None, today: date) -> list[Row]:
    """The ``Row`` of every message of the window, oldest first."""
    rows: list[Row] = []
    previous: MessageView | None = None
    for message in items:
        day = message.created_at.date()
        new_day = previous is None or day != previous.created_at.date()
        unread_line = bool(message.id) and message.seq == unread_from_seq
        header = (
            new_day or unread_line or previous is None
            or message.sender.id != previous.sender.id
            or not timedelta(0) <= message.created_at - previous.created_at <= GROUP_WITHIN
        )
        if rows and not header:
            rows[-1] = Row(rows[-1].day, rows[-1].unread_line, rows[-1].header, gap=False)
        rows.append(Row(day_label(day, today) if new_day else None, unread_line, header))
        previous = message
    return rows


def separator_strip(label: str, width: int, style: Style, console: Console) -> Strip:
    """``──── label ────`` across the pane, the label in the middle."""
    text = Text(f" {label} ", style=style + Style(bold=True), end="")
    side = max(0, width - text.cell_len)
    rule = Text("─" * (side // 2), style=style, end="")
    line = Text(end="").join([rule, text, Text("─" * (side - side // 2), style=style)])
    line.truncate(width)
    return Strip(list(line.render(console)), width).extend_cell_length(width).crop(0, width)
