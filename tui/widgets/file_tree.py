"""A directory tree for the pickers (avatar, music import); Home / End go to
its first / last line."""

from __future__ import annotations

from textual.widgets import DirectoryTree

from ..keys import FIRST_LAST_ROW, LocalisedBindings


class FileTree(LocalisedBindings, DirectoryTree):
    """``DirectoryTree`` with Home / End on its lines (the tree's scroll the view only)."""

    BINDINGS = FIRST_LAST_ROW

    def action_first_row(self) -> None:
        self.cursor_line = 0

    def action_last_row(self) -> None:
        self.cursor_line = self.last_line
