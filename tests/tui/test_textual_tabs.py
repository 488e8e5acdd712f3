"""A tab strip that gets its resize after its parts were removed (sections are
built and laid out out of sight, then removed on log-out or when the app
closes) must not stop the app."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.app import App
from textual.geometry import Size
from textual.widgets import Tabs
from textual.widgets._tabs import Underline

from tui import textual_tabs


class _TabsApp(App):
    def compose(self):
        yield Tabs("Friends", "Requests")


def _resize_after_removal() -> None:
    async def scenario():
        app = _TabsApp()
        async with app.run_test() as pilot:
            tabs = app.query_one(Tabs)
            await tabs.query_one(Underline).remove()
            tabs.post_message(events.Resize(Size(40, 2), Size(40, 2)))
            await pilot.pause()
            assert app.is_running

    asyncio.run(scenario())


def test_a_tab_strip_resized_after_its_underline_went_is_ignored():
    textual_tabs.install()
    _resize_after_removal()


def test_without_the_guard_textual_stops_on_it(monkeypatch):
    """The guard is what keeps the app running: Textual alone raises."""
    monkeypatch.setattr(Tabs, "_on_resize", textual_tabs._original)
    with pytest.raises(Exception, match="Underline"):
        _resize_after_removal()
