"""A ``ListView`` whose Home / End go to the first / last row (People, posts)."""

from __future__ import annotations

from textual.widgets import ListView

from ..keys import FIRST_LAST_ROW, LocalisedBindings

MIN_ROW_HEIGHT = 4  # lines a post card or a comment takes at least


def rows_at_once(app) -> int:
    """How many rows of a long list (post cards, comments) are put on it as
    it is shown afresh: more than the terminal can show, with two to spare.
    The rest wait until the cursor comes near: each row on the list is laid
    out with the screen (issue 17, every key painted)."""
    return app.size.height // MIN_ROW_HEIGHT + 2


class RowList(LocalisedBindings, ListView):
    """``ListView`` with Home / End on its rows (ListView's scroll the view only)."""

    BINDINGS = FIRST_LAST_ROW

    def action_first_row(self) -> None:
        if self.children:
            self.index = 0

    def action_last_row(self) -> None:
        if self.children:
            self.index = len(self.children) - 1
