"""The reaction picker: six emoji in a row over the current screen."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from models.reactions import REACTIONS

from ..i18n import _
from .modal_box import ModalBox

CELL = 6  # cells per reaction in the row: " 1 👍 " and a space


class ReactionPicker(ModalBox[str | None]):
    """Dismisses with the emoji chosen (``None`` when cancelled). ``current`` is
    my reaction already there: it is marked, and choosing it takes it back."""

    DEFAULT_CSS = """
    ReactionPicker { align: center middle; }
    ReactionPicker > Vertical {
        width: auto;
        height: auto;
        border: round $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    ReactionPicker #reaction-row { width: auto; }
    ReactionPicker #reaction-hint { color: $text-muted; width: auto; max-width: 40; }
    """

    BINDINGS = [
        Binding("enter,space", "choose", "React", id="reaction_picker.choose"),
        Binding("escape", "cancel", "Cancel", id="reaction_picker.cancel"),
        Binding("left", "move(-1)", "Previous reaction", show=False, id="reaction_picker.left"),
        Binding("right,tab", "move(1)", "Next reaction", show=False,
                id="reaction_picker.right"),
        *(
            Binding(str(n), f"pick({n - 1})", "React with this one", show=False,
                    id=f"reaction_picker.{n}")
            for n in range(1, len(REACTIONS) + 1)
        ),
    ]

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.current = current
        self.index = REACTIONS.index(current) if current in REACTIONS else 0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._row(), id="reaction-row")
            hint = _("←/→ and Enter, or 1–6; the same again takes it back")
            yield Static(hint, id="reaction-hint", markup=False)

    def _row(self) -> Text:
        row = Text(end="")
        for index, emoji in enumerate(REACTIONS):
            style = "reverse" if index == self.index else ""
            if emoji == self.current:
                style += " bold underline"
            row.append(f"{index + 1} ", style="dim")
            row.append(f"{emoji}", style=style)
            row.append("  ")
        return row

    def action_move(self, step: int) -> None:
        self.index = (self.index + step) % len(REACTIONS)
        self.query_one("#reaction-row", Static).update(self._row())

    def action_pick(self, index: int) -> None:
        self.dismiss(REACTIONS[index])

    def action_choose(self) -> None:
        self.dismiss(REACTIONS[self.index])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_click(self, event: events.Click) -> None:
        if event.widget is self.query_one("#reaction-row") and 0 <= event.x < CELL * 6:
            self.dismiss(REACTIONS[min(event.x // CELL, len(REACTIONS) - 1)])
