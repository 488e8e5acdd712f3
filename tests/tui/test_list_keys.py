"""Home / End in every list, table and tree go to its first / last row.

Textual's DataTable moves across columns on Home / End, and its ListView and
Tree only scroll the view: the cursor stayed where it was (the music tables,
People, the post lists, the file pickers).
"""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable, ListView, OptionList, TabbedContent, Tree

from models import communities, playlists
from tests.tui import music_data as fixtures
from tests.tui.test_function_keys import quiet

music_data = fixtures.music_data
music_app = fixtures.music_app


def cursor(widget) -> tuple[int | None, int]:
    """(the row under the cursor, how many rows) of a list, table or tree."""
    if isinstance(widget, DataTable):
        return widget.cursor_row, widget.row_count
    if isinstance(widget, ListView):
        return widget.index, len(widget.children)
    if isinstance(widget, OptionList):
        return widget.highlighted, widget.option_count
    assert isinstance(widget, Tree)
    return widget.cursor_line, widget.last_line + 1


async def rows_filled(pilot, widget) -> None:
    """A directory tree reads its folders in a worker of its own: wait for the rows."""
    for _ in range(200):
        if cursor(widget)[1] >= 2:
            return
        await pilot.pause(0.02)


async def home_end_on_every_list(pilot) -> list[str]:
    """On the screen shown (each tab), End and Home in each list with two rows
    or more: End puts the cursor on the last row, Home on the first."""
    screen = pilot.app.screen
    layouts = [[]] + [[(tabs, pane.id)] for tabs in screen.query(TabbedContent)
                      for pane in tabs.query("TabPane")]
    checked = []
    for layout in layouts:
        for tabs, pane in layout:
            tabs.active = pane
        await quiet(pilot)
        for widget in list(screen.focus_chain):
            if not isinstance(widget, DataTable | ListView | OptionList | Tree):
                continue
            if isinstance(widget, DataTable) and widget.cursor_type == "none":
                continue
            if f"{widget!r}" in checked:
                continue
            await rows_filled(pilot, widget)
            _row, count = cursor(widget)
            if count < 2:
                continue
            widget.focus()
            await pilot.press("end")
            await quiet(pilot)
            where = f"{type(screen).__name__} {widget!r}"
            assert cursor(widget) == (count - 1, count), where
            await pilot.press("home")
            await quiet(pilot)
            assert cursor(widget) == (0, count), where
            checked.append(f"{widget!r}")
    return checked


def test_home_and_end_in_every_list(music_app, music_data, app_db, tmp_path):
    """Music's tables, People, the post lists, Dialogs, Communities, a community's
    members, the new-dialog and playlist pickers, and the directory trees."""
    from tui.app import SECTIONS
    from tui.screens.community import CommunityScreen
    from tui.screens.file_picker import FilePickerScreen
    from tui.screens.import_music import ImportMusicScreen
    from tui.screens.new_dialog import NewDialogScreen
    from tui.screens.playlist_picker import PlaylistPickerScreen

    anna = app_db.anna.id
    communities.join(anna, app_db.community_id)
    communities.create_community(app_db.olga.id, "Readers", "Books.")
    evening = playlists.create_playlist(anna, "Evening")
    for track in (music_data.walk, music_data.waltz, music_data.loud):
        playlists.add_to_playlist(anna, evening.id, track.id)
    playlists.create_playlist(anna, "Morning")
    app, _clock = music_app()
    for folder in ("alpha", "beta", "gamma"):
        (tmp_path / "files" / folder).mkdir(parents=True)

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await quiet(pilot)
            checked = []
            for name in SECTIONS:
                app.switch_mode(name)
                await quiet(pilot)
                checked += await home_end_on_every_list(pilot)
            for make in (
                lambda: CommunityScreen(app_db.community_id),
                NewDialogScreen,
                lambda: PlaylistPickerScreen("A track", playlists.playlists(anna)),
                lambda: FilePickerScreen(tmp_path / "files"),
                lambda: ImportMusicScreen(tmp_path / "files"),
            ):
                app.push_screen(make())
                await quiet(pilot)
                checked += await home_end_on_every_list(pilot)
                app.pop_screen()
                await quiet(pilot)
            kinds = " ".join(checked)
            for widget in ("PostListView", "DialogList", "list-all", "people-list",
                           "mine-table", "all-table", "playlist-table", "members",
                           "new-dialog-people", "ImageTree", "AudioTree"):
                assert widget in kinds, widget

    asyncio.run(scenario())


def test_left_right_in_the_lists_of_feed_and_communities_switch_tabs(app_db, logged_in_app):
    """From the Feed's post list → shows Everyone and ← Following again; from
    My communities → shows All communities."""
    from tests.tui.conftest import settle

    app = logged_in_app("anna")

    def active() -> str:
        return app.screen.query_one(TabbedContent).active

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("right")
            await settle(pilot)
            assert active() == "everyone"
            await pilot.press("left")
            await settle(pilot)
            assert active() == "following"
            await pilot.press("f6")
            await settle(pilot)
            app.screen.query_one("#list-my").focus()
            await pilot.press("right")
            await settle(pilot)
            assert active() == "all"

    asyncio.run(scenario())
