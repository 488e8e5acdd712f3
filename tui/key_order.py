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
wait on a dialog, or its widget may go away).

Handled is not yet settled: Enter on a form field posts ``Input.Submitted``,
which bubbles to the screen, whose handler asks for the next field's focus,
which the app sets on a later turn (``Widget.focus``). "anna Enter password"
in one burst put the start of the password in the Login field. So a waiting
key goes on only once the messages the key before it caused have been handled
too: nothing is queued for the widget it went to, for that widget's
ancestors, for the widget focused now, or for the app (the same
``KEY_SETTLE`` bounds the wait). A paste read while keys wait goes after them.
The same holds for a key read a moment later, once the key before it is
handled but not what it caused (``_echoes_pending``): Enter on a community in
the list, then "py draft" typed 20 ms later by a terminal, put the "p" in the
list's search, because the list's Selected had not yet reached the screen
that opens the page.

A list that answers a search field is read in a worker: "olga ↓ Enter" typed
fast reached the list while it still showed the last search's people, and
opened the wrong person. A screen whose list answers what is typed says
when it does not yet (``AnswersSearch``); meanwhile a key that acts on the
list (Enter, ↓, Tab, a letter typed on the list) waits for the answer, at
most ``KEY_HOLD`` (a screen's ``holds_key`` decides). Editing the field (letters, Backspace, the cursor) goes
on: it only asks a newer question; so do the keys that leave (Esc, the
F-keys, Ctrl+Q, the palette). Log in holds every key while it checks the
password: an F3 typed after Enter went to Log in, which has no sections, and
was lost.

A kept screen asked for (a profile) is filled out of sight before it is
shown (``tui/kept_screens.py``): every key read meanwhile waits for it, the
leaving ones too (Esc typed after Enter closes the profile it opened).
"""

from __future__ import annotations

import re
import sys
import time
from collections import deque
from functools import partial

from textual import events, messages
from textual.css.query import NoMatches
from textual.widgets import Input

KEY_SETTLE = 1.0  # seconds at most a key waits for the one before it (a loaded host is slow)
MOVING_KEYS = frozenset({"up", "down", "left", "right", "pageup", "pagedown", "home", "end"})
SETTLE_POLL = 0.002  # seconds between looks at whether the last key's effects are done
KEY_HOLD = 3.0  # seconds at most a key waits for a search's answer (a locked database)
LEAVING_KEYS = frozenset({"escape", "ctrl+q", "ctrl+p"})
FUNCTION_KEY = re.compile(r"f\d+")
EDITING_KEYS = frozenset(
    key for binding in Input.BINDINGS if binding.action != "submit"  # type: ignore[union-attr]
    for key in binding.key.split(","))  # type: ignore[union-attr]


def is_text_area(widget: object) -> bool:
    """Whether ``widget`` is a Textual ``TextArea``, without importing the class
    while none exists: it and its document model were ~5 ms of the start-up
    before Log in is painted, which has no text area."""
    module = sys.modules.get("textual.widgets._text_area")
    return module is not None and isinstance(widget, module.TextArea)


def _binds(widget: object, key: str) -> bool:
    """Whether ``widget`` has a binding of its own for ``key``."""
    bindings = getattr(widget, "_bindings", None)
    return bool(bindings is not None and bindings.key_to_bindings.get(key))


class KeyOrderMixin:
    """For ``MessengerApp``."""

    _key_in_flight: events.Key | None = None
    _keys_waiting: deque | None = None
    _key_watchers: object = None  # WeakSet of nodes whose message_signal we follow
    _key_target: object = None  # the node the last key went to
    _settle_poll: object = None  # the timer of the next look at whether it settled
    _hold_until: float | None = None  # keys wait for a search's answer until then
    _echoes_pending: bool = False  # what the last key caused may not be handled yet

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded and (
                self.keys_pending or self._echoes_pending):
            self._waiting().append(event)  # pasted after those keys: goes where they lead
            self._pump_after_echoes()
            return
        if not isinstance(event, events.Key):
            await super().on_event(event)  # type: ignore[misc]
            return
        if event.is_forwarded:
            await super().on_event(event)  # type: ignore[misc]
            if event is self._key_in_flight:  # it bubbled up to here: handled now
                self._key_done()
            return
        self._waiting().append(event)
        if self._echoes_pending:
            self._pump_after_echoes()
            return
        await self._pump()

    def _pump_after_echoes(self) -> None:
        """A key read after the one before was handled, but maybe before what it
        caused was (Enter on a list: the list's Selected, bubbling to the screen
        that opens a page): it waits as the keys read with it would have. A key
        typed 20 ms after Enter on a community went to the list, not the page."""
        if self._key_in_flight is not None:
            return  # sent when that one is handled (_key_done)
        if len(self._waiting()) == 1:  # else a look is under way already
            self._pump_when_settled(time.monotonic() + KEY_SETTLE)

    @property
    def keys_pending(self) -> bool:
        """Keys read but not yet handled (one in flight, or waiting for it)."""
        return self._key_in_flight is not None or bool(self._keys_waiting)

    def _waiting(self) -> deque:
        if self._keys_waiting is None:
            self._keys_waiting = deque()
        return self._keys_waiting

    async def _pump(self) -> None:
        """Send the waiting keys in order, each once the one before is handled."""
        waiting = self._waiting()
        while waiting and self._key_in_flight is None:
            if self._awaits_answer(waiting[0]):
                self._pump_when_settled(time.monotonic() + KEY_SETTLE)
                return
            event = waiting.popleft()
            if isinstance(event, events.Paste):
                await super().on_event(event)  # type: ignore[misc]
            else:
                await self._send_key(event)

    async def _send_key(self, event: events.Key) -> None:
        target = self.focused or self.screen  # type: ignore[attr-defined]
        if event.key == "ctrl+j" and not is_text_area(target):
            # A line feed outside a text area is an Enter the terminal cooked:
            # typed before the app took the terminal (cli/typeahead.py).
            event = events.Key("enter", "\r")
        elif event.key == "alt+enter" and not _binds(target, "alt+enter"):
            # Alt+Enter (tui/textual_esc_keys.py) is the Enter it always was
            # where nothing binds it: a form, a list, a text area's new line.
            event = events.Key("enter", "\r")
        self._follow(target)
        self._key_target = target
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
        event, self._key_in_flight = self._key_in_flight, None
        timer = getattr(self, "_settle_timer", None)
        if timer is not None:
            timer.stop()
            self._settle_timer = None
        typed = event is not None and self._typed(event)
        self._echoes_pending = not typed  # the next key waits for them, whenever it is read
        if self._keys_waiting and typed:
            self.call_next(self._pump)  # type: ignore[attr-defined]
        elif self._keys_waiting:
            # Behind what the key's handlers queued for the app (a focus change).
            deadline = time.monotonic() + KEY_SETTLE
            self.call_later(self._pump_when_settled, deadline)  # type: ignore[attr-defined]

    def _typed(self, event: events.Key) -> bool:
        """A key that leads nowhere else, so the next need not wait for its
        echoes: a character typed into the text field that still has the focus
        (a fast typist's burst), an arrow or page key held down in a list.
        From a text field an arrow can lead on (↓ from a search to its list)."""
        target = self._key_target
        if self.focused is not target:  # type: ignore[attr-defined]
            return False
        if isinstance(target, Input) or is_text_area(target):
            return event.is_printable
        return event.key in MOVING_KEYS

    def _awaits_answer(self, event: events.Event) -> bool:
        """The screen holds ``event`` until an answer it waits for has come
        (``holds_key``: see the module's docstring), for at most ``KEY_HOLD``."""
        coming = getattr(self, "screen_coming", None) is not None
        if coming:
            held = True  # a kept screen is filled before it is shown: every key waits for it
        else:
            holds = getattr(self.screen, "holds_key", None)  # type: ignore[attr-defined]
            held = holds is not None and holds(event, self.focused)  # type: ignore[attr-defined]
        if not held:
            self._hold_until = None
            return False
        now = time.monotonic()
        if self._hold_until is None:
            self._hold_until = now + KEY_HOLD
            hurry = None if coming else getattr(self.screen, "answer_now", None)  # type: ignore[attr-defined]
            if hurry is not None:
                hurry()
        return now < self._hold_until  # past it the keys go on: the answer may never come

    def _pump_when_settled(self, deadline: float) -> None:
        if self._key_in_flight is not None:
            return
        held = self._keys_waiting and self._awaits_answer(self._keys_waiting[0])
        if time.monotonic() < deadline and (held or not self._settled()):
            # A timer, not call_later: the widgets' tasks must get their turn.
            # Kept: Textual holds its timers weakly, and a collected one never fires.
            # One look at a time: a key read while one waits must not start a second.
            if self._settle_poll is not None:
                self._settle_poll.stop()  # type: ignore[attr-defined]
            self._settle_poll = self.set_timer(  # type: ignore[attr-defined]
                SETTLE_POLL, partial(self._pump_when_settled, deadline))
            return
        self._echoes_pending = False
        self.call_next(self._pump)  # type: ignore[attr-defined]

    def _settled(self) -> bool:
        """Nothing is left to handle that the last key caused: no message or
        callback queued for the app, for the node the key went to or its
        ancestors (where a message it posted bubbles), or for the widget
        focused now."""
        nodes = [self]
        node = self._key_target
        while node is not None and node is not self:
            nodes.append(node)
            node = node._parent
        focused = self.focused  # type: ignore[attr-defined]
        if focused is not None:
            nodes.append(focused)
        return not any(n._next_callbacks or _unsettled(n) for n in nodes)


def _unsettled(node) -> bool:
    """Something is queued for ``node`` besides a repaint or a layout."""
    return any(not isinstance(m, messages.Update | messages.Layout)
               for m in node._message_queue.values)


def leaves(event: events.Event) -> bool:
    """A key that leaves what is on screen (Esc, an F-key, Ctrl+Q, the palette):
    nothing there needs to be waited for."""
    return isinstance(event, events.Key) and bool(
        event.key in LEAVING_KEYS or FUNCTION_KEY.fullmatch(event.key))


class AnswersSearch:
    """For a screen whose list answers what is typed in its search field: keys
    that act on the list wait while ``results_pending()`` (``KeyOrderMixin``).
    The screen sets ``answered`` where it shows an answer (or an error in its
    place) to what ``question()`` was then."""

    answered: object = None  # what the list on screen answers

    def question(self) -> object:
        """What the list should answer now (the field's text, say)."""
        raise NotImplementedError

    def answer_now(self) -> None:
        """A key waits for the answer: ask now rather than after a typing pause."""

    def holds_key(self, event: events.Event, focused: object) -> bool:
        """Keys that act on the list wait while it does not answer what is
        typed; editing the field and the keys that leave do not."""
        if leaves(event):
            return False  # leaves the list (a section, help, quit): nothing to wait for
        if isinstance(focused, Input) and (
                isinstance(event, events.Paste) or event.is_printable
                or event.key in EDITING_KEYS):
            return False
        return self.results_pending()

    def results_pending(self) -> bool:
        """The list does not answer what is typed now (``answered`` is None
        until a first question was asked: then nothing is waited for)."""
        if self.answered is None or not self.is_mounted:  # type: ignore[attr-defined]
            return False
        try:
            return self.question() != self.answered
        except NoMatches:  # composing, or going away
            return False
