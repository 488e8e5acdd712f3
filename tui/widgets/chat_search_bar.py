"""The search bar of one chat (Ctrl+F in Dialogs): a field, and a line saying
where the search stands. It only announces what the reader wants — the
screen finds the match and shows it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from tui.i18n import _

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
        yield Input(placeholder=_("Search this chat"), id="chat-search-input")
        yield Static("", id="chat-search-status")

    def open(self) -> None:
        self.add_class("-open")
        self.query_one(Input).focus()

    def say(self, status: str) -> None:
        self.query_one("#chat-search-status", Static).update(status)

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

    def action_close(self) -> None:
        self.remove_class("-open")
        self.say("")
        self.post_message(self.Closed())
