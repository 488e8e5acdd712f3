"""The search bar of one chat (Ctrl+F in Dialogs): a field, and a line saying
where the search stands. It only announces what the reader wants — the
screen finds the match and shows it."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from tui.formatting import plain, relative_time, relative_time_changes
from tui.i18n import _
from tui.relative_times import shows_times, times_shown
from tui.widgets.text_input import TextInput

OLDER, NEWER = "older", "newer"


class ChatSearchBar(Horizontal):
    """Enter or ↑: the next older match; ↓: the next newer one; Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "find('older')", "Older match", id="chat_search.older"),
        Binding("down", "find('newer')", "Newer match", id="chat_search.newer"),
        Binding("escape", "close", "Close the search", id="chat_search.close"),
    ]

    DEFAULT_CSS = """
    ChatSearchBar { height: 1; display: none; background: $boost; }
    ChatSearchBar.-open { display: block; }
    ChatSearchBar Input, ChatSearchBar Input:focus {
        width: 1fr; height: 1; border: none; padding: 0 1;
    }
    ChatSearchBar #chat-search-status { width: auto; max-width: 50%; padding: 0 1;
                                        color: $text-muted; }
    """

    class Wanted(Message):
        """Find the next match of ``query`` in ``direction`` (OLDER or NEWER)."""

        def __init__(self, query: str, direction: str) -> None:
            super().__init__()
            self.query = query
            self.direction = direction

    class Closed(Message):
        """The reader closed the search."""

    def compose(self) -> ComposeResult:
        yield TextInput(placeholder=_("Search this chat"), id="chat-search-input")
        yield Static("", id="chat-search-status")

    def open(self) -> None:
        self.add_class("-open")
        self.query_one(Input).focus()

    _match: tuple[str, datetime, str] | None = None  # the match said: notes, its time, in words

    def on_mount(self) -> None:
        shows_times(self)

    def say(self, status: str) -> None:
        self._match = None
        self.query_one("#chat-search-status", Static).update(status)

    def say_match(self, notes: str, when: datetime) -> None:
        """A match found: what in the query was not understood (``notes``),
        then when it was written ("5 min ago", kept true as time goes by)."""
        said = relative_time(when)
        self.say(plain(f"{notes} {said}".strip()))
        self._match = (notes, when, said)
        times_shown(self)

    def next_time_change(self, now: datetime) -> datetime | None:
        return None if self._match is None else relative_time_changes(self._match[1], now)

    def show_times_again(self, now: datetime) -> None:
        if self._match is not None and relative_time(self._match[1], now) != self._match[2]:
            self.say_match(*self._match[:2])

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_find(OLDER)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.say("")

    def action_find(self, direction: str) -> None:
        query = self.query_one(Input).value
        if query.strip():
            self.post_message(self.Wanted(query, direction))
        else:  # (Enter, ↑, ↓, n or N with nothing typed did nothing, said nothing)
            self.say(_("Type what to search for."))

    def find_from_outside(self, direction: str) -> None:
        """n / N from the chat or the list: with nothing typed yet, the
        focus goes to the field, which says what it needs."""
        if not self.query_one(Input).value.strip():
            self.open()
        self.action_find(direction)

    def action_close(self) -> None:
        self.remove_class("-open")
        self.say("")
        self.post_message(self.Closed())
