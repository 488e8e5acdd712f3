"""An answer that comes before the widget it fills is mounted is shown once
the widget is there (tui/mounted.py), instead of ending the app."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.widgets import Static

from tui.mounted import not_mounted_yet


def test_an_answer_waits_for_its_widget_then_is_shown():
    shown: list[str] = []

    class Late(App):
        def show(self) -> None:
            if not_mounted_yet(self.screen, "#target", self.show):
                shown.append("waited")
                return
            self.screen.query_one("#target", Static).update("answer")
            shown.append("shown")

    async def scenario():
        app = Late()
        async with app.run_test() as pilot:
            app.show()
            assert shown == ["waited"]
            await app.screen.mount(Static(id="target"))
            for _ in range(40):
                await pilot.pause(0.05)
                if "shown" in shown:
                    break
            assert shown[-1] == "shown" and shown.count("shown") == 1

    asyncio.run(scenario())
