"""A message under a form field (or the form): plain text, hidden while empty."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class FieldMessage(Static):
    DEFAULT_CSS = """
    FieldMessage {
        height: auto;
        color: $error;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=layout)
        self.display = bool(str(content))
