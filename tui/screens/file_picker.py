"""Pick an image file from a directory tree (for the avatar)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Static

from models.user_files import shown_path

from ..i18n import _
from ..keys import LocalisedBindings
from ..widgets.safe_directory_tree import SafeDirectoryTree

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


class ImageTree(SafeDirectoryTree):
    """Folders and image files only; hidden entries left out; names drawn safely."""

    SUFFIXES = frozenset(IMAGE_SUFFIXES)


class FilePickerScreen(LocalisedBindings, ModalScreen[str | None]):
    """Dismisses with the chosen file's path (the real one, whatever its name
    holds; the screen shows it only through ``shown_path``), or ``None``."""

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
    FilePickerScreen #file-picker-error {
        display: none;
        color: $error;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="file_picker.cancel")]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.home()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Choose an image and press Enter"), markup=False)
            yield Static("", id="file-picker-error", markup=False)
            yield ImageTree(self.start)

    @on(DirectoryTree.FileSelected)
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        path = str(event.path)
        if shown_path(path) != path:
            # the path goes into a text field and back to the disk: a name with
            # control characters or bytes that are not UTF-8 cannot be shown as
            # it is, and a cleaned copy would name another file
            error = self.query_one("#file-picker-error", Static)
            error.update(_("This file's name holds characters that cannot be shown; "
                           "rename the file and choose it again."))
            error.display = True
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
