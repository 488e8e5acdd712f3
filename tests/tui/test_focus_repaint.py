"""A focus that moves redraws the widgets it moves between, not the whole
screen (tui/textual_focus.py): the screen is not refreshed by the move, and
what the focus looks like still follows it (the focused field's border)."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input

import tui.app  # noqa: F401 - installs the app's Textual adjustments


class Fields(App):
    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")


def test_moving_the_focus_refreshes_the_two_fields_not_the_screen(monkeypatch):
    refreshed: list[str] = []
    refresh = Screen.refresh

    def noted(self, *args, **kwargs):
        refreshed.append(type(self).__name__)
        return refresh(self, *args, **kwargs)

    async def scenario():
        app = Fields()
        async with app.run_test(size=(40, 8)) as pilot:
            one, two = app.query_one("#one", Input), app.query_one("#two", Input)
            await pilot.pause()
            assert app.focused is one
            border = one.styles.border_top[1]
            monkeypatch.setattr(Screen, "refresh", noted)
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is two
            assert refreshed == []  # the screen was not redrawn whole
            assert two.styles.border_top[1] == border  # the focused look moved with the focus
            assert one.styles.border_top[1] != border

    asyncio.run(scenario())
