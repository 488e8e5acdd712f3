"""The app ends when its terminal goes away, keeping what was typed.

A closed SSH connection or terminal window hangs the terminal up. Textual's
input thread then finds its input ready and empty, again and again: an app
left behind that way ran on at ~30 % of a core for nobody (a tmux server
killed under ``make run``: the hang-up signal reached only the shell). On a
shared host a hundred dropped connections would take the machine.

So, for an app run in a terminal:

- a thread waits for the hang-up itself (``poll`` reports POLLHUP and
  POLLERR whatever it is asked for, so no key wakes the thread);
- SIGHUP and SIGTERM (an operator stopping the service) are caught.

Each ends the app the way Ctrl+Q does: the screens go, so the drafts are
written and the player is closed. The terminal may no longer take the
restoring writes; if the app has not ended ``GRACE`` seconds later, the
process ends anyway.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading

GRACE = 5.0  # seconds the app has to end the usual way once the terminal is gone
ENDED_BY_HANGUP = 129  # the exit status a shell gives a process ended by SIGHUP


def terminal_fd() -> int | None:
    """The terminal the app reads its keys from, or None (tests, pipes, web)."""
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
    except (AttributeError, OSError, ValueError):
        return None
    return fd if fd >= 0 and os.isatty(fd) else None


def watch_for_hangup(app, fd: int) -> threading.Thread:
    """Start the thread that ends ``app`` once the terminal ``fd`` hangs up."""
    thread = threading.Thread(
        target=_wait_for_hangup, args=(app, fd), name="terminal-hangup", daemon=True
    )
    thread.start()
    return thread


def _wait_for_hangup(app, fd: int) -> None:
    poller = select.poll()
    poller.register(fd, 0)  # nothing asked for: only a hang-up or an error wakes it
    while True:
        try:
            events = poller.poll()
        except InterruptedError:
            continue
        if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _fd, mask in events):
            break
    end_app(app)


def catch_signals(app) -> None:
    """SIGHUP and SIGTERM end the app as Ctrl+Q would (call on the app's loop)."""
    import asyncio

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGHUP, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, end_app, app, 128 + sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread, or a platform without them


def end_app(app, code: int = ENDED_BY_HANGUP) -> threading.Timer:
    """End the app the usual way from any thread; end the process if that has
    not happened ``GRACE`` seconds later (``MessengerApp.run`` stops the timer
    once the app has ended). ``code``: the exit status, as a shell would give
    for the signal. Returns the timer."""
    timer = threading.Timer(GRACE, os._exit, args=(code,))
    timer.daemon = True
    app._hangup_timer = timer
    timer.start()
    try:
        loop = app._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(app.exit, None, code)
    except RuntimeError:
        pass  # the loop is already gone: the app is ending
    return timer


def app_ended(app) -> None:
    """The app has ended: the process need not be ended for it."""
    timer = getattr(app, "_hangup_timer", None)
    if timer is not None:
        timer.cancel()
