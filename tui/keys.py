"""Key bindings as data: English descriptions in the class, translated per instance.

``BINDINGS`` are evaluated when a module is imported, before the language is
chosen, so a node translates its copy of the bindings when it is created. Mix
``LocalisedBindings`` into a screen or widget (before the Textual base class).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from .i18n import _


class LocalisedBindings:
    """Translate the descriptions and tooltips of this node's bindings into the UI language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bindings = self._bindings  # type: ignore[attr-defined]  # a per-instance copy
        bindings.key_to_bindings = {
            key: [localise(binding) for binding in key_bindings]
            for key, key_bindings in bindings.key_to_bindings.items()
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
