"""File names from the disk on screen: the avatar picker and the music import.

A file named ``t<ESC>]2;PWNED<ESC>\\.wav`` would set the terminal's title if its
name reached the terminal; ``café.wav`` written in Latin-1 has a byte that is
not UTF-8 and used to crash the import (WorkerFailed). Both are drawn cleaned
("�" for the bad byte), and the import of the rest of the folder goes on.
"""

from __future__ import annotations

import asyncio
import os
import re

from textual.widgets import Input, Static

from models import tracks
from music.synth import tone, with_tags
from tests.tui import music_data as fixtures
from tui.screens.file_picker import FilePickerScreen, ImageTree
from tui.screens.import_music import AudioTree, ImportMusicScreen

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle

# ESC, BEL and the other C0 controls, DEL, C1, bidi controls, lone surrogates
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
TITLE_SETTER = "t\x1b]2;PWNED\x1b\\"


def screen_text(app) -> str:
    """Every character the screen sends to the terminal, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def open_screen(pilot, make_screen, callback=None) -> None:
    """Push the screen ``make_screen()`` builds once the log-in has finished (the
    import screen reads the person when it is built, as it is in the app)."""
    await settle(pilot)
    pilot.app.push_screen(make_screen(), callback)
    await settle(pilot)


def tree_labels(tree) -> list[str]:
    return [child.label.plain for child in tree.root.children]


def nasty_folder(tmp_path, suffix: str, content: bytes):
    folder = tmp_path / "incoming"
    folder.mkdir()
    raw = os.fsencode(folder)
    for name in (TITLE_SETTER.encode() + suffix.encode(), b"caf\xe9" + suffix.encode()):
        with open(os.path.join(raw, name), "wb") as fh:
            fh.write(content)
    (folder / f"good{suffix}").write_bytes(content)
    return folder


def test_import_tree_draws_names_cleaned_and_imports_them(music_app, tmp_path):
    folder = nasty_folder(tmp_path, ".wav", tone(440.0, 0.5, rate=8000))
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_screen(pilot, lambda: ImportMusicScreen(folder))
            tree = app.screen.query_one(AudioTree)
            assert sorted(tree_labels(tree)) == ["caf\ufffd.wav", "good.wav", "t]2;PWNED\\.wav"]
            shown = screen_text(app)
            assert "t]2;PWNED\\.wav" in shown and "caf\ufffd.wav" in shown
            assert not UNSAFE.findall(shown)

            # choosing the file in the tree fills the field with the cleaned name
            # and imports the real file
            node = next(n for n in tree.root.children if "PWNED" in n.label.plain)
            tree.move_cursor(node)
            tree.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.query_one("#import-path", Input).value.endswith("t]2;PWNED\\.wav")
            assert not UNSAFE.findall(screen_text(app))
            await pilot.press("ctrl+s")
            await settle(pilot)
            summary = str(app.screen.query_one("#import-summary-text", Static).render())
            assert "t]2;PWNED\\" in summary
            assert not UNSAFE.findall(screen_text(app))

    asyncio.run(scenario())


def test_folder_with_a_name_that_is_not_utf8_imports_the_rest(music_app, tmp_path):
    """The whole folder: the bad-byte name is a track called “caf�”, nothing crashes."""
    folder = nasty_folder(tmp_path, ".wav", tone(440.0, 0.5, rate=8000))
    raw = os.fsencode(folder)
    with open(os.path.join(raw, b"junk\xff.mp3"), "wb") as fh:
        fh.write(b"not audio\n" * 20)
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_screen(pilot, lambda: ImportMusicScreen(tmp_path))
            app.screen.query_one("#import-path", Input).value = str(folder)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ImportMusicScreen)
            summary = str(app.screen.query_one("#import-summary-text", Static).render())
            assert "New tracks: 1" in summary  # the three WAVs hold the same bytes
            assert "Already in the catalogue (added to my music): 2" in summary
            assert "• junk\ufffd.mp3 — junk\ufffd.mp3 is not" in summary
            assert not UNSAFE.findall(screen_text(app))

    asyncio.run(scenario())


def test_a_path_with_a_name_too_long_is_refused_with_the_reason(music_app, tmp_path):
    """The disk cannot look at it (as a folder one may not enter): the import
    said nothing and the app fell over on the error; now it names the reason."""
    app, _clock = music_app()
    path = tmp_path / ("x" * 300 + ".wav")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_screen(pilot, lambda: ImportMusicScreen(tmp_path))
            app.screen.query_one("#import-path", Input).value = str(path)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ImportMusicScreen)
            assert "cannot be read" in screen_text(app)

    asyncio.run(scenario())


def test_avatar_picker_draws_names_cleaned_and_never_hands_one_on(logged_in_app, tmp_path):
    """The picker lists the files cleaned; choosing one whose name cannot be
    shown as it is says so instead of putting it into the form."""
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(picture, format="PNG")
    folder = nasty_folder(tmp_path, ".png", picture.getvalue())
    app = logged_in_app("anna")
    chosen = []

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_screen(pilot, lambda: FilePickerScreen(folder), chosen.append)
            tree = app.screen.query_one(ImageTree)
            assert sorted(tree_labels(tree)) == ["caf\ufffd.png", "good.png", "t]2;PWNED\\.png"]
            assert not UNSAFE.findall(screen_text(app))
            tree.focus()
            for name in ("PWNED", "caf"):
                node = next(n for n in tree.root.children if name in n.label.plain)
                tree.move_cursor(node)
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, FilePickerScreen) and chosen == []
                error = str(app.screen.query_one("#file-picker-error", Static).render())
                assert "cannot be shown" in error
                assert not UNSAFE.findall(screen_text(app))
            node = next(n for n in tree.root.children if n.label.plain == "good.png")
            tree.move_cursor(node)
            await pilot.press("enter")
            await settle(pilot)
            assert chosen == [str(folder / "good.png")]

    asyncio.run(scenario())


def test_tags_with_escapes_are_stored_clean(app_db, tmp_path):
    """Title, artist and album read from a file are outside text: stored cleaned."""
    song = tmp_path / "song.wav"
    song.write_bytes(with_tags(tone(440.0, 0.5, rate=8000), title="Hi\x1b]2;PWNED\x07",
                               artist="\u202eBand\x9b", album="A\x1b[31mlbum"))
    track = tracks.import_track(app_db.anna.id, song)
    assert (track.title, track.artist, track.album) == ("Hi]2;PWNED", "Band", "A[31mlbum")
    stored = tracks.search_tracks(app_db.anna.id, "Hi")
    assert [(t.title, t.artist) for t in stored] == [("Hi]2;PWNED", "Band")]


def test_notifications_quoting_stored_text_are_drawn_clean(music_app, music_data):
    """A track title written straight into the database file with an escape
    sequence: the notification that quotes it shows it without the escape."""
    from models.schema import Track
    from tui.screens.music import MusicScreen

    Track.update(title="Walk\x1b]2;PWNED\x07\x9b").where(
        Track.id == music_data.walk.id).execute()
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f8")
            await settle(pilot)
            assert isinstance(app.screen, MusicScreen)
            await pilot.press("down", "a")  # Morning Walk is second in My music
            await settle(pilot)
            await pilot.pause(0.2)
            [note] = list(app._notifications)  # what the toast draws
            assert note.message == "Removed from my music: Walk]2;PWNED"
            assert not UNSAFE.findall(note.message + note.title + screen_text(app))

    asyncio.run(scenario())
