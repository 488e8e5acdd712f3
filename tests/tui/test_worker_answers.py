"""A worker's answer that comes after its screen left the app is dropped
instead of ending the app (tui/worker_answers.py)."""

from __future__ import annotations

import asyncio
import threading

from textual import work
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from tests.tui.conftest import settle
from tui.screens.dialogs import DialogsScreen
from tui.widgets.composer import Composer
from tui.worker_answers import WorkerAnswersMixin


class Leaving(Static):
    """Takes a while to leave: the screen is half-removed meanwhile."""

    def __init__(self, leaving: threading.Event) -> None:
        super().__init__()
        self.leaving = leaving

    async def on_unmount(self) -> None:
        self.leaving.set()
        await asyncio.sleep(0.3)


class Reading(Screen):
    """Reads in a thread until ``go`` is set, then fills its label."""

    def __init__(self, go: threading.Event) -> None:
        super().__init__()
        self.go = go
        self.shown: list[str] = []

    def compose(self):
        yield Static(id="label")
        yield Leaving(self.go)

    def on_mount(self) -> None:
        self.read()

    @work(thread=True)
    def read(self) -> None:
        self.go.wait(5)
        self.app.call_from_thread(self.show, "answer")

    def show(self, text: str) -> None:
        self.query_one("#label", Static).update(text)
        self.shown.append(text)


class Host(WorkerAnswersMixin, App):
    pass


def test_an_answer_for_a_screen_being_closed_is_dropped_and_one_for_an_open_screen_shown():
    """The answer comes while the screen's children are being removed (the
    screen's workers are cancelled only after that)."""

    async def scenario():
        app = Host()
        async with app.run_test() as pilot:
            closed = Reading(threading.Event())
            await app.push_screen(closed)
            await pilot.pause()
            await app.pop_screen()  # its answer comes while it is being removed
            await pilot.pause(0.5)
            assert closed.shown == []
            still_open = Reading(threading.Event())
            await app.push_screen(still_open)
            still_open.go.set()
            for _ in range(100):
                await pilot.pause(0.02)
                if still_open.shown:
                    break
            assert still_open.shown == ["answer"]
            assert app.is_running
        assert app._exception is None

    asyncio.run(scenario())


def test_drafts_read_back_while_the_app_closes_do_not_end_it_with_an_error(
        logged_in_app, monkeypatch):
    """The `.ci/run` failure: Dialogs' drafts came back while the app was
    shutting down, and filling the dialog list raised NoMatches."""
    from models import drafts

    app = logged_in_app("anna")
    real = drafts.drafts_for
    asked, leaving = threading.Event(), threading.Event()

    def read_late(user_id):
        asked.set()
        leaving.wait(5)  # answer while the screen's widgets are being removed
        return real(user_id)

    async def leave_slowly(composer) -> None:
        leaving.set()
        await asyncio.sleep(0.3)

    monkeypatch.setattr(drafts, "drafts_for", read_late)
    monkeypatch.setattr(Composer, "on_unmount", leave_slowly, raising=False)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            for _ in range(100):
                await pilot.pause(0.02)
                if asked.is_set():
                    break
            assert isinstance(app.screen, DialogsScreen) and asked.is_set()

    asyncio.run(scenario())  # run_test raises the app's error, if it had one
