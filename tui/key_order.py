"""Keys keep their order across a change of focus.

Textual forwards each key to the widget focused when the key is read; a key
that moves the focus (Tab bubbling up to the app's focus binding, Enter on a
form field that goes on to the next one) does so only once it has been
handled. Keys read in the same burst — a fast typist, a password manager
typing "login Tab password Enter" — had already gone to the old widget: a
password typed after Tab landed in the Login field, in the clear.

So a key goes on only once the key before it has been handled: by the widget,
by each ancestor it bubbled to, and by the app when it bubbled that far (each
node's ``message_signal`` says when it has dispatched a message). Keys read
meanwhile wait in order; none waits longer than ``KEY_SETTLE`` (a handler may
wait on a dialog, or its widget may go away). Not covered: a focus change a
handler asks for later (``Widget.focus`` runs on the app's next turn), as
Enter on a form field does — keys in the same burst still reach the field.
"""

from __future__ import annotations

from collections import deque
from functools import partial

from textual import events

KEY_SETTLE = 0.3  # seconds at most a key waits for the one before it


class KeyOrderMixin:
    """For ``MessengerApp``."""

    _key_in_flight: events.Key | None = None
    _keys_waiting: deque | None = None
    _key_watchers: object = None  # WeakSet of nodes whose message_signal we follow

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)  # type: ignore[misc]
            return
        if event.is_forwarded:
            await super().on_event(event)  # type: ignore[misc]
            if event is self._key_in_flight:  # it bubbled up to here: handled now
                self._key_done()
            return
        self._waiting().append(event)
        await self._pump()

    def _waiting(self) -> deque:
        if self._keys_waiting is None:
            self._keys_waiting = deque()
        return self._keys_waiting

    async def _pump(self) -> None:
        """Send the waiting keys in order, each once the one before is handled."""
        waiting = self._waiting()
        while waiting and self._key_in_flight is None:
            await self._send_key(waiting.popleft())

    async def _send_key(self, event: events.Key) -> None:
        target = self.focused or self.screen  # type: ignore[attr-defined]
        self._follow(target)
        self._key_in_flight = event
        self._settle_timer = self.set_timer(KEY_SETTLE, partial(self._key_late, event))  # type: ignore[attr-defined]
        await super().on_event(event)  # type: ignore[misc]
        if not event.is_forwarded:  # a priority binding took it: nothing in flight
            self._key_done()

    def _follow(self, node) -> None:
        from weakref import WeakSet

        if self._key_watchers is None:
            self._key_watchers = WeakSet()
        if node in self._key_watchers or node is self or not node.is_running:
            return
        self._key_watchers.add(node)
        node.message_signal.subscribe(self, partial(self._dispatched, node), immediate=True)

    def _dispatched(self, node, message) -> None:
        """``node`` has handled ``message``: if it is the key in flight, it is
        done unless it bubbled on (then the parent, or the app, says)."""
        if message is not self._key_in_flight:
            return
        parent = node._parent
        if parent is not None and any(m is message for m in parent._message_queue.values):
            if parent is not self:
                self._follow(parent)
            return
        self._key_done()

    def _key_late(self, event: events.Key) -> None:
        if event is self._key_in_flight:
            self._key_done()

    def _key_done(self) -> None:
        self._key_in_flight = None
        timer = getattr(self, "_settle_timer", None)
        if timer is not None:
            timer.stop()
            self._settle_timer = None
        if self._keys_waiting:
            self.call_next(self._pump)  # type: ignore[attr-defined]
