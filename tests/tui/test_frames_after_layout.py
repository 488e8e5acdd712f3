"""What a change of the unread total or a layout of the screen repaints
(issue 17, every key painted: Ctrl+G's frame was followed by two more).

* The header's user line is laid out again only when its width changes, and
  not at all when it reads as it did (each section's header hears of every
  change); a layout that resizes the header's texts asks for no second one.
* A layout repaints no scroll bar whose window did not change
  (``tui/textual_scrollbars.py``): Textual refreshed every scroll bar of the
  screen after each layout, a frame of its own after the one laid out.
* The chat's title drawn again as it is (the list read again) is not repainted.
"""

from __future__ import annotations

from textual.scrollbar import ScrollBar
from textual.widgets import Static

from tests.tui.conftest import settle
from tests.tui.test_chat_opening_frames import layouts_asked
from tests.tui.test_dialogs import _bulk_dialog, open_chat, run
from tui.widgets.chat_view import ChatView
from tui.widgets.dialog_list import DialogList


def header_user(app) -> Static:
    return app.screen.query_one("#header-user", Static)


def refreshes(monkeypatch, cls) -> list:
    """The widgets of class ``cls`` refreshed from now on, with ``layout``."""
    seen: list = []
    original = cls.refresh

    def noted(widget, *args, **kwargs):
        seen.append((widget, kwargs.get("layout", False)))
        return original(widget, *args, **kwargs)

    monkeypatch.setattr(cls, "refresh", noted)
    return seen


def test_the_unread_total_lays_the_header_out_only_when_its_width_changes(
        app_db, logged_in_app, monkeypatch):
    app = logged_in_app("anna")
    asked = layouts_asked(monkeypatch)

    async def scenario(pilot):
        app.unread_total = 3
        await settle(pilot)
        assert "✉ 3 unread" in str(header_user(app).render())
        seen = refreshes(monkeypatch, Static)
        asked.clear()
        app.unread_total = 4  # as wide as 3
        await settle(pilot)
        assert "✉ 4 unread" in str(header_user(app).render())
        assert (header_user(app), False) in seen
        assert "header-user" not in asked and "header-title" not in asked
        seen.clear()
        app.unread_total = 12  # one cell wider: laid out, once
        await settle(pilot)
        assert "✉ 12 unread" in str(header_user(app).render())
        assert "header-user" in asked
        assert "header-title" not in asked  # resized by that layout, not asking another
        title, user = app.screen.query_one("#header-title"), header_user(app)
        assert title.region.right == user.region.x  # the title gave the user its cell
        seen.clear()
        header = app.screen.query_one("AppHeader")
        header._refresh_user()  # told again, nothing new to say
        await settle(pilot)
        assert not [widget for widget, _layout in seen if widget is user]

    run(app, scenario)


def test_a_layout_repaints_no_scroll_bar_that_did_not_change(
        app_db, logged_in_app, monkeypatch):
    _bulk_dialog(app_db.anna.id, app_db.michail.id, 300)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        bar = chat.vertical_scrollbar
        assert chat.show_vertical_scrollbar and bar.window_virtual_size > bar.window_size
        seen = refreshes(monkeypatch, ScrollBar)
        app.screen.refresh(layout=True)
        await settle(pilot)
        assert not [widget for widget, _layout in seen if widget is bar]
        chat.scroll_to(y=chat.scroll_y - 5, animate=False)  # the thumb moves: repainted
        await settle(pilot)
        assert [widget for widget, _layout in seen if widget is bar]
        assert bar.position == chat.scroll_y
        seen.clear()
        app.screen.query_one(DialogList).focus()
        await pilot.resize_terminal(100, 24)  # a smaller window: the bar's window changes
        await settle(pilot)
        assert [widget for widget, _layout in seen if widget is bar]
        assert bar.window_size == chat.container_size.height

    run(app, scenario)


def test_the_chat_title_drawn_again_as_it_is_is_not_repainted(
        app_db, logged_in_app, monkeypatch):
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        screen = app.screen
        title = screen.query_one("#chat-title", Static)
        seen = refreshes(monkeypatch, Static)
        screen.load_dialogs()  # the list read again: the title says the same
        await settle(pilot)
        screen._show_chat_muted()
        await settle(pilot)
        assert not [widget for widget, _layout in seen if widget is title]
        assert "Michail" in str(title.render())
        assert isinstance(screen.query_one(ChatView), ChatView)

    run(app, scenario)


def test_a_scroll_bar_sized_by_a_layout_asks_for_no_second_one(
        app_db, logged_in_app, monkeypatch):
    """The first chat opened has a long history: its scroll bar is shown and
    sized by the layout of the chat's frame, and asks for no layout of its
    own after it (Textual's widget whose size changed asks for one: the first
    chat opened in Dialogs was laid out again, a frame more). The bar is
    where the chat's right edge is, as tall as the chat, and Page Up moves
    its thumb."""
    _bulk_dialog(app_db.anna.id, app_db.michail.id, 300)
    app = logged_in_app("anna")

    async def scenario(pilot):
        seen = refreshes(monkeypatch, ScrollBar)
        chat = await open_chat(pilot, app_db.michail.id)
        bar = chat.vertical_scrollbar
        assert chat.show_vertical_scrollbar and bar.window_virtual_size > bar.window_size
        assert not [widget for widget, layout in seen if layout]
        assert bar.region.height == chat.region.height
        assert bar.region.right == chat.region.right
        position = bar.position
        await pilot.press("pageup")
        await settle(pilot)
        assert bar.position < position and bar.position == chat.scroll_y

    run(app, scenario)
