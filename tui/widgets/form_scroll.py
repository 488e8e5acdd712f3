"""A scrolling form that keeps the field being typed in on the screen when the
terminal changes size."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets.input import Selection


class FormScroll(VerticalScroll):
    """``VerticalScroll`` for forms. Focusing a field scrolls it into view, but a
    resize does not: shrinking the terminal from 100×30 to 80×24 would leave
    the cursor below the fold. After a resize the focused field is brought back."""

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_focused)

    def _show_focused(self) -> None:
        focused = self.screen.focused if self.is_attached else None
        if focused is not None and self in focused.ancestors:
            self.scroll_to_widget(focused, animate=False)


def focus_next_field(screen: Screen, field_ids: Sequence[str], current_id: str | None) -> bool:
    """Enter in a form field: focus the field after ``current_id`` in
    ``field_ids``. False when it was the last one (the caller submits)."""
    index = list(field_ids).index(current_id)
    if index + 1 < len(field_ids):
        screen.query_one(f"#{field_ids[index + 1]}", Input).focus()
        return True
    return False


def focus_refused_field(box: Input) -> None:
    """Put the cursor back in a field the form refused, ready to be typed again.

    A password field is emptied (what was typed is hidden, so typing again
    must start afresh instead of appending to it); any other field has its
    text selected, so typing replaces it and the arrows keep it. Focusing
    alone is not enough: a field that has the focus already (Enter was
    pressed in it) keeps its cursor at the end.
    """
    if box.password:
        # Emptied by the app, not changed by the person: the error under it stays.
        with box.prevent(Input.Changed):
            box.value = ""
    else:
        box.selection = Selection(0, len(box.value))
    box.focus()
