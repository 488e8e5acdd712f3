"""A layout's map of every widget kept as the map it is (issue 17: every key
painted within 50 ms).

Textual 8.2.8's ``Compositor.reflow`` (a layout) arranges every widget of the
screen and keeps that as its full map, but does not clear the flag that a
scroll (``reflow_visible``) set to say the full map is out of date. So the
first widget that asked for its region or size after such a layout (a
``refresh()`` asks for its size, an ``OptionList`` for its region as it counts
its lines) had the whole screen arranged again, for the map the layout had
just made: a second arrangement in every layout after a scroll — a kept
page's list is scrolled home as it is refilled. Worse, a widget that asked
during the layout itself (a scroll bar's new window size refreshes it, and a
refresh asks for the widget's size) had the whole screen arranged inside
the layout. Here, during a layout, a widget asking is answered from the last
layout's map, as it is when no scroll came between two layouts (a widget
new since then has no region yet, and is sized when the layout ends); and
the layout's map is marked current as it is kept. **Upstream-worthy:** two
lines in ``reflow``.
"""

from __future__ import annotations

from textual._compositor import Compositor

_reflow = Compositor.reflow


def _reflow_kept_current(self: Compositor, parent, size):  # type: ignore[no-untyped-def]
    self._full_map_invalidated = False  # asked meanwhile: the last layout's map
    result = _reflow(self, parent, size)
    self._full_map_invalidated = False  # ``self._full_map`` is this layout's, of every widget
    return result


def install() -> None:
    Compositor.reflow = _reflow_kept_current  # type: ignore[method-assign]
