"""Dialogs: the list of conversations, the chat, writing, editing, deleting, replying.

Each test opens the app logged in (``tests/tui/conftest.py``), goes to
Dialogs with F3 and drives it with key presses like a person.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from models import clock, dialogs, messages
from models.errors import DatabaseError
from models.schema import Dialog, DialogMember, Message
from tests.tui.conftest import paste_refused_then_one_that_fits, settle, type_text
from tui import chats
from tui.screens.confirm import ConfirmScreen
from tui.screens.dialogs import DialogsScreen
from tui.screens.new_dialog import NewDialogScreen
from tui.widgets.chat_view import MAX_LOADED, ChatView
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList
from tui.widgets.reply_bar import ReplyBar


def run(app, scenario, size=(100, 30)):
    """Run ``scenario(pilot)`` with the app on the Dialogs section."""

    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            await scenario(pilot)

    asyncio.run(main())


async def open_chat(pilot, peer_id: int) -> ChatView:
    pilot.app.open_dialog(peer_id)
    await settle(pilot)
    return pilot.app.screen.query_one(ChatView)


def last_preview(me_id: int, peer_id: int) -> str:
    """The dialog's last message as the list shows it (what was sent last)."""
    return dialogs.open_dialog(me_id, peer_id).last_message_preview


async def pick_in_new_dialog(pilot, query: str) -> None:
    """Ctrl+N, type ``query``, Enter: back on Dialogs with that person's chat."""
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, NewDialogScreen)
    await type_text(pilot, query)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DialogsScreen)


