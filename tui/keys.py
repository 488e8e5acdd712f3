"""Key bindings as data: English descriptions in the class, translated per instance.

``BINDINGS`` are evaluated when a module is imported, before the language is
chosen, so a node translates its copy of the bindings when it is created. Mix
``LocalisedBindings`` into a screen or widget (before the Textual base class).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding

from .i18n import _

if TYPE_CHECKING:
    from textual import events
    from textual.widget import Widget


class LocalisedBindings:
    """Translate the descriptions and tooltips of this node's bindings into the UI language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bindings = self._bindings  # type: ignore[attr-defined]  # a per-instance copy
        self._english_bindings = dict(bindings.key_to_bindings)  # (the app's include Ctrl+P)
        self.relocalise_bindings()

    def relocalise_bindings(self) -> None:
        """Translate the bindings into the UI language (again, after it changed)."""
        self._bindings.key_to_bindings = {  # type: ignore[attr-defined]
            key: [localise(binding) for binding in key_bindings]
            for key, key_bindings in self._english_bindings.items()
        }


def localise(binding: Binding) -> Binding:
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
    )


# Home / End in every list, table and tree go to its first / last row. Textual's
# own keys there scroll the view or a table's columns and leave the cursor.
FIRST_LAST_ROW = [
    Binding("home", "first_row", "First row", show=False, id="rows.first"),
    Binding("end", "last_row", "Last row", show=False, id="rows.last"),
]

# ← / → on a tabbed section switch its tabs from its list too (Textual's tabs
# take them only while the tab bar has the focus, and a tab shown moves the
# focus into its list). SectionScreen carries the actions.
SWITCH_TAB = [
    Binding("left", "previous_tab", "Previous tab", show=False, id="tabs.previous"),
    Binding("right", "next_tab", "Next tab", show=False, id="tabs.next"),
]


# Keys that erase, typed on a list, erase in its search field: Backspace, Ctrl+W, Ctrl+U.
ERASING = {"backspace": "delete_left", "ctrl+w": "delete_left_word",
           "ctrl+u": "delete_left_all"}


def type_into(field: Widget, event: events.Key) -> bool:
    """On a screen with one obvious text field: a printable key typed while the
    focus is elsewhere (a list) goes into ``field``, and the focus with it; so
    do Backspace, Ctrl+W and Ctrl+U into a text field (``ERASING``).

    Call it from the screen's ``on_key``: the key has passed the focused widget
    (which left it alone) and its containers, and the screen's and app's bindings
    are checked after, so a key bound there (``?``, a letter command) keeps its
    meaning. True when the key was typed into the field.
    """
    from textual.widgets import Input, TextArea

    screen = field.screen
    focused = screen.focused
    character = event.character
    bound = screen.active_bindings.get(event.key)
    erase = ERASING.get(event.key) if isinstance(field, Input) else None
    if (
        not (event.is_printable and character is not None or erase)
        or focused is field
        or (focused is not None and focused.check_consume_key(event.key, character))
        or not field.display
        or field.disabled
        or (bound is not None and bound.enabled)
    ):
        return False
    event.stop()
    event.prevent_default()

    def type_it() -> None:  # after the focus, which selects an Input's text
        if isinstance(field, Input):
            field.cursor_position = len(field.value)  # added to what is there
            if erase:
                getattr(field, f"action_{erase}")()
            else:
                field.insert_text_at_cursor(character)
        elif isinstance(field, TextArea):
            field.insert(character)

    screen.set_focus(field)  # at once (focus() waits a turn): the next keys go there
    field.call_later(type_it)  # queued after the field's Focus event
    return True
