"""Found a community, or edit one I own: name and about, with errors beside the field."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from models import communities
from models.errors import DomainError
from models.views import CommunityView
from tui.carry_over import Reopens
from tui.i18n import _, translate_error
from tui.kept_typing import KeepsTyped
from tui.screens.modal_box import ModalBox
from tui.widgets.field_message import ClearsFieldMessages, FieldMessage
from tui.widgets.form_scroll import focus_refused_field
from tui.widgets.text_input import TextInput


class CreateCommunityScreen(
    KeepsTyped, Reopens, ClearsFieldMessages, ModalBox[CommunityView | None]
):
    """Dismisses with the saved community, or ``None`` when cancelled: what
    was typed is there when it opens again (``KeepsTyped``).

    Given ``community``, it edits that community instead of founding one (and
    keeps what was typed for that community alone).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="community_form.save"),
        Binding("escape", "cancel", "Cancel", id="community_form.cancel"),
    ]

    DEFAULT_CSS = """
    CreateCommunityScreen { align: center middle; }
    CreateCommunityScreen > Vertical {
        width: 64;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    CreateCommunityScreen #form-title { text-style: bold; padding-bottom: 1; }
    CreateCommunityScreen TextArea { height: 6; }
    CreateCommunityScreen Horizontal { height: auto; align-horizontal: right; padding-top: 1; }
    CreateCommunityScreen Button { margin-left: 2; }
    """

    def __init__(self, community: CommunityView | None = None) -> None:
        super().__init__()
        self.community = community
        self.kept_as = community.id if community is not None else None
        self.me_id = self.app.current_user.id

    def compose(self) -> ComposeResult:
        editing = self.community is not None
        with Vertical():
            yield Static(_("Edit community") if editing else _("New community"), id="form-title")
            yield Label(_("Name"))
            yield TextInput(self.community.name if editing else "", id="name", max_length=80)
            yield FieldMessage(id="name-error", classes="field-error")
            yield Label(_("About the community"))
            yield TextArea(self.community.about if editing else "", id="about")
            yield FieldMessage(id="about-error", classes="field-error")
            with Horizontal():
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save") if editing else _("Create"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _next_field(self) -> None:
        self.query_one("#about", TextArea).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for error in self.query(".field-error").results(FieldMessage):
            error.update("")
        name = self.query_one("#name", Input).value
        about = self.query_one("#about", TextArea).text
        self.query_one("#save", Button).disabled = True
        self.save(name, about)

    @work(thread=True, exclusive=True, group="community-form")
    def save(self, name: str, about: str) -> None:
        try:
            if self.community is None:
                saved = communities.create_community(self.me_id, name, about)
            else:
                communities.update_community(self.me_id, self.community.id, name=name, about=about)
                saved = communities.get_community(self.me_id, self.community.id)
        except DomainError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self.dismiss, saved)

    def _refused(self, exc: DomainError) -> None:
        """Show why beside the field to blame; everything typed stays."""
        self.query_one("#save", Button).disabled = False
        target = "#about-error" if exc.field == "about" else "#name-error"
        if exc.field in ("name", "about"):
            self.query_one(target, FieldMessage).update(translate_error(exc))
            field = self.query_one("#" + exc.field)
            if isinstance(field, Input):
                focus_refused_field(field)  # its text selected: typing replaces it
            else:
                field.focus()
        else:
            self.app.show_error(exc)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
