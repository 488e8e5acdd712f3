"""Textual's own words in the UI language: the command palette and the Ctrl+C hint.

Textual writes a few sentences of its own that a person reads: the palette's
"Search for commands…" and "Search for themes…", its "No matches found", the
footer's "palette" key and the "Press ctrl+q to quit" notification that Ctrl+C
shows. They are English literals in Textual; ``PaletteMixin`` (mixed into the
app) replaces each through the hook Textual offers for it, with a ``_()`` text.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from .i18n import _
from .keys import LocalisedBindings
from .screens.modal_box import KeysInFooter


class LocalisedPalette(KeysInFooter, LocalisedBindings, CommandPalette):
    """The command palette with its placeholder, "No matches found" and keys
    translated, and its own keys in the footer (those of the screen behind it
    were left there, the Feed's l Like while l went into the palette's search)."""

    def close(self) -> None:
        """Closed as Esc closes it (the commands being gathered cancelled)."""
        self._action_escape()

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8's method with the one sentence it shows through _():
        # the palette offers no other way to word it.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


# Textual adds this binding itself unless the app has one for the palette; ours
# has a description and an id like every other key (and is translated with them).
PALETTE_BINDING = Binding(
    "ctrl+p", "command_palette", "palette", show=False, priority=True,
    tooltip="Open the command palette", id="app.command_palette",
)


class PaletteMixin:
    """The app's palette, theme picker and Ctrl+C hint in the UI language."""

    def action_command_palette(self) -> None:
        """Ctrl+P: the palette, or back to the one open under help (Ctrl+P,
        F1, Ctrl+P). Textual's ``CommandPalette.is_open`` looks at the screen
        on show only: a second palette, with the same id as Textual gives it
        ("--command-palette"), was pushed over help and the app stopped with
        an error. The id is left out too: a palette left open under another
        screen (F-keys and Ctrl+F close it first) must never stop the app."""
        if not self.use_command_palette:
            return
        if any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            while self._showing_help():
                self.pop_screen()
            return
        self.push_screen(LocalisedPalette(placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(
            LocalisedPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def action_help_quit(self) -> None:
        """Ctrl+C: tell the person which key quits (Textual's hint, translated)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    _("Press {key} to quit Messenger.").format(key=key_name(key)),
                    title=_("Do you want to quit?"),
                    markup=False,
                )
                return


def key_name(key: str) -> str:
    """A key as the help and README write it: ``ctrl+q`` → ``Ctrl+Q``."""
    return "+".join(part.upper() if len(part) == 1 else part.capitalize() for part in key.split("+"))
