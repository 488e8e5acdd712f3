"""Name a new playlist, or rename one (or a group): one field, the reason beside it when refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from models.errors import DomainError
from models.views import PlaylistView

from ..carry_over import Reopens
from ..i18n import _, translate_error
from ..kept_typing import KeepsTyped
from ..widgets.field_message import ClearsFieldMessages, FieldMessage
from ..widgets.form_scroll import focus_refused_field
from ..widgets.text_input import TextInput
from .modal_box import ModalBox


class PlaylistNameScreen(
    KeepsTyped, Reopens, ClearsFieldMessages, ModalBox[PlaylistView | None]
):
    """Runs ``save(name)`` in a worker; dismisses with its result, or ``None`` on cancel.

    A refusal (empty, too long, a name already used) is shown under the field
    and the typed name stays; cancelled, the name typed is there when it opens
    again (``KeepsTyped``: a rename's per thing renamed, ``kept_for``).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="playlist_name.save"),
        Binding("escape", "cancel", "Cancel", id="playlist_name.cancel"),
    ]

    DEFAULT_CSS = """
    PlaylistNameScreen { align: center middle; }
    PlaylistNameScreen > Vertical {
        width: 56;
        max-width: 95%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    PlaylistNameScreen #playlist-form-title { text-style: bold; padding-bottom: 1; }
    PlaylistNameScreen Horizontal { height: auto; align-horizontal: right; padding-top: 1; }
    PlaylistNameScreen Button { margin-left: 2; }
    """

    def __init__(self, title: str, save: Callable[[str], PlaylistView], name: str = "", *,
                 label: str | None = None, field: str = "name") -> None:
        super().__init__()
        self.form_title = title
        self.save_name = save
        self.initial = name
        self.label = label if label is not None else _("Playlist name")
        self.field = field  # the refusals (a DomainError's field) shown under the field

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, id="playlist-form-title", markup=False)
            yield Label(self.label, markup=False)
            yield TextInput(self.initial, id="playlist-name", max_length=100)
            yield FieldMessage(id="playlist-name-error")
            with Horizontal():
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#playlist-name", Input).focus()

    @on(Input.Submitted, "#playlist-name")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.query_one("#playlist-name-error", FieldMessage).update("")
        self.query_one("#save", Button).disabled = True
        self._save(self.query_one("#playlist-name", Input).value)

    @work(thread=True, exclusive=True, group="playlist-name")
    def _save(self, name: str) -> None:
        try:
            saved = self.save_name(name)
        except DomainError as exc:
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self.dismiss, saved)

    def _refused(self, exc: DomainError) -> None:
        self.query_one("#save", Button).disabled = False
        if exc.field == self.field:
            self.query_one("#playlist-name-error", FieldMessage).update(translate_error(exc))
            focus_refused_field(self.query_one("#playlist-name", Input))
        else:
            self.app.show_error(exc)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
