"""New group (ctrl+t on Dialogs): a title, then members picked from a searchable list.

Space toggles the highlighted person, the picked ones show as chips above the
list, Enter (or ctrl+s) creates. The screen only gathers the choice; Dialogs
creates the group (a worker) and opens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models.errors import DomainError
from models.text import clean_line
from models.views import UserRef
from tui.carry_over import Reopens
from tui.events import PeopleChanged
from tui.formatting import plain
from tui.i18n import _
from tui.kept_typing import KeepsTyped
from tui.key_order import AnswersSearch
from tui.keys import LocalisedBindings, type_into
from tui.people_shown import as_now_in_place, rows_as_now
from tui.screens.modal_box import ModalBox
from tui.screens.new_dialog import find_people
from tui.widgets.text_input import TextInput

MAX_TITLE = 100
MAX_MEMBERS = 500  # the owner included


@dataclass(frozen=True, slots=True)
class NewGroup:
    """What the person chose: the title and the members besides themselves, in pick order."""

    title: str
    members: tuple[UserRef, ...]


class PeoplePicker(LocalisedBindings, OptionList):
    """The people found, each with a box that Space ticks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Pick / unpick", id="new_group.toggle"),
    ]

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            if option.id:
                self.screen.toggle(int(option.id.removeprefix("user-")))


def person_choice(user: UserRef, picked: bool) -> Text:
    text = Text("[x] " if picked else "[ ] ", style="bold" if picked else "dim", end="",
                no_wrap=True, overflow="ellipsis")
    text.append_text(plain(user.full_name, "bold"))
    text.append_text(plain(f"  @{user.login}", "dim"))
    return text


def chips(members: list[UserRef], present: int = 1) -> Text:
    """The picked people as chips: "Анна Иванова ×", in the order they were picked,
    after the count the group will have (``present`` are in it already)."""
    text = Text(end="")
    if not members:
        text.append(_("Nobody picked yet: space picks the highlighted person."), "dim italic")
        return text
    text.append(_("Members ({n}):").format(n=len(members) + present) + " ", "bold")
    for index, user in enumerate(members):
        if index:
            text.append(" ")
        chip = plain(f" {user.full_name} ×")
        chip.append(" ")
        chip.stylize("reverse")
        text.append_text(chip)
    return text


