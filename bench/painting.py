"""Painting and timing inside a ``bench.app`` sample (``bench.app_child``).

``painting_driver()`` is Textual's headless driver with the terminal output
turned back on: every frame is composed *and* turned into the escape sequences
a terminal would get, only the final ``write`` is dropped, and listeners hear
of each frame. "Painted" means: the screen has processed everything pending and
refreshed (a callback scheduled with ``call_after_refresh`` has run), and at
least one frame was written since the action began (``after_paint``). Textual
is imported only when a driver or a hook is made.
"""

from __future__ import annotations

import time
from pathlib import Path


def rss_mb() -> dict:
    """Resident memory of this process now and at its peak, in MB (Linux)."""
    out = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return {"rss_mb": out.get("VmRSS"), "peak_mb": out.get("VmHWM")}


def painting_driver():
    from textual.drivers.headless_driver import HeadlessDriver

    class PaintingDriver(HeadlessDriver):
        """Headless input, but the app renders every frame to terminal codes."""

        frames = 0
        chars = 0
        listeners: list = []  # called after each frame is written

        @property
        def is_headless(self) -> bool:
            return False

        def write(self, data: str) -> None:
            PaintingDriver.frames += 1
            PaintingDriver.chars += len(data)
            for listener in list(PaintingDriver.listeners):
                listener()

    return PaintingDriver


class Clock:
    """Marks of a child: milliseconds since a start, and an event per mark."""

    def __init__(self):
        import asyncio

        self.marks: dict[str, float] = {}
        self.events: dict[str, asyncio.Event] = {}
        self.started: dict[str, float] = {}

    def event(self, name: str):
        import asyncio

        return self.events.setdefault(name, asyncio.Event())

    def start(self, name: str) -> None:
        self.started[name] = time.perf_counter()

    def mark(self, name: str) -> None:
        self.marks[name] = (time.perf_counter() - self.started[name]) * 1000
        self.event(name).set()

    async def wait(self, name: str, timeout: float = 120) -> float:
        import asyncio

        await asyncio.wait_for(self.event(name).wait(), timeout)
        return self.marks[name]


CHECK_EVERY = 0.01  # seconds: after_paint's check besides frames and workers' ends
_worker_listeners: list = []  # called as any worker ends (``_hear_workers_end``)


def _hear_workers_end() -> None:
    """Once per process: a worker's end (success, error, cancelled) is told
    to ``_worker_listeners``, on the app's loop, where Textual sets the state."""
    from textual.worker import Worker, WorkerState

    if getattr(Worker, "_bench_ends_heard", False):
        return
    state = Worker.state
    ended = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)

    def set_state(worker, value) -> None:
        state.fset(worker, value)
        if value in ended:
            for listener in list(_worker_listeners):
                listener()

    Worker.state = property(state.fget, set_state, doc=state.__doc__)
    Worker._bench_ends_heard = True


def after_paint(widget, done, driver_cls, frames_before: int, ready=lambda: True) -> None:
    """Call ``done`` once the screen has refreshed with ``ready()`` true and a
    frame has been written since ``frames_before``.

    Checked after the next refresh, and again after every frame written until
    it holds (never in a busy loop: a check that fails waits for a frame), and
    as each worker ends (``ready()`` can become true after the last frame: a
    worker ending without a repaint, a list read again and found unchanged,
    and no frame would come to check it), and every 10 ms besides. (The
    10 ms check was the only one for a worker's end: such a key then measured
    up to 10 ms more than it took, an F-key 11 or 21 ms as it happened to
    fall; before, every 50 ms.)
    """
    state = {"finished": False, "queued": True}

    def check() -> None:
        state["queued"] = False
        if state["finished"]:
            return
        if driver_cls.frames > frames_before and ready():
            state["finished"] = True
            driver_cls.listeners.remove(on_frame)
            _worker_listeners.remove(on_worker_end)
            timer.stop()
            done()

    def on_frame() -> None:
        if not state["finished"] and not state["queued"]:
            state["queued"] = True
            widget.call_after_refresh(check)

    def on_worker_end() -> None:
        if not state["finished"]:
            widget.call_after_refresh(check)  # once what it changed is painted

    driver_cls.listeners.append(on_frame)
    _hear_workers_end()
    _worker_listeners.append(on_worker_end)
    timer = widget.set_interval(CHECK_EVERY, check)
    widget.call_after_refresh(check)


def first_screen_hook(predicate, on_painted, driver_cls) -> None:
    """The first mounted screen for which ``predicate`` holds calls ``on_painted``
    after its first refresh. The same hook serves both apps."""
    from textual.screen import Screen

    original = Screen._on_mount
    fired = []

    def _on_mount(self, event):
        original(self, event)
        if not fired and predicate(self):
            fired.append(self)
            after_paint(self, on_painted, driver_cls, driver_cls.frames)

    Screen._on_mount = _on_mount


def spawned_ms(spawned: float, wall_now: float) -> float:
    return round((wall_now - spawned) * 1000, 2)
