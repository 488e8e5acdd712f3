"""Drafts: what Анна types for one person stays with that person's dialog.

Before, the one composer kept its text when another dialog opened, and Enter
sent a text typed for Michail to Olga. Now each dialog keeps its own unsent
text and reply, the list shows "Draft: …" in its row, and the drafts are
still there after a restart.
"""

from __future__ import annotations

from models import dialogs
from models.drafts import drafts_for, save_draft
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.test_dialogs import open_chat, pick_in_new_dialog, run
from tests.tui.test_login import log_in
from tui.widgets.chat_view import ChatView
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList
from tui.widgets.reply_bar import ReplyBar


def composer(app) -> Composer:
    return app.screen.query_one(Composer)


def row_lines(app, peer_id: int) -> list[str]:
    """The two lines of the dialog list's row for ``peer_id``, as shown."""
    listing = app.screen.query_one(DialogList)
    index = [s.peer.id for s in listing.summaries].index(peer_id)
    top = index * 2 - int(listing.scroll_y)
    return [listing.render_line(top).text, listing.render_line(top + 1).text]


def test_text_typed_for_one_dialog_never_goes_to_another(app_db, logged_in_app):
    """Анна types for Michail and opens Olga: the composer is empty, and Enter
    sends nothing to Olga. Her text for Olga and the one for Michail each come
    back in their own dialog, and the list shows both as drafts."""
    app = logged_in_app("anna")
    michail, olga = app_db.michail.id, app_db.olga.id

    async def scenario(pilot):
        await open_chat(pilot, michail)
        await type_text(pilot, "For Michail only")
        await open_chat(pilot, olga)
        assert composer(app).text == ""
        await pilot.press("enter")
        await settle(pilot)
        assert dialogs.history(app_db.anna.id, olga) == []
        await type_text(pilot, "Olga, about Friday")
        await open_chat(pilot, michail)
        assert composer(app).text == "For Michail only"
        assert row_lines(app, olga)[1].strip() == "Draft: Olga, about Friday"
        await open_chat(pilot, olga)
        assert composer(app).text == "Olga, about Friday"
        assert row_lines(app, michail)[1].strip() == "Draft: For Michail only"
        await pilot.press("enter")
        await settle(pilot)
        assert [m.text for m in dialogs.history(app_db.anna.id, olga)] == ["Olga, about Friday"]
        assert "Draft:" not in row_lines(app, olga)[1]
        assert [m.text for m in dialogs.history(app_db.anna.id, michail)][0] == (
            "Yes, see you at seven.")

    run(app, scenario)


def test_the_new_dialog_picker_opens_an_empty_composer(app_db, logged_in_app):
    """Ctrl+N to someone else while a text is half-written: the new dialog's
    composer is empty, and the text waits in its own dialog."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        await type_text(pilot, "half a thought")
        await pick_in_new_dialog(pilot, "olg")
        assert app.screen.peer_id == app_db.olga.id
        assert composer(app).text == ""
        await open_chat(pilot, app_db.michail.id)
        assert composer(app).text == "half a thought"

    run(app, scenario)


def test_a_reply_in_progress_stays_with_its_dialog(app_db, logged_in_app):
    """r on Michail's message, a few words, then Olga's dialog: no reply bar
    there; back at Michail's the reply bar and the words are back, and Enter
    sends the reply to the quoted message."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        quoted = chat.items[0]
        chat.focus()
        await pilot.press("up", "up", "r")
        await type_text(pilot, "Yes!")
        await open_chat(pilot, app_db.olga.id)
        assert not app.screen.query_one(ReplyBar).has_class("-active")
        assert app.screen.reply_to is None and composer(app).text == ""
        chat = await open_chat(pilot, app_db.michail.id)
        assert app.screen.query_one(ReplyBar).has_class("-active")
        assert composer(app).text == "Yes!"
        await pilot.press("enter")
        await settle(pilot)
        stored = dialogs.history(app_db.anna.id, app_db.michail.id, limit=1)[0]
        assert (stored.text, stored.reply_to_id) == ("Yes!", quoted.id)

    run(app, scenario)


