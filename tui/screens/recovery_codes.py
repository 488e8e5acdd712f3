"""The ten recovery codes, shown once; the person confirms they saved them."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Static

from ..carry_over import BringBack, reopened
from ..i18n import _
from ..keys import LocalisedBindings
from ..widgets.footer import AppFooter


def codes_again(codes: tuple[str, ...], below: Screen) -> None:
    below.app.push_screen(RecoveryCodesScreen(codes))


class RecoveryCodesScreen(LocalisedBindings, Screen[bool]):
    """Dismisses with ``True`` once "I saved them" is ticked and Continue pressed.

    Escape does nothing here on purpose: the codes are never shown again.
    """

    BINDINGS = [
        Binding("escape", "stay", "Codes are shown only once", show=False, id="codes.stay"),
    ]

    def __init__(self, codes: tuple[str, ...]) -> None:
        super().__init__()
        self.codes = codes

    def compose(self) -> ComposeResult:
        codes = Text()
        for number, code in enumerate(self.codes, start=1):
            codes.append(f"{number:>2}. ", style="dim")
            codes.append(code, style="bold")
            codes.append("\n" if number < len(self.codes) else "")
        with Center(id="codes-center"):
            with Vertical(id="codes-box", classes="form-box"):
                yield Static(_("Your recovery codes"), classes="form-title", markup=False)
                yield Static(
                    _(
                        "Write these codes down or store them in a password manager. "
                        "Each one lets you set a new password once if you forget yours. "
                        "They are shown only now."
                    ),
                    classes="form-hint",
                    markup=False,
                )
                yield Static(codes, id="codes")
                yield Checkbox(_("I saved them"), id="saved")
                yield Button(_("Continue"), id="continue", variant="primary", disabled=True)
        yield AppFooter()  # F1 Help, as on every screen

    def on_mount(self) -> None:
        self.query_one("#saved", Checkbox).focus()

    def carry_over(self) -> BringBack | None:
        """A new language shows the codes again: they are never shown anywhere else."""
        return reopened(partial(codes_again, self.codes))

    def action_stay(self) -> None:
        """Going back would lose the codes for good; the person must confirm
        first. Esc says so (help lists it: it did nothing and said nothing)."""
        self.notify(_("The codes are shown only once: tick “I saved them”, then Continue."))

    @on(Checkbox.Changed, "#saved")
    def _toggle(self, event: Checkbox.Changed) -> None:
        self.query_one("#continue", Button).disabled = not event.value

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        if self.query_one("#saved", Checkbox).value:
            self.dismiss(True)
