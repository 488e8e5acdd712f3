"""When a search typed into a field is asked (issue 17: a search's first
results painted within 100 ms of the key).

A key typed after a pause (the first key of a query, a paste) is asked at
once: waiting a fixed pause before every search put the whole pause into the
time to the first results. Keys typed faster than ``delay`` apart wait until
typing stops and are asked once, for what was typed last, so fast typing does
not send the database a search per key.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class TypingPause:
    """``typed(delay)`` on each change of the field; ``ask`` runs at once or
    once typing stops. ``flush()`` asks now for what is still waiting."""

    def __init__(self, owner: MessagePump, ask: Callable[[], None]) -> None:
        self._owner = owner
        self._ask = ask
        self._timer: Timer | None = None
        self._typed_at = -math.inf  # when the field last changed (monotonic seconds)

    @property
    def waiting(self) -> bool:
        """A key's search waits for the typing to stop."""
        return self._timer is not None

    def typed(self, delay: float) -> None:
        now = time.monotonic()
        since, self._typed_at = now - self._typed_at, now
        self.cancel()
        if since >= delay:
            self._ask()
        else:
            self._timer = self._owner.set_timer(delay, self._stopped)

    def flush(self) -> bool:
        """Ask now what waits for the typing to stop; False if nothing did."""
        if self._timer is None:
            return False
        self._stopped()
        return True

    def cancel(self) -> None:
        """Forget what waits (the field was emptied, or answered otherwise)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def restart(self) -> None:
        """As a new field: nothing waits, the next key is asked at once."""
        self.cancel()
        self._typed_at = -math.inf

    def _stopped(self) -> None:
        self.cancel()
        self._ask()
