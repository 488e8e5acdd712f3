"""Opening a chat is one frame, drawn as soon as the chat is in place (issue 17,
every key painted; bench/chats_repeat.py): nothing laid out for the chat's
title or its length, Ctrl+B dimmed or lit in that frame, the frame not left
to the next tick of Textual's frame timer, and an empty composer not loaded
again (a frame of its own before the chat's)."""

from __future__ import annotations

import asyncio

from textual._compositor import Compositor
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from models import messages
from tests.tui.conftest import settle, type_text
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_dialogs import _bulk_dialog, open_chat
from tests.tui.test_dialogs import run as run_on_dialogs
from tests.tui.test_groups import open_group, run
from tui.chats import group_key, peer_key
from tui.screens.dialogs import DialogsScreen
from tui.widgets.chat_view import ChatView
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList
from tui.widgets.footer import AppFooter


def layouts_asked(monkeypatch) -> list[str]:
    """The ids (or names) of the widgets that ask the Dialogs screen for a layout."""
    asked: list[str] = []
    original = Screen._on_layout

    async def noted(screen, message):
        if isinstance(screen, DialogsScreen):
            asked.append(message.widget.id or type(message.widget).__name__)
        return await original(screen, message)

    monkeypatch.setattr(Screen, "_on_layout", noted)
    return asked


def draws(screen, monkeypatch, note) -> None:
    """``note()`` is called with each frame drawn of ``screen``."""
    render = Compositor.render_update

    def counted(compositor, *args, **kwargs):
        update = render(compositor, *args, **kwargs)
        if compositor is screen._compositor and update is not None:
            note()
        return update

    monkeypatch.setattr(Compositor, "render_update", counted)


class Stopped:
    """A frame timer that never ticks."""

    def pause(self) -> None:
        pass

    resume = stop = reset = pause


def stop_frame_timer(screen):
    """Stop ``screen``'s frame timer; returns what starts it again."""
    timer = screen._update_timer
    timer.pause()
    screen._Screen__update_timer = Stopped()

    def started() -> None:
        screen._Screen__update_timer = timer
        timer.resume()

    return started


async def until_shown(app, screen) -> None:
    """Until the chat asked for is shown and drawn (not ``pilot.pause()``: it
    paints the screen itself)."""
    for _ in range(100):
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.01)
        if screen.opening is None and not screen._dirty_widgets:
            break


def members_key(app) -> FooterKey:
    return next(key for key in app.screen.query_one(AppFooter).keys_on_show()
                if key.key == "ctrl+b")


def test_opening_another_chat_lays_nothing_out_for_its_title_or_length(
        app_db, logged_in_app, hike, monkeypatch):
    """From Michail's dialog to the group and back: the title and the messages
    change, and neither the title (one line, always) nor the chat pane (its
    size is the pane's share, whatever its length) asks for the screen to be
    laid out (each did: a layout of the whole screen, 11–13 ms of the key).
    Both fit in the pane: a scroll bar that comes or goes is laid out."""
    app = logged_in_app("anna")
    asked = layouts_asked(monkeypatch)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        title = app.screen.query_one("#chat-title")
        await open_group(pilot, hike)
        assert "Поход" in str(title.render())
        assert [m.text for m in chat.items][-1] == "Great, thanks!"
        asked.clear()
        await open_chat(pilot, app_db.michail.id)
        assert [m.text for m in chat.items][-1] != "Great, thanks!"
        assert "Michail" in str(title.render())
        await open_group(pilot, hike)
        assert [m.text for m in chat.items][-1] == "Great, thanks!"
        assert "chat" not in asked and "chat-title" not in asked

    run(app, scenario)


