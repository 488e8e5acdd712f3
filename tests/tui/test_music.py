"""Music (F8): my music, all tracks with search, playlists, import, playing."""

from __future__ import annotations

import asyncio

from tests.tui import music_data as fixtures
from tui.screens.music import MusicScreen
from tui.widgets.mini_player import MiniPlayer
from tui.widgets.track_table import TrackTable

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


async def open_music(pilot) -> MusicScreen:
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MusicScreen)
    return pilot.app.screen


def mini_player_text(app) -> str:
    player = app.screen.query_one(MiniPlayer)
    return str(player.render()) if player.display else ""


def titles(table: TrackTable) -> list[str]:
    return [track.title for track in table.tracks]


def test_my_music_lists_my_tracks_and_enter_plays(music_app):
    """My music lists Анна's two tracks, newest first; Enter plays the one under
    the cursor and the mini-player shows its title, artist and ▶."""
    app, clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            table = screen.query_one("#mine-table", TrackTable)
            assert titles(table) == ["Вечерний вальс", "Morning Walk"]
            await pilot.press("down", "enter")
            await settle(pilot)
            shown = mini_player_text(app)
            assert "▶ Morning Walk — Terminal Ensemble" in shown
            assert "0:00" in shown and "0:42" in shown
            clock.advance(12)
            await pilot.pause(0.3)
            await settle(pilot)
            assert "0:12" in mini_player_text(app)
            await pilot.press("f9")
            await settle(pilot)
            assert mini_player_text(app).startswith("❚❚ Morning Walk")

    asyncio.run(scenario())


def test_import_folder_shows_refused_file_with_reason(music_app, tmp_path):
    """Importing a folder with a good WAV and a text file renamed .mp3: the
    summary counts the new track and lists notes.mp3 with why it was refused;
    closing it shows the new track in My music."""
    from music.synth import melody

    folder = tmp_path / "album"
    (folder / "cd1").mkdir(parents=True)
    (folder / "cd1" / "good.wav").write_bytes(
        melody([("C4", 1), ("E4", 1), ("G4", 2)], bpm=240, rate=8000, title="Little Tune",
               artist="Tester"))
    (folder / "notes.mp3").write_text("these are my notes, not music\n")
    app, _clock = music_app()

    async def scenario():
        from textual.widgets import Input, Static

        from tests.tui.conftest import type_text
        from tui.screens.import_music import ImportMusicScreen

        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            screen.import_start = tmp_path
            await pilot.press("i")
            await settle(pilot)
            assert isinstance(app.screen, ImportMusicScreen)
            app.screen.query_one("#import-path", Input).value = ""
            await type_text(pilot, str(folder))
            await pilot.press("enter")
            await settle(pilot)
            summary = str(app.screen.query_one("#import-summary-text", Static).render())
            assert "New tracks: 1" in summary
            assert "Refused: 1" in summary
            assert "• notes.mp3 — notes.mp3 is not a readable audio file" in summary
            assert str(tmp_path) not in summary
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
            assert "Little Tune" in titles(screen.query_one("#mine-table", TrackTable))

    asyncio.run(scenario())


def test_import_of_a_missing_path_says_so_and_keeps_the_path(music_app, tmp_path):
    """A path that does not exist is refused beside the field; the typed path stays."""
    app, _clock = music_app()

    async def scenario():
        from textual.widgets import Input

        from tui.widgets.field_message import FieldMessage

        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            screen.import_start = tmp_path
            await pilot.press("i")
            await settle(pilot)
            missing = str(tmp_path / "nowhere.mp3")
            app.screen.query_one("#import-path", Input).value = missing
            await pilot.press("ctrl+s")
            await settle(pilot)
            error = app.screen.query_one("#import-error", FieldMessage)
            assert error.display
            assert "nowhere.mp3" in str(error.render())
            assert app.screen.query_one("#import-path", Input).value == missing

    asyncio.run(scenario())


async def make_playlist(pilot, name: str) -> None:
    from tests.tui.conftest import type_text

    await pilot.press("3", "ctrl+n")
    await settle(pilot)
    await type_text(pilot, name)
    await pilot.press("enter")
    await settle(pilot)