def errors(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


def test_dialog_list_shows_notes_first_then_conversations(app_db, logged_in_app):
    """Анна sees "Saved notes" on top, then Michail with the last message preview."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        listing = app.screen.query_one(DialogList)
        assert [s.peer.id for s in listing.summaries] == [app_db.anna.id, app_db.michail.id]
        assert listing.summaries[1].last_message_preview == "Yes, see you at seven."
        assert listing.summaries[1].last_message_from_me

    run(app, scenario)


def test_write_a_message_with_two_lines(app_db, logged_in_app):
    """Typing, ctrl+j for a new line and Enter: the message shows in the chat,
    the composer empties, and the message is stored with both lines."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        assert len(chat.items) == 2
        await type_text(pilot, "Hello")
        await pilot.press("ctrl+j")
        await type_text(pilot, "there")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(Composer).text == ""
        assert chat.items[-1].text == "Hello\nthere"
        assert chat.items[-1].id != 0 and chat.state_of(chat.items[-1]) == "sent"
        stored = dialogs.history(app_db.anna.id, app_db.michail.id, limit=1)
        assert stored[0].text == "Hello\nthere"
        assert "there" in chat.render_lines_text()
        preview = app.screen.query_one(DialogList).summaries[1]
        assert preview.last_message_from_me and preview.last_message_preview.startswith("Hello")

    run(app, scenario)


def test_empty_message_is_refused_and_kept(app_db, logged_in_app):
    """Enter on only spaces: an error says why, the spaces stay, nothing is stored."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        await pilot.press("space", "space")
        await pilot.press("enter")
        await settle(pilot)
        assert errors(app) == ["A message cannot be empty."]
        assert app.screen.query_one(Composer).text == "  "
        assert len(chat.items) == 2
        assert len(dialogs.history(app_db.anna.id, app_db.michail.id)) == 2

    run(app, scenario)


def test_too_long_message_goes_back_to_the_composer(app_db, logged_in_app):
    """A 4001-character message is refused; its text stays in the composer, not
    lost, and no "sending…" bubble comes and goes in the chat meanwhile (a long
    paste moved the chat twice)."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        shown = []
        add_pending = chat.add_pending
        chat.add_pending = lambda message: (shown.append(message), add_pending(message))
        composer = app.screen.query_one(Composer)
        composer.set_text("x" * 4001)
        await pilot.press("enter")
        await settle(pilot)
        assert errors(app) and "at most 4000" in errors(app)[0]
        assert composer.text == "x" * 4001
        assert len(chat.items) == 2
        assert shown == []

    run(app, scenario)


def test_a_paste_the_draft_cannot_keep_is_refused_aloud_and_the_text_stays(app_db, logged_in_app):
    """The chat's composer holds what its draft can keep (20 000 characters):
    a 300 000-character paste changes nothing and says why (it was taken, and
    the draft it could not be kept as was gone after a restart); a paste that
    fits goes in where the cursor is."""
    from models.drafts import MAX_DRAFT_LENGTH

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        composer = app.screen.query_one(Composer)
        await type_text(pilot, "Half ")
        await paste_refused_then_one_that_fits(pilot, composer, MAX_DRAFT_LENGTH, 300_000)
        assert composer.text == "Half fits"

    run(app, scenario)


def test_edit_last_own_message_with_up(app_db, logged_in_app):
    """Up in the empty composer loads my last message; Enter saves it, marked edited."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        await pilot.press("up")
        composer = app.screen.query_one(Composer)
        assert composer.text == "Yes, see you at seven."
        assert app.screen.query_one(ReplyBar).has_class("-active")
        composer.set_text("Yes, see you at eight.")
        await pilot.press("enter")
        await settle(pilot)
        edited = chat.items[1]
        assert edited.text == "Yes, see you at eight." and edited.edited_at is not None
        assert "edited" in chat.render_lines_text()
        assert composer.text == ""
        stored = dialogs.history(app_db.anna.id, app_db.michail.id)
        assert stored[0].text == "Yes, see you at eight."

    run(app, scenario)


def test_my_last_message_stays_in_view_while_i_edit_it(app_db, logged_in_app):
    """A long chat at its end: Up opens the edit bar, a line taller, and the
    chat still shows its end (it stopped a line short, my message half under
    the bar); Enter without a change saves nothing new (not marked edited)
    and the chat still ends with the message."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        for i in range(25):
            await type_text(pilot, f"line {i}")
            await pilot.press("enter")
            await settle(pilot)
        assert chat.max_scroll_y > 0 and chat.is_vertical_scroll_end
        await pilot.press("up")
        await settle(pilot)
        assert app.screen.query_one(ReplyBar).has_class("-active")
        assert chat.is_vertical_scroll_end and "line 24" in chat.render_lines_text()
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query_one(ReplyBar).has_class("-active")
        assert chat.is_vertical_scroll_end
        assert chat.items[-1].text == "line 24" and chat.items[-1].edited_at is None

    run(app, scenario)


def test_escape_cancels_an_edit_and_restores_the_draft(app_db, logged_in_app):
    """A half-written message survives starting and cancelling an edit."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        await type_text(pilot, "draft")
        composer = app.screen.query_one(Composer)
        chat = app.screen.query_one(ChatView)
        chat.focus()
        await pilot.press("up")  # select my message, the newest
        await pilot.press("e")
        assert composer.text == "Yes, see you at seven."
        await pilot.press("escape")
        assert composer.text == "draft"
        assert not app.screen.query_one(ReplyBar).has_class("-active")

    run(app, scenario)


def test_delete_own_message_after_confirming(app_db, logged_in_app):
    """d on my message asks first; confirming deletes it for both."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await pilot.press("up")
        assert chat.selected_message.sender.id == app_db.anna.id
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert chat.items[1].deleted and not chat.items[0].deleted
        assert "message deleted" in chat.render_lines_text()
        assert dialogs.history(app_db.anna.id, app_db.michail.id)[0].deleted

    run(app, scenario)


def test_cancel_delete_keeps_the_message(app_db, logged_in_app):
    """Escape on the question leaves the message alone."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await pilot.press("up", "d")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert not dialogs.history(app_db.anna.id, app_db.michail.id)[0].deleted

    run(app, scenario)


def test_cannot_edit_someone_elses_message(app_db, logged_in_app):
    """e on Michail's message only says it is not mine."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await pilot.press("up", "up", "e")
        assert app.screen.query_one(Composer).text == ""
        assert not app.screen.query_one(ReplyBar).has_class("-active")

    run(app, scenario)


def test_reply_quotes_the_message(app_db, logged_in_app):
    """r on Michail's message shows a quote bar; the sent reply carries the quote."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await pilot.press("up", "up", "r")
        assert app.screen.query_one(ReplyBar).has_class("-active")
        await type_text(pilot, "See you!")
        await pilot.press("enter")
        await settle(pilot)
        reply = chat.items[-1]
        assert reply.reply_to_id == chat.items[0].id
        assert reply.reply_preview.startswith("Привет! Are you coming")
        assert "▎ Привет! Are you coming tonight?" in chat.render_lines_text()
        stored = dialogs.history(app_db.anna.id, app_db.michail.id, limit=1)[0]
        assert stored.reply_to_id == chat.items[0].id

    run(app, scenario)


def test_failed_send_is_kept_and_retried_once(app_db, logged_in_app, monkeypatch):
    """When the database is down, the message stays marked "not sent"; ctrl+r
    sends it, and it is stored once."""
    app = logged_in_app("anna")
    real_send = messages.send_message
    calls = []

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise DatabaseError("The database is busy. Please try again in a moment.")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(messages, "send_message", flaky)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        await type_text(pilot, "Are you there?")
        await pilot.press("enter")
        await settle(pilot)
        assert chat.state_of(chat.items[-1]) == "failed"
        assert "not sent" in chat.render_lines_text()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert chat.state_of(chat.items[-1]) == "sent"
        assert calls[0][3] == calls[1][3]  # the same client id
        texts = [m.text for m in dialogs.history(app_db.anna.id, app_db.michail.id)]
        assert texts.count("Are you there?") == 1

    run(app, scenario)


def test_message_from_peer_appears_without_a_key(app_db, logged_in_app):
    """While the chat is open, Michail writes: the app's poll delivers it, it
    shows without a key press, the dialog list moves it up, and it is read."""
    app = logged_in_app("anna", poll_interval=0.1)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        assert app.open_peer_id == app_db.michail.id
        await pilot.pause(0.3)  # the poll has learnt where the messages end
        messages.send_message(app_db.michail.id, app_db.anna.id, "Ping!", "live-1")
        for _ in range(40):  # up to a few poll rounds
            await pilot.pause(0.1)
            await settle(pilot)
            if chat.items[-1].text == "Ping!":
                break
        assert chat.items[-1].text == "Ping!"
        assert "Ping!" in chat.render_lines_text()
        assert dialogs.unread_total(app_db.anna.id) == 0
        summary = app.screen.query_one(DialogList).summary_for(app_db.michail.id)
        assert summary.last_message_preview == "Ping!" and summary.unread_count == 0

    run(app, scenario)


def test_an_empty_chat_offers_no_key_for_a_message(app_db, logged_in_app):
    """The chat with Olga, who was never written to, has no message: the chat
    pane's footer offers no Reply, Edit, Delete, Who has read it or React, and
    its keys put nothing on screen; once a message is there, they are offered."""
    app = logged_in_app("anna")
    message_keys = {"request", "track"}

    def offered() -> set[str]:
        return {active.binding.action.partition("(")[0]
                for active in app.screen.active_bindings.values() if active.enabled}

    async def scenario(pilot):
        await pick_in_new_dialog(pilot, "olg")
        chat = app.screen.query_one(ChatView)
        chat.focus()
        await settle(pilot)
        assert chat.has_focus and not chat.items
        assert not offered() & message_keys
        await pilot.press("r", "e", "plus", "i")
        await settle(pilot)
        assert isinstance(app.screen, DialogsScreen)
        assert not app.screen.query_one(ReplyBar).has_class("-active")
        app.screen.query_one(Composer).focus()
        await type_text(pilot, "Hi Olga")
        await pilot.press("enter")
        await settle(pilot)
        chat.focus()
        await settle(pilot)
        assert "request" in offered()

    run(app, scenario)


def test_new_dialog_picker_starts_a_conversation(app_db, logged_in_app):
    """ctrl+n, type part of a name, Enter: the empty chat with Olga opens; the
    first message starts the dialog."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pick_in_new_dialog(pilot, "olg")
        assert app.screen.peer_id == app_db.olga.id
        await type_text(pilot, "Hi Olga")
        await pilot.press("enter")
        await settle(pilot)
        assert dialogs.history(app_db.anna.id, app_db.olga.id)[0].text == "Hi Olga"
        peers = [s.peer.id for s in app.screen.query_one(DialogList).summaries]
        assert peers[:2] == [app_db.anna.id, app_db.olga.id]

    run(app, scenario)


def test_enter_in_the_new_dialog_picker_waits_for_the_answer_to_what_is_typed(
        app_db, logged_in_app, monkeypatch):
    """The search is slow (a busy database): Анна types "olg" and presses Enter
    before its answer is in. The picker waits for it and opens Olga — not the
    first person of the list still on screen (everyone, Mallory first)."""
    import time

    from models import people

    app = logged_in_app("anna")
    search_users = people.search_users

    def slow_search(*args, **kwargs):
        time.sleep(0.3)
        return search_users(*args, **kwargs)

    async def scenario(pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NewDialogScreen)
        assert app.screen.users[0].login == "mallory"
        monkeypatch.setattr(people, "search_users", slow_search)
        await type_text(pilot, "olg")
        await pilot.press("enter")  # the answer to "olg" is not in yet
        await settle(pilot)
        assert isinstance(app.screen, DialogsScreen)
        assert app.screen.peer_id == app_db.olga.id

    run(app, scenario)


def test_next_unread_jumps_to_the_dialog(app_db, logged_in_app):
    """Olga and Mallory wrote to Анна: ctrl+g opens the newest dialog with unread
    messages and clears its badge; ctrl+g again goes to the other one."""
    messages.send_message(app_db.mallory.id, app_db.anna.id, "Hi", "mallory-1")
    messages.send_message(app_db.olga.id, app_db.anna.id, "Hello Анна", "olga-1")
    assert dialogs.unread_total(app_db.anna.id) == 2
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.screen.peer_id == app_db.olga.id
        assert dialogs.unread_total(app_db.anna.id) == 1
        summary = app.screen.query_one(DialogList).summary_for(app_db.olga.id)
        assert summary.unread_count == 0
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.screen.peer_id == app_db.mallory.id
        assert dialogs.unread_total(app_db.anna.id) == 0

    run(app, scenario)


def test_long_rtl_and_emoji_messages_wrap(app_db, logged_in_app):
    """A 4000-character message, Arabic and Hebrew text and emoji all show, wrapped
    to the pane: no line is wider than the chat."""
    long_text = ("word " * 800).strip()[:4000]
    for n, text in enumerate([long_text, "مرحبا بالعالم", "שלום עולם", "🎉🎉 party 👩‍👩‍👧"]):
        messages.send_message(app_db.michail.id, app_db.anna.id, text, f"wide-{n}")
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        shown = chat.render_lines_text()
        for piece in ("مرحبا بالعالم", "שלום עולם", "party"):
            assert piece in shown
        assert shown.count("word") == 800
        width = chat.scrollable_content_region.width
        strips = [s for i in range(len(chat.items)) for s in chat._strips_for(i, width)]
        assert all(strip.cell_length == width for strip in strips)

    run(app, scenario)


def test_markup_in_names_and_messages_is_shown_literally(app_db, logged_in_app):
    """"[bold red]x[/] Markup" who writes "[@click=app.quit]hi[/]" is shown with
    the brackets, in the list, the title and the chat; nothing is clickable."""
    messages.send_message(app_db.mallory.id, app_db.anna.id, "[@click=app.quit]hi[/]", "trick-1")
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.mallory.id)
        shown = chat.render_lines_text()
        assert "[bold red]x[/] Markup" in shown
        assert "[@click=app.quit]hi[/]" in shown
        title = app.screen.query_one("#chat-title").render()
        assert "[bold red]x[/] Markup" in str(title)
        summary = app.screen.query_one(DialogList).summary_for(app_db.mallory.id)
        assert summary.last_message_preview == "[@click=app.quit]hi[/]"

    run(app, scenario)


