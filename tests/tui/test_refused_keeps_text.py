"""A box closed with an answer that is then refused (someone picked has
blocked me, the database failed) loses nothing typed in it
(``tui/kept_typing.py``: ``KeepsTyped.when_refused``): New group and the
members panel's Add open again at once with it and the reason in their error
line; the share picker and New dialog have it when they are opened again.
Done, the box opens empty next time; and it never reaches the next person."""

from __future__ import annotations

import asyncio
import threading

from textual.widgets import Input

from models import blocks, dialogs, track_shares
from models.errors import DatabaseError
from tests.tui import music_data as fixtures
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_blocking import run
from tests.tui.test_cancel_keeps_text import keys, opened, value
from tests.tui.test_group_members import open_members
from tests.tui.test_track_sharing import messages_shown
from tui.screens.dialogs import DialogsScreen
from tui.screens.group_members import GroupMembersScreen
from tui.screens.new_dialog import NewDialogScreen
from tui.screens.new_group import NewGroupScreen
from tui.screens.share_picker import SharePickerScreen

music_data = fixtures.music_data
music_app = fixtures.music_app

REFUSED = "This person cannot be added to a group by you."


def run_noting(app, scenario) -> None:
    """``run`` with the notifications kept (``messages_shown``)."""

    async def main():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


def error_line(box) -> str:
    return str(box.query_one("#new-group-error").render())


def chips(box) -> str:
    return str(box.query_one("#new-group-chips").render())


async def pick(pilot, search: str) -> None:
    """``search`` typed into New group's search, Space on the first found."""
    await type_text(pilot, search)
    await settle(pilot)
    await keys(pilot, "down", "space")


def test_a_refused_new_group_opens_again_with_title_people_and_why(app_db, logged_in_app):
    """Анна: F3, Ctrl+T, "Поход", Olga picked; Olga blocks her before Enter:
    New group is there again with "Поход", "ol", Olga picked and why. Esc and
    Ctrl+T: still all there. Olga unpicked, Michail picked, Enter: the group
    is made, and Ctrl+T opens empty."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await opened(pilot, NewGroupScreen, "f3", "ctrl+t")
        await type_text(pilot, "Поход")
        await keys(pilot, "enter")  # to the search
        await pick(pilot, "ol")
        blocks.block(app_db.olga.id, app_db.anna.id)
        await keys(pilot, "enter")
        box = app.screen
        assert isinstance(box, NewGroupScreen)  # opened again at once
        assert value(app, "new-group-title") == "Поход"
        assert value(app, "new-group-search") == "ol"
        assert list(box.picked) == [app_db.olga.id]
        assert "Olga Smirnova ×" in chips(box)
        assert error_line(box) == REFUSED
        await keys(pilot, "escape")
        box = await opened(pilot, NewGroupScreen, "ctrl+t")
        assert value(app, "new-group-title") == "Поход"
        assert list(box.picked) == [app_db.olga.id]
        search = box.query_one("#new-group-search", Input)
        search.focus()
        await keys(pilot, "down", "space")  # Olga, found for "ol", unpicked
        search.focus()
        await keys(pilot, "ctrl+u")
        await pick(pilot, "mi")
        assert list(box.picked) == [app_db.michail.id]
        await keys(pilot, "enter")
        assert isinstance(app.screen, DialogsScreen)
        assert app.screen.chat is not None and app.screen.chat.startswith("group")
        box = await opened(pilot, NewGroupScreen, "ctrl+t")
        assert value(app, "new-group-title") == value(app, "new-group-search") == ""
        assert box.picked == {}
        assert error_line(box) == ""

    run(app, scenario)


def test_people_refused_by_the_group_are_kept_in_its_add_box(app_db, logged_in_app, hike):
    """In «Поход»'s members panel: a, "markup", Mallory picked; she blocks
    Анна before Enter: the Add box is there again with "markup", Mallory
    picked and why. Esc, a: still there. She unblocks, Enter: added, and a
    opens empty."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "f3")
        await open_members(pilot, hike)
        await opened(pilot, NewGroupScreen, "a")
        await pick(pilot, "markup")
        blocks.block(app_db.mallory.id, app_db.anna.id)
        await keys(pilot, "enter")
        box = app.screen
        assert isinstance(box, NewGroupScreen)
        assert value(app, "new-group-search") == "markup"
        assert list(box.picked) == [app_db.mallory.id]
        assert error_line(box) == REFUSED
        await keys(pilot, "escape")
        assert isinstance(app.screen, GroupMembersScreen)
        box = await opened(pilot, NewGroupScreen, "a")
        assert value(app, "new-group-search") == "markup"
        assert list(box.picked) == [app_db.mallory.id]
        blocks.unblock(app_db.mallory.id, app_db.anna.id)
        await keys(pilot, "enter")
        assert isinstance(app.screen, GroupMembersScreen)
        assert app_db.mallory.id in {m.user.id for m in app.screen.members}
        box = await opened(pilot, NewGroupScreen, "a")
        assert value(app, "new-group-search") == ""
        assert box.picked == {}

    run(app, scenario)