def test_a_long_chat_after_a_short_one_scrolls_to_its_newest_message(
        app_db, logged_in_app, hike):
    """Laid out without a layout, the pane still knows its new length: a
    40-message dialog after the 4-message group shows its newest message at the
    bottom with the scroll bar, its thumb at the bottom too, and Page Up
    scrolls it; the group again fits with nothing to scroll."""
    _bulk_dialog(app_db.anna.id, app_db.michail.id, 40)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_group(pilot, hike)
        await open_chat(pilot, app_db.michail.id)
        await settle(pilot)
        assert chat.virtual_size.height == chat._offsets[-1] > chat.size.height
        assert chat.max_scroll_y > 0 and chat.scroll_y == chat.max_scroll_y
        assert chat.show_vertical_scrollbar
        assert chat.vertical_scrollbar.window_virtual_size == chat.virtual_size.height
        # the bar's thumb where the window is (after a layout it said 0: at the top)
        assert chat.vertical_scrollbar.position == chat.scroll_y
        bottom = "".join(s.text for s in chat.render_line(chat.size.height - 2))
        assert "message 40" in bottom or "message 40" in "".join(
            "".join(s.text for s in chat.render_line(y)) for y in range(chat.size.height))
        await pilot.press("pageup")
        await settle(pilot)
        assert chat.scroll_y < chat.max_scroll_y
        await open_group(pilot, hike)
        await settle(pilot)
        assert chat.max_scroll_y == 0 and chat.scroll_y == 0

    run(app, scenario)


