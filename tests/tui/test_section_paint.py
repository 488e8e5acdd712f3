"""Showing a section built before costs only its paint (issue 17, every key within
50 ms): it is not laid out again at the size it was laid out for, and lists read
again on the visit are redrawn only when they changed — yet what changed while
it was out of sight, or a new terminal size, still shows. ``bench/keys.py``
measures the time."""

from __future__ import annotations

import asyncio

from textual.geometry import Region
from textual.widgets import OptionList

from models import friends
from tests.tui.conftest import settle
from tui.screens.friends import FriendsScreen


def _count_layouts(monkeypatch, screen) -> list[int]:
    """Full layouts of ``screen`` done by the switch to it itself (Textual's
    switch lays the screen out whole; later updates lay out what changed)."""
    calls: list[int] = []
    original = screen._refresh_layout

    def counted(*args, **kwargs):
        if screen.app._showing_built_screen:
            calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(screen, "_refresh_layout", counted)
    return calls


async def away_and_back(pilot) -> None:
    """F2 (the Feed), then F4 (Friends) again."""
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)


def test_a_section_shown_again_is_not_laid_out_again(logged_in_app, monkeypatch):
    """F4 builds Friends; F2, then F4 again: the switch paints Friends without
    laying it out whole again. After the terminal changed size meanwhile, it is
    laid out anew."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            friends_screen = app.screen
            assert isinstance(friends_screen, FriendsScreen)
            layouts = _count_layouts(monkeypatch, friends_screen)
            await away_and_back(pilot)
            assert app.screen is friends_screen and layouts == []
            await pilot.press("f2")
            await settle(pilot)
            await pilot.resize_terminal(90, 28)
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            assert layouts and friends_screen.size.width == 90
            assert friends_screen.query_one("#list-friends", OptionList).size.width <= 90

    asyncio.run(scenario())


def test_a_list_read_again_is_redrawn_only_when_it_changed(app_db, logged_in_app, monkeypatch):
    """Back in Friends with nothing new, its lists are not rebuilt; after Mallory
    asked Анна for friendship while she was on the Feed, Incoming shows him."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            incoming = app.screen.query_one("#list-incoming", OptionList)
            rebuilt: list[int] = []
            original = incoming.set_options
            monkeypatch.setattr(incoming, "set_options",
                                lambda options: (rebuilt.append(1), original(options))[1])
            await away_and_back(pilot)
            assert rebuilt == []
            await pilot.press("f2")
            await settle(pilot)
            friends.send_request(app_db.mallory.id, app_db.anna.id)
            await pilot.press("f4")
            await settle(pilot)
            assert rebuilt
            texts = [str(incoming.get_option_at_index(i).prompt)
                     for i in range(incoming.option_count)]
            assert any("mallory" in t.lower() for t in texts), texts

    asyncio.run(scenario())


def test_the_dialog_list_shown_again_is_redrawn_only_when_it_changed(app_db, logged_in_app,
                                                                      monkeypatch):
    """F3, F2, F3 with nothing new: the dialog list (read again on every show) keeps
    its rows; after Michail wrote while Анна was on the Feed, F3 shows his message
    in the list, unread."""
    from models import messages
    from tui.widgets.dialog_list import DialogList

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            listing = app.screen.query_one(DialogList)
            redrawn: list[int] = []
            original = listing.set_options
            monkeypatch.setattr(listing, "set_options",
                                lambda options: (redrawn.append(1), original(options))[1])
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert redrawn == []
            await pilot.press("f2")
            await settle(pilot)
            app._stop_polling()  # only showing the section can bring the message
            messages.send_message(app_db.michail.id, app_db.anna.id, "Still there?", "still-1")
            await pilot.press("f3")
            await settle(pilot)
            summary = listing.summary_for(app_db.michail.id)
            assert summary.last_message_preview == "Still there?"
            assert summary.unread_count >= 1
            # And the list draws it: his row, whether made anew or drawn again in place.
            drawn = "\n".join(strip.text for strip in
                              listing.render_lines(Region(0, 0, *listing.size)))
            assert "Still there?" in drawn

    asyncio.run(scenario())
