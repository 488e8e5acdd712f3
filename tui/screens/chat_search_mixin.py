"""Dialogs' search of the open chat: Ctrl+F (or "/" outside the composer)
opens the bar, Enter/↑ and ↓ in it jump to the next older and newer match
through the whole history (``models.chat_search.next_match``), loading the
page around a match that is not in the chat's window; while the bar is open,
n and N do the same from the chat or the list."""

from __future__ import annotations

from textual import work
from textual.actions import SkipAction

from models import chat_search, search
from models.errors import DomainError
from tui.formatting import plain
from tui.i18n import _, translate_message
from tui.widgets.chat_search_bar import NEWER, ChatSearchBar
from tui.widgets.chat_view import ChatView


class ChatSearchMixin:
    """Mixed into DialogsScreen (which has ``me``, ``chat``, ``dialog_id``
    and ``load_chat``)."""

    _match_id: int | None = None  # the match on screen
    _match_query: str = ""
    _focus_before_search = None  # where the focus was when Ctrl+F was last pressed

    def action_search_chat(self) -> None:
        if self.dialog_id is None:
            raise SkipAction()  # no chat open: Ctrl+F is the global search
        bar = self.query_one(ChatSearchBar)
        focused = self.app.focused
        if not bar.has_class("-open"):
            self._match_id, self._match_query = None, ""
            self._focus_before_search = focused
        elif focused is not None and bar not in focused.ancestors_with_self:
            # Again from the composer (or the list) while the bar is open: Esc
            # comes back here, not where the bar was first opened from.
            self._focus_before_search = focused
        bar.open()  # already open: back to its field, the search where it stands

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "chat_match":
            # n / N only while a search is open: help listed them always, and
            # with no search they did nothing and said nothing.
            return self._searching()
        return super().check_action(action, parameters)  # type: ignore[misc]

    def _searching(self) -> bool:
        bars = self.query(ChatSearchBar)
        return self.dialog_id is not None and bool(bars) and bars.first().has_class("-open")

    def action_chat_match(self, direction: str) -> None:
        """n / N: the next older / newer match, while the search bar is open."""
        if not self._searching():
            raise SkipAction()
        self.query_one(ChatSearchBar).find_from_outside(direction)

    # Named handlers: ``@on`` is collected only from classes Textual builds (not mixins).
    def on_chat_search_bar_wanted(self, event: ChatSearchBar.Wanted) -> None:
        if event.query != self._match_query:  # a new query starts from the newest
            self._match_id, self._match_query = None, event.query
        self.find_match(self.dialog_id, self.chat, event.query, self._match_id,
                        event.direction)

    @work(thread=True, exclusive=True, group="chat-search")
    def find_match(self, dialog_id: int, key: str, query: str, from_id: int | None,
                   direction: str) -> None:
        try:
            parsed = search.as_query(query)
            hit = chat_search.next_match(self.me.id, dialog_id, parsed, from_id, direction)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        notes = " ".join(translate_message(p) for p in parsed.problems)
        self.app.call_from_thread(self._show_match, key, query, hit, from_id, direction, notes)

    def _show_match(self, key: str, query: str, hit, from_id: int | None,
                    direction: str, notes: str = "") -> None:
        """Where the search stands, after what in the query was not understood
        (a filter such as ``before:2026-13-45``, searched without it)."""
        if key != self.chat or query != self._match_query:
            return
        bar = self.query_one(ChatSearchBar)
        if hit is None:
            if from_id is None:
                status = _("No match in this chat.")
            else:
                status = _("No newer match.") if direction == NEWER else _("No older match.")
            bar.say(plain(f"{notes} {status}".strip()))
            return
        self._match_id = hit.message_id
        bar.say_match(notes, hit.created_at)
        chat = self.query_one(ChatView)
        if any(m.id == hit.message_id for m in chat.items):
            chat.select_message(hit.message_id, centre=True)
        else:
            self.load_chat(key, at_message_id=hit.message_id, keep_focus=True)

    def on_chat_search_bar_closed(self) -> None:
        """Esc: the focus goes back where it was when Ctrl+F was pressed (the
        composer: what is typed next is a message, where a letter in the chat
        is a command, e edits my last message), unless the search selected a
        message: then to the chat, where that message is selected (r replies
        to it)."""
        chat = self.query_one(ChatView)
        selected = chat.selected_message
        found = (self._match_id is not None and selected is not None
                 and selected.id == self._match_id)
        before, self._focus_before_search = self._focus_before_search, None
        self._match_id, self._match_query = None, ""
        if found or before is None or not before.is_attached or before.screen is not self \
                or not before.focusable:
            chat.focus()
        else:
            before.focus()
