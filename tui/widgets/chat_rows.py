"""What the chat pane draws around its messages: day separators, the "New
messages" line, which messages are grouped under one sender's name, and (in a
group) who wrote a run and the system lines.

Worked out from the window of messages in memory (no query): a separator
where the day changes (and above the first message of the window, so the top
always says which day it is), "New messages" above the first unread one, and
the sender's name only on the first of a run of one person's messages
written within ``GROUP_WITHIN`` of each other. In a group another member's
run starts with their mini avatar and name above the bubble; a system line
("Анна added Ольга") stands on its own and ends a run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
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
    sender: bool = False  # in a group: the sender's mini avatar and name above the bubble
    system: bool = False  # a system line, drawn centred instead of a bubble

    def separators(self) -> list[tuple[str, bool]]:
        """(label, is it the "New messages" line) for each line above the bubble."""
        labels = [(self.day, False)] if self.day else []
        if self.unread_line:
            labels.append((_("New messages"), True))
        return labels


def _not_system(message: MessageView) -> bool:
    return False


def rows_for(items: Sequence[MessageView], unread_from_seq: int | None, today: date, *,
             me_id: int | None = None, group: bool = False,
             is_system: Callable[[MessageView], bool] = _not_system) -> list[Row]:
    """The ``Row`` of every message of the window, oldest first. In a ``group``
    the runs of others (not ``me_id``) are headed by the sender above the bubble."""
    rows: list[Row] = []
    previous: MessageView | None = None
    for message in items:
        day = message.created_at.date()
        new_day = previous is None or day != previous.created_at.date()
        unread_line = bool(message.id) and message.seq == unread_from_seq
        system = is_system(message)
        header = (
            new_day or unread_line or previous is None or system or is_system(previous)
            or message.sender.id != previous.sender.id
            or not timedelta(0) <= message.created_at - previous.created_at <= GROUP_WITHIN
        )
        if rows and not header:
            rows[-1] = dataclasses.replace(rows[-1], gap=False)
        sender = group and header and not system and message.sender.id != me_id
        rows.append(Row(day_label(day, today) if new_day else None, unread_line,
                        header and not sender and not system, sender=sender, system=system))
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
