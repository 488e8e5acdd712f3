"""An ``OptionList`` prompt known to be one line high, drawn only when shown.

An ``OptionList`` learns every option's height as it is filled: for a Rich
``Text`` prompt it makes a ``Content`` of it and wraps that at the list's
width (``OptionList._update_lines``), for every option, shown or not, and
again whenever the list is resized (its caches are cleared). For the members
panel of a 500-member group that was most of Ctrl+B (issue 17, every key
painted). A row cut with an ellipsis (``no_wrap``) on a single line is one
line high at any width: ``OneLine`` says so without measuring, and makes its
``Content`` only when the row is drawn (a screenful of them), as ``DialogRow``
does for the dialog list. A row longer than the list is cut with "…" as its
``Text`` asks (made into a ``Content``, it was wrapped onto a second line).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.visual import Visual


class OneLine(Visual):
    """``text`` (a ``no_wrap`` Rich ``Text`` without a line break) as an option's prompt."""

    __slots__ = ("text", "_drawn_at")

    def __init__(self, text: Text) -> None:
        self.text = text
        self._drawn_at: tuple[int, Content] | None = None  # the last width drawn at

    @classmethod
    def of(cls, text: Text) -> Visual | Text:
        """``text`` as a ``OneLine``, or itself when it may take more than a line."""
        if text.no_wrap and "\n" not in text.plain:
            return cls(text)
        return text

    def __str__(self) -> str:
        return self.text.plain

    def _drawn(self, width: int) -> Content:
        """The text cut to ``width`` with an ellipsis, as its ``no_wrap`` asks
        (a ``Content`` made of it would wrap at the list's width instead)."""
        if self._drawn_at is None or self._drawn_at[0] != width:
            cut = self.text
            if cut.cell_len > width:
                cut = cut.copy()
                cut.truncate(width, overflow="ellipsis")
            self._drawn_at = (width, Content.from_rich_text(cut))
        return self._drawn_at[1]

    @property
    def drawn(self) -> bool:
        """Whether it was ever drawn (its ``Content`` made)."""
        return self._drawn_at is not None

    def get_optimal_width(self, rules, container_width: int) -> int:
        return self.text.cell_len

    def get_height(self, rules, width: int) -> int:
        return 1

    def render_strips(self, width, height, style, options):
        return self._drawn(width).render_strips(width, height, style, options)[:1]
