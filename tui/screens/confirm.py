"""A yes/no question over the current screen (delete, log out)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from models.text import clean_line

from ..events import PeopleChanged
from ..i18n import _
from .modal_box import ModalBox


class ConfirmScreen(ModalBox[bool]):
    """Dismisses with ``True`` when the person confirms, ``False`` otherwise.

    The question is plain text (it may quote user content); the safe choice,
    Cancel, has the focus.
    """

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    ConfirmScreen > Vertical {
        width: 60;
        max-width: 90%;
        height: auto;
        border: thick $error 60%;
        background: $surface;
        padding: 1 2;
    }
    ConfirmScreen #question {
        width: 1fr;
        margin-bottom: 1;
    }
    ConfirmScreen Horizontal {
        height: auto;
        align-horizontal: right;
    }
    ConfirmScreen Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding("y", "confirm", "Yes", id="confirm.yes"),
        # An action of its own, not "cancel": the footer shows one key per action.
        Binding("n", "dismiss(False)", "No", id="confirm.no"),
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
    ]

    def __init__(self, question: str, *, confirm_label: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label or _("Yes")
        self._naming: tuple[int, str] | None = None  # (person, question with "{name}")

    @classmethod
    def naming(cls, template: str, user_id: int, name: str, *,
               confirm_label: str | None = None) -> ConfirmScreen:
        """A question about one person (``template``, translated, with
        ``{name}``): it says their new name if they rename themselves while it
        is open (``PeopleChanged`` reaches every screen on the stack)."""
        box = cls(template.format(name=clean_line(name)), confirm_label=confirm_label)
        box._naming = (user_id, template)
        return box

    def on_people_changed(self, event: PeopleChanged) -> None:
        if self._naming is None:
            return
        user_id, template = self._naming
        person = event.people.get(user_id)
        if person is not None:
            self.question = template.format(name=clean_line(person.full_name))
            self.query_one("#question", Static).update(self.question)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            with Horizontal():
                yield Button(_("Cancel"), id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="error")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
