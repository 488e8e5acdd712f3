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


def test_a_key_is_not_painted_until_the_footer_shows_the_keys_it_offers():
    """``bench.keys_child.quiet_on`` waits for the footer too: a key that
    changes which keys are offered (a chat opened: the composer's keys, a
    group's Ctrl+B) is not painted while the footer shows the keys from
    before (Textual rebuilds it after the next frame; the first chat opened
    in Dialogs counted as painted at the chat's frame, and the footer's keys
    came 15-20 ms later)."""
    from textual.binding import Binding
    from textual.screen import Screen

    import tui.app  # noqa: F401 - the app's Textual adjustments
    from bench.keys_child import _footer_current
    from tui.widgets.footer import AppFooter

    class Keys(Screen):
        BINDINGS = [Binding("ctrl+o", "one", "One"), Binding("ctrl+t", "two", "Two")]
        two = False

        def compose(self):
            yield Static("a chat")
            yield AppFooter()

        def check_action(self, action, parameters):
            return self.two if action == "two" else True

    class Footed(App):
        def on_mount(self):
            self.push_screen(Keys())

    app = Footed()

    async def scenario(pilot):
        try:
            for _ in range(50):
                await pilot.pause()
                if app.screen.query(AppFooter) and _footer_current(app.screen):
                    break
            screen = app.screen
            shown = [key.description for key in screen.query_one(AppFooter).keys_on_show()]
            assert "One" in shown and "Two" not in shown and _footer_current(screen)
            screen.two = True
            screen.refresh_bindings()
            assert not _footer_current(screen)  # the footer still shows the keys from before
            for _ in range(50):
                await pilot.pause()
                if _footer_current(screen):
                    break
            shown = [key.description for key in screen.query_one(AppFooter).keys_on_show()]
            assert "Two" in shown and _footer_current(screen)
        finally:
            app.exit()

    app.run(size=(60, 5), auto_pilot=scenario)