def _bulk_dialog(anna_id: int, michail_id: int, count: int) -> None:
    """Grow the dialog of Анна and Michail to ``count`` messages, inserted in bulk."""
    dialog = Dialog.get()
    start = clock.now()
    rows = [
        {
            "dialog": dialog.id, "seq": seq, "sender": michail_id if seq % 2 else anna_id,
            "client_id": f"bulk-{seq}", "text": f"message {seq}",
            "created_at": start + timedelta(seconds=seq),
        }
        for seq in range(dialog.last_seq + 1, count + 1)
    ]
    for chunk in range(0, len(rows), 500):
        Message.insert_many(rows[chunk:chunk + 500]).execute()
    last = Message.select().where(Message.dialog == dialog.id).order_by(Message.seq.desc()).get()
    Dialog.update(last_seq=count, last_message_id=last.id).where(Dialog.id == dialog.id).execute()
    DialogMember.update(last_message_id=last.id, last_read_seq=count).where(
        DialogMember.dialog == dialog.id
    ).execute()


def test_a_long_dialog_keeps_a_bounded_window(app_db, logged_in_app):
    """A 3 000-message dialog opens on its newest page; scrolling up loads older
    pages while the chat keeps at most MAX_LOADED messages, and the screen's
    widget count does not grow; scrolling back down returns to the newest."""
    _bulk_dialog(app_db.anna.id, app_db.michail.id, 3000)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        assert [m.seq for m in chat.items][-1] == 3000 and len(chat.items) == 50
        widgets = len(list(app.screen.walk_children()))
        oldest = []
        for _ in range(8):
            chat.action_top()
            await settle(pilot)
            oldest.append(chat.items[0].seq)
            assert len(chat.items) <= MAX_LOADED
        assert oldest == sorted(oldest, reverse=True) and oldest[-1] <= 3000 - 8 * 50 + 1
        assert chat.has_newer
        assert len(list(app.screen.walk_children())) == widgets
        seqs = [m.seq for m in chat.items]
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gap, no duplicate
        for _ in range(12):
            chat.action_bottom()
            await settle(pilot)
            assert len(chat.items) <= MAX_LOADED
        assert chat.items[-1].seq == 3000 and not chat.has_newer

    run(app, scenario)