async def share_picker_once_michail_blocks(pilot, app_db) -> None:
    """Music, t on the first track, "michail" typed; then he blocks Анна."""
    await keys(pilot, "f8")
    await opened(pilot, SharePickerScreen, "t")
    await type_text(pilot, "michail")
    await settle(pilot)
    blocks.block(app_db.michail.id, app_db.anna.id)


def test_a_refused_share_keeps_its_search_for_the_track(music_app, music_data, app_db):
    """Music, t, "michail"; Michail blocks Анна before Enter: the refusal is
    said, and t has "michail" again. He unblocks, Enter shares it, and t
    opens empty."""
    app, _clock = music_app("anna")

    async def scenario(pilot):
        await share_picker_once_michail_blocks(pilot, app_db)
        await keys(pilot, "enter")
        assert not isinstance(app.screen, SharePickerScreen)
        assert messages_shown(app)[-1] == "This person does not accept your messages."
        await opened(pilot, SharePickerScreen, "t")
        assert value(app, "picker-search") == "michail"
        blocks.unblock(app_db.michail.id, app_db.anna.id)
        await settle(pilot)
        await keys(pilot, "enter")
        assert messages_shown(app)[-1].startswith("Sent to Michail Petrov")
        await opened(pilot, SharePickerScreen, "t")
        assert value(app, "picker-search") == ""

    run_noting(app, scenario)


def test_new_dialog_keeps_its_search_when_the_chat_cannot_open(
        app_db, logged_in_app, monkeypatch):
    """F3, Ctrl+N, "olg", Enter, and the database fails to open the dialog:
    Ctrl+N has "olg" again. It works again, Enter opens Olga's dialog, and
    Ctrl+N opens empty."""
    app = logged_in_app("anna")
    works = dialogs.open_dialog

    def fails(user_id: int, peer_id: int):
        raise DatabaseError("The database could not be read.")

    async def scenario(pilot):
        await opened(pilot, NewDialogScreen, "f3", "ctrl+n")
        await type_text(pilot, "olg")
        await settle(pilot)
        monkeypatch.setattr(dialogs, "open_dialog", fails)
        await keys(pilot, "enter")
        await opened(pilot, NewDialogScreen, "ctrl+n")
        assert value(app, "new-dialog-search") == "olg"
        monkeypatch.setattr(dialogs, "open_dialog", works)
        await keys(pilot, "enter")
        assert isinstance(app.screen, DialogsScreen) and app.screen.peer_id == app_db.olga.id
        await opened(pilot, NewDialogScreen, "ctrl+n")
        assert value(app, "new-dialog-search") == ""

    run(app, scenario)


async def settle_but(pilot, group: str) -> None:
    """``settle``, but not waiting for the workers of ``group``."""
    for _round in range(3):
        busy = [worker for worker in pilot.app.workers
                if worker.group not in (group, "_loader") and not worker.is_finished]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


def test_a_refusal_after_log_out_never_reaches_the_next_person(
        music_app, music_data, app_db, monkeypatch):
    """Анна shares a track with Michail, who has blocked her; the refusal
    comes once she has logged out and Michail has logged in: nothing of hers
    is shown to him (not the refusal, not her search)."""
    app, _clock = music_app("anna")
    go_on = threading.Event()
    share = track_shares.share_track

    def share_later(*args):
        go_on.wait()
        return share(*args)

    async def scenario(pilot):
        await share_picker_once_michail_blocks(pilot, app_db)
        monkeypatch.setattr(track_shares, "share_track", share_later)
        await pilot.press("enter")
        await pilot.pause()
        app.log_out()
        await settle_but(pilot, "track-share")
        await type_text(pilot, "michail")
        await pilot.press("enter")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await settle_but(pilot, "track-share")
        assert app.current_user.id == app_db.michail.id
        shown_before = len(messages_shown(app))
        go_on.set()  # Анна's share refused now
        await settle(pilot)  # (the share is the app's worker: waited for)
        assert messages_shown(app)[shown_before:] == []
        await keys(pilot, "f8")
        await opened(pilot, SharePickerScreen, "t")
        assert value(app, "picker-search") == ""

    try:
        run_noting(app, scenario)
    finally:
        go_on.set()
