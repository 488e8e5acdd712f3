"""Pick a person to write to: search by name as you type (ctrl+n on Dialogs)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from models import people
from models.views import UserRef
from tui.formatting import plain
from tui.i18n import _

from .search_picker import SearchPickerScreen


def find_people(query: str, limit: int = 50) -> list[UserRef]:
    """Everyone whose name starts like ``query`` (everyone for an empty one), in
    name order, after the person whose login it is (``anna``, ``@anna``);
    reads the database, so call it from a worker thread."""
    if not query.strip():
        return list(people.all_users(limit=limit).items)
    return list(people.search_people(query, limit=limit).items)[:limit]


def person_prompt(user: UserRef, me_id: int) -> Text:
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append_text(plain(user.full_name, "bold"))
    text.append_text(plain(f"  @{user.login}", "dim"))
    if user.id == me_id:
        text.append("  " + _("(saved notes)"), "dim italic")
    return text


class NewDialogScreen(SearchPickerScreen[UserRef]):
    """Returns the chosen person's id, or ``None`` when escaped (the search and
    the picking are ``SearchPickerScreen``'s)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="new_dialog.cancel"),
        Binding("down", "to_list", "To the list", show=False, id="new_dialog.to_list"),
    ]

    DEFAULT_CSS = """
    NewDialogScreen > Vertical { width: 60; }
    """

    WIDGET_IDS: ClassVar[dict[str, str]] = {
        "title": "new-dialog-title", "search": "new-dialog-search",
        "list": "new-dialog-people", "hint": "new-dialog-hint",
    }

    def __init__(self) -> None:
        super().__init__(Text(_("New dialog"), end=""))
        self.me_id = self.app.current_user.id

    @property
    def users(self) -> list[UserRef]:
        """The people listed now."""
        return self.items

    def placeholder(self) -> str:
        return _("Search people by name")

    def hint(self) -> str:
        return _("enter writes to the highlighted person · esc cancels")

    def empty_text(self, query: str) -> str:
        return _("Nobody found.")

    def find(self, query: str) -> list[UserRef]:
        return find_people(query)

    def prompt(self, user: UserRef) -> Text:
        return person_prompt(user, self.me_id)

    def result(self, user: UserRef) -> int:
        return user.id  # the dialogs screen opens the dialog by the person's id