def test_write_from_another_section_opens_the_dialog(app_db, logged_in_app):
    """app.open_dialog from the Feed (Dialogs never opened yet) switches to
    Dialogs with that chat open and the composer focused."""
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_dialog(app_db.olga.id)
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            assert app.screen.peer_id == app_db.olga.id
            assert isinstance(app.focused, Composer)

    asyncio.run(main())


# ---------------------------------------------------------------- snapshots

async def _to_dialogs(pilot) -> None:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)


def _conversation(app_db) -> None:
    """Michail answers Анна with a reply; Анна corrects her message (edited)."""
    history = dialogs.history(app_db.anna.id, app_db.michail.id)
    mine = next(m for m in history if m.sender.id == app_db.anna.id)
    messages.edit_message(app_db.anna.id, mine.id, "Yes, see you at seven! Bring the clock.")
    sent = messages.send_message(app_db.michail.id, app_db.anna.id,
                                "Deal 👍\nI'll bring two boards.", "snap-1", reply_to_id=mine.id)
    # Read already, so no unread count races the app's first poll in the picture.
    dialogs.mark_read(app_db.anna.id, app_db.michail.id, sent.seq)


def test_snapshot_dialogs_empty(logged_in_app, snap_compare):
    """Dialogs before a chat is chosen: saved notes and Michail on the left, a hint on the right."""
    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=_to_dialogs)


