"""The app serving a browser tab (``messenger serve``): the player stays off and
says so, and the file pickers keep to the upload folder or do not open."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Static

from tests.tui import music_data as fixtures
from tests.tui.conftest import type_text
from tests.tui.test_music import open_music
from tui.i18n import LOCALE_DIR, parse_po, parse_po_plurals
from tui.screens.music import MusicScreen
from tui.web_session import WebSession

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle

NO_MUSIC = "Music plays only in the terminal app"


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def test_the_environment_the_server_sets_makes_a_web_session(tmp_path):
    assert WebSession.from_environment({}) is None
    assert WebSession.from_environment({"MESSENGER_WEB_SESSION": "0"}) is None
    assert WebSession.from_environment({"MESSENGER_WEB_SESSION": "1"}) == WebSession(None)
    session = WebSession.from_environment(
        {"MESSENGER_WEB_SESSION": "1", "MESSENGER_UPLOAD_DIR": str(tmp_path)})
    assert session.upload_dir == tmp_path.resolve()


def test_only_paths_inside_the_upload_folder_are_allowed(tmp_path):
    upload = tmp_path / "upload"
    (upload / "inner").mkdir(parents=True)
    (upload / "out").symlink_to(tmp_path)
    session = WebSession(upload)
    assert session.allows(upload / "inner" / "a.ogg")
    assert session.allows(upload)
    assert not session.allows(tmp_path / "a.ogg")
    assert not session.allows(upload / ".." / "a.ogg")
    assert not session.allows(upload / "out" / "a.ogg")  # a link leading out
    assert not session.allows(str(tmp_path / "upload-evil" / "a.ogg"))  # a name that starts alike
    assert not WebSession(None).allows(upload / "a.ogg")


def test_in_a_web_session_the_player_never_starts_and_says_why(music_app):
    """Enter on a track and every player key: a note that music plays only in
    the terminal app; no player (no mixer, no device) is ever made."""
    app, _clock = music_app()
    app.web_session = WebSession(None)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_music(pilot)
            assert str(screen.query_one("#mine-status", Static).render()) == (
                f"2 tracks in my music. {NO_MUSIC}.")
            await pilot.press("enter")
            await settle(pilot)
            for key in ("f9", "f10", "f11", "f12", "shift+f12", "ctrl+f9", "shift+f9"):
                await pilot.press(key)
            await settle(pilot)
            assert app.player is None and app.player_state is None
            assert notes(app) and set(notes(app)) == {NO_MUSIC}
            await pilot.press("4")  # the Queue tab says it too
            await settle(pilot)
            assert str(app.screen.query_one("#queue-status", Static).render()) == NO_MUSIC

    asyncio.run(scenario())


def test_without_an_upload_folder_the_pickers_do_not_open(music_app):
    from tui.screens.edit_profile import EditProfileScreen

    app, _clock = music_app()
    app.web_session = WebSession(None)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_music(pilot)
            await pilot.press("i")
            await settle(pilot)
            assert isinstance(app.screen, MusicScreen)
            assert any("Choosing files is off in the web app" in n for n in notes(app))
            app.push_screen(EditProfileScreen())
            await settle(pilot)
            await pilot.press("ctrl+b")
            await settle(pilot)
            assert isinstance(app.screen, EditProfileScreen)
            error = str(app.screen.query_one("#avatar_path-error", Static).render())
            assert "Choosing files is off in the web app" in error

    asyncio.run(scenario())


def test_the_avatar_picker_opens_in_the_upload_folder_and_a_typed_path_outside_is_refused(
    music_app, tmp_path
):
    from tui.screens.edit_profile import EditProfileScreen
    from tui.screens.file_picker import FilePickerScreen, ImageTree

    upload = tmp_path / "upload"
    upload.mkdir()
    app, _clock = music_app()
    app.web_session = WebSession(upload.resolve())

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(EditProfileScreen())
            await settle(pilot)
            await pilot.press("ctrl+b")
            await settle(pilot)
            assert isinstance(app.screen, FilePickerScreen)
            assert app.screen.query_one(ImageTree).path == upload.resolve()
            await pilot.press("escape")
            await settle(pilot)
            field = app.screen.query_one("#avatar_path", Input)
            field.focus()
            await type_text(pilot, str(tmp_path / "photo.png"))
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, EditProfileScreen)
            error = str(app.screen.query_one("#avatar_path-error", Static).render())
            assert error == "In the web app only files in the upload folder can be chosen."

    asyncio.run(scenario())


def test_the_web_texts_are_in_russian():
    from tests.tui.conftest import ui_strings

    catalogue: dict[str, str] = {}
    for po in ("web.po", "music.po"):  # the player's text is with the other music texts
        catalogue |= parse_po((LOCALE_DIR / "ru" / "LC_MESSAGES" / po).read_text("utf-8"))
    root = LOCALE_DIR.parents[1]
    wanted = {NO_MUSIC}
    for path in ("tui/web_session.py", "tui/links.py", "web/server.py"):
        wanted |= ui_strings(root / path)
    assert sorted(text for text in wanted if text not in catalogue) == []
    plurals = parse_po_plurals((LOCALE_DIR / "ru" / "LC_MESSAGES" / "music.po").read_text("utf-8"))
    assert len(plurals["{n} track in my music. {no_music}."]) == 3
