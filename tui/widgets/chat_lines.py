"""The chat pane's lines: a window of messages laid out by counting lines and
drawn lazily with the Line API.

Each message is a ``MessageBubble`` with the separators and grouping of its
``Row`` (``chat_rows``). Opening a chat lays out a whole page by counting each
bubble's lines (``MessageBubble.line_count``) and draws only what is on
screen; a drawn bubble is cached as strips per width. ``ChatView`` adds what a
reader does with the window (paging, live messages, keys).
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from models import clock
from models.views import MessageView

from .chat_group_lines import SENDER_LINES, sender_strips, system_strips
from .chat_rows import Row, rows_for, separator_strip
from .message_bubble import SENT, BubbleStyles, MessageBubble

MAX_LOADED = 150  # messages kept at once; older/newer pages are fetched on demand
# Drawn lines kept (the bubbles drawn last; the others are drawn again when
# scrolled back to). A line of pictures costs ~400 bytes a cell once drawn:
# keeping every drawn bubble of a window of pictured messages held ~30 MB
# (issue 17, bench/memory.py).
DRAWN_LINES = 200


def _no_system_line(message: MessageView) -> str | None:
    return None


def _no_mention(message: MessageView) -> bool:
    return False


class ChatLines(ScrollView):
    """A window of one dialog's messages, oldest at the top, drawn line by line.

    The component classes ``chat-view--mine``, ``--theirs``, ``--meta``,
    ``--quote``, ``--selected``, ``--failed``, ``--unread`` and ``--reaction-mine``
    of the subclass
    give the colours.
    """

    def __init__(self, me_id: int, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.me_id = me_id
        self.items: list[MessageView] = []
        self.states: dict[str, str] = {}  # client_id -> PENDING / FAILED for unconfirmed
        self.selected: int | None = None
        self.unread_from_seq: int | None = None  # "New messages" goes above this one
        self._rows: list[Row] = []  # separators and grouping of each item
        self._cache: OrderedDict[tuple, list[Strip]] = OrderedDict()  # drawn bubbles
        self._heights: dict[tuple, int] = {}  # bubbles counted, not drawn yet
        self._bubble_styles: BubbleStyles | None = None
        self._relayout_queued = False
        self._placeholder = ""  # shown centred while the window holds no message
        self._placeholder_cache: tuple = (None, [])
        self._offsets: list[int] = [0]  # line where each item starts, plus the total
        self._width = 0
        # A group chat: others' runs under their avatar and name, system lines.
        self.group = False
        self.faces: dict[int, RenderableType] = {}  # user id -> mini avatar
        self.system_line: Callable[[MessageView], str | None] = _no_system_line
        self.mentions_me: Callable[[MessageView], bool] = _no_mention

    def set_faces(self, faces: dict[int, RenderableType]) -> None:
        """Mini avatars rendered in a worker: the run headers draw them."""
        self.faces = {**self.faces, **faces}
        self._cache.clear()
        self.refresh()

    def state_of(self, message: MessageView) -> str:
        return self.states.get(message.client_id, SENT)

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
            mention=self._component("chat-view--mention"),
            sender=self._component("chat-view--sender"),
            reaction_mine=self._component("chat-view--reaction-mine"),
        )

    def _key(self, index: int, width: int) -> tuple:
        message = self.items[index]
        return (message.id, message.client_id, message.text, message.edited_at, message.deleted,
                message.read_by_peer, message.reactions, message.attachments,
                self.state_of(message), index == self.selected, width,
                self._rows[index], self.mentions_me(message))

    def _bubble(self, index: int) -> MessageBubble:
        message = self.items[index]
        return MessageBubble(
            message,
            mine=message.sender.id == self.me_id,
            state=self.state_of(message),
            selected=index == self.selected,
            styles=self._styles(),
            header=self._rows[index].header,
            mention=self.mentions_me(message),
            pictures=self._thumbnail,
        )

    def _thumbnail(self, placed):
        """A picture's thumbnail from the app's cache, or None (asked for: drawn
        again when it is ready, ``thumbnails_ready``)."""
        service = getattr(self.app, "thumbnails", None)
        return service.get(placed, self) if service is not None else None

    def thumbnails_ready(self) -> None:
        self._cache.clear()  # same sizes: only the drawing changes, never the layout
        self.refresh()

    def _strips_for(self, index: int, width: int) -> list[Strip]:
        key = self._key(index, width)
        strips = self._cache.get(key)
        if strips is not None:
            self._cache.move_to_end(key)
        else:
            console = self.app.console
            options = console.options.update_width(width)
            row = self._rows[index]
            styles = self._styles()
            strips = [separator_strip(label, width, styles.unread if unread else styles.meta,
                                      console)
                      for label, unread in row.separators()]
            message = self.items[index]
            if row.sender:
                strips.extend(sender_strips(message.sender, self.faces.get(message.sender.id),
                                            width, styles.sender, styles.meta, console))
            if row.system:
                strips.extend(system_strips(self.system_line(message) or "", width,
                                            styles.meta, console))
            else:
                lines = console.render_lines(self._bubble(index), options, pad=True)
                strips.extend(Strip(line, width) for line in lines)
            if row.gap:
                strips.append(Strip.blank(width))  # a gap between groups of messages
            self._keep(key, strips)
            if self._heights.get(key, len(strips)) != len(strips):
                # Counted otherwise than drawn (should not happen): lay out again.
                self._heights[key] = len(strips)
                self._queue_relayout()
        return strips

    def _keep(self, key: tuple, strips: list[Strip]) -> None:
        """Cache a drawn bubble; the least recently used go past ``DRAWN_LINES``."""
        self._cache[key] = strips
        lines = sum(map(len, self._cache.values()))  # a few dozen bubbles at most
        while lines > DRAWN_LINES and len(self._cache) > 1:
            lines -= len(self._cache.popitem(last=False)[1])

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
            row = self._rows[index]
            lines = None if row.system else self._bubble(index).line_count(width)
            if lines is None:
                return len(self._strips_for(index, width))
            height = self._heights[key] = (len(row.separators()) + SENDER_LINES * row.sender
                                           + lines + row.gap)
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
        self._rows = rows_for(self.items, self.unread_from_seq, clock.now().date(),
                              me_id=self.me_id, group=self.group,
                              is_system=lambda message: self.system_line(message) is not None)
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
        self._set_virtual_size(Size(width, offsets[-1]))
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """The window's new length, without laying the screen out again.

        Textual's ``virtual_size`` asks for a layout of the whole screen
        (11–13 ms, the largest part of opening a chat: issue 17). The pane's
        own size never depends on its length (its height is a share of the
        chat pane's, not ``auto``), so once it has a size only its scroll
        range and scroll bar change: those are updated here, in the frame that
        draws the new lines. A scroll bar that appears or goes still lays the
        screen out (``show_vertical_scrollbar`` asks for it)."""
        if not self.size or self.styles.auto_dimensions:
            self.virtual_size = size
            return
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)

    _height_seen = 0  # the pane's height when it was last laid out (on_resize)

    def on_resize(self, event: events.Resize) -> None:
        # At the end as it was before this resize: the new height already
        # counts (a pane one line shorter, as the edit bar opens, is one line
        # short of its end), so the end is judged by the height seen before.
        before = self._height_seen or self.scrollable_content_region.height
        at_end = self.scroll_y >= self.virtual_size.height - before or (
            self.is_vertical_scroll_end)
        anchor = self._item_at_line(int(self.scroll_y))
        self._relayout()
        self._height_seen = self.scrollable_content_region.height
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

    def _line_at(self, y: int, region=None) -> int:
        """The window's line drawn at row ``y`` of the pane. A chat shorter than the
        pane sits at its bottom, next to the composer, as in any messenger."""
        region = region or self.scrollable_content_region
        space = region.height - self._offsets[-1]
        return int(self.scroll_y) + y - max(0, space)

    def render_lines(self, crop):
        """The pane's style and width worked out once for the lines drawn, not
        once per line (``rich_style`` walks the widget's ancestors: a fifth of
        drawing an opened chat's lines)."""
        self._drawing = (self.rich_style, self.scrollable_content_region)
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    _drawing: tuple | None = None  # (style, content region) while lines are drawn

    def render_line(self, y: int) -> Strip:
        style, region = self._drawing or (self.rich_style, self.scrollable_content_region)
        width = region.width
        line = self._line_at(y, region)
        index = self._item_at_line(line) if line >= 0 else None
        if width != self._width:
            # Laid out for another width (the region changed without a Resize):
            # lay out again after this frame rather than paint an empty pane.
            self._queue_relayout()
            return Strip.blank(width, style)
        if not self.items and self.placeholder:
            return self._placeholder_line(y, width)
        if index is None:
            return Strip.blank(width, style)
        strips = self._strips_for(index, width)
        offset = line - self._offsets[index]
        if offset >= len(strips):
            return Strip.blank(width, style)
        return strips[offset].apply_style(style)

    def render_lines_text(self) -> str:
        """All lines of the window as plain text (what a reader could see by scrolling)."""
        width = self._width or 80
        out = []
        for index in range(len(self.items)):
            for strip in self._strips_for(index, width):
                out.append("".join(seg.text for seg in strip if isinstance(seg, Segment)).rstrip())
        return "\n".join(out)