def test_snapshot_dialogs_conversation(app_db, logged_in_app, snap_compare):
    """The chat with Michail: his reply quotes Анна's message, which is marked edited
    and read by him (✓✓)."""
    _conversation(app_db)

    async def run_before(pilot):
        await _to_dialogs(pilot)
        pilot.app.open_dialog(app_db.michail.id)
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_dialogs_conversation_small(app_db, logged_in_app, snap_compare):
    """The same chat in an 80×24 terminal: bubbles wrap, nothing overlaps."""
    _conversation(app_db)

    async def run_before(pilot):
        await _to_dialogs(pilot)
        pilot.app.open_dialog(app_db.michail.id)
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24), run_before=run_before)


def test_the_footer_keys_act_on_the_newest_message_when_none_is_selected(app_db, logged_in_app):
    """Shift+Tab from the composer to the messages, then r: the footer shows
    r Reply there, so it replies to the newest message instead of doing
    nothing."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        assert isinstance(app.focused, Composer)
        await pilot.press("shift+tab")
        assert app.focused is chat and chat.selected is None
        newest = chat.items[-1]
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one(ReplyBar).has_class("-active")
        assert isinstance(app.focused, Composer)
        await type_text(pilot, "Great")
        await pilot.press("enter")
        await settle(pilot)
        stored = dialogs.history(app_db.anna.id, app_db.michail.id, limit=1)[0]
        assert stored.text == "Great" and stored.reply_to_id == newest.id

    run(app, scenario)


def test_with_the_chat_scrolled_back_the_keys_act_on_the_newest_message_on_screen(
        app_db, logged_in_app):
    """Scrolled back, a key with nothing selected takes a message the reader
    can see, never one below the screen."""
    for n in range(60):
        messages.send_message(app_db.michail.id, app_db.anna.id, f"line {n}", f"scroll-{n}")
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await settle(pilot)
        chat.scroll_to(y=0, animate=False, force=True)
        await settle(pilot)
        assert chat.selected is None
        await pilot.press("i")  # who has read it
        await settle(pilot)
        index = chat.selected
        assert index is not None and chat.items[index] != chat.items[-1]
        top, bottom = chat._offsets[index], chat._offsets[index + 1]
        shown = chat.scroll_y + chat.scrollable_content_region.height
        assert chat.scroll_y <= top and bottom <= shown

    run(app, scenario)


def test_snapshot_dialogs_reply_in_progress(app_db, logged_in_app, snap_compare):
    """r on Michail's message: the quote bar above the composer, a half-typed answer."""

    async def run_before(pilot):
        await _to_dialogs(pilot)
        pilot.app.open_dialog(app_db.michail.id)
        await settle(pilot)
        pilot.app.screen.query_one(ChatView).focus()
        await pilot.press("up", "up", "r")
        await type_text(pilot, "Sure, at seven")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_new_dialog_picker(logged_in_app, snap_compare):
    """ctrl+n: everyone, by last name, with a search box on top."""

    async def run_before(pilot):
        await _to_dialogs(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


SOCIAL_FILES = [
    "tui/screens/dialogs.py", "tui/screens/dialog_chat_list.py", "tui/screens/dialog_drafts.py",
    "tui/screens/new_dialog.py", "tui/screens/friends.py",
    "tui/screens/communities.py", "tui/screens/community.py", "tui/screens/create_community.py",
    "tui/widgets/chat_view.py", "tui/widgets/composer.py", "tui/widgets/dialog_list.py",
    "tui/widgets/message_bubble.py", "tui/widgets/reply_bar.py", "tui/widgets/chat_rows.py",
    "tui/screens/dialog_mute.py", "tui/notifier.py", "tui/widgets/notification_settings.py",
]


def test_every_social_string_has_a_russian_translation():
    """Every text the social screens show (and every key description) is in Russian too."""
    import re
    from pathlib import Path

    from tui.i18n import LOCALE_DIR, parse_po

    root = Path(__file__).resolve().parents[2]
    catalogue = {}
    for po in (LOCALE_DIR / "ru" / "LC_MESSAGES").glob("*.po"):
        catalogue.update(parse_po(po.read_text(encoding="utf-8")))
    missing = []
    for name in SOCIAL_FILES:
        source = (root / name).read_text(encoding="utf-8")
        texts = re.findall(r'_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', source)
        texts += re.findall(r'Binding\([^)]*?"[^"]*",\s*"[^"]*",\s*"([^"]+)"', source)
        missing += [f"{name}: {t}" for t in texts if t not in catalogue]
    assert missing == []


def test_snapshot_dialogs_in_russian(app_db, logged_in_app, snap_compare):
    """The conversation in Russian: "Заметки", "Вы", "изменено", Russian keys in the footer."""
    _conversation(app_db)

    async def run_before(pilot):
        await _to_dialogs(pilot)
        pilot.app.open_dialog(app_db.michail.id)
        await settle(pilot)

    app = logged_in_app("anna", lang="ru")
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_a_chat_taller_than_the_pane_paints_its_newest_messages(app_db, logged_in_app):
    """Opening a dialog with more messages than fit shows the newest ones at the
    bottom of the pane — not an empty pane because the scrollbar appeared and
    narrowed the text after the messages were laid out."""
    _bulk_dialog(app_db.anna.id, app_db.michail.id, 40)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        await settle(pilot)
        painted = "\n".join(
            "".join(segment.text for segment in chat.render_line(y))
            for y in range(chat.scrollable_content_region.height)
        )
        assert "message 40" in painted and "message 39" in painted

    run(app, scenario)


def test_composer_waits_for_a_chat_and_the_hint_goes_when_one_opens(app_db, logged_in_app):
    """Before a chat is chosen the chat pane shows how to start and the composer
    takes no text; choosing Michail (Enter in the list) shows his messages in
    place of the hint, and what is typed lands in the composer."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = app.screen.query_one(ChatView)
        composer = app.screen.query_one(Composer)
        # Out of the focus's reach, not disabled: enabling it restyled it as
        # the first chat opened (bench/README.md, twenty-ninth round).
        assert not composer.focusable and not composer.has_focus and not composer.disabled
        await pilot.press("tab", "tab", "tab")
        assert not composer.has_focus  # Tab does not reach it
        # Nor the chat pane, whose keys (r Reply, e Edit, + React…) would act on nothing.
        assert not chat.focusable and not chat.has_focus
        assert "Choose a dialog" in chat.placeholder
        assert not chat.items
        listing = app.screen.query_one(DialogList)
        listing.focus()
        listing.highlighted = [s.peer.id for s in listing.summaries].index(app_db.michail.id)
        await pilot.press("enter")
        await settle(pilot)
        assert chat.placeholder == "" and len(chat.items) == 2
        assert composer.focusable and composer.has_focus and chat.focusable
        await type_text(pilot, "hi")
        assert composer.text == "hi"

    run(app, scenario)


def test_my_own_message_brought_back_by_the_live_poll_changes_nothing(app_db, logged_in_app):
    """Анна sends "hi"; when the live poll brings that same message back, the chat
    stays as it is and the dialog list is not read again (it was, after the send);
    when it brings an edit of it (from her other terminal), the chat shows the edit."""
    from tui.events import MessagesArrived

    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        await type_text(pilot, "hi")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        sent = chat.items[-1]
        assert sent.text == "hi" and chat.state_of(sent) == "sent"
        reads = []
        screen.load_dialogs = lambda: reads.append(1)
        items = list(chat.items)
        screen.post_message(MessagesArrived([sent]))
        await settle(pilot)
        assert chat.items == items and reads == []
        edited = messages.edit_message(app_db.anna.id, sent.id, "hi there")
        screen.post_message(MessagesArrived([edited]))
        await settle(pilot)
        assert chat.items[-1].text == "hi there" and len(chat.items) == len(items)

    run(app, scenario)


def test_the_hint_is_drawn_in_the_themes_colours(logged_in_app):
    """Before a chat is chosen the pane shows the hint; after a switch to the
    light theme the hint is drawn in the light theme's colours (not left dark on
    light), and emptying the placeholder takes it off the pane."""
    app = logged_in_app("anna")

    def hint_line(chat):
        for y in range(chat.size.height):
            strip = chat.render_line(y)
            if "Choose a dialog" in strip.text:
                return strip
        raise AssertionError("the hint is not drawn")

    async def scenario(pilot):
        chat = app.screen.query_one(ChatView)
        dark = {seg.style.color for seg in hint_line(chat) if seg.text.strip()}
        app.theme = "messenger-light"
        await settle(pilot)
        light = {seg.style.color for seg in hint_line(chat) if seg.text.strip()}
        assert dark != light
        chat.placeholder = ""
        await settle(pilot)
        assert all("Choose a dialog" not in chat.render_line(y).text
                   for y in range(chat.size.height))

    run(app, scenario)


def test_a_list_read_begun_before_a_newer_one_does_not_bring_back_its_unread_badge(
        app_db, logged_in_app):
    """Reads of the list run in workers and may end out of order: a reload
    begun before Michail's chat was read ends after the list read with the
    chat. Its "1 unread" is older than what is on screen and is dropped
    (under CI load the row kept its badge after the chat was opened)."""
    messages.send_message(app_db.michail.id, app_db.anna.id, "Are you there?",
                          messages.new_client_id())
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = app.screen
        rows = screen.query_one(DialogList)
        stale = screen._read_dialogs()  # begun before the chat is read
        assert rows.summary_for(app_db.michail.id).unread_count == 1
        last = Dialog.select(Dialog.last_seq).scalar()
        dialogs.mark_read(app_db.anna.id, app_db.michail.id, last + 100)
        screen._show_dialogs(*screen._read_dialogs())
        assert rows.summary_for(app_db.michail.id).unread_count == 0
        screen._show_dialogs(*stale)  # ends last
        assert rows.summary_for(app_db.michail.id).unread_count == 0
        screen._show_dialogs(*screen._read_dialogs())  # a newer read still shows
        assert rows.summary_for(app_db.michail.id).unread_count == 0

    run(app, scenario)


def test_a_chat_read_keeps_its_row_when_a_list_read_begun_before_ends_after(
        app_db, logged_in_app):
    """A chat opened with unread messages has only its own row read again
    (``_show_chat_row``). A reload of the list begun before the chat was read
    and ending after it still shows what it read of the other chats (Olga's
    second message) and keeps the chat's row as read; a read begun after it
    shows its own rows."""
    def send(sender, text):
        messages.send_message(sender.id, app_db.anna.id, text, messages.new_client_id())

    send(app_db.michail, "Are you there?")
    send(app_db.olga, "Hello Анна")
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = app.screen
        rows = screen.query_one(DialogList)
        assert rows.summary_for(app_db.olga.id).unread_count == 1
        send(app_db.olga, "One more thing")
        stale = screen._read_dialogs()  # begun before Michail's chat is read
        last = Dialog.select(Dialog.last_seq).scalar()
        dialogs.mark_read(app_db.anna.id, app_db.michail.id, last + 100)
        screen._show_chat_row(chats.open_chat(app_db.anna.id, chats.peer_key(app_db.michail.id)),
                              screen._list_read_number())
        assert rows.summary_for(app_db.michail.id).unread_count == 0
        assert rows.summary_for(app_db.olga.id).unread_count == 1  # one row read, not the list
        screen._show_dialogs(*stale)  # ends last
        assert rows.summary_for(app_db.michail.id).unread_count == 0
        assert rows.summary_for(app_db.olga.id).unread_count == 2
        assert rows.summary_for(app_db.olga.id).last_message_preview == "One more thing"
        send(app_db.michail, "Hello?")
        screen._show_dialogs(*screen._read_dialogs())  # begun after: its rows
        assert rows.summary_for(app_db.michail.id).unread_count == 1
        assert screen._rows_read == {}

    run(app, scenario)
