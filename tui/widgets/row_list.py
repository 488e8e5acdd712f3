"""A ``ListView`` whose Home / End go to the first / last row (People, posts)."""

from __future__ import annotations

from textual.widgets import ListView

from ..keys import FIRST_LAST_ROW, LocalisedBindings


class RowList(LocalisedBindings, ListView):
    """``ListView`` with Home / End on its rows (ListView's scroll the view only)."""

    BINDINGS = FIRST_LAST_ROW

    def action_first_row(self) -> None:
        if self.children:
            self.index = 0

    def action_last_row(self) -> None:
        if self.children:
            self.index = len(self.children) - 1
