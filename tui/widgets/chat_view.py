"""The chat pane: a window of a dialog's messages, drawn with the Line API
(``ChatLines``), and what a reader does with it.

A dialog may hold hundreds of thousands of messages, and Textual slows down
with hundreds of widgets in one container, so messages are not widgets: each
is rendered once per width into cached strips, and only a bounded window of
messages (``MAX_LOADED``) is kept. Reaching the top asks the screen for an
older page (``OlderWanted``); when the window is full the newest end is
dropped and reaching the bottom asks for it again (``NewerWanted``).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from models.views import MessageView
from tui.keys import LocalisedBindings

from .chat_lines import MAX_LOADED, ChatLines
from .chat_live import LiveMessages
from .chat_sending import SendingStates
from .track_card import shared_tracks
from .typing_redirect import TypesIntoComposer

PAGE_SIZE = 50


class ChatView(TypesIntoComposer, LocalisedBindings, SendingStates, LiveMessages, ChatLines,
               can_focus=True):
    """Messages of one dialog, oldest at the top. Up/down select a message."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "select(-1)", "Previous message", show=False, id="chat.up"),
        Binding("down", "select(1)", "Next message", show=False, id="chat.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="chat.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="chat.page_down"),
        Binding("home", "top", "Oldest loaded", show=False, id="chat.home"),
        Binding("end", "bottom", "Newest", show=False, id="chat.end"),
        Binding("r", "request('reply')", "Reply", id="chat.reply"),
        Binding("e", "request('edit')", "Edit", id="chat.edit"),
        Binding("d,delete", "request('delete')", "Delete", id="chat.delete"),
        Binding("o", "open_link", "Open link", show=False, id="chat.open_link"),
        Binding("i", "request('receipts')", "Who has read it", id="chat.read_by"),
        Binding("plus", "request('react')", "React", id="chat.react"),
        Binding("w", "request('reactors')", "Who reacted", show=False, id="chat.reactors"),
        Binding("enter,v", "request('pictures')", "View pictures", show=False,
                id="chat.view_pictures"),
        # Only on a message with a shared track (tui/track_actions.py)
        Binding("enter", "track('play')", "Play the track", id="chat.play_track"),
        Binding("a", "track('add')", "To my music", id="chat.add_track"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "chat-view--mine",
        "chat-view--theirs",
        "chat-view--meta",
        "chat-view--quote",
        "chat-view--selected",
        "chat-view--failed",
        "chat-view--unread",
        "chat-view--mention",
        "chat-view--sender",
        "chat-view--reaction-mine",
    }

    DEFAULT_CSS = """
    ChatView {
        background: $surface;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;  /* the text width must not change when the scrollbar appears */
    }
    ChatView:focus { background-tint: $foreground 4%; }
    ChatView > .chat-view--mine { background: $primary 25%; color: $foreground; }
    ChatView > .chat-view--theirs { background: $panel; color: $foreground; }
    ChatView > .chat-view--meta { color: $foreground 60%; }
    ChatView > .chat-view--quote { color: $foreground 65%; text-style: italic; }
    ChatView > .chat-view--selected { background: $accent 45%; }
    ChatView > .chat-view--failed { color: $error; text-style: bold; }
    ChatView > .chat-view--unread { color: $accent; }
    ChatView > .chat-view--mention { background: $warning 22%; }
    ChatView > .chat-view--sender { color: $secondary; }
    ChatView > .chat-view--reaction-mine { color: $accent; text-style: bold; }
    """

    class OlderWanted(Message):
        """The reader scrolled to the top of the window: load messages before ``before_seq``."""

        def __init__(self, before_seq: int) -> None:
            super().__init__()
            self.before_seq = before_seq

    class NewerWanted(Message):
        """The reader scrolled to the bottom of a trimmed window: load after ``after_seq``."""

        def __init__(self, after_seq: int) -> None:
            super().__init__()
            self.after_seq = after_seq

    class NewestWanted(Message):
        """End in a window that does not reach the newest message: show the newest page."""

    class EndReached(Message):
        """The reader reached the newest message while ``read_at_end`` was set
        (a chat opened at a found message, with unread ones below it)."""

    class ActionRequested(Message):
        """A key asked to reply to, edit, delete or react to ``message``, who reacted or who read it."""

        def __init__(self, action: str, message: MessageView) -> None:
            super().__init__()
            self.action = action
            self.message = message

    def __init__(self, me_id: int, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(me_id, name=name, id=id)
        self.has_older = False
        self.has_newer = False
        self.fetching = False
        self.read_only = False  # a group I am no longer in: no reply, edit or delete
        self.read_at_end = False  # say EndReached once the newest message is reached

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("request", "open_link") and not self.items:
            return False  # no chat chosen yet, or one with no message: nothing to act on
        if action == "request" and parameters == ("pictures",) and not self._has_pictures():
            return False  # Enter then goes on to the track's binding, if any
        if action == "request" and self.read_only and parameters != ("receipts",):
            return False
        if action == "request" and not self._offered_on_selected(str(parameters[0])):
            return None  # dimmed in place: the footer does not move as the selection does
        if action == "track":
            return self._selected_track() is not None
        return True

    def _offered_on_selected(self, what: str) -> bool:
        """Whether ``what`` applies to the message selected (with none, the
        newest on screen is selected by the key, so every key is offered):
        edit, delete and who has read it only to my own; nothing but its
        pictures to a deleted message or a line saying what someone did."""
        message = self.selected_message
        if message is None or what == "pictures":
            return True
        if message.deleted or message.kind == "system" or not message.id:
            return False
        return what not in ("edit", "delete", "receipts") or message.sender.id == self.me_id

    def _has_pictures(self) -> bool:
        message = self.selected_message
        return message is not None and not message.deleted and any(
            a.kind == "image" for a in message.attachments)

    def _selected_track(self):
        message = self.selected_message
        found = shared_tracks(message.attachments) if message and not message.deleted else []
        return found[0] if found and found[0] is not None else None

    def action_track(self, what: str) -> None:
        """Enter plays the selected message's track (the queue goes on after it); a adds it."""
        from .. import track_actions

        track = self._selected_track()
        if track is not None:
            (track_actions.play_now if what == "play" else track_actions.add_to_my_music)(
                self.app, track.id)

    # ------------------------------------------------------------ contents

    def show_history(self, newest_first: list[MessageView], *, unread_from_seq: int | None = None,
                     has_newer: bool = False) -> None:
        """Replace the window with a page of a dialog: the newest page, scrolled to
        the end, or the page around the first unread message (``unread_from_seq``),
        scrolled to its "New messages" line."""
        self.items = list(reversed(newest_first))
        self.read_at_end = False
        self.states = {}
        self.selected = None
        self.has_older = bool(self.items) and self.items[0].seq > 1
        self.has_newer = has_newer
        self.fetching = False
        self.unread_from_seq = unread_from_seq
        self._relayout()
        first_unread = next((i for i, m in enumerate(self.items)
                             if m.id and m.seq == unread_from_seq), None)
        if first_unread is None:
            self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        else:
            self.scroll_to(y=min(self._offsets[first_unread], self.max_scroll_y),
                           animate=False, force=True)

    def show_newest(self, newest_first: list[MessageView]) -> None:
        """Jump to the newest page (End in a window far back), keeping the "New
        messages" line and my messages not stored yet."""
        known = {m.id for m in newest_first}
        unsent = [m for m in self.items if m.client_id in self.states and m.id not in known]
        states = {m.client_id: self.states[m.client_id] for m in unsent}
        self.show_history(newest_first, unread_from_seq=self.unread_from_seq)
        self.items.extend(unsent)
        self.states = states
        self._relayout()
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)

    def clear(self) -> None:
        self.show_history([])

    def prepend_older(self, newest_first: list[MessageView]) -> None:
        """Put an older page above the window, keeping what the reader sees still."""
        self.fetching = False
        known = {m.id for m in self.items}
        older = [m for m in reversed(newest_first) if m.id not in known]
        self.has_older = bool(older) and older[0].seq > 1
        if not older:
            return
        self.items[:0] = older
        if self.selected is not None:
            self.selected += len(older)
        overflow = len(self.items) - MAX_LOADED
        if overflow > 0:
            del self.items[-overflow:]
            self.states = {k: v for k, v in self.states.items() if self._find_client(k) is not None}
            self.has_newer = True
            if self.selected is not None and self.selected >= len(self.items):
                self.selected = len(self.items) - 1
        self._relayout()
        added = self._offsets[len(older)] if len(older) < len(self._offsets) else 0
        self.scroll_to(y=self.scroll_y + added, animate=False, force=True)

    def append_newer(self, newest_first: list[MessageView]) -> None:
        """Put a newer page below a trimmed window (the reader scrolled back down)."""
        self.fetching = False
        known = {m.id for m in self.items}
        newer = [m for m in reversed(newest_first) if m.id not in known]
        if len(newest_first) < PAGE_SIZE:
            self.has_newer = False
        if not newer:
            self.has_newer = False
            return
        self.items.extend(newer)
        overflow = len(self.items) - MAX_LOADED
        removed_lines = 0
        if overflow > 0:
            removed_lines = self._offsets[min(overflow, len(self._offsets) - 1)]
            del self.items[:overflow]
            self.has_older = True
            if self.selected is not None:
                self.selected = max(0, self.selected - overflow)
        self._relayout()
        self.scroll_to(y=max(0, self.scroll_y - removed_lines), animate=False, force=True)

    @property
    def selected_message(self) -> MessageView | None:
        if self.selected is None or not 0 <= self.selected < len(self.items):
            return None
        return self.items[self.selected]

    def last_own_message(self) -> MessageView | None:
        for message in reversed(self.items):
            if (message.sender.id == self.me_id and not message.deleted and message.id
                    and message.kind != "system"):  # a line saying what I did is not mine to edit
                return message
        return None

    def show_message(self, seq: int) -> None:
        """Scroll message ``seq`` to the top of the pane and select it (a mention
        next-unread came for)."""
        index = next((i for i, m in enumerate(self.items) if m.id and m.seq == seq), None)
        if index is not None:
            self.selected = index
            self._relayout()
            self.scroll_to(y=min(self._offsets[index], self.max_scroll_y), animate=False,
                           force=True)

    def select_message(self, message_id: int, *, centre: bool = False) -> None:
        """Select a message; ``centre``: scroll it to the middle of the view (a
        chat opened at a search result shows what came before and after it)."""
        index = self._find_id(message_id)
        if index is not None:
            self._select(index)
            if any(a.kind == "image" for a in self.items[index].attachments):
                self.action_request("pictures")  # a click on a message with pictures
            if centre:
                middle = self._offsets[index] - self.scrollable_content_region.height // 2
                self.scroll_to(y=max(0, min(middle, self.max_scroll_y)), animate=False,
                               force=True)

    def newest_seq(self) -> int:
        seqs = [m.seq for m in self.items if m.id]
        return max(seqs, default=0)

    # ------------------------------------------------------------ scrolling and keys

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.maybe_load()

    def maybe_load(self) -> None:
        if self.fetching or not self.items:
            return
        if self.scroll_y <= 1 and self.has_older:
            self.fetching = True
            first = next((m.seq for m in self.items if m.id), None)
            if first is None:
                self.fetching = False
                return
            self.post_message(self.OlderWanted(first))
        elif self.has_newer and self.scroll_y >= self.max_scroll_y - 1:
            self.fetching = True
            self.post_message(self.NewerWanted(self.newest_seq()))
        elif self.read_at_end and not self.has_newer and self.scroll_y >= self.max_scroll_y - 1:
            self.read_at_end = False
            self.post_message(self.EndReached())

    def _select(self, index: int) -> None:
        if not self.items:
            return
        index = max(0, min(index, len(self.items) - 1))
        self.selected = index
        self.refresh_bindings()  # Enter / a follow a message with a track
        self._relayout()
        top, bottom = self._offsets[index], self._offsets[index + 1]
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, force=True)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=min(top, bottom - height), animate=False, force=True)
        self.maybe_load()

    def action_select(self, step: int) -> None:
        if self.selected is None:
            self._select(len(self.items) - 1)
        else:
            self._select(self.selected + step)

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y + direction * height, animate=False, force=True)
        self.maybe_load()

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, force=True)
        self.maybe_load()  # already at the top: ask for older messages anyway

    def action_bottom(self) -> None:
        if self.has_newer:
            # The window was left far back (paged up, or opened at the first
            # unread): one press shows the newest page, not the next one.
            self.fetching = True
            self.post_message(self.NewestWanted())
            return
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        self.maybe_load()

    def _selected_or_newest_shown(self) -> MessageView | None:
        """The selected message; with none (focused by Shift+Tab), the newest one
        on screen, selected first so it shows which a key acts on."""
        if self.selected is None and self.items:
            self._relayout()
            bottom_row = max(1, self.scrollable_content_region.height) - 1
            newest_shown = self._item_at_line(self._line_at(bottom_row))
            self._select(len(self.items) - 1 if newest_shown is None else newest_shown)
        return self.selected_message

    def action_request(self, action: str) -> None:
        message = self._selected_or_newest_shown()
        if message is not None:
            self.post_message(self.ActionRequested(action, message))

    def action_open_link(self) -> None:
        from ..links import offer_links

        message = self._selected_or_newest_shown()
        if message is not None:
            offer_links(self.app, message.text)

    def on_click(self, event: events.Click) -> None:
        line = self._line_at(event.y)
        index = self._item_at_line(line) if line >= 0 else None
        if index is not None:
            self._select(index)
            if any(a.kind == "image" for a in self.items[index].attachments):
                self.action_request("pictures")  # a click on a message with pictures

    def on_blur(self) -> None:
        if self.selected is not None:
            self.selected = None
            self._relayout()
