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
"""

from __future__ import annotations

import asyncio

from textual.screen import Screen

SETTLE_ROUNDS = 30  # turns of the loop at most the frame waits for the widgets


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


async def _paint(screen: Screen) -> None:
    for _ in range(SETTLE_ROUNDS):
        if not _busy(screen):
            break
        await asyncio.sleep(0)
    app = screen.app
    if screen.is_current and screen.is_attached and not app._batch_count and _wants_paint(screen):
        screen._on_timer_update()  # what the timer's tick runs: lay out if asked, paint


_painting: set[asyncio.Task] = set()  # held until done (the loop keeps only weak references)


def paint_when_settled(screen: Screen) -> None:
    """Paint ``screen`` once the app and its widgets are quiet, without
    waiting for the frame timer. A task of its own: the screen's queue and the
    app's (where ``focus()`` goes) must go on meanwhile."""
    task = asyncio.get_running_loop().create_task(_paint(screen))
    _painting.add(task)
    task.add_done_callback(_painting.discard)
