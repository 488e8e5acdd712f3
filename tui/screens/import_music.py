"""Import music: a file or a whole folder, chosen by path or in a directory tree.

The import runs in a thread worker (every file is read, sniffed and stored);
a progress bar follows a folder import file by file. The summary says what was
imported, what was already in the catalogue, and every refused file with the
reason — names relative to the chosen folder, shown literally.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DirectoryTree, Input, Label, ProgressBar, Static

from models import tracks
from models.audio_files import AUDIO_EXTENSIONS
from models.errors import DomainError
from models.tracks import ImportReport
from models.user_files import shown_path

from ..carry_over import BringBack, Reopens
from ..formatting import plain
from ..i18n import _, translate_error, translate_message
from ..kept_typing import KeepsTyped
from ..web_session import path_refusal
from ..widgets.field_message import ClearsFieldMessages, FieldMessage
from ..widgets.form_scroll import focus_refused_field
from ..widgets.safe_directory_tree import SafeDirectoryTree
from ..widgets.text_input import TextInput
from .modal_box import ModalBox


class AudioTree(SafeDirectoryTree):
    """Folders and audio files; hidden entries left out; names drawn safely."""

    SUFFIXES = frozenset(AUDIO_EXTENSIONS)


def _shown_name(file: Path, base: Path) -> str:
    try:
        return shown_path(file.relative_to(base))
    except ValueError:
        return shown_path(file.name)


def summary_text(report: ImportReport, base: Path) -> Text:
    """The import summary (folder import), refused files with their reasons."""
    text = Text(end="")
    text.append_text(plain(
        _("Imported from “{folder}”").format(folder=shown_path(base.name or base)), "bold"
    ))
    text.append("\n")
    text.append(_("New tracks: {n}").format(n=len(report.imported)) + "\n")
    text.append(_("Already in the catalogue (added to my music): {n}").format(
        n=len(report.duplicates)) + "\n")
    if report.ignored:
        text.append(_("Not audio, skipped: {n}").format(n=len(report.ignored)) + "\n")
    if report.failed:
        text.append("\n")
        text.append(_("Refused: {n}").format(n=len(report.failed)), style="bold")
        for path, reason in report.failed:
            name = _shown_name(Path(path), base)
            # the reason names the file by its full path; the relative name is enough here
            reason = translate_message(reason).replace(shown_path(path), name)
            text.append("\n• ")
            text.append_text(plain(name, "bold"))
            text.append(" — ")
            text.append_text(plain(reason))
    return text


class ImportMusicScreen(KeepsTyped, Reopens, ClearsFieldMessages, ModalBox[bool]):
    """Dismisses with ``True`` when anything was imported (the lists need a reload);
    closed without, the path typed is there when it opens again (``KeepsTyped``)."""

    FIELD_MESSAGES = {"import-path": "import-error"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Import", id="import_music.start"),
        Binding("escape", "close", "Close", id="import_music.close"),
    ]

    DEFAULT_CSS = """
    ImportMusicScreen { align: center middle; }
    ImportMusicScreen > Vertical {
        width: 90%;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ImportMusicScreen #import-title { text-style: bold; margin-bottom: 1; }
    ImportMusicScreen #import-hint { color: $text-muted; }
    ImportMusicScreen AudioTree { height: 1fr; border: round $panel; }
    ImportMusicScreen #import-progress { height: auto; margin: 1 0; display: none; }
    ImportMusicScreen.-importing #import-progress { display: block; }
    ImportMusicScreen #import-summary { height: 1fr; display: none; }
    ImportMusicScreen.-done #import-summary { display: block; }
    ImportMusicScreen.-done AudioTree, ImportMusicScreen.-done #import-path,
    ImportMusicScreen.-done #import-hint, ImportMusicScreen.-done #path-label,
    ImportMusicScreen.-done #start { display: none; }
    ImportMusicScreen Horizontal { height: auto; align-horizontal: right; }
    ImportMusicScreen Button { margin-left: 2; }
    """

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.home()
        self.user_id = self.app.current_user.id
        self.imported_any = False
        self.report: ImportReport | None = None
        self._busy = False
        # the path chosen in the tree: the field shows it cleaned, the import uses it as is
        self._chosen_path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Import music"), id="import-title", markup=False)
            yield Static(
                _("Choose a file or a folder below (Enter), or type its path. "
                  "Folders are imported with everything inside."),
                id="import-hint", markup=False,
            )
            yield Label(_("File or folder"), id="path-label")
            yield TextInput(id="import-path", placeholder=_("Path to a file or a folder"))
            yield FieldMessage(id="import-error")
            yield AudioTree(self.start, id="import-tree")
            with Vertical(id="import-progress"):
                yield Static("", id="import-status", markup=False)
                yield ProgressBar(id="import-bar", show_eta=False)
            with VerticalScroll(id="import-summary"):
                yield Static("", id="import-summary-text")
            with Horizontal():
                yield Button(_("Close"), id="close")
                yield Button(_("Import"), id="start", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def carry_over(self) -> BringBack | None:
        """A new language opens the form again with the path, not an import
        under way or done (the new Music screen reads what it brought)."""
        if self._busy or self.has_class("-done"):
            return None
        return super().carry_over()

    def more_typed(self) -> Path | None:
        return self._chosen_path

    def put_more_typed(self, chosen: Path) -> None:
        self._chosen_path = chosen

    @on(DirectoryTree.FileSelected)
    @on(DirectoryTree.DirectorySelected)
    def _picked(self, event: DirectoryTree.FileSelected | DirectoryTree.DirectorySelected) -> None:
        self._chosen_path = Path(event.path)
        self.query_one("#import-path", Input).value = shown_path(event.path)

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        if self._busy or self.has_class("-done"):
            return
        raw = self.query_one("#import-path", Input).value.strip()
        error = self.query_one("#import-error", FieldMessage)
        if not raw:
            error.update(_("Choose a file or a folder to import."))
            return
        picked = self._chosen_path
        path = picked if picked and raw == shown_path(picked) else Path(raw).expanduser()
        if refusal := path_refusal(self.app, path):
            error.update(refusal)
            return
        error.update("")
        self._busy = True
        self.query_one("#start", Button).disabled = True
        self.add_class("-importing")
        self.query_one("#import-status", Static).update(_("Importing…"))
        self._import(path)

    @work(thread=True, exclusive=True, group="import-music")
    def _import(self, path: Path) -> None:
        try:
            if os.path.isdir(path):  # False, not an error, for a path it cannot look at
                report = tracks.import_folder(self.user_id, path, progress=self._progress)
                self.app.call_from_thread(self._folder_done, report, path)
            else:
                track = tracks.import_track(self.user_id, path)
                self.app.call_from_thread(self._file_done, track.title)
        except DomainError as exc:
            self.app.call_from_thread(self._refused, exc)

    def _progress(self, done: int, total: int) -> None:
        self.app.call_from_thread(self._show_progress, done, total)

    def _show_progress(self, done: int, total: int) -> None:
        self.query_one("#import-bar", ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#import-status", Static).update(
            _("Importing {done} of {total}…").format(done=done, total=total)
        )

    def _finish(self, summary: Text) -> None:
        self._busy = False
        self.remove_class("-importing")
        self.add_class("-done")
        self.query_one("#import-summary-text", Static).update(summary)
        self.query_one("#close", Button).focus()

    def _folder_done(self, report: ImportReport, base: Path) -> None:
        self.report = report
        self.imported_any = bool(report.imported or report.duplicates)
        self._finish(summary_text(report, base))

    def _file_done(self, title: str) -> None:
        self.imported_any = True
        summary = Text(_("Imported: "), end="")
        summary.append_text(plain(title, "bold"))
        self._finish(summary)

    def _refused(self, exc: DomainError) -> None:
        self._busy = False
        self.remove_class("-importing")
        self.query_one("#start", Button).disabled = False
        self.query_one("#import-error", FieldMessage).update(plain(translate_error(exc)))
        focus_refused_field(self.query_one("#import-path", Input))

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self._busy:
            self.dismiss(self.imported_any)
