"""A message under a form field (or the form): plain text, hidden while empty.

Lines break at spaces, never at a no-break space (U+00A0): Textual's wrapping
treats it as any other space, so "in 18 s" could end a line with "18" and
start the next with "s". The message is wrapped here first, keeping those
together, and Textual then only draws the lines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual, VisualType
from textual.widget import Widget
from textual.widgets import Input, Static

if TYPE_CHECKING:  # a form may have one; Log in is painted without importing it
    from textual.widgets import TextArea

_BREAKS = re.compile(r"( +)")  # only the plain space breaks a line


def wrap_keeping_no_break(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken only at plain spaces
    (a word longer than the width stays whole; Textual folds it)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for part in _BREAKS.split(paragraph):
            if not part:
                continue
            if part.isspace():
                line += part
            elif not line.strip() or cell_len(line + part) <= width:
                line += part
            else:
                lines.append(line.rstrip(" "))
                line = part
        lines.append(line.rstrip(" "))
    return lines


class NoBreakText(Visual):
    """Plain ``text`` wrapped by ``wrap_keeping_no_break``, drawn as Textual content."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._plain = Content(text)

    def __str__(self) -> str:
        return self.text

    def _lines(self, width: int) -> Content:
        return Content("\n".join(wrap_keeping_no_break(self.text, max(width, 1))))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self._lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._plain.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._lines(width).get_height(rules, width)


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
        if isinstance(content, str):
            content = NoBreakText(content)
        super().update(content, layout=layout)
        self.display = bool(str(content))



class ClearsFieldMessages:
    """Mixed into a form screen: a field's message goes as soon as the field is
    changed, so an error never stays under a field the person already fixed.

    The message of field ``#x`` is ``#x-error`` (or ``FIELD_MESSAGES["x"]``);
    a ``-invalid-field`` mark on the field goes with it, and the form-wide
    messages named in ``FORM_MESSAGES`` go on any change. A screen sets a field
    without this (e.g. to explain an empty value) inside
    ``self.prevent(Input.Changed)``.
    """

    FIELD_MESSAGES: ClassVar[dict[str, str]] = {}
    FORM_MESSAGES: ClassVar[tuple[str, ...]] = ()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._field_changed(event.control)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._field_changed(event.control)

    def _field_changed(self, control: Widget) -> None:
        if control.id is None:
            return
        names = (self.FIELD_MESSAGES.get(control.id, f"{control.id}-error"), *self.FORM_MESSAGES)
        for name in names:
            for message in self.query(f"#{name}").results(Static):  # type: ignore[attr-defined]
                if str(message.render()):
                    message.update("")
        control.remove_class("-invalid-field")