def test_an_edit_in_progress_stays_with_its_dialog(app_db, logged_in_app):
    """↑ to edit my last message to Michail, a key, then Olga's dialog: no edit
    there, and Enter changes nothing. Back at Michail's the edit goes on, and
    Enter saves it."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        await pilot.press("up")
        assert composer(app).text == "Yes, see you at seven."
        await type_text(pilot, "!")
        await open_chat(pilot, app_db.olga.id)
        assert app.screen.editing is None and composer(app).text == ""
        assert not app.screen.query_one(ReplyBar).has_class("-active")
        await pilot.press("enter")
        await settle(pilot)
        assert dialogs.history(app_db.anna.id, app_db.olga.id) == []
        await open_chat(pilot, app_db.michail.id)
        assert app.screen.editing is not None
        assert composer(app).text == "Yes, see you at seven.!"
        await pilot.press("enter")
        await settle(pilot)
        mine = dialogs.history(app_db.anna.id, app_db.michail.id)[0]
        assert mine.text == "Yes, see you at seven.!" and mine.edited_at is not None
        assert app.screen.editing is None

    run(app, scenario)


def test_drafts_outlive_a_restart_and_are_cleared_by_sending(app_db, logged_in_app):
    """Анна types for Michail and quits at once. Started again, the dialog
    list shows "Draft: …" for Michail, and his dialog opens with the text; a
    reply kept in the database comes back too. Sending clears the draft."""
    first = logged_in_app("anna")

    async def type_and_quit(pilot):
        await open_chat(pilot, app_db.michail.id)
        await type_text(pilot, "Written before a restart")

    run(first, type_and_quit)
    assert [(d.peer.id, d.text) for d in drafts_for(app_db.anna.id)] == [
        (app_db.michail.id, "Written before a restart")]
    theirs = dialogs.history(app_db.anna.id, app_db.michail.id)[-1]
    save_draft(app_db.anna.id, app_db.olga.id, "")  # nothing: no draft
    again = logged_in_app("anna")

    async def come_back(pilot):
        assert row_lines(again, app_db.michail.id)[1].strip() == "Draft: Written before a restart"
        await open_chat(pilot, app_db.michail.id)
        assert composer(again).text == "Written before a restart"
        await pilot.press("enter")
        await settle(pilot)
        assert drafts_for(app_db.anna.id) == []
        save_draft(app_db.anna.id, app_db.michail.id, "with a quote", theirs.id)

    run(again, come_back)
    third = logged_in_app("anna")

    async def reply_comes_back(pilot):
        await open_chat(pilot, app_db.michail.id)
        assert composer(third).text == "with a quote"
        assert third.screen.reply_to is not None and third.screen.reply_to.id == theirs.id
        assert third.screen.query_one(ReplyBar).has_class("-active")

    run(third, reply_comes_back)


def test_a_draft_outlives_log_out_and_log_in(app_db, logged_in_app):
    """Typed for Michail, then log out at once (no pause to save): after
    logging in again the draft is in his row and in his composer."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        await type_text(pilot, "Before logging out")
        app.log_out()
        await settle(pilot)
        await log_in(pilot, "anna", PASSWORD)
        await pilot.press("f3")
        await settle(pilot)
        assert row_lines(app, app_db.michail.id)[1].strip() == "Draft: Before logging out"
        await open_chat(pilot, app_db.michail.id)
        assert composer(app).text == "Before logging out"

    run(app, scenario)


def test_a_draft_for_someone_not_written_to_yet_is_listed(app_db, logged_in_app):
    """A draft for Olga, with no dialog yet, gives her a row in the list."""
    save_draft(app_db.anna.id, app_db.olga.id, "Hello Olga")
    app = logged_in_app("anna")

    async def scenario(pilot):
        listing = app.screen.query_one(DialogList)
        assert app_db.olga.id in [s.peer.id for s in listing.summaries]
        assert row_lines(app, app_db.olga.id)[1].strip() == "Draft: Hello Olga"

    run(app, scenario)


def test_the_draft_label_is_russian_under_ru(app_db, logged_in_app):
    save_draft(app_db.anna.id, app_db.michail.id, "Черновое")
    app = logged_in_app("anna", lang="ru")

    async def scenario(pilot):
        assert row_lines(app, app_db.michail.id)[1].strip() == "Черновик: Черновое"

    run(app, scenario)


def test_messages_are_never_sent_from_a_draft_of_another_person(app_db, logged_in_app):
    """Анна's draft never shows for Michail: his app lists no draft for her."""
    save_draft(app_db.anna.id, app_db.michail.id, "private draft")
    app = logged_in_app("michail")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.anna.id)
        assert isinstance(chat, ChatView)
        assert composer(app).text == ""
        assert all("private draft" not in " ".join(row_lines(app, s.peer.id))
                   for s in app.screen.query_one(DialogList).summaries)

    run(app, scenario)


def test_snapshot_dialog_list_with_drafts(app_db, logged_in_app, snap_compare):
    """Saved notes open; Michail's row says "Draft: …" in the draft colour, and
    Olga, not written to yet, has a row with her draft."""
    save_draft(app_db.anna.id, app_db.michail.id, "See you at eight, not seven")
    save_draft(app_db.anna.id, app_db.olga.id, "Hello Olga")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        pilot.app.open_dialog(app_db.anna.id)
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_a_draft_is_written_while_typing_not_only_when_leaving(app_db, logged_in_app):
    """Анна types for Michail and stays in his chat: a moment after her last key
    the draft is in the database, so an app killed now (SIGKILL, a lost SSH
    connection: no unmount, no dialog switch) loses nothing she typed.

    The handler was an ``@on`` in a mixin, which Textual never collects: drafts
    were written only on a dialog switch or when the screen closed."""
    from tests.tui.test_live import until

    app = logged_in_app("anna")
    michail = app_db.michail.id

    def stored() -> list[str]:
        return [d.text for d in drafts_for(app_db.anna.id) if d.peer and d.peer.id == michail]

    async def scenario(pilot):
        await open_chat(pilot, michail)
        await type_text(pilot, "Half typed for Mich")
        assert await until(pilot, lambda: stored() == ["Half typed for Mich"])
        await type_text(pilot, "ail")
        assert await until(pilot, lambda: stored() == ["Half typed for Michail"])
        assert composer(app).text == "Half typed for Michail"
        assert app.screen.chat is not None and app.focused is composer(app)

    run(app, scenario)
