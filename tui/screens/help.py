"""Every key binding of the screen underneath, the sections and the app."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..i18n import _
from ..keys import FIRST_LAST_ROW, LocalisedBindings
from .modal_box import APP_KEYS, ModalBox

BOX_APP_KEYS = {binding.id for binding in APP_KEYS}


class KeyTable(LocalisedBindings, DataTable):
    """The help's table: Home / End go to its top / bottom (DataTable's scroll sideways)."""

    BINDINGS = FIRST_LAST_ROW

    def action_first_row(self) -> None:
        self.scroll_home(animate=False)

    def action_last_row(self) -> None:
        self.scroll_end(animate=False)


class HelpScreen(ModalBox[None]):
    """A table of key, what it does; built from the bindings themselves (they are data)."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > Vertical {
        width: 76;
        max-width: 95%;
        height: 90%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen DataTable {
        height: 1fr;
    }
    HelpScreen #help-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape,f1,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Keys"), classes="form-title", markup=False)
            yield KeyTable(id="help-table", cursor_type="none", zebra_stripes=True)
            yield Static(
                _("Ctrl+P opens the command palette. Tab and Shift+Tab move between fields."),
                id="help-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Key"), key="key")
        table.add_column(_("Action"), key="action")
        seen: set[tuple[str, str]] = set()
        for title, bindings in self._groups():
            rows = []
            for binding in bindings:  # a key bound under two names (shift+f9, f21) once
                row = (self.app.get_key_display(binding), binding.description)
                if binding.description and row not in seen:
                    seen.add(row)
                    rows.append(row)
            if not rows:
                continue
            table.add_row(Text(title, style="bold"), "")
            for key, description in rows:
                table.add_row(Text(key, style="bold"), Text(description))
        table.focus()

    def _groups(self) -> list[tuple[str, list[Binding]]]:
        """This screen's keys first (the focused widget's, then the screen's), then the app's."""
        screen_bindings: list[Binding] = []
        for active in self.under.active_bindings.values():
            # Our bindings carry an id; Textual's own editing keys stay out of the list.
            # A dialog box's F1 and Ctrl+F (tui/screens/modal_box.py) are the
            # app's help and search: listed with the keys of everywhere.
            if (active.node is not self.app and active.enabled and active.binding.id
                    and active.binding.id not in BOX_APP_KEYS):
                screen_bindings.append(active.binding)
        from textual.actions import parse

        from ..app import SECTIONS

        taken = {binding.key for binding in screen_bindings}
        app_bindings = []
        for bindings in self.app._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.action == "command_palette":
                    continue  # listed once below, with a clearer description
                if binding.key in taken and not binding.priority:
                    continue  # the screen's own key comes first (Log in: Ctrl+F)
                _target, name, parameters = parse(binding.action)
                if self.app.check_action(name, parameters) is False:
                    continue  # not now: sections and the player before log-in
                if name == "section" and parameters[0] not in SECTIONS:
                    continue
                app_bindings.append(binding)
        app_bindings.append(Binding("ctrl+p", "command_palette", _("Command palette")))
        return [(_("On this screen"), screen_bindings), (_("Everywhere"), app_bindings)]

    def action_close(self) -> None:
        self.dismiss(None)
