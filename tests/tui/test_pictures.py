"""Pictures in the composers: ctrl+o opens the file picker (up and down
folders, a typed path, several files marked at once, F1 inside it), the
picked files show as removable chips, a refused file is named with its reason
and nothing is sent, and a sent message or post carries its pictures."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from PIL import Image
from textual.widgets import Input

from models import dialogs, posts
from models.schema import Attachment, Media
from tests.tui.conftest import settle, type_text
from tui.screens.composer import ComposerScreen
from tui.screens.dialogs import DialogsScreen
from tui.screens.file_picker import FilePickerScreen, ImageTree
from tui.screens.help import HelpScreen
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.composer import Composer


def photo(path: Path, colour=(200, 40, 40), size=(60, 40)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def pictures_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pictures"
    photo(folder / "a-red.png")
    photo(folder / "b-blue.png", (40, 40, 200))
    (folder / "c-broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    photo(folder / "trip" / "d-green.jpg", (40, 200, 40))
    return folder


async def calm(pilot) -> None:
    """``settle`` while a directory tree is on screen: its loader worker runs
    for as long as the tree does, so only the other workers are waited for."""
    for _ in range(3):
        others = [w for w in pilot.app.workers if w.group != "_loader"]
        if others:
            await pilot.app.workers.wait_for_complete(others)
        await pilot.pause(0.05)


def run(app, scenario, size=(100, 30)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def open_picker(pilot) -> FilePickerScreen:
    await pilot.press("ctrl+o")
    await calm(pilot)
    assert isinstance(pilot.app.screen, FilePickerScreen)
    return pilot.app.screen


def tree_row(tree: ImageTree, name: str) -> int:
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and node.data is not None and Path(node.data.path).name == name:
            return line
    raise AssertionError(f"{name} is not in the tree")


async def mark(pilot, name: str) -> None:
    tree = pilot.app.screen.query_one(ImageTree)
    tree.cursor_line = tree_row(tree, name)
    await pilot.press("space")
    await calm(pilot)


async def write_a_post_and_pick(pilot, folder: Path, *names: str) -> None:
    """The post composer with "Summer" written and ``names`` marked in the picker."""
    pilot.app.push_screen(ComposerScreen())
    await calm(pilot)
    await type_text(pilot, "Summer")
    picker = await open_picker(pilot)
    picker.query_one(ImageTree).path = folder
    await calm(pilot)
    for name in names:
        await mark(pilot, name)


def chip_labels(screen) -> list[str]:
    return [label for _item, label in screen.query_one(AttachmentChips).entries]


def test_pictures_picked_in_a_chat_are_chips_then_go_with_the_message(
        logged_in_app, app_db, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = pictures_folder(tmp_path)
    app = logged_in_app("anna")

    async def scenario(pilot):
        app.open_dialog(app_db.michail.id)
        await calm(pilot)
        assert isinstance(app.screen, DialogsScreen)
        app.screen.query_one(Composer).focus()
        await type_text(pilot, "Look")
        picker = await open_picker(pilot)
        tree = picker.query_one(ImageTree)
        await pilot.press("ctrl+l")  # a typed folder becomes the tree
        await type_text(pilot, str(folder))
        await pilot.press("enter")
        await calm(pilot)
        assert Path(tree.path) == folder
        await mark(pilot, "a-red.png")
        await mark(pilot, "b-blue.png")
        await mark(pilot, "c-broken.png")
        assert [p.name for p in tree.marked] == ["a-red.png", "b-blue.png", "c-broken.png"]
        await mark(pilot, "b-blue.png")  # unmarked again
        await mark(pilot, "b-blue.png")
        await pilot.press("ctrl+s")
        await calm(pilot)
        screen = app.screen
        assert isinstance(screen, DialogsScreen)
        assert chip_labels(screen) == ["▣ a-red.png", "▣ b-blue.png"]
        refused = [n.message for n in app._notifications if n.severity == "error"]
        assert any("c-broken.png: The file is not a PNG, JPEG, GIF or WebP image." in m
                   for m in refused), refused
        assert Media.select().count() == 0  # nothing stored before sending
        # a chip comes off with a click
        await pilot.click("#chat-chips .chip-1")
        await calm(pilot)
        assert chip_labels(screen) == ["▣ a-red.png"]
        screen.query_one(Composer).focus()
        await pilot.press("enter")
        await calm(pilot)
        assert chip_labels(screen) == [] and screen.query_one(Composer).text == ""
        newest = dialogs.history(app_db.michail.id, app_db.anna.id)[0]
        assert newest.text == "Look" and [a.kind for a in newest.attachments] == ["image"]
        assert (newest.attachments[0].width, newest.attachments[0].height) == (60, 40)

    run(app, scenario)


def test_the_picker_goes_up_and_down_folders_and_f1_shows_its_keys(
        logged_in_app, app_db, tmp_path):
    folder = pictures_folder(tmp_path)
    app = logged_in_app("anna")

    async def scenario(pilot):
        app.push_screen(FilePickerScreen(folder / "trip", multiple=True))
        await calm(pilot)
        tree = app.screen.query_one(ImageTree)
        await pilot.press("backspace")  # up
        await calm(pilot)
        assert Path(tree.path) == folder
        tree.cursor_line = tree_row(tree, "trip")
        await pilot.press("enter")  # down: the folder opens
        await calm(pilot)
        tree.cursor_line = tree_row(tree, "d-green.jpg")
        await pilot.press("f1")
        await calm(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(cell) for row in app.screen.query_one("#help-table")._data.values()
                         for cell in row.values())
        for words in ("Parent folder", "Mark / unmark", "Attach the marked", "Type a path"):
            assert words in shown
        await pilot.press("f1")
        await calm(pilot)
        assert isinstance(app.screen, FilePickerScreen)

    run(app, scenario)


def test_a_refused_post_keeps_its_text_and_good_chips(logged_in_app, app_db, tmp_path,
                                                     monkeypatch):
    """Every file refused at picking: nothing published; a post with a good
    picture is published with it in one go."""
    folder = pictures_folder(tmp_path)
    app = logged_in_app("anna")
    before = posts.feed_everyone(app_db.anna.id).items[0].id

    async def scenario(pilot):
        await write_a_post_and_pick(pilot, folder, "a-red.png", "c-broken.png")
        await pilot.press("ctrl+s")
        await calm(pilot)
        composer = app.screen
        assert isinstance(composer, ComposerScreen)
        assert chip_labels(composer) == ["▣ a-red.png"]
        assert "c-broken.png" in str(composer.query_one("#composer-error").render())
        assert posts.feed_everyone(app_db.anna.id).items[0].id == before
        await pilot.press("ctrl+s")  # publish
        await calm(pilot)
        assert not isinstance(app.screen, ComposerScreen)
        newest = posts.feed_everyone(app_db.anna.id).items[0]
        assert newest.text == "Summer" and len(newest.attachments) == 1
        assert Attachment.select().count() == 1

    run(app, scenario)


def encoded(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), colour).save(out, format="PNG")
    return out.getvalue()


def test_in_a_web_session_the_picker_keeps_to_the_upload_folder(logged_in_app, app_db, tmp_path):
    """The picker opens in the upload folder, Backspace does not leave it, and a
    typed path outside it is refused; without an upload folder ctrl+o says why."""
    from tui.web_session import WebSession

    upload = pictures_folder(tmp_path / "upload")
    outside = photo(tmp_path / "secret.png")
    app = logged_in_app("anna")
    app.web_session = WebSession(upload.resolve())

    async def scenario(pilot):
        app.push_screen(ComposerScreen())
        await calm(pilot)
        picker = await open_picker(pilot)
        tree = picker.query_one(ImageTree)
        assert Path(tree.path) == upload.resolve()
        await pilot.press("backspace")
        await calm(pilot)
        assert Path(tree.path) == upload.resolve()
        await pilot.press("ctrl+l")
        await type_text(pilot, str(outside))
        await pilot.press("enter")
        await calm(pilot)
        assert isinstance(app.screen, FilePickerScreen)
        assert "upload folder" in str(picker.query_one("#file-picker-error").render())
        await pilot.press("escape")
        await calm(pilot)
        app.web_session = WebSession(None)
        await pilot.press("ctrl+o")
        await calm(pilot)
        assert isinstance(app.screen, ComposerScreen)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("Choosing files is off in the web app" in m for m in warnings)

    run(app, scenario)


def test_a_refused_send_gives_back_the_text_and_every_chip(logged_in_app, app_db, tmp_path):
    """A track that left the catalogue is refused by the send (one transaction):
    no message, no stored picture; the text and both chips are back."""
    from models.images import prepare_image

    good = prepare_image(photo(tmp_path / "ok.png"))
    app = logged_in_app("anna")
    before = dialogs.history(app_db.anna.id, app_db.michail.id)[0].id

    async def scenario(pilot):
        app.open_dialog(app_db.michail.id)
        await calm(pilot)
        screen = app.screen
        screen.query_one(AttachmentChips).add([(good, "▣ ok.png"), (999_999, "♪ gone")])
        composer = screen.query_one(Composer)
        composer.focus()
        await type_text(pilot, "With a song")
        await pilot.press("enter")
        await calm(pilot)
        assert composer.text == "With a song"
        assert chip_labels(screen) == ["▣ ok.png", "♪ gone"]
        assert dialogs.history(app_db.anna.id, app_db.michail.id)[0].id == before
        assert Media.select().count() == 0

    run(app, scenario)


def test_the_same_picture_picked_again_is_not_attached_twice(
        logged_in_app, app_db, tmp_path, monkeypatch):
    """a-red.png picked, then picked again with its copy under another name: one
    chip, and both are named as attached already."""
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = pictures_folder(tmp_path)
    (folder / "copy of a-red.png").write_bytes((folder / "a-red.png").read_bytes())
    app = logged_in_app("anna")

    async def pick(pilot, *names: str) -> None:
        picker = await open_picker(pilot)
        await pilot.press("ctrl+l")
        await type_text(pilot, str(folder))
        await pilot.press("enter")
        await calm(pilot)
        assert Path(picker.query_one(ImageTree).path) == folder
        for name in names:
            await mark(pilot, name)
        await pilot.press("ctrl+s")
        await calm(pilot)

    async def scenario(pilot):
        app.open_dialog(app_db.michail.id)
        await calm(pilot)
        app.screen.query_one(Composer).focus()
        await pick(pilot, "a-red.png")
        await pick(pilot, "a-red.png", "copy of a-red.png", "b-blue.png")
        assert chip_labels(app.screen) == ["▣ a-red.png", "▣ b-blue.png"]
        refused = "\n".join(n.message for n in app._notifications if n.severity == "error")
        assert "a-red.png: This picture is attached already." in refused
        assert "copy of a-red.png: This picture is attached already." in refused

    run(app, scenario)


def test_a_typed_path_the_disk_cannot_look_at_is_refused_not_a_crash(
        logged_in_app, app_db, tmp_path, monkeypatch):
    """A name too long for the disk (the same error as a folder one may not
    look into): the picker and the import said nothing and the app fell over
    on the error; now the picture is refused with the reason, the text kept."""
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = pictures_folder(tmp_path)
    long_name = "x" * 300 + ".png"
    app = logged_in_app("anna")

    async def scenario(pilot):
        app.open_dialog(app_db.michail.id)
        await calm(pilot)
        app.screen.query_one(Composer).focus()
        await type_text(pilot, "Look")
        picker = await open_picker(pilot)
        await pilot.press("ctrl+l")
        picker.query_one("#file-picker-path", Input).value = str(folder / long_name)
        await pilot.press("enter")
        await calm(pilot)
        assert isinstance(app.screen, DialogsScreen)
        assert chip_labels(app.screen) == []
        refused = "\n".join(n.message for n in app._notifications if n.severity == "error")
        assert long_name in refused and "cannot be read" in refused, refused
        assert app.screen.query_one(Composer).text == "Look"

    run(app, scenario)


def test_pictures_ready_after_the_composer_closed_are_named_not_lost_silently(
        logged_in_app, app_db, tmp_path, monkeypatch):
    """Esc while the picked picture is still being read: the composer keeps
    the text; the picture, ready a moment later, is named as not attached
    (it used to vanish without a word)."""
    import threading

    from tui import picture_attach

    folder = pictures_folder(tmp_path)
    gate = threading.Event()
    real = picture_attach.prepare_image
    monkeypatch.setattr(picture_attach, "prepare_image", lambda path: gate.wait(5) and real(path))
    app = logged_in_app("anna")

    async def scenario(pilot):
        await write_a_post_and_pick(pilot, folder, "a-red.png")
        await pilot.press("ctrl+s")  # the picker closes; the picture is being read
        await pilot.press("escape")  # and the composer closes before it is ready
        gate.set()
        await calm(pilot)
        assert not isinstance(app.screen, ComposerScreen)
        assert app.post_draft == ("Summer", ())
        refused = "\n".join(n.message for n in app._notifications if n.severity == "error")
        assert "a-red.png: Ready only after the composer closed; attach it again." in refused

    run(app, scenario)


def test_a_refused_picture_leaves_its_typed_path_in_the_picker(
        logged_in_app, app_db, tmp_path, monkeypatch):
    """Ctrl+O, Ctrl+L, the path of a file that is no picture, Enter: refused
    with the reason, and Ctrl+O again has the path typed, to mend it (it
    opened empty); a picture attached, Ctrl+O opens empty again."""
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = pictures_folder(tmp_path)
    broken, good = str(folder / "c-broken.png"), str(folder / "a-red.png")
    app = logged_in_app("anna")

    async def typed_and_entered(pilot, path: str) -> None:
        picker = await open_picker(pilot)
        await pilot.press("ctrl+l")
        picker.query_one("#file-picker-path", Input).value = path
        await pilot.press("enter")
        await calm(pilot)

    async def scenario(pilot):
        app.open_dialog(app_db.michail.id)
        await calm(pilot)
        app.screen.query_one(Composer).focus()
        await typed_and_entered(pilot, broken)
        assert isinstance(app.screen, DialogsScreen) and chip_labels(app.screen) == []
        refused = "\n".join(n.message for n in app._notifications if n.severity == "error")
        assert "c-broken.png" in refused, refused
        picker = await open_picker(pilot)
        assert picker.query_one("#file-picker-path", Input).value == broken
        await pilot.press("escape")
        await calm(pilot)
        await typed_and_entered(pilot, good)
        assert chip_labels(app.screen) == ["▣ a-red.png"]
        picker = await open_picker(pilot)
        assert picker.query_one("#file-picker-path", Input).value == ""

    run(app, scenario)
