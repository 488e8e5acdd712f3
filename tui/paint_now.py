"""A screen painted as soon as what a key asked for is in place, not at the
next tick of Textual's frame timer.

Textual paints a screen from a timer that ticks at most 60 times a second
(``Screen._update_timer``): a screen with something to paint resumes it when
it goes idle. After a tick the timer's next one is one to two periods later
(17–33 ms: ``Timer._run`` skips to the period *after* the next one when a
tick came late, as every tick after a pause does). Opening a chat painted
the composer as the key was handled, read the chat in a worker, and the
chat's frame then waited for the timer: 15–27 ms of nothing, a third of the
key (issue 17, bench/chats_repeat.py).

``paint_when_settled(screen)`` paints ``screen`` at once, once its widgets
have handled what the change sent them (focus, a footer's keys), so the one
frame holds all of it; at most ``SETTLE_ROUNDS`` turns of the loop. A frame
rate limit still holds: this is for a key's result, one frame per key.

``hold=True`` also keeps the frame timer from painting meanwhile (Textual's
batch): a chat read in a worker came back while the timer was due, and the
timer painted the chat before the focus had reached the composer; the
footer's keys (the composer's, and Ctrl+B Members with a group) then came
in a frame of their own, 15–20 ms after the chat's (issue 17, the
500-member group's first opening). While a screen settles so, its footer
rebuilds its keys at once (``AppFooter.bindings_changed``), not after the
frame, and the one frame holds them.
"""

from __future__ import annotations

import asyncio
import time
import weakref

from textual.screen import Screen

SETTLE_ROUNDS = 30  # turns of the loop at most the frame waits for the widgets
HOLD_AT_MOST = 0.05  # seconds a held frame waits for its widgets at most
# Turns of the loop with nothing queued before a held frame is painted: a
# widget's mount ends in a task of its own (``AwaitMount``) that lays its
# parent out once more, a turn or two after its queue is empty.
QUIET_TURNS = 4

# Screens whose frame is held until they settle (``paint_when_settled(hold=True)``).
settling: weakref.WeakSet[Screen] = weakref.WeakSet()
# Each app's batches its held frames keep open (another's batch, as a
# footer's recompose's, is waited for).
_held: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _busy(screen: Screen) -> bool:
    """Whether the app (a focus moved goes through it) or a node of ``screen``
    has something queued."""
    app = screen.app
    return bool(app._message_queue.qsize() or app._next_callbacks) or any(
        node._message_queue.qsize() or node._next_callbacks
        for node in screen.walk_children(with_self=True))


def _wants_paint(screen: Screen) -> bool:
    return bool(screen._layout_required or screen._scroll_required
                or screen._repaint_required or screen._dirty_widgets)


async def _settle(screen: Screen) -> None:
    for _ in range(SETTLE_ROUNDS):
        if not _busy(screen):
            return
        await asyncio.sleep(0)


async def _settle_held(screen: Screen) -> None:
    """Until the app and the screen are quiet and no batch but the held ones
    is open (a footer mounting its keys holds one), ``HOLD_AT_MOST`` at most."""
    app = screen.app
    until = time.monotonic() + HOLD_AT_MOST
    quiet = 0
    while quiet < QUIET_TURNS and time.monotonic() < until:
        busy = _busy(screen) or app._batch_count > _held.get(app, 0)
        quiet = 0 if busy else quiet + 1
        await asyncio.sleep(0)


async def _paint(screen: Screen, hold: bool = False) -> None:
    if hold:
        app = screen.app
        try:
            await _settle_held(screen)
        finally:
            settling.discard(screen)
            _held[app] -= 1
            app._end_batch()
    else:
        await _settle(screen)
    app = screen.app
    if screen.is_current and screen.is_attached and not app._batch_count and _wants_paint(screen):
        screen._on_timer_update()  # what the timer's tick runs: lay out if asked, paint


_painting: set[asyncio.Task] = set()  # held until done (the loop keeps only weak references)


def paint_when_settled(screen: Screen, *, hold: bool = False) -> None:
    """Paint ``screen`` once the app and its widgets are quiet, without
    waiting for the frame timer. A task of its own: the screen's queue and the
    app's (where ``focus()`` goes) must go on meanwhile. ``hold``: nothing is
    painted before (the module's docstring)."""
    hold = hold and screen.is_current  # a screen out of sight holds nobody's frames
    if hold:
        app = screen.app
        app._begin_batch()
        _held[app] = _held.get(app, 0) + 1
        settling.add(screen)
    task = asyncio.get_running_loop().create_task(_paint(screen, hold))
    _painting.add(task)
    task.add_done_callback(_painting.discard)