class NewGroupScreen(KeepsTyped, Reopens, AnswersSearch, ModalBox[NewGroup | None]):
    """Returns the title and the picked members, or ``None`` when escaped.
    Escaped, it opens again with the title, the search and the people picked
    (``KeepsTyped``; for adding to a group, per group: ``kept_for``), as after
    a new language."""

    KEEPS_MORE = True  # the people picked
    REFUSAL_LINE = "new-group-error"  # the group not made: opened again with why

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Create the group", id="new_group.create"),
        Binding("down", "to_list", "To the list", show=False, id="new_group.to_list"),
        Binding("escape", "dismiss_none", "Cancel", id="new_group.cancel"),
    ]

    DEFAULT_CSS = """
    NewGroupScreen { align: center middle; }
    NewGroupScreen > Vertical {
        width: 70;
        max-width: 95%;
        height: 28;
        max-height: 95%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    NewGroupScreen #new-group-heading { text-style: bold; padding: 0 0 1 0; }
    NewGroupScreen #new-group-chips { height: auto; max-height: 4; }
    NewGroupScreen PeoplePicker { height: 1fr; }
    NewGroupScreen #new-group-error { color: $text-error; height: auto; }
    NewGroupScreen #new-group-hint { color: $text-muted; }
    """

    def __init__(self, *, adding_to: tuple[str, set[int]] | None = None) -> None:
        """``adding_to``: (title, present member ids) to add people to an existing group."""
        super().__init__()
        self.me_id = self.app.current_user.id
        self.users: list[UserRef] = []  # found for what is typed in the search
        self.picked: dict[int, UserRef] = {}  # id -> person, in pick order
        self.adding_to = adding_to
        self.present: set[int] = set(adding_to[1]) if adding_to else {self.me_id}
        self.answered = ""  # asked on mount; a name typed before the answer is waited for

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.adding_to is None:
                yield Static(_("New group"), id="new-group-heading")
            else:
                heading = Text(_("Add members to") + " ", style="bold", end="")
                heading.append_text(plain(self.adding_to[0], "bold"))
                yield Static(heading, id="new-group-heading")
            title = TextInput(self.adding_to[0] if self.adding_to else "",
                          placeholder=_("Group title (1–100 characters)"), max_length=MAX_TITLE,
                          id="new-group-title")
            title.display = self.adding_to is None
            yield title
            yield TextInput(placeholder=_("Search people by name"), id="new-group-search")
            yield Static(chips([], len(self.present)), id="new-group-chips")
            yield PeoplePicker(id="new-group-people")
            yield Static("", id="new-group-error", markup=False)
            yield Static(_("space picks · enter creates the group · esc cancels")
                         if self.adding_to is None
                         else _("space picks · enter adds them · esc cancels"),
                         id="new-group-hint")

    def on_mount(self) -> None:
        first = "#new-group-title" if self.adding_to is None else "#new-group-search"
        self.query_one(first, Input).focus()
        self.search("")

    def more_typed(self) -> tuple[UserRef, ...] | None:
        """A new language: the people picked come back too (``tui/carry_over.py``)."""
        return tuple(self.picked.values()) or None

    def put_more_typed(self, picked: tuple[UserRef, ...]) -> None:
        # (kept from an Esc: someone picked then may be in the group by now)
        self.picked = {user.id: user for user in picked if user.id not in self.present}
        self.query_one("#new-group-chips", Static).update(
            chips(list(self.picked.values()), len(self.present)))
        if self.users:
            self._fill_list(keep=None)

    def on_people_changed(self, event: PeopleChanged) -> None:
        """Someone listed or picked took a new name or login (``tui/live.py``):
        their row and their chip say it; who is picked, the highlighted row
        and what is typed stay."""
        people = event.people
        rows_as_now(self.query_one(PeoplePicker), self.users, people,
                    lambda user: person_choice(user, user.id in self.picked))
        picked = list(self.picked.values())
        if as_now_in_place(picked, people):
            self.picked = {user.id: user for user in picked}
            self.query_one("#new-group-chips", Static).update(chips(picked, len(self.present)))

    def on_key(self, event: events.Key) -> None:
        if self.focused is self.query_one(PeoplePicker):
            type_into(self.query_one("#new-group-search", Input), event)

    # ------------------------------------------------------------ search

    def question(self) -> str:
        return self.query_one("#new-group-search", Input).value

    @on(Input.Changed, "#new-group-search")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, group="new-group-search")
    def search(self, query: str) -> None:
        try:
            found = [user for user in find_people(query) if user.id not in self.present]
        except DomainError as exc:
            self.app.call_from_thread(self._failed, query, exc)
            return
        self.app.call_from_thread(self._show, query, found)

    def _show(self, query: str, users: list[UserRef]) -> None:
        if query != self.question():
            return  # the answer to something typed before
        self.answered = query
        self.users = users
        self._fill_list(keep=None)

    def _failed(self, query: str, exc: DomainError) -> None:
        self.answered = query  # the keys held for the answer go on
        self.app.show_error(exc)

    def _fill_list(self, keep: int | None) -> None:
        picker = self.query_one(PeoplePicker)
        if self.users:
            picker.set_options(
                Option(person_choice(user, user.id in self.picked), id=f"user-{user.id}")
                for user in self.users
            )
            ids = [user.id for user in self.users]
            picker.highlighted = ids.index(keep) if keep in ids else 0
        else:
            picker.set_options([Option(Text(_("Nobody found."), style="dim"), disabled=True)])

    # ------------------------------------------------------------ picking

    def toggle(self, user_id: int) -> None:
        """Pick the person, or unpick them when they are picked."""
        error = ""
        if user_id in self.picked:
            del self.picked[user_id]
        else:
            user = next((u for u in self.users if u.id == user_id), None)
            if user is None:
                return
            if len(self.picked) + len(self.present) >= MAX_MEMBERS:
                error = _("A group has at most {n} members.").format(n=MAX_MEMBERS)
            else:
                self.picked[user_id] = user
        self.query_one("#new-group-error", Static).update(error)
        self.query_one("#new-group-chips", Static).update(
            chips(list(self.picked.values()), len(self.present)))
        picker = self.query_one(PeoplePicker)
        index = next((i for i, u in enumerate(self.users) if u.id == user_id), None)
        if index is not None:
            picker.replace_option_prompt_at_index(
                index, person_choice(self.users[index], user_id in self.picked))

    @on(OptionList.OptionSelected, "#new-group-people")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_create()

    @on(Input.Submitted, "#new-group-title")
    def _title_entered(self) -> None:
        if self.picked:
            self.action_create()
        else:
            self.query_one("#new-group-search", Input).focus()

    @on(Input.Submitted, "#new-group-search")
    def _search_entered(self) -> None:
        self.action_create()

    def action_create(self) -> None:
        title = clean_line(self.query_one("#new-group-title", Input).value).strip()
        error = ""
        if not title:
            error = _("Give the group a title.")
            self.query_one("#new-group-title", Input).focus()
        elif len(title) > MAX_TITLE:
            error = _("A group title is at most {n} characters.").format(n=MAX_TITLE)
        elif not self.picked:
            error = _("Pick at least one member (space).")
        self.query_one("#new-group-error", Static).update(error)
        if not error:
            self.dismiss(NewGroup(title, tuple(self.picked.values())))

    def action_to_list(self) -> None:
        if self.focused is not None and self.focused.id == "new-group-search":
            self.query_one(PeoplePicker).focus()
        else:
            self.focus_next()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
