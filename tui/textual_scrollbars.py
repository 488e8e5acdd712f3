"""A layout repaints a scroll bar only when it changed (issue 17: every key
painted within 50 ms).

Textual 8.2.8's ``Widget._scroll_update`` refreshes the scroll bars of every
scrollable widget the layout touches, whatever changed: a ``ScrollView``
(the chat, the dialog list, every ``OptionList`` and ``DataTable``) compares
the layout's virtual size with its own, which never agree, so each layout of
a screen repaints each of its scroll bars. That layout runs as a frame is
painted, so the bars came a frame of their own after it, the same as before
(Ctrl+G: the unread total's new width laid out the header, and the list's and
the chat's bars followed in a second frame 5 ms later). A scroll bar's
``window_virtual_size``, ``window_size`` and ``position`` are reactives that
repaint it when they change, so the refresh here is only ever a repeat.
**Upstream-worthy:** ``_scroll_update`` could leave the refresh to them.

A scroll bar is also sized by the layout alone and scrolls nothing, so its
new size asks for no second layout (``tui/widgets/sized_by_layout.py``): a
chat's bar shown for the first time (the first chat opened in Dialogs) laid
the screen out again, a frame more after the chat's own.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scrollbar import ScrollBar
from textual.widget import Widget


def _scroll_update(self: Widget, virtual_size: Size) -> None:
    """``Widget._scroll_update`` without refreshing the bars (their
    reactives do, when what they show changes)."""
    self._refresh_scrollbars()
    width, height = self.container_size
    if self.show_vertical_scrollbar and self.styles.scrollbar_size_vertical:
        self.vertical_scrollbar.window_virtual_size = virtual_size.height
        self.vertical_scrollbar.window_size = height - self.scrollbar_size_horizontal
    if self.show_horizontal_scrollbar and self.styles.scrollbar_size_horizontal:
        self.horizontal_scrollbar.window_virtual_size = virtual_size.width
        self.horizontal_scrollbar.window_size = width - self.scrollbar_size_vertical
    self.scroll_x = self.validate_scroll_x(self.scroll_x)
    self.scroll_y = self.validate_scroll_y(self.scroll_y)


def _size_updated(self: ScrollBar, size, virtual_size, container_size,
                  layout: bool = True) -> bool:
    """``Widget._size_updated`` asking for no second layout: a scroll bar's
    size comes from its widget's layout, and nothing is laid out by it."""
    return Widget._size_updated(self, size, virtual_size, container_size, layout=False)


def install() -> None:
    Widget._scroll_update = _scroll_update
    ScrollBar._size_updated = _size_updated
