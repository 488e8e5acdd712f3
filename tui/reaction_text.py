"""Reaction counts as text: "👍 3  ❤️ 1", laid out by Rich's cell width.

Emoji are two cells wide for Rich, but some terminals draw them one cell wide.
So a line of reactions holds nothing after them but the bubble's padding: a
terminal that draws them narrower only shortens that padding, and no text,
time or border is pushed out of place. Rows are filled by ``cell_len`` (never
``len``), and the chat counts its lines with the same ``reaction_rows`` it
draws them with.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from models.views import ReactionCount

GAP = "  "  # between two reactions on a line
MINE = Style(bold=True)  # a reaction I am among, unless the caller has a style for it


def chip(reaction: ReactionCount, mine: Style = MINE) -> Text:
    """"👍 3", in ``mine`` when I am among those who reacted with it."""
    return Text(f"{reaction.emoji} {reaction.count}", style=mine if reaction.mine else "",
                end="")


def reaction_rows(reactions: Sequence[ReactionCount], width: int,
                  mine: Style = MINE) -> list[Text] | None:
    """The reactions as lines of at most ``width`` cells (none when there are no
    reactions), or None when one of them alone is wider than ``width``."""
    rows: list[Text] = []
    for item in (chip(r, mine) for r in reactions):
        if item.cell_len > width:
            return None
        if rows and rows[-1].cell_len + len(GAP) + item.cell_len <= width:
            rows[-1].append(GAP)
            rows[-1].append_text(item)
        else:
            rows.append(item)
    return rows


def reaction_summary(reactions: Sequence[ReactionCount], mine: Style = MINE) -> Text:
    """All reactions on one line (a post card, a list row): "👍 3  ❤️ 1"."""
    return Text(GAP, end="").join(chip(r, mine) for r in reactions)
