"""Pick image files: a directory tree (up with Backspace, down by opening a
folder) and a field for a typed path. One file for the avatar; several at once
(``multiple``) for pictures attached to a message or a post.

In a web session the tree starts in the upload folder and never leaves it: the
parent of the upload folder is not offered, and a typed path outside it is
refused (tui/web_session.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Input, Static

from models.user_files import may_exist, shown_path

from ..carry_over import Reopens
from ..i18n import _
from ..kept_typing import KeepsTyped
from ..web_session import path_refusal
from ..widgets.safe_directory_tree import SafeDirectoryTree
from ..widgets.text_input import TextInput
from .modal_box import ModalBox

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}
MARK = "✓ "


class ImageTree(SafeDirectoryTree):
    """Folders and image files only; hidden entries left out; names drawn
    safely; files in ``marked`` drawn with a tick."""

    SUFFIXES = frozenset(IMAGE_SUFFIXES)

    def __init__(self, path, **kwargs) -> None:
        super().__init__(path, **kwargs)
        self.marked: list[Path] = []

    def render_label(self, node, base_style, style) -> Text:
        label = super().render_label(node, base_style, style)
        if node.data is not None and node.data.path in self.marked:
            return Text(MARK, style="bold", end="") + label
        return label


class FilePickerScreen(KeepsTyped, Reopens, ModalBox[str | list[str] | None]):
    """Dismisses with the chosen file's path (``multiple``: a list of paths, in
    the order they were marked), or ``None``: the path typed is then there when
    a picker of the same use opens again (``KeepsTyped``). Paths are the real
    ones, whatever their names hold; the screen shows them only through
    ``shown_path``."""

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
    FilePickerScreen #file-picker-hint, FilePickerScreen #file-picker-marked {
        color: $text-muted;
    }
    FilePickerScreen #file-picker-error {
        display: none;
        color: $error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("backspace", "parent", "Parent folder", id="file_picker.parent"),
        Binding("ctrl+l", "type_path", "Type a path", id="file_picker.type_path"),
        # Priority: the tree takes Space for opening folders (still does on a folder).
        Binding("space", "mark", "Mark / unmark", priority=True, id="file_picker.mark"),
        Binding("ctrl+s", "done", "Attach the marked", id="file_picker.done"),
        Binding("escape", "cancel", "Cancel", id="file_picker.cancel"),
    ]

    def __init__(self, start: Path | None = None, *, multiple: bool = False,
                 limit: int = 10) -> None:
        super().__init__()
        self.start = start or Path.home()
        self.multiple = multiple
        self.limit = limit
        self.kept_as = multiple  # pictures to attach, or an avatar

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.multiple:
                hint = _("Space marks a picture (up to {n}); Enter attaches the marked ones, "
                         "or the one under the cursor. Backspace: the folder above.").format(
                             n=self.limit)
            else:
                hint = _("Choose an image and press Enter")
            yield Static(hint, id="file-picker-hint", markup=False)
            yield TextInput(placeholder=_("Or type a path (a file or a folder) and press Enter"),
                        id="file-picker-path")
            yield Static("", id="file-picker-error", markup=False)
            yield ImageTree(self.start)
            yield Static("", id="file-picker-marked", markup=False)

    def on_mount(self) -> None:
        self.query_one(ImageTree).focus()

    def more_typed(self) -> tuple[Path, tuple[Path, ...]]:
        """A new language: the folder shown and the pictures marked come back
        with the path typed (``tui/carry_over.py``)."""
        tree = self.query_one(ImageTree)
        return Path(tree.path), tuple(tree.marked)

    def put_more_typed(self, more: tuple[Path, tuple[Path, ...]]) -> None:
        folder, marked = more
        tree = self.query_one(ImageTree)
        if Path(tree.path) != folder and not path_refusal(self.app, folder):
            tree.path = folder
        tree.marked = list(marked)
        self._show_marked()

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("mark", "done") and not self.multiple:
            return False
        if action in ("parent", "mark") and not isinstance(self.focused, DirectoryTree):
            return False  # Backspace and Space belong to the path field there
        if action == "type_path":  # dimmed in the path field itself: nothing to do there
            return self.focused is not self.query_one("#file-picker-path", Input) or None
        return True

    # ---------------------------------------------------------------- messages

    def _say(self, text: str) -> None:
        error = self.query_one("#file-picker-error", Static)
        error.update(text)
        error.display = bool(text)

    def _showable(self, path: Path) -> bool:
        if shown_path(str(path)) != str(path):
            # the path goes into a text field and back to the disk: a name with
            # control characters or bytes that are not UTF-8 cannot be shown as
            # it is, and a cleaned copy would name another file
            self._say(_("This file's name holds characters that cannot be shown; "
                        "rename the file and choose it again."))
            return False
        return True

    def _show_marked(self) -> None:
        tree = self.query_one(ImageTree)
        names = ", ".join(shown_path(path.name) for path in tree.marked)
        line = _("Marked: {n}").format(n=len(tree.marked)) + (f" — {names}" if names else "")
        self.query_one("#file-picker-marked", Static).update(line if tree.marked else "")

    # ---------------------------------------------------------------- choosing

    def _choose(self, path: Path) -> None:
        if not self._showable(path):
            return
        if not self.multiple:
            self.dismiss(str(path))
            return
        marked = self.query_one(ImageTree).marked
        chosen = marked if marked else [path]
        self.dismiss([str(p) for p in chosen])

    @on(DirectoryTree.FileSelected)
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self._choose(Path(event.path))

    def action_mark(self) -> None:
        tree = self.query_one(ImageTree)
        node = tree.cursor_node
        if node is None or node.data is None or tree._safe_is_dir(node.data.path):
            if node is not None:
                node.toggle()  # on a folder Space opens or closes it, as in any tree
            return
        path = Path(node.data.path)
        if path in tree.marked:
            tree.marked.remove(path)
        elif len(tree.marked) >= self.limit:
            self._say(_("At most {n} pictures fit in one message or post.").format(n=self.limit))
            return
        elif self._showable(path):
            tree.marked.append(path)
            self._say("")
        node.refresh()
        self._show_marked()

    def action_done(self) -> None:
        tree = self.query_one(ImageTree)
        if tree.marked:
            self.dismiss([str(p) for p in tree.marked])
        else:
            self._say(_("Mark pictures with Space first, or press Enter on one."))

    def action_parent(self) -> None:
        tree = self.query_one(ImageTree)
        parent = Path(tree.path).parent
        if parent == Path(tree.path) or path_refusal(self.app, parent):
            self.app.bell()  # the top of the disk, or of the upload folder
            return
        tree.path = parent

    def action_type_path(self) -> None:
        self.query_one("#file-picker-path", Input).focus()

    @on(Input.Submitted, "#file-picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            return
        path = Path(os.path.expanduser(typed))
        if not path.is_absolute():
            path = Path(self.query_one(ImageTree).path) / path
        if refusal := path_refusal(self.app, path):
            self._say(refusal)
            return
        if os.path.isdir(path):  # False, not an error, for a path it cannot look at
            self._say("")
            tree = self.query_one(ImageTree)
            tree.path = path
            tree.focus()
            event.input.value = ""
        elif may_exist(path):  # no permission, a name too long …: the reading says so
            self._choose(path)  # the import says what is wrong with it, if anything
        else:
            self._say(_("There is no file or folder at {path}.").format(path=shown_path(typed)))

    def action_cancel(self) -> None:
        self.dismiss(None)
