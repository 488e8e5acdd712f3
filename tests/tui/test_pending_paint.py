"""A layout's frame paints the repaints already asked for (issue 17;
tui/textual_pending_paint.py): a widget whose repaint was asked, and not
yet told to its screen or told in an ``Update`` still queued, is painted in
the frame being drawn, and that ``Update``, older than the frame, is then
done with; a later one is not."""

from __future__ import annotations

import asyncio

from textual import messages
from textual.app import App, ComposeResult
from textual.widgets import Static

from tui import textual_pending_paint
from tui.app import MessengerApp  # noqa: F401 - installs the patch, as the app does


class Two(App):
    def compose(self) -> ComposeResult:
        yield Static("one", id="one")
        yield Static("two", id="two")


def on_two(check) -> None:
    """Run ``check(screen)`` on a shown ``Two``."""
    async def main():
        app = Two()
        async with app.run_test(size=(40, 6)) as pilot:
            await pilot.pause()
            await check(app.screen)

    asyncio.run(main())


def test_a_frame_takes_in_the_repaints_asked_and_drops_their_older_updates():
    async def check(screen):
        one, two = screen.query_one("#one"), screen.query_one("#two")
        one.refresh()  # asked, not yet told (its idle has not run)
        assert one._repaint_required
        two.refresh()
        two._repaint_required = False  # told before the frame (its idle ran) ...
        stale = messages.Update(two)
        screen._message_queue.put_nowait(stale)  # ... and the Update still queued
        assert textual_pending_paint.queued_updates(screen) == {two}
        painted: list = []
        render = screen._compositor.render_update

        def noted(*args, **kwargs):
            painted.append(set(screen._compositor._dirty_regions))
            return render(*args, **kwargs)

        screen._compositor.render_update = noted
        screen._compositor_refresh()
        assert painted and not one._repaint_required
        assert one.region in painted[0] and two.region in painted[0]
        dirty_before = set(screen._dirty_widgets)
        await textual_pending_paint._on_update_unless_painted(screen, stale)
        assert screen._dirty_widgets == dirty_before  # done with: painted after it
        await asyncio.sleep(0.001)
        fresh = messages.Update(two)  # asked after the frame
        await textual_pending_paint._on_update_unless_painted(screen, fresh)
        assert two in screen._dirty_widgets

    on_two(check)


def test_pending_repaints_are_taken_once():
    async def check(screen):
        one = screen.query_one("#one")
        one.refresh()
        assert one in textual_pending_paint.pending_repaints(screen)
        assert one not in textual_pending_paint.pending_repaints(screen)

    on_two(check)
