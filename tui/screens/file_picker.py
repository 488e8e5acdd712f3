"""Pick an image file from a directory tree (for the avatar)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Static

from ..i18n import _
from ..keys import LocalisedBindings
from ..widgets.file_tree import FileTree

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


class ImageTree(FileTree):
    """Folders and image files only; hidden entries left out."""

    def filter_paths(self, paths):
        return [
            path for path in paths
            if not path.name.startswith(".")
            and (path.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES)
        ]


class FilePickerScreen(LocalisedBindings, ModalScreen[str | None]):
    """Dismisses with the chosen file's path, or ``None``."""

    DEFAULT_CSS = """
    FilePickerScreen {
        align: center middle;
    }
    FilePickerScreen > Vertical {
        width: 80%;
        height: 80%;
        border: thick $primary 60%;
        background: $surface;
    }
    FilePickerScreen DirectoryTree {
        height: 1fr;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="file_picker.cancel")]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.home()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Choose an image and press Enter"), markup=False)
            yield ImageTree(self.start)

    @on(DirectoryTree.FileSelected)
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(str(event.path))

    def action_cancel(self) -> None:
        self.dismiss(None)
