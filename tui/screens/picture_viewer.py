"""A message's or a post's pictures, one at a time, fitted to the terminal:
←/→ go through them, Esc goes back. Rendered off the UI thread (the app's
thumbnail cache, tui/thumbnails.py), so a big picture never blocks a key."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from models.views import AttachmentView

from ..i18n import _
from ..thumbnails import DrawsThumbnails, Placed, cell_size, images_of, placeholder
from .modal_box import ModalBox


class PictureViewerScreen(DrawsThumbnails, ModalBox[None]):
    """``pictures`` (a message's or post's attachments), from ``index``."""

    DEFAULT_CSS = """
    PictureViewerScreen { background: $background; }
    PictureViewerScreen #viewer-picture {
        height: 1fr; width: 100%; content-align: center middle;
    }
    PictureViewerScreen #viewer-caption {
        height: 1; width: 100%; content-align: center middle; color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous picture", id="viewer.previous"),
        Binding("right", "step(1)", "Next picture", id="viewer.next"),
        Binding("escape", "close", "Back", id="viewer.close"),
    ]

    def __init__(self, attachments, index: int = 0) -> None:
        super().__init__()
        self.pictures: tuple[AttachmentView, ...] = images_of(attachments)
        self.index = max(0, min(index, len(self.pictures) - 1))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="viewer-picture", markup=False)
            yield Static("", id="viewer-caption", markup=False)

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _placed(self) -> Placed | None:
        if not self.pictures:
            return None
        area = self.query_one("#viewer-picture", Static).size
        cols, rows = max(area.width, 4), max(area.height, 2)
        if self.size.width and not area.width:  # before the first layout
            # the screen but the caption's row and the footer's
            cols, rows = self.size.width, max(2, self.size.height - 2)
        picture = self.pictures[self.index]
        fitted = cell_size(picture.width, picture.height, cols, rows)
        return Placed(picture, *fitted)

    def _draw(self) -> None:
        placed = self._placed()
        if placed is None:
            return
        service = getattr(self.app, "thumbnails", None)
        shown = service.get(placed, self) if service is not None else None
        picture = self.query_one("#viewer-picture", Static)
        picture.update(shown or placeholder(placed.cols, placed.rows, Style(dim=True)))
        caption = Text(end="")
        caption.append(f"{self.index + 1} / {len(self.pictures)}", "bold")
        caption.append(f" · {placed.picture.width}×{placed.picture.height} · ")
        caption.append(_("←/→ next picture, Esc back"))
        self.query_one("#viewer-caption", Static).update(caption)

    def draw_thumbnails(self) -> None:
        self._draw()

    def action_step(self, step: int) -> None:
        if len(self.pictures) > 1:
            self.index = (self.index + step) % len(self.pictures)
            self._draw()

    def action_close(self) -> None:
        self.dismiss(None)
