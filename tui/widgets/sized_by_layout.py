"""A widget that scrolls nothing and whose size a layout gives asks for no
second layout (issue 17: every key painted).

After each layout Textual gives every widget its new size, and a widget whose
size changed (every new one) asks for the screen to be laid out again
(``Widget._size_updated`` sets the ``virtual_size`` reactive, which has
``layout=True``). For a widget that is not scrollable, the layout that sized
it already placed everything: the second one changed nothing but cost a
layout and a frame (a footer's keys after each rebuild, 9–11 ms; a refilled
community page's post cards, 5–12 ms). **Upstream-worthy:**
``_size_updated`` could skip the layout for a widget that does not scroll.
"""

from __future__ import annotations


class SizedByTheLayout:
    """Mixed into a widget that scrolls nothing (a footer key, a post card):
    the size a layout gives it asks for no second layout."""

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size,  # type: ignore[misc]
                                     layout=False)
