"""Who reacted to a message or a post, and with what."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from models.errors import DomainError
from models.text import clean_line
from models.views import Reactor

from ..events import PeopleChanged
from ..i18n import _
from ..people_shown import rows_as_now
from .modal_box import ModalBox


def reactor_row(reactor: Reactor) -> Text:
    line = Text(f"{reactor.emoji}  ", end="")
    line.append(clean_line(reactor.user.full_name), "bold")
    line.append(" @" + clean_line(reactor.user.login), "dim")
    return line


class ReactorsScreen(ModalBox[None]):
    """``load`` (run in a worker) gives the list; escape closes it."""

    DEFAULT_CSS = """
    ReactorsScreen { align: center middle; }
    ReactorsScreen > Vertical {
        width: 50;
        max-width: 90%;
        height: auto;
        max-height: 80%;
        border: round $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    ReactorsScreen #reactors-title { text-style: bold; }
    ReactorsScreen OptionList { height: auto; max-height: 20; border: none; }
    """

    BINDINGS = [
        Binding("escape,w,q", "close", "Close", id="reactors.close"),
    ]

    def __init__(self, load: Callable[[], list[Reactor]]) -> None:
        super().__init__()
        self._load = load
        self.reactors: list[Reactor] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Who reacted"), id="reactors-title", markup=False)
            yield OptionList(id="reactors")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="reactors")
    def load(self) -> None:
        try:
            found = self._load()
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._show, found)

    def _failed(self, exc: DomainError) -> None:
        self.dismiss(None)
        self.app.show_error(exc)

    def _show(self, found: list[Reactor]) -> None:
        self.reactors = found
        options = self.query_one(OptionList)
        options.clear_options()
        if not found:
            options.add_option(Text(_("No reactions yet.")))
            return
        options.add_options(reactor_row(reactor) for reactor in found)

    def on_people_changed(self, event: PeopleChanged) -> None:
        """Someone listed took a new name or login (``tui/live.py``): their row
        says it, in place."""
        rows_as_now(self.query_one(OptionList), self.reactors, event.people, reactor_row)

    def action_close(self) -> None:
        self.dismiss(None)
