"""A message of attachments only says what it carries, as messengers do: in
the dialog list "🖼 2 pictures" and "♪ Title — Artist" (the track's title shown
literally, never as markup), in Russian "🖼 2 фото"; in the toast of a new
message; in the reply bar and the quote of a reply to it. Snapshot of the list."""

from __future__ import annotations

import io

from rich.console import Console

from models import dialogs, messages, settings
from tests.tui import music_data as fixtures
from tests.tui.conftest import settle, type_text
from tests.tui.test_dialogs import _to_dialogs
from tests.tui.test_live import POLL, notes, run, until
from tests.tui.test_picture_views import picture
from tui.i18n import set_language
from tui.widgets.chat_view import ChatView
from tui.widgets.dialog_list import DialogList, preview_text
from tui.widgets.reply_bar import ReplyBar

music_data = fixtures.music_data


def share(app_db, music_data) -> None:
    """Michail sends Анна two pictures, Olga the track whose title is markup;
    both read, so no unread count races the first poll."""
    anna = app_db.anna.id
    sent = messages.send_message(app_db.michail.id, anna, "", messages.new_client_id(),
                                 attachments=[picture(), picture()])
    dialogs.mark_read(anna, app_db.michail.id, sent.seq)
    sent = messages.send_message(app_db.olga.id, anna, "", messages.new_client_id(),
                                 attachments=[music_data.loud.id])
    dialogs.mark_read(anna, app_db.olga.id, sent.seq)


def list_previews(app) -> dict[str, str]:
    found = app.screen.query_one(DialogList)
    return {s.peer.login: preview_text(s).plain for s in found.summaries if s.peer is not None}


def test_the_list_says_pictures_and_the_track_literally(app_db, logged_in_app, music_data):
    share(app_db, music_data)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await _to_dialogs(pilot)
        shown = list_previews(app)
        assert shown["michail"] == "🖼 2 pictures"
        assert shown["olga"] == "♪ [b]Loud[/b] title — [red]Mallory[/]"
        console = Console(width=60, record=True, file=io.StringIO())
        [olgas] = [s for s in app.screen.query_one(DialogList).summaries
                   if s.peer is not None and s.peer.login == "olga"]
        console.print(preview_text(olgas))
        assert "[b]Loud[/b] title" in console.export_text()  # not bold: shown as typed

    run(app, scenario)


def test_in_russian_the_list_says_foto(app_db, logged_in_app, music_data, request):
    share(app_db, music_data)
    settings.save_settings(app_db.anna.id, language="ru")  # read at log-in
    request.addfinalizer(lambda: set_language("en"))
    app = logged_in_app("anna")

    async def scenario(pilot):
        await _to_dialogs(pilot)
        assert list_previews(app)["michail"] == "🖼 2 фото"

    run(app, scenario)


def test_the_toast_of_a_new_message_of_a_picture_says_picture(app_db, logged_in_app):
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        messages.send_message(app_db.michail.id, app_db.anna.id, "", messages.new_client_id(),
                              attachments=[picture()])
        assert await until(pilot, lambda: any("🖼 Picture" in n for n in notes(app)))
        assert not any(n.endswith(": ") or "attachment" in n for n in notes(app))

    run(app, scenario)


def test_a_reply_to_pictures_quotes_them(app_db, logged_in_app, music_data):
    share(app_db, music_data)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await _to_dialogs(pilot)
        app.open_dialog(app_db.michail.id)
        await settle(pilot)
        app.screen.query_one(ChatView).focus()
        await pilot.press("up", "r")
        await settle(pilot)
        assert "🖼 2 pictures" in app.screen.query_one(ReplyBar).line(100).plain
        await type_text(pilot, "Beautiful")
        await pilot.press("enter")
        await settle(pilot)
        assert await until(pilot, lambda: any(
            m.text == "Beautiful" and m.id for m in app.screen.query_one(ChatView).items))
        [reply] = [m for m in app.screen.query_one(ChatView).items if m.text == "Beautiful"]
        assert reply.reply_preview == "🖼 2 pictures"

    run(app, scenario)


def test_snapshot_the_list_with_pictures_and_a_track(app_db, logged_in_app, music_data,
                                                     snap_compare):
    """Olga: "♪ [b]Loud[/b] title — [red]Mallory[/]" as typed; Michail: "🖼 2 pictures"."""
    share(app_db, music_data)
    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=_to_dialogs)


def test_a_search_result_of_pictures_only_is_said_in_the_ui_language(request):
    from models.message_views import attachment_preview
    from models.snippets import Snippet
    from models.views import AttachmentView
    from tui.screens.search import snippet_text

    request.addfinalizer(lambda: set_language("en"))
    two = attachment_preview([AttachmentView("image", 0), AttachmentView("image", 1)])
    set_language("ru")
    assert snippet_text(Snippet(two, ())).plain == "🖼 2 фото"
