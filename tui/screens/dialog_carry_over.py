"""Dialogs over a new language (``tui/carry_over.py``): the new screen opens
the chat that was open, at the match its search had found, with the search's
words in its bar; every chat keeps its unsent text, reply, edit in progress
and pictures (the old screen's ``DraftKeeper`` itself is handed over, so an
edit, which the database does not keep, is not lost), and the focus is back
where it was."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tui.carry_over import BringBack
from tui.draft_keeper import DraftKeeper
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.chat_search_bar import ChatSearchBar
from tui.widgets.text_input import TextInput


@dataclass(frozen=True)
class DialogsLeft:
    """The Dialogs screen as the person left it."""

    keeper: DraftKeeper
    chips: dict[str, list]  # each chat's pictures picked and not sent
    chat: str | None
    searching: str | None  # the words in the chat's search bar, when it was open
    match_id: int | None  # the message the search had found
    focused: str | None


class DialogCarryOverMixin:
    """For ``DialogsScreen`` (its drafts, chips, chat and search)."""

    _focus_back: str | None = None  # where the focus goes once the chat carried over is shown

    def carry_over(self) -> BringBack | None:
        if self.chat is not None:
            self._drafts.put(self.chat, self._composer_state())
        chips = dict(self._chips_by_chat)
        shown = self.query_one(AttachmentChips).entries
        if self.chat is not None and shown:
            chips[self.chat] = list(shown)
        bar = self.query_one(ChatSearchBar)
        searching = bar.query_one(Input).value if bar.has_class("-open") else None
        focused = self.focused.id if self.focused is not None else None
        left = DialogsLeft(self._drafts, chips, self.chat, searching,
                           self._match_id if searching is not None else None, focused)
        return partial(_taken_over, left)

    def take_over(self, left: DialogsLeft) -> None:
        """What the screen before the new language held (``carry_over``)."""
        self._drafts = left.keeper
        self._chips_by_chat = dict(left.chips)
        if left.chat is None:
            return
        self._focus_back = left.focused
        self.select_chat(left.chat, at_message_id=left.match_id)
        if left.searching is not None:
            bar = self.query_one(ChatSearchBar)
            bar.open()
            bar.query_one(TextInput).put(left.searching)
            self._match_query, self._match_id = left.searching, left.match_id

    def _focus_carried_over(self, focus: Widget | None) -> Widget | None:
        """The chat carried over is shown: the focus goes where it was then, else to ``focus``."""
        wanted, self._focus_back = self._focus_back, None
        if wanted is not None:
            for found in self.query(f"#{wanted}"):
                if found.focusable:
                    return found
        return focus


def _taken_over(left: DialogsLeft, screen: Screen) -> Screen:
    screen.take_over(left)  # type: ignore[attr-defined]
    return screen
