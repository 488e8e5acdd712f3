"""Pick a person to write to: search by name as you type (ctrl+n on Dialogs)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models import people
from models.errors import DomainError
from models.views import UserRef
from tui.formatting import plain
from tui.i18n import _
from tui.keys import LocalisedBindings, type_into


def find_people(query: str, limit: int = 50) -> list[UserRef]:
    """Everyone whose name starts like ``query`` (everyone for an empty one), in
    name order; reads the database, so call it from a worker thread."""
    if query.strip():
        return list(people.search_users(query, limit=limit).items)
    return list(people.all_users(limit=limit).items)


def person_prompt(user: UserRef, me_id: int) -> Text:
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append_text(plain(user.full_name, "bold"))
    text.append_text(plain(f"  @{user.login}", "dim"))
    if user.id == me_id:
        text.append("  " + _("(saved notes)"), "dim italic")
    return text


class NewDialogScreen(LocalisedBindings, ModalScreen[int | None]):
    """Returns the chosen person's id, or ``None`` when escaped."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="new_dialog.cancel"),
        Binding("down", "to_list", "To the list", show=False, id="new_dialog.to_list"),
    ]

    DEFAULT_CSS = """
    NewDialogScreen { align: center middle; }
    NewDialogScreen > Vertical {
        width: 60;
        max-width: 95%;
        height: 22;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    NewDialogScreen #new-dialog-title { text-style: bold; padding: 0 0 1 0; }
    NewDialogScreen OptionList { height: 1fr; }
    NewDialogScreen #new-dialog-hint { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.me_id = self.app.current_user.id
        self.users: list[UserRef] = []
        self._shown_for: str | None = None  # the query the list on screen answers
        self._pick_when_shown = False  # Enter came before the answer to what is typed

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("New dialog"), id="new-dialog-title")
            yield Input(placeholder=_("Search people by name"), id="new-dialog-search")
            yield OptionList(id="new-dialog-people")
            yield Static(_("enter writes to the highlighted person · esc cancels"),
                         id="new-dialog-hint")

    def on_mount(self) -> None:
        self.search("")

    def on_key(self, event: events.Key) -> None:
        type_into(self.query_one(Input), event)

    @on(Input.Changed, "#new-dialog-search")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, group="new-dialog-search")
    def search(self, query: str) -> None:
        try:
            found = find_people(query)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, query, found)

    def _show(self, query: str, users: list[UserRef]) -> None:
        if query != self.query_one(Input).value:
            return  # the answer to something typed before
        self._shown_for = query
        self.users = users
        options = self.query_one(OptionList)
        if users:
            options.set_options(
                Option(person_prompt(user, self.me_id), id=f"user-{user.id}") for user in users
            )
            options.highlighted = 0
        else:
            options.set_options([Option(Text(_("Nobody found."), style="dim"), disabled=True)])
        if self._pick_when_shown:
            self._pick_when_shown = False
            self._submitted()

    @on(Input.Submitted, "#new-dialog-search")
    def _submitted(self) -> None:
        if self._shown_for != self.query_one(Input).value:
            # The list still answers what was typed before: pick from the answer
            # to what is typed now, when it comes.
            self._pick_when_shown = True
            return
        options = self.query_one(OptionList)
        if self.users:
            index = options.highlighted if options.highlighted is not None else 0
            self.dismiss(self.users[index].id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(int(event.option.id.removeprefix("user-")))

    def action_to_list(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(OptionList).focus()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
