"""The lines a group chat draws that a dialog's does not: who wrote a run of
messages (mini avatar and name above the first bubble) and the system lines
("Анна added Ольга"), centred across the pane.

Strips for ``ChatLines``; the names are the members' own words, so they go
through ``plain()`` like any message text.
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from models.views import UserRef
from tui.formatting import plain

from .avatar import MINI_HEIGHT, MINI_WIDTH

SENDER_LINES = MINI_HEIGHT  # the mini avatar's height: the name and the login beside it


def sender_strips(user: UserRef, face: RenderableType | None, width: int, name_style: Style,
                  login_style: Style, console: Console) -> list[Strip]:
    """The mini avatar (blank until rendered) with the name and ``@login`` beside it."""
    if face is not None:
        options = console.options.update(width=MINI_WIDTH, height=MINI_HEIGHT)
        lines = console.render_lines(face, options, pad=True)[:MINI_HEIGHT]
    else:
        lines = []
    lines += [[Segment(" " * MINI_WIDTH)]] * (MINI_HEIGHT - len(lines))
    words = [plain(user.full_name), plain(f"@{user.login}")]
    words[0].stylize(name_style + Style(bold=True))
    words[1].stylize(login_style)
    strips = []
    for index, face_line in enumerate(lines):
        beside = Text(" ", end="")
        if index < len(words):
            beside.append_text(words[index])
        beside.truncate(max(0, width - MINI_WIDTH), overflow="ellipsis")
        strip = Strip.join([Strip(face_line).crop_extend(0, MINI_WIDTH, None),
                            Strip(list(beside.render(console)))])
        strips.append(strip.extend_cell_length(width).crop(0, width))
    return strips


def system_strips(text: str, width: int, style: Style, console: Console) -> list[Strip]:
    """A system line centred across the pane, wrapped when it is longer."""
    line = plain(text)
    line.stylize(style + Style(italic=True))
    line.justify = "center"
    return [Strip(list(wrapped.render(console)), wrapped.cell_len)
            .extend_cell_length(width).crop(0, width)
            for wrapped in line.wrap(console, max(1, width - 2))]
