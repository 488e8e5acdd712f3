"""``bench.painting.after_paint``: when a key counts as painted (issue 17,
every key painted). A key whose worker ends after its frame, changing
nothing, is painted as that worker ends: not at the next periodic check,
which made such a key up to 10 ms longer than it took."""

from __future__ import annotations

import asyncio
import time

from textual import work
from textual.app import App
from textual.widgets import Static

from bench import painting


class Reads(App):
    def compose(self):
        yield Static("a page")

    @work(thread=True)
    def read_again(self) -> None:
        time.sleep(0.2)  # found unchanged: nothing to paint


def test_a_key_is_painted_as_its_last_worker_ends(monkeypatch):
    monkeypatch.setattr(painting, "CHECK_EVERY", 3600.0)  # no periodic check to fall back on
    driver_cls = painting.painting_driver()
    app = Reads(driver_class=driver_cls)
    marked: list[float] = []

    async def scenario(pilot):
        try:
            await pilot.pause()
            frames = driver_cls.frames
            app.query_one(Static).update("the page again")  # the key's frame
            worker = app.read_again()
            painting.after_paint(app.screen, lambda: marked.append(time.perf_counter()),
                                 driver_cls, frames,
                                 ready=lambda: not any(w.is_running for w in app.workers))
            await pilot.pause(0.1)
            assert marked == []  # painted, but its read still running
            await worker.wait()
            for _ in range(100):
                if marked:
                    break
                await asyncio.sleep(0.01)
            assert len(marked) == 1
            assert driver_cls.frames > frames
        finally:
            app.exit()

    app.run(size=(40, 5), auto_pilot=scenario)  # as bench.keys_child: frames written
