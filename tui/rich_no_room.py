"""Text folded into no room at all is folded one cell wide, not an error.

Rich's ``chop_cells`` (which folds a word longer than its line) steps through
the text by the width it is given: given 0, ``range()`` raised ValueError.
Textual asks for it with the width a widget has, and a widget has none in a
terminal squeezed to a column or two (a tmux pane made tiny): an OptionList's
height, a text's wrap, and the app ended with its traceback. Here a width
below one cell folds as one cell does; the lines are not shown anyway.
**Upstream-worthy:** ``chop_cells`` could take ``max(width, 1)``.
"""

from __future__ import annotations

from rich import _wrap, cells

_chop_cells = cells.chop_cells


def chop_cells(text: str, width: int, unicode_version: str = "auto") -> list[str]:
    return _chop_cells(text, max(width, 1), unicode_version)


def install() -> None:
    for module in (cells, _wrap):
        if module.chop_cells is _chop_cells:
            module.chop_cells = chop_cells  # type: ignore[assignment]
