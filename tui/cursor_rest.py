"""A text cursor that stops blinking once nobody types.

A focused text field blinks its cursor twice a second, and each blink is a
frame: for an app left open with the composer focused that was most of its
idle CPU. As terminals do (GNOME's cursor-blink-timeout, 10 s), the cursor
blinks for ``CURSOR_BLINKS_FOR`` seconds after the last key, click, paste or
focus change, then stays lit and still; the next key or focus change starts the
blinking again (Textual's Input and TextArea restart it themselves).
"""

from __future__ import annotations

import time

from textual import events

CURSOR_BLINKS_FOR = 10.0  # seconds after the last key, click or focus change

_STIRS = (events.Key, events.MouseDown, events.Paste, events.DescendantFocus)


class CursorRestMixin:
    """``MessengerApp`` mixes this in (before ``App``): it sees every event the
    app dispatches, and rests the focused field's cursor when they stop."""

    _cursor_rest_timer = None
    _stirred_at = 0.0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _STIRS):
            self._stirred_at = time.monotonic()
            if self._cursor_rest_timer is None:
                self._cursor_rest_timer = self.set_timer(  # type: ignore[attr-defined]
                    CURSOR_BLINKS_FOR, self._rest_cursor)
        await super().on_event(event)  # type: ignore[misc]

    def _rest_cursor(self) -> None:
        """One timer per quiet spell (not one per key): it re-arms for the time
        left when a key came meanwhile."""
        self._cursor_rest_timer = None
        quiet = time.monotonic() - self._stirred_at
        if quiet < CURSOR_BLINKS_FOR:
            self._cursor_rest_timer = self.set_timer(  # type: ignore[attr-defined]
                CURSOR_BLINKS_FOR - quiet, self._rest_cursor)
            return
        field = self.focused  # type: ignore[attr-defined]
        if field is not None and field.is_mounted and hasattr(field, "_pause_blink"):
            field._pause_blink(visible=True)  # Input and TextArea both take it
