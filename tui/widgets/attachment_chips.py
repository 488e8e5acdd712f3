"""The attachments picked for a message or a post, shown as removable chips
above the composer until it is sent.

A chip is a ``(item, label)`` pair: ``item`` is what the send takes
(``models.images.PreparedImage``, or a track id), ``label`` what the chip says.
Enter or a click on a chip takes it off. The bar is hidden while empty.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from models.text import clean_line

from ..i18n import _

MAX_LABEL = 24  # cells of a chip's name before "…"


def chip_label(name: str, prefix: str = "▣ ") -> str:
    """``prefix`` + ``name`` cleaned and cut to ``MAX_LABEL`` cells."""
    name = clean_line(name) or _("picture")
    if cell_len(name) > MAX_LABEL:
        while cell_len(name) > MAX_LABEL - 1:
            name = name[:-1]
        name += "…"
    return prefix + name


class AttachmentChips(Horizontal):
    """Chips of the attachments to send; ``entries`` in the order they go."""

    DEFAULT_CSS = """
    AttachmentChips {
        height: auto;
        display: none;
        padding: 0 1;
        overflow-x: hidden;
    }
    AttachmentChips.-some { display: block; }
    AttachmentChips Button {
        height: 1;
        min-width: 0;
        width: auto;
        border: none;
        margin-right: 1;
        padding: 0 1;
        background: $boost;
    }
    AttachmentChips Button:focus { text-style: bold reverse; }
    """

    class Changed(Message):
        """A chip came or went."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[tuple[object, str]] = []

    @property
    def items(self) -> tuple:
        return tuple(item for item, _label in self.entries)

    @property
    def room(self) -> int:
        from models.attachments import MAX_ATTACHMENTS

        return MAX_ATTACHMENTS - len(self.entries)

    def add(self, entries: Iterable[tuple[object, str]]) -> None:
        self.entries.extend(entries)
        self._redraw()

    def set_entries(self, entries: Iterable[tuple[object, str]]) -> None:
        self.entries = list(entries)
        self._redraw()

    def clear(self) -> None:
        self.set_entries([])

    def _redraw(self) -> None:
        self.remove_children()
        buttons = []
        for index, (_item, label) in enumerate(self.entries):
            # no ids: the old chips are removed after the new ones are mounted
            button = Button(Text(f"{label} ✕", end=""), classes=f"chip chip-{index}",
                            compact=True)
            button.chip_index = index
            button.tooltip = _("Enter or a click takes it off")
            buttons.append(button)
        if buttons:
            self.mount_all(buttons)
        self.set_class(bool(self.entries), "-some")
        self.post_message(self.Changed())

    @on(Button.Pressed)
    def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        index = getattr(event.button, "chip_index", -1)
        if 0 <= index < len(self.entries):
            del self.entries[index]
            self._redraw()
