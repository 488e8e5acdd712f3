"""A modal to choose one thing from a list that a search field narrows.

Type to search (a letter typed on the list goes to the field), ↓ to the list,
Enter picks the highlighted row, Esc cancels; F1 lists these keys. Each search
runs in a thread worker; an answer to something typed before is dropped, and
Enter pressed before the answer to what is typed now picks from that answer.
Subclasses say what to find (``find``, on a worker thread) and how a row
looks (``prompt``). Someone listed who takes a new name is shown with it
(``on_people_changed``; ``as_now`` says who a row names).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models.errors import DomainError

from ..carry_over import Reopens
from ..events import PeopleChanged
from ..i18n import _
from ..kept_typing import KeepsTyped
from ..key_order import AnswersSearch
from ..keys import type_into
from ..people_shown import People, named_as_now, rows_as_now
from ..widgets.text_input import TextInput
from .modal_box import ModalBox

T = TypeVar("T")


class SearchPickerScreen(KeepsTyped, Reopens, AnswersSearch, ModalBox[T | None], Generic[T]):
    """Dismisses with the chosen item, or ``None`` when cancelled; the search
    typed and cancelled is there when it opens again (``KeepsTyped``: per kind
    of picker, and per target given by ``kept_for``), and a new language opens
    it again with what was typed (``Reopens``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "to_list", "To the list", show=False, id="picker.to_list"),
    ]

    DEFAULT_CSS = """
    SearchPickerScreen { align: center middle; }
    SearchPickerScreen > Vertical {
        width: 64;
        max-width: 95%;
        height: 22;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    SearchPickerScreen .picker-title { text-style: bold; padding: 0 0 1 0; }
    SearchPickerScreen OptionList { height: 1fr; }
    SearchPickerScreen .picker-hint { color: $text-muted; }
    """

    def __init__(self, title: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.items: list[T] = []
        self._pick_when_shown = False
        self.answered = ""  # asked on mount; a name typed before the answer is waited for

    # The widgets' ids, for a subclass whose tests and styles name them.
    WIDGET_IDS: ClassVar[dict[str, str]] = {}

    def compose(self) -> ComposeResult:
        ids = self.WIDGET_IDS
        with Vertical():
            yield Static(self.title_text, classes="picker-title", id=ids.get("title"))
            # (an id of its own: a new language carries what is typed by the field's id)
            yield TextInput(placeholder=self.placeholder(), classes="picker-search",
                        id=ids.get("search", "picker-search"))
            yield OptionList(classes="picker-list", id=ids.get("list"))
            yield Static(self.hint(), classes="picker-hint", markup=False, id=ids.get("hint"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.search("")

    # ------------------------------------------------------------ subclasses

    def find(self, query: str) -> Sequence[T]:
        """The items ``query`` finds; runs on a worker thread."""
        raise NotImplementedError

    def prompt(self, item: T) -> RenderableType:
        raise NotImplementedError

    def placeholder(self) -> str:
        return _("Search")

    def hint(self) -> str:
        return _("enter chooses the highlighted row · esc cancels · F1 keys")

    def empty_text(self, query: str) -> str:
        return _("Nothing found.")

    def result(self, item: T) -> object:
        """What the screen dismisses with for the chosen ``item`` (the item itself)."""
        return item

    def as_now(self, item: T, people: People) -> T:
        """``item`` naming ``people`` as they are now (a person, a result naming
        one: ``named_as_now``); the same object when it names none of them."""
        return named_as_now(item, people)

    def on_people_changed(self, event: PeopleChanged) -> None:
        """Someone listed took a new name or login (``tui/live.py``): their row
        says it, in place; the highlighted row and what is typed stay."""
        rows_as_now(self.query_one(OptionList), self.items, event.people, self.prompt,
                    self.as_now)

    # ------------------------------------------------------------ searching

    def on_key(self, event: events.Key) -> None:
        type_into(self.query_one(Input), event)

    def question(self) -> str:
        return self.query_one(Input).value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, group="picker-search", exit_on_error=False)
    def search(self, query: str) -> None:
        try:
            found = list(self.find(query))
        except DomainError as exc:
            self.app.call_from_thread(self._failed, query, exc)
            return
        self.app.call_from_thread(self._show, query, found)

    def _failed(self, query: str, exc: DomainError) -> None:
        self.answered = query  # the keys held for the answer go on
        self._pick_when_shown = False
        self.app.show_error(exc)

    def _show(self, query: str, found: list[T]) -> None:
        if not self.is_attached or query != self.query_one(Input).value:
            return  # the answer to something typed before
        self.answered = query
        self.items = found
        options = self.query_one(OptionList)
        if found:
            options.set_options(Option(self.prompt(item), id=str(index))
                                for index, item in enumerate(found))
            options.highlighted = 0
        else:
            options.set_options([Option(Text(self.empty_text(query), style="dim"),
                                        disabled=True)])
        if self._pick_when_shown:
            self._pick_when_shown = False
            self._submitted()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        if self.question() != self.answered:
            self._pick_when_shown = True  # pick from the answer to what is typed now
            return
        options = self.query_one(OptionList)
        if self.items:
            index = options.highlighted if options.highlighted is not None else 0
            self.dismiss(self.result(self.items[index]))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.result(self.items[int(event.option.id)]))

    def action_to_list(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