def test_build_a_playlist_reorder_rename_and_play_it(music_app, app_db):
    """Make "Evening", add both of my tracks with l, move the second up, rename
    it to "Night", then Enter on it plays its first track."""
    from textual.widgets import OptionList

    from models import playlists
    from tests.tui.conftest import type_text

    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            await make_playlist(pilot, "Evening")
            [evening] = playlists.playlists(app_db.anna.id)
            assert evening.name == "Evening"
            await pilot.press("1")  # My music: Вечерний вальс, Morning Walk
            await pilot.press("l", "enter")
            await settle(pilot)
            await pilot.press("down", "l", "enter")
            await settle(pilot)
            playlist = [t.title for t in playlists.playlist_tracks(app_db.anna.id, evening.id)]
            assert playlist == ["Вечерний вальс", "Morning Walk"]

            await pilot.press("3")
            await settle(pilot)
            table = screen.query_one("#playlist-table", TrackTable)
            assert titles(table) == ["Вечерний вальс", "Morning Walk"]
            table.focus()
            await pilot.press("down", "shift+up")
            await settle(pilot)
            assert titles(table) == ["Morning Walk", "Вечерний вальс"]
            assert table.cursor_row == 0
            playlist = [t.title for t in playlists.playlist_tracks(app_db.anna.id, evening.id)]
            assert playlist == ["Morning Walk", "Вечерний вальс"]

            screen.query_one("#playlist-list", OptionList).focus()
            await pilot.press("e")
            await settle(pilot)
            await pilot.press(*["backspace"] * len("Evening"))
            await type_text(pilot, "Night")
            await pilot.press("enter")
            await settle(pilot)
            assert [p.name for p in playlists.playlists(app_db.anna.id)] == ["Night"]

            await pilot.press("enter")  # on the playlist: play it from the start
            await settle(pilot)
            assert app.player_state.track.title == "Morning Walk"
            assert app.player.queue[1].title == "Вечерний вальс"

    asyncio.run(scenario())


def test_playlist_name_refusals_and_delete_with_confirmation(music_app, app_db):
    """A second playlist with the same name (any case) is refused beside the field;
    d asks before deleting, and Cancel keeps the playlist."""
    from textual.widgets import Input

    from models import playlists
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.playlist_name import PlaylistNameScreen
    from tui.widgets.field_message import FieldMessage

    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_music(pilot)
            await make_playlist(pilot, "Road")
            await make_playlist(pilot, "ROAD")
            assert isinstance(app.screen, PlaylistNameScreen)
            error = app.screen.query_one("#playlist-name-error", FieldMessage)
            assert str(error.render()) == "You already have a playlist with this name."
            assert app.screen.query_one(Input).value == "ROAD"
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")
            await settle(pilot)
            assert [p.name for p in playlists.playlists(app_db.anna.id)] == ["Road"]
            await pilot.press("d", "y")
            await settle(pilot)
            assert playlists.playlists(app_db.anna.id) == []

    asyncio.run(scenario())


def test_remove_from_playlist(music_app, app_db):
    """x on a playlist entry takes it out of the playlist (the track stays in my
    music); its title counts "2 tracks", then "1 track"."""
    from models import playlists, tracks

    anna = app_db.anna.id
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            playlist = playlists.create_playlist(anna, "Mix")
            for track in tracks.my_tracks(anna):
                playlists.add_to_playlist(anna, playlist.id, track.id)
            screen.reload()
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            table = screen.query_one("#playlist-table", TrackTable)
            title = screen.query_one("#playlist-title")
            assert str(title.render()).endswith("Mix  2 tracks")
            table.focus()
            await pilot.press("x")
            await settle(pilot)
            assert titles(table) == ["Morning Walk"]
            assert len(tracks.my_tracks(anna)) == 2
            assert str(title.render()).endswith("Mix  1 track")  # was "1 tracks"

    asyncio.run(scenario())


def test_search_all_tracks_and_add_to_my_music(music_app, app_db):
    """All tracks: typing "title" finds Michail's track, its markup shown literally
    and without ✓; a adds it to my music, a again removes it."""
    from rich.text import Text

    from models import tracks
    from tests.tui.conftest import type_text

    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            await pilot.press("2")
            await settle(pilot)
            table = screen.query_one("#all-table", TrackTable)
            assert len(table.tracks) == 3
            await pilot.press("ctrl+l")
            await type_text(pilot, "TITLE")
            await pilot.pause(0.4)  # the pause in typing starts the search by itself
            await settle(pilot)
            assert titles(table) == ["[b]Loud[/b] title"]
            cell = table.get_cell_at((0, 1))
            assert isinstance(cell, Text) and cell.plain == "[b]Loud[/b] title"
            assert table.get_cell_at((0, 5)).plain == ""
            table.focus()
            await pilot.press("a")
            await settle(pilot)
            assert table.get_cell_at((0, 5)).plain == "✓"
            assert "[b]Loud[/b] title" in titles(screen.query_one("#mine-table", TrackTable))
            await pilot.press("a")
            await settle(pilot)
            assert [t.title for t in tracks.my_tracks(app_db.anna.id)] == [
                "Вечерний вальс", "Morning Walk"]

    asyncio.run(scenario())


