"""What makes the app quick to open and quick to reach Dialogs, checked as behaviour.

The Log in screen starts without loading the sections behind it; after log-in
the Dialogs section is built out of sight while the person reads the feed, so
their first F3 shows it at once — with what arrived in the meantime.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys

from models import messages
from tests.tui.conftest import settle
from tui.screens.dialogs import DialogsScreen
from tui.screens.feed import FeedScreen
from tui.widgets.dialog_list import DialogList

SECTION_MODULES = ("tui.screens.feed", "tui.screens.dialogs", "tui.screens.friends",
                   "tui.screens.people", "tui.screens.communities", "tui.screens.profile",
                   "tui.screens.music", "PIL.Image",
                   # the domain's views and tables, and Textual's text area: read
                   # once Log in is painted (issue 17's start-up)
                   "models.views", "models.schema", "models.settings",
                   "textual.widgets._text_area")


def test_starting_the_app_loads_no_section_until_it_is_needed():
    """Importing the app (what `messenger` does before painting Log in) loads none of
    the sections, nor Pillow; asking for a section's screen loads it."""
    code = (
        "import sys, tui.app\n"
        f"print([m for m in {SECTION_MODULES!r} if m in sys.modules])\n"
        "print(tui.app.SECTIONS['dialogs'].__name__, 'tui.screens.dialogs' in sys.modules)\n"
        "print(list(tui.app.SECTIONS), 'music' in tui.app.SECTIONS, 'login' in tui.app.SECTIONS)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "[]"
    assert out[1] == "DialogsScreen True"
    assert out[2] == ("['feed', 'dialogs', 'friends', 'people', 'communities', 'profile', "
                      "'music'] True False")


def test_garbage_is_collected_after_the_app_is_imported():
    """tui.app pauses the garbage collector while its modules load; once imported,
    collection is on again and a cycle of garbage is freed (a process left with
    it off would grow with every cycle it drops)."""
    code = (
        "import gc, weakref, tui.app\n"
        "class Node: pass\n"
        "a, b = Node(), Node(); a.other, b.other = b, a\n"
        "gone = weakref.ref(a); del a, b\n"
        "print(gc.isenabled(), gc.collect() > 0, gone() is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "True", "True"]


def test_dialogs_is_ready_after_log_in_and_shows_what_arrived_meanwhile(app_db, logged_in_app):
    """Анна logs in and stays on the Feed while Dialogs is built behind it; Michail
    writes; her first F3 shows that very screen, with his new message in the list
    (read when shown: live updates reach only the section on screen; the poller
    is stopped here so that only showing the section can bring the message)."""
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 0  # a person reading the feed for half a second, without the wait

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):  # built at the first quiet moment (no feed worker running)
                await settle(pilot)
                if "dialogs" in app._screen_stacks:
                    break
            assert isinstance(app.screen, FeedScreen)
            prepared = app._screen_stacks["dialogs"][0]
            assert isinstance(prepared, DialogsScreen) and prepared.is_mounted
            assert app.open_peer_id is None  # no chat counts as open while on the feed
            app._stop_polling()
            messages.send_message(app_db.michail.id, app_db.anna.id, "Late again?", "late-1")
            await pilot.press("f3")
            await settle(pilot)
            assert app.screen is prepared
            summary = prepared.query_one(DialogList).summary_for(app_db.michail.id)
            assert summary.last_message_preview == "Late again?"
            assert summary.unread_count == 1

    asyncio.run(main())


def test_logging_out_straight_after_log_in_builds_nothing_for_nobody(app_db, logged_in_app):
    """Log out before Dialogs was built: the pending build is called off, and even
    if it ran it would build nothing for a person who has gone; Log in is shown."""
    app = logged_in_app("anna")  # Dialogs would be built half a second after log-in

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            anna = app.current_user
            assert app._prepare_timer is not None
            app.log_out()
            assert app._prepare_timer is None
            app._prepare_section("dialogs", anna)  # a build that fired regardless
            await pilot.pause()
            assert app.current_mode == "login"
            assert "dialogs" not in app._screen_stacks
            assert not any(isinstance(s, DialogsScreen) for s in app.query("*"))

    asyncio.run(main())
