"""The chat pane: a window of a dialog's messages, drawn with the Line API.

A dialog may hold hundreds of thousands of messages, and Textual slows down
with hundreds of widgets in one container, so messages are not widgets: each
is rendered once per width into cached strips, and only a bounded window of
messages (``MAX_LOADED``) is kept. Reaching the top asks the screen for an
older page (``OlderWanted``); when the window is full the newest end is
dropped and reaching the bottom asks for it again (``NewerWanted``).
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from models import clock
from models.views import MessageView
from tui.keys import LocalisedBindings

from .chat_rows import Row, rows_for, separator_strip
from .message_bubble import FAILED, PENDING, SENT, BubbleStyles, MessageBubble

PAGE_SIZE = 50
MAX_LOADED = 150  # messages kept at once; older/newer pages are fetched on demand


class ChatView(LocalisedBindings, ScrollView, can_focus=True):
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
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "chat-view--mine",
        "chat-view--theirs",
        "chat-view--meta",
        "chat-view--quote",
        "chat-view--selected",
        "chat-view--failed",
        "chat-view--unread",
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

    class ActionRequested(Message):
        """A key asked to reply to, edit or delete ``message``."""

        def __init__(self, action: str, message: MessageView) -> None:
            super().__init__()
            self.action = action
            self.message = message

    def __init__(self, me_id: int, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.me_id = me_id
        self.items: list[MessageView] = []
        self.states: dict[str, str] = {}  # client_id -> PENDING / FAILED for unconfirmed
        self.selected: int | None = None
        self.has_older = False
        self.has_newer = False
        self.fetching = False
        self.unread_from_seq: int | None = None  # "New messages" goes above this one
        self._rows: list[Row] = []  # separators and grouping of each item
        self._cache: dict[tuple, list[Strip]] = {}  # drawn bubbles
        self._heights: dict[tuple, int] = {}  # bubbles counted, not drawn yet
        self._bubble_styles: BubbleStyles | None = None
        self._relayout_queued = False
        self._placeholder = ""  # shown centred while the window holds no message
        self._placeholder_cache: tuple = (None, [])
        self._offsets: list[int] = [0]  # line where each item starts, plus the total
        self._width = 0

    # ------------------------------------------------------------ contents

    def show_history(self, newest_first: list[MessageView], *, unread_from_seq: int | None = None,
                     has_newer: bool = False) -> None:
        """Replace the window with a page of a dialog: the newest page, scrolled to
        the end, or the page around the first unread message (``unread_from_seq``),
        scrolled to its "New messages" line."""
        self.items = list(reversed(newest_first))
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

    def add_live(self, messages: list[MessageView]) -> bool:
        """Messages that arrived while the chat is open: new ones, edits and deletions.
        False when the window already showed every one of them as it is (one's
        own message, confirmed before the live poll brought it back)."""
        at_end = self.is_vertical_scroll_end or not self.items
        changed = False
        for message in sorted(messages, key=lambda m: m.seq):
            index = self._find_id(message.id)
            if index is None and message.sender.id == self.me_id:
                index = self._find_client(message.client_id)
            if index is not None:
                if self.items[index] == message and message.client_id not in self.states:
                    continue
                self.items[index] = message
                self.states.pop(message.client_id, None)
                changed = True
            elif not self.has_newer:
                self._insert_confirmed(message)
                changed = True
        if changed:
            self._trim_oldest()
            self._relayout()
            if at_end:
                self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        return changed

    def update_existing(self, messages: list[MessageView]) -> None:
        """Show others' edits and deletions of messages in the window (others are
        not fetched into it: they show when the reader scrolls to them)."""
        changed = False
        for message in messages:
            index = self._find_id(message.id)
            if index is not None and self.items[index] != message:
                self.items[index] = dataclasses.replace(
                    message, read_by_peer=message.read_by_peer or self.items[index].read_by_peer
                )
                changed = True
        if changed:
            self._relayout()

    def peer_read_up_to(self, seq: int) -> None:
        """The other person has read up to ``seq``: my messages up to it show ✓✓."""
        changed = False
        for index, message in enumerate(self.items):
            if (message.id and message.seq <= seq and message.sender.id == self.me_id
                    and not message.read_by_peer):
                self.items[index] = dataclasses.replace(message, read_by_peer=True)
                changed = True
        if changed:
            self._relayout()

    def add_pending(self, message: MessageView) -> None:
        """Show a message being sent, at the end, marked as sending."""
        self.items.append(message)
        self.states[message.client_id] = PENDING
        self._trim_oldest()
        self._relayout()
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)

    def confirm(self, client_id: str, message: MessageView) -> None:
        """The database has the message: show it as sent (or replace an edit)."""
        index = self._find_client(client_id)
        if index is None:
            index = self._find_id(message.id)
        self.states.pop(client_id, None)
        if index is None:
            self.add_live([message])
            return
        self.items[index] = message
        # A live poll may have placed the confirmed copy too: keep one.
        duplicate = self._find_id(message.id, skip=index)
        if duplicate is not None:
            del self.items[duplicate]
        self._relayout()

    def fail(self, client_id: str) -> None:
        """Sending failed: keep the message on screen, marked for retry."""
        if self._find_client(client_id) is not None:
            self.states[client_id] = FAILED
            self._relayout()

    def withdraw(self, client_id: str) -> None:
        """Take an unsent message off the screen (its text went back to the composer)."""
        index = self._find_client(client_id)
        if index is not None:
            del self.items[index]
            self.states.pop(client_id, None)
            self._relayout()

    def failed_messages(self) -> list[MessageView]:
        return [m for m in self.items if self.states.get(m.client_id) == FAILED]

    def mark_pending(self, client_id: str) -> None:
        if self._find_client(client_id) is not None:
            self.states[client_id] = PENDING
            self._relayout()

    def replace(self, message: MessageView) -> None:
        index = self._find_id(message.id)
        if index is not None:
            self.items[index] = message
            self._relayout()

    def mark_deleted(self, message_id: int) -> None:
        index = self._find_id(message_id)
        if index is not None:
            self.items[index] = dataclasses.replace(
                self.items[index], deleted=True, text="", reply_preview=None
            )
            self._relayout()

    def state_of(self, message: MessageView) -> str:
        return self.states.get(message.client_id, SENT)

    @property
    def selected_message(self) -> MessageView | None:
        if self.selected is None or not 0 <= self.selected < len(self.items):
            return None
        return self.items[self.selected]

    def last_own_message(self) -> MessageView | None:
        for message in reversed(self.items):
            if message.sender.id == self.me_id and not message.deleted and message.id:
                return message
        return None

    def select_message(self, message_id: int) -> None:
        index = self._find_id(message_id)
        if index is not None:
            self._select(index)

    def newest_seq(self) -> int:
        seqs = [m.seq for m in self.items if m.id]
        return max(seqs, default=0)

    def _insert_confirmed(self, message: MessageView) -> None:
        # Confirmed messages stay in seq order; pending ones stay after them.
        position = len(self.items)
        while position > 0 and (
            self.items[position - 1].id == 0 or self.items[position - 1].seq > message.seq
        ):
            position -= 1
        self.items.insert(position, message)
        if self.selected is not None and self.selected >= position:
            self.selected += 1

    def _trim_oldest(self) -> None:
        overflow = len(self.items) - MAX_LOADED
        if overflow > 0:
            del self.items[:overflow]
            self.has_older = True
            if self.selected is not None:
                self.selected = self.selected - overflow if self.selected >= overflow else None

    def _find_id(self, message_id: int, skip: int | None = None) -> int | None:
        if not message_id:
            return None
        for index in range(len(self.items) - 1, -1, -1):
            if index != skip and self.items[index].id == message_id:
                return index
        return None

    def _find_client(self, client_id: str) -> int | None:
        for index in range(len(self.items) - 1, -1, -1):
            item = self.items[index]
            if item.client_id == client_id and item.sender.id == self.me_id:
                return index
        return None

    # ------------------------------------------------------------ layout and drawing

    def _component(self, name: str) -> Style:
        """A component class's colours blended over the pane (Rich drops CSS alpha)."""
        styles = self.get_component_styles(name)
        background = self.background_colors[1]
        style = Style()
        if styles.has_rule("background"):
            background = background + styles.background
            style += Style(bgcolor=background.rich_color)
        if styles.has_rule("color"):
            style += Style(color=(background + styles.color).rich_color)
        if styles.has_rule("text_style"):
            style += styles.text_style
        return style

    def _styles(self) -> BubbleStyles:
        """The bubbles' styles, worked out once per theme (``notify_style_update``)."""
        if self._bubble_styles is None:
            self._bubble_styles = self._work_out_styles()
        return self._bubble_styles

    def _work_out_styles(self) -> BubbleStyles:
        return BubbleStyles(
            mine=self._component("chat-view--mine"),
            theirs=self._component("chat-view--theirs"),
            meta=self._component("chat-view--meta"),
            quote=self._component("chat-view--quote"),
            selected=self._component("chat-view--selected"),
            failed=self._component("chat-view--failed"),
            unread=self._component("chat-view--unread"),
        )

    def _key(self, index: int, width: int) -> tuple:
        message = self.items[index]
        return (message.id, message.client_id, message.text, message.edited_at, message.deleted,
                message.read_by_peer, self.state_of(message), index == self.selected, width,
                self._rows[index])

    def _bubble(self, index: int) -> MessageBubble:
        message = self.items[index]
        return MessageBubble(
            message,
            mine=message.sender.id == self.me_id,
            state=self.state_of(message),
            selected=index == self.selected,
            styles=self._styles(),
            header=self._rows[index].header,
        )

    def _strips_for(self, index: int, width: int) -> list[Strip]:
        key = self._key(index, width)
        strips = self._cache.get(key)
        if strips is None:
            console = self.app.console
            options = console.options.update_width(width)
            row = self._rows[index]
            styles = self._styles()
            strips = [separator_strip(label, width, styles.unread if unread else styles.meta,
                                      console)
                      for label, unread in row.separators()]
            lines = console.render_lines(self._bubble(index), options, pad=True)
            strips.extend(Strip(line, width) for line in lines)
            if row.gap:
                strips.append(Strip.blank(width))  # a gap between groups of messages
            self._cache[key] = strips
            if self._heights.get(key, len(strips)) != len(strips):
                # Counted otherwise than drawn (should not happen): lay out again.
                self._heights[key] = len(strips)
                self._queue_relayout()
        return strips

    def _height_for(self, index: int, width: int) -> int:
        """Lines a message takes (with its gap), counted without drawing it when
        it is not drawn yet: opening a chat lays out a page but draws only what
        fits on screen."""
        key = self._key(index, width)
        strips = self._cache.get(key)
        if strips is not None:
            return len(strips)
        height = self._heights.get(key)
        if height is None:
            lines = self._bubble(index).line_count(width)
            if lines is None:
                return len(self._strips_for(index, width))
            row = self._rows[index]
            height = self._heights[key] = len(row.separators()) + lines + row.gap
        return height

    def _queue_relayout(self) -> None:
        if not self._relayout_queued:
            self._relayout_queued = True
            self.call_later(self._relayout)

    @property
    def placeholder(self) -> str:
        """What the pane says while it holds no message (a hint before a chat is chosen)."""
        return self._placeholder

    @placeholder.setter
    def placeholder(self, text: str) -> None:
        if text != self._placeholder:
            self._placeholder = text
            self.refresh()

    def _placeholder_line(self, y: int, width: int) -> Strip:
        """Line ``y`` of the placeholder, wrapped to the width and centred in the pane."""
        key = (self.placeholder, width, self.size.height)
        if self._placeholder_cache[0] != key:
            text = Text(self.placeholder, justify="center")
            console = self.app.console
            lines = text.wrap(console, width)
            top = max(0, (self.size.height - len(lines)) // 2)
            muted = self._styles().meta  # Text.render leaves a Text's own style out
            strips = [
                Strip(list(line.render(console)), line.cell_len)
                .extend_cell_length(width).apply_style(muted)
                for line in lines
            ]
            self._placeholder_cache = (key, [None] * top + strips)
        strips = self._placeholder_cache[1]
        strip = strips[y] if y < len(strips) else None
        return (strip or Strip.blank(width)).apply_style(self.rich_style)

    def _relayout(self) -> None:
        self._relayout_queued = False
        width = self.scrollable_content_region.width or self.size.width
        self._rows = rows_for(self.items, self.unread_from_seq, clock.now().date())
        if width <= 0:
            self._offsets = [0] * (len(self.items) + 1)
            self.virtual_size = Size(0, 0)
            return
        if width != self._width or len(self._cache) > 4 * MAX_LOADED:
            self._cache.clear()
            self._heights.clear()
            self._width = width
        elif len(self._heights) > 8 * MAX_LOADED:
            self._heights.clear()
        offsets = [0]
        for index in range(len(self.items)):
            offsets.append(offsets[-1] + self._height_for(index, width))
        self._offsets = offsets
        self.virtual_size = Size(width, offsets[-1])
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        at_end = self.is_vertical_scroll_end
        anchor = self._item_at_line(int(self.scroll_y))
        self._relayout()
        if at_end:
            self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        elif anchor is not None:
            self.scroll_to(y=self._offsets[anchor], animate=False, force=True)

    def on_mount(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()  # a new theme: draw every bubble again
        self._heights.clear()
        self._placeholder_cache = (None, [])
        self._bubble_styles = None
        if self.is_mounted:
            self._relayout()

    def _item_at_line(self, line: int) -> int | None:
        if not self.items or line >= self._offsets[-1]:
            return None
        return max(0, bisect.bisect_right(self._offsets, line) - 1)

    def _line_at(self, y: int) -> int:
        """The window's line drawn at row ``y`` of the pane. A chat shorter than the
        pane sits at its bottom, next to the composer, as in any messenger."""
        space = self.scrollable_content_region.height - self._offsets[-1]
        return int(self.scroll_y) + y - max(0, space)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self._line_at(y)
        index = self._item_at_line(line) if line >= 0 else None
        if width != self._width:
            # Laid out for another width (the region changed without a Resize):
            # lay out again after this frame rather than paint an empty pane.
            self._queue_relayout()
            return Strip.blank(width, self.rich_style)
        if not self.items and self.placeholder:
            return self._placeholder_line(y, width)
        if index is None:
            return Strip.blank(width, self.rich_style)
        strips = self._strips_for(index, width)
        offset = line - self._offsets[index]
        if offset >= len(strips):
            return Strip.blank(width, self.rich_style)
        return strips[offset].apply_style(self.rich_style)

    def render_lines_text(self) -> str:
        """All lines of the window as plain text (what a reader could see by scrolling)."""
        width = self._width or 80
        out = []
        for index in range(len(self.items)):
            for strip in self._strips_for(index, width):
                out.append("".join(seg.text for seg in strip if isinstance(seg, Segment)).rstrip())
        return "\n".join(out)

    # ------------------------------------------------------------ scrolling and keys

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._maybe_load()

    def _maybe_load(self) -> None:
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

    def _select(self, index: int) -> None:
        if not self.items:
            return
        index = max(0, min(index, len(self.items) - 1))
        self.selected = index
        self._relayout()
        top, bottom = self._offsets[index], self._offsets[index + 1]
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, force=True)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=min(top, bottom - height), animate=False, force=True)
        self._maybe_load()

    def action_select(self, step: int) -> None:
        if self.selected is None:
            self._select(len(self.items) - 1)
        else:
            self._select(self.selected + step)

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y + direction * height, animate=False, force=True)
        self._maybe_load()

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, force=True)
        self._maybe_load()  # already at the top: ask for older messages anyway

    def action_bottom(self) -> None:
        if self.has_newer:
            # The window was left far back (paged up, or opened at the first
            # unread): one press shows the newest page, not the next one.
            self.fetching = True
            self.post_message(self.NewestWanted())
            return
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        self._maybe_load()

    def action_request(self, action: str) -> None:
        message = self.selected_message
        if message is not None:
            self.post_message(self.ActionRequested(action, message))

    def on_click(self, event: events.Click) -> None:
        line = self._line_at(event.y)
        index = self._item_at_line(line) if line >= 0 else None
        if index is not None:
            self._select(index)

    def on_blur(self) -> None:
        if self.selected is not None:
            self.selected = None
            self._relayout()
