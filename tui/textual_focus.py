"""A focus that moves repaints the two widgets it moves between, not the
whole screen (issue 17: every key painted within 50 ms).

Textual 8.2.8 declares ``Screen.focused`` a reactive that repaints: each
change of focus refreshes the screen itself, and the next frame is drawn
whole. The widgets that look different focused already repaint on their own
(their ``:focus`` / ``:focus-within`` styles are updated and refreshed by
``App.update_styles``), so that frame only redrew what had not changed. In
Music, Ctrl+L to the search (the tab and the focus change at once) was one
frame for the tab, then a whole second one for the focus. **Upstream-worthy:**
``focused`` could be a reactive with ``repaint=False``.
"""

from __future__ import annotations

from textual.screen import Screen


def install() -> None:
    Screen.__dict__["focused"]._repaint = False