def test_keys_with_nothing_to_act_on_are_dimmed(music_app, app_db):
    """a My music ±, l To playlist and t Share… on an empty Queue, on My
    music once its last track is taken out, or on All tracks when a search
    finds nothing, and e Rename and d Delete on Playlists with no playlist,
    were lit in the footer and did nothing: they are dimmed there (and do
    nothing), and lit again once there is a track or a playlist to act on."""
    from tests.tui.conftest import type_text
    from tests.tui.test_footer_keys import _check_footer, _shown

    app, _clock = music_app()

    def dimmed(*keys: str) -> dict[str, bool]:
        return {key: is_dimmed for key, _description, is_dimmed in _shown(app.screen)
                if key in keys}

    async def scenario():
        async with app.run_test(size=(240, 30)) as pilot:
            screen = await open_music(pilot)
            await pilot.press("4")  # the Queue: nothing queued
            await settle(pilot)
            assert dimmed("a", "l", "t") == {"a": True, "l": True, "t": True}
            _check_footer(app)
            await pilot.press("a", "l", "t")
            await settle(pilot)
            assert app.screen is screen and not app._notifications
            await pilot.press("1")
            await settle(pilot)
            assert dimmed("a", "l", "t") == {"a": False, "l": False, "t": False}
            for _track in range(2):  # a: out of my music, till the list is empty
                await pilot.press("a")
                await settle(pilot)
            assert titles(screen.query_one("#mine-table", TrackTable)) == []
            assert dimmed("a", "l", "t") == {"a": True, "l": True, "t": True}
            _check_footer(app)

            await pilot.press("3")  # Playlists: none yet
            await settle(pilot)
            assert dimmed("e", "d") == {"e": True, "d": True}
            _check_footer(app)
            await pilot.press("e", "d")
            await settle(pilot)
            assert app.screen is screen
            await make_playlist(pilot, "Evening")
            assert dimmed("e", "d") == {"e": False, "d": False}
            _check_footer(app)

            await pilot.press("2", "ctrl+l")
            await type_text(pilot, "zzzq")
            await pilot.press("enter")  # to the table: nothing found
            await settle(pilot)
            assert titles(screen.query_one("#all-table", TrackTable)) == []
            assert dimmed("a", "l", "t") == {"a": True, "l": True, "t": True}
            _check_footer(app)
            await pilot.press("ctrl+l", "ctrl+u", "enter")
            await settle(pilot)
            assert dimmed("a", "l", "t") == {"a": False, "l": False, "t": False}

    asyncio.run(scenario())


# ---------------------------------------------------------------- snapshots

def test_snapshot_music_my_music(music_app, snap_compare):
    """Music (F8) opens on My music: Анна's two tracks with ✓, the F8 key highlighted."""

    async def run_before(pilot):
        await open_music(pilot)

    assert snap_compare(music_app()[0], terminal_size=(100, 30), run_before=run_before)


def test_snapshot_music_all_tracks(music_app, snap_compare):
    """All tracks: the whole catalogue by title; Michail's markup title literal, no ✓."""

    async def run_before(pilot):
        await open_music(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(music_app()[0], terminal_size=(100, 30), run_before=run_before)


def test_snapshot_music_playlists(music_app, app_db, snap_compare):
    """Playlists: two playlists on the left, the first one's tracks numbered on the right."""
    from models import playlists, tracks

    anna = app_db.anna.id
    road = playlists.create_playlist(anna, "Road trip")
    playlists.create_playlist(anna, "Sleep [i]quiet[/i]")
    for track in tracks.my_tracks(anna):
        playlists.add_to_playlist(anna, road.id, track.id)

    async def run_before(pilot):
        await open_music(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(music_app()[0], terminal_size=(100, 30), run_before=run_before)


def test_snapshot_import_summary(music_app, tmp_path, snap_compare):
    """The import summary: one new track, one refused file with its reason."""
    from textual.widgets import Input

    folder = tmp_path / "album"
    folder.mkdir()
    (folder / "good.wav").write_bytes(fixtures.wav("Little Tune", "Tester", "", 3, 440))
    (folder / "notes.mp3").write_text("these are my notes, not music\n")
    (folder / "cover.txt").write_text("not audio at all\n")

    async def run_before(pilot):
        screen = await open_music(pilot)
        screen.import_start = tmp_path
        await pilot.press("i")
        await settle(pilot)
        pilot.app.screen.query_one("#import-path", Input).value = str(folder)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(music_app()[0], terminal_size=(100, 30), run_before=run_before)


def test_every_music_string_is_translated_into_russian():
    """Every _("…") and binding description of the music screens, and the
    player's device messages, have a Russian text in music.po (or core.po)."""
    from pathlib import Path

    from music import audio_env
    from tests.tui.conftest import ui_strings
    from tui.i18n import LOCALE_DIR, parse_po

    folder = LOCALE_DIR / "ru" / "LC_MESSAGES"
    catalogue = parse_po((folder / "core.po").read_text("utf-8"))
    for area in ("music.po", "tracks.po"):  # tracks.po: sharing a track (Share…)
        catalogue |= parse_po((folder / area).read_text("utf-8"))
    tui = Path(__file__).resolve().parents[2] / "tui"
    files = ["playback.py", "screens/music.py", "screens/music_playlists.py",
             "screens/import_music.py",
             "screens/playlist_name.py", "screens/playlist_picker.py",
             "widgets/mini_player.py", "widgets/track_table.py"]
    wanted = {"Music", audio_env.NO_DEVICE, audio_env.NO_MIXER}
    for name in files:
        wanted |= ui_strings(tui / name)
    assert sorted(text for text in wanted if text not in catalogue) == []
