"""A layout's frame paints the repaints already asked for (issue 17: every
key painted within 50 ms).

A widget's ``refresh()`` only marks it; the screen hears of it when the
widget's own message loop next goes idle (``Widget._check_refresh`` posts it
an ``Update``). A key's handler that changes a screen a lot — Music's 1, a
tab shown and its table focused — refreshes many widgets, and the screen's
update timer could lay the screen out and paint it before those ``Update``
messages came: they then came as a second whole frame 10–20 ms after the
first, painting again what the first had painted (Music's 1 back to My
music: a frame of 6 559 bytes, then one of 6 239). Textual 8.2.8's
``Screen._compositor_refresh`` (the frame) is given the screen's widgets whose repaint is
asked and not yet told (``_repaint_required``) or told in an ``Update``
still waiting in the screen's queue, as the ``Update`` would have given
them: the same widgets painted, in the layout's frame; an ``Update`` made
before that frame for a widget painted in it is then done with.
**Upstream-worthy:** the screen could look for them itself before it paints
after a layout.
"""

from __future__ import annotations

from textual import messages
from textual._time import get_time
from textual.screen import Screen
from textual.widget import Widget

_compositor_refresh = Screen._compositor_refresh
_on_update = Screen._on_update


def pending_repaints(screen: Screen) -> set[Widget]:
    """The widgets of ``screen`` (its scroll bars too) whose repaint was asked
    and not yet told to the screen; marked told."""
    found: set[Widget] = set()
    for node in screen.walk_children(Widget):
        for widget in (node, node._vertical_scrollbar, node._horizontal_scrollbar,
                       node._scrollbar_corner):
            if widget is not None and widget._repaint_required and widget.display:
                widget._repaint_required = False
                found.add(widget)
    return found


def queued_updates(screen: Screen) -> set[Widget]:
    """The widgets whose ``Update`` waits in ``screen``'s queue."""
    queue = screen._message_queue.values  # textual._queue.Queue's deque
    return {message.widget for message in queue
            if isinstance(message, messages.Update) and isinstance(message.widget, Widget)}


def _compositor_refresh_with_pending(self: Screen) -> None:
    if self.is_current:
        painted = pending_repaints(self) | queued_updates(self)
        if painted:
            self._compositor.update_widgets(painted)
        self.__dict__["_painted_early"] = (get_time(), painted)
    _compositor_refresh(self)


async def _on_update_unless_painted(self: Screen, message: messages.Update) -> None:
    early = self.__dict__.get("_painted_early")
    if early is not None and message.widget in early[1] and message.time <= early[0]:
        message.stop()
        message.prevent_default()
        return  # painted with the layout's frame, after this was asked
    await _on_update(self, message)


def install() -> None:
    Screen._compositor_refresh = _compositor_refresh_with_pending
    Screen._on_update = _on_update_unless_painted