def test_the_chats_frame_does_not_wait_for_the_frame_timer(
        app_db, logged_in_app, hike, monkeypatch):
    """With Textual's frame timer stopped, the chat opened is drawn all the
    same (after a tick it comes one to two periods later, 17–33 ms: the chat
    waited for it), in one frame that already has Ctrl+B dimmed for a 1:1
    chat (Textual's footer dims it after the next frame: a frame more)."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_group(pilot, hike)
        screen = app.screen
        chat = screen.query_one(ChatView)
        seen: list[tuple] = []
        draws(screen, monkeypatch, lambda: seen.append(
            (screen.chat, [m.text for m in chat.items][-1:],
             members_key(app).has_class("-disabled"))))  # dimmed as drawn
        with_timer_stopped = stop_frame_timer(screen)
        try:
            screen.select_chat(peer_key(app_db.michail.id))
            await until_shown(app, screen)
        finally:
            with_timer_stopped()
        shown = [frame for frame in seen if frame[1] != ["Great, thanks!"]]
        assert shown, "the chat was not drawn without the frame timer"
        assert shown[0][0] == peer_key(app_db.michail.id) and shown[0][2] is True
        await settle(pilot)
        assert screen.chat == peer_key(app_db.michail.id)

    run(app, scenario)


def test_a_chat_opened_from_the_list_is_drawn_with_the_composer_focused(
        app_db, logged_in_app, hike, monkeypatch):
    """Opened from the list (the list has the focus), the chat's frame,
    drawn without the frame timer, already has the focus in the composer:
    the focus moves through the app's queue, and a frame drawn before it
    moved was followed by another (the focus, the footer's keys)."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_group(pilot, hike)
        screen = app.screen
        chat, composer = screen.query_one(ChatView), screen.query_one(Composer)
        screen.query_one(DialogList).focus()
        await settle(pilot)
        assert not composer.has_focus
        seen: list[tuple] = []
        draws(screen, monkeypatch, lambda: seen.append(
            ([m.text for m in chat.items][-1:], composer.has_focus)))
        with_timer_stopped = stop_frame_timer(screen)
        try:
            screen.select_chat(peer_key(app_db.michail.id))
            await until_shown(app, screen)
        finally:
            with_timer_stopped()
        shown = [frame for frame in seen if frame[0] != ["Great, thanks!"]]
        assert shown and shown[0][1] is True

    run(app, scenario)


def test_an_empty_composer_is_not_loaded_again_for_a_chat_without_a_draft(
        app_db, logged_in_app, hike, monkeypatch):
    """Going from a chat to another, neither with a draft, leaves the empty
    composer as it is (loading it again repainted it, a frame of its own
    before the chat's, and said it changed); its undo history still goes, so
    Ctrl+Z there cannot bring back what was sent in the other chat."""
    app = logged_in_app("anna")
    changed: list[str] = []
    original = DialogsScreen.on_text_area_changed

    def noted(screen, event):
        changed.append(event.text_area.text)
        return original(screen, event)

    monkeypatch.setattr(DialogsScreen, "on_text_area_changed", noted)

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        composer = app.screen.query_one(Composer)
        await type_text(pilot, "sent here")
        await pilot.press("enter")
        await settle(pilot)
        assert composer.text == ""
        changed.clear()
        app.screen.select_chat(group_key(hike))
        await settle(pilot)
        assert app.screen.chat == group_key(hike) and composer.text == ""
        assert changed == []
        composer.focus()
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert composer.text == ""

    run(app, scenario)


def test_the_first_chat_leaves_the_empty_composer_unpainted_until_its_frame(
        app_db, logged_in_app, monkeypatch):
    """Dialogs with no chat open yet, its composer empty, the cursor at its
    end: choosing the session's first chat asks for no repaint of the
    composer as the key is handled (setting its cursor again where it was
    did: a frame of its own, drawn while the chat was being read)."""
    app = logged_in_app("anna")
    asked: list[str] = []
    original = Composer.refresh

    def noted(composer, *args, **kwargs):
        asked.append("refresh")
        return original(composer, *args, **kwargs)

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        composer = screen.query_one(Composer)
        assert isinstance(screen, DialogsScreen) and screen.chat is None
        assert composer.text == ""
        monkeypatch.setattr(Composer, "refresh", noted)
        screen.select_chat(peer_key(app_db.michail.id))
        assert asked == []  # nothing of the composer drawn until the chat is read
        await settle(pilot)
        assert screen.chat == peer_key(app_db.michail.id) and composer.has_focus

    run(app, scenario)


def test_next_unread_shows_the_chat_and_its_row_read_in_one_frame(
        app_db, logged_in_app, monkeypatch):
    """Ctrl+G opens Olga's unread dialog and marks it read; the list, read
    again for it, is shown with the chat: the first frame that shows her
    messages already shows her row without its unread badge (read after the
    chat, the list came as a frame of its own)."""
    messages.send_message(app_db.olga.id, app_db.anna.id, "Hello Анна", "olga-1")
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = app.screen
        chat = screen.query_one(ChatView)
        listing = screen.query_one(DialogList)
        assert listing.summary_for(app_db.olga.id).unread_count == 1
        seen: list[tuple] = []
        draws(screen, monkeypatch, lambda: seen.append(
            ([m.text for m in chat.items][-1:],
             listing.summary_for(app_db.olga.id).unread_count)))
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert screen.peer_id == app_db.olga.id
        shown = [frame for frame in seen if frame[0] == ["Hello Анна"]]
        assert shown and shown[0][1] == 0

    run_on_dialogs(app, scenario)


def test_the_first_chat_opened_is_drawn_with_its_footer_keys_and_the_focus(
        app_db, logged_in_app, hike, monkeypatch):
    """The first chat opened in Dialogs (nothing open before: the list had
    the focus, and the footer the list's keys): every frame that shows the
    group's messages already has the composer focused and the footer's keys
    the group's, Ctrl+B Members lit among them, with the frame timer running.
    The timer painted the chat before the focus had moved, and the footer's
    new keys came after that frame: one more frame the key waited for (the
    500-member group's first opening, 52 ms at p95; issue 17)."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = app.screen
        chat, composer = screen.query_one(ChatView), screen.query_one(Composer)
        assert screen.chat is None
        footer = screen.query_one(AppFooter)
        seen: list[tuple] = []

        def keys() -> list[tuple[str, bool]]:
            return [(key.key, key.has_class("-disabled")) for key in footer.keys_on_show()
                    if key.is_attached]

        draws(screen, monkeypatch, lambda: seen.append(
            ([m.text for m in chat.items][-1:], composer.has_focus, keys())))
        screen.select_chat(group_key(hike))
        await until_shown(app, screen)
        await settle(pilot)
        assert screen.chat == group_key(hike) and composer.has_focus
        assert app._batch_count == 0  # the frame held for the chat is let go
        final = keys()
        assert ("ctrl+b", False) in final
        shown = [frame for frame in seen if frame[0] == ["Great, thanks!"]]
        assert shown, "the group was not drawn"
        for _text, focused, frame_keys in shown:
            assert focused and frame_keys == final

    run(app, scenario)
