"""Global search (Ctrl+F): results as you type, each section under its heading,
matched words highlighted in place, Enter opens what was found."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, OptionList

from tests.tui.conftest import settle, type_text
from tui.screens.dialogs import DialogsScreen
from tui.screens.search import HIGHLIGHT, SearchScreen
from tui.screens.user_profile import UserProfileScreen


@pytest.fixture(autouse=True)
def no_debounce(monkeypatch):
    """Search on every key at once: the test then waits for the worker, not a timer."""
    monkeypatch.setattr(SearchScreen, "DEBOUNCE", 0)


async def open_search(pilot, query: str) -> OptionList:
    await settle(pilot)
    await pilot.press("ctrl+f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SearchScreen)
    await type_text(pilot, query)
    await settle(pilot)
    return pilot.app.screen.query_one(OptionList)


def lines(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def test_results_appear_under_their_sections_with_highlights(logged_in_app):
    """Анна types "привет": her dialog's message and her own post are found,
    each under its heading, and the matched word is highlighted in place."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            options = await open_search(pilot, "привет")
            shown = lines(options)
            assert shown[0] == "Messages (1)"
            assert shown[1].startswith("Michail Petrov  Michail: Привет! Are you coming tonight?")
            assert shown[2] == "Posts (1)"
            assert "Анна Иванова: Привет всем!" in shown[3]
            prompt = options.get_option_at_index(1).prompt
            highlighted = [prompt.plain[span.start:span.end] for span in prompt.spans
                           if str(span.style) == HIGHLIGHT]
            assert highlighted == ["Привет"]
            assert options.highlighted == 1  # the first result, not a heading

    asyncio.run(scenario())


def test_a_short_terminal_gives_the_results_the_hint_s_lines(logged_in_app):
    """At 60×20 the query syntax hint (four lines there) is left out and the
    results get its room (one result row showed); at 24 lines it is back."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(60, 20)) as pilot:
            options = await open_search(pilot, "привет")
            hint = app.screen.query_one("#search-hint")
            assert not hint.display
            assert options.region.height >= 7
            await pilot.resize_terminal(60, 24)
            await settle(pilot)
            assert hint.display and hint.region.height > 0

    asyncio.run(scenario())


def test_what_someone_else_wrote_to_others_is_not_found(logged_in_app):
    """Olga is not in Анна and Michail's dialog: "seven" finds nothing for her."""
    app = logged_in_app("olga")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            options = await open_search(pilot, "seven")
            assert lines(options) == ["Nothing found."]

    asyncio.run(scenario())


def test_markup_in_a_found_post_is_shown_literally(logged_in_app):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            options = await open_search(pilot, "click")
            assert any("[@click=app.quit]click me[/]" in line for line in lines(options))
            assert app.is_running

    asyncio.run(scenario())


def test_enter_on_a_message_opens_its_dialog(logged_in_app):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await open_search(pilot, "seven")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            assert app.open_peer_id is not None

    asyncio.run(scenario())


def test_enter_on_a_person_opens_their_profile_and_escape_closes(logged_in_app):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            options = await open_search(pilot, "olga")
            assert "Olga Smirnova  @olga" in lines(options)
            options.highlighted = lines(options).index("Olga Smirnova  @olga")
            await pilot.press("down", "enter")  # to the list, then open
            await settle(pilot)
            assert isinstance(app.screen, UserProfileScreen)
            await pilot.press("ctrl+f")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, UserProfileScreen)

    asyncio.run(scenario())


def test_an_unknown_filter_is_explained(logged_in_app):
    app = logged_in_app("anna", lang="ru")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await open_search(pilot, "фото has:video")
            notes = str(app.screen.query_one("#search-notes").render())
            assert "has:" in notes and "video" in notes
            assert app.screen.query_one(Input).value == "фото has:video"

    asyncio.run(scenario())


def test_search_snapshot(logged_in_app, snap_compare):
    """The search screen at 110×32 after typing "привет"."""
    app = logged_in_app("anna")

    async def run_before(pilot):
        await open_search(pilot, "привет")

    assert snap_compare(app, terminal_size=(110, 32), run_before=run_before)


def test_every_search_screen_string_is_translated_into_russian():
    from pathlib import Path

    from tests.tui.conftest import ui_strings
    from tui.i18n import LOCALE_DIR, parse_po

    catalogue: dict[str, str] = {}
    for po in (LOCALE_DIR / "ru" / "LC_MESSAGES").glob("*.po"):
        catalogue |= parse_po(po.read_text("utf-8"))
    screen = Path(__file__).resolve().parents[2] / "tui" / "screens" / "search.py"
    wanted = ui_strings(screen) | {
        "Only the first {count} words are searched.",
        "{key}: takes a date such as 2026-11-30, not “{value}”.",
        "has: knows image and track, not “{value}”.",
    }
    assert sorted(text for text in wanted if text not in catalogue) == []


def test_enter_on_a_message_opens_a_long_chat_at_that_message(logged_in_app, app_db):
    """In a history of 300 messages, the one found is shown and selected in the
    chat, with the messages around it; End then reaches the newest."""
    from models import messages
    from tui.widgets.chat_view import ChatView

    anna, michail = app_db.anna.id, app_db.michail.id
    for i in range(300):
        text = "the needle is here" if i == 40 else f"hay number {i}"
        sent = messages.send_message(michail if i % 2 else anna, anna if i % 2 else michail,
                                     text, f"long-{i}")
        if i == 40:
            needle = sent.id
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await open_search(pilot, "needle")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            chat = app.screen.query_one(ChatView)
            assert chat.selected_message.id == needle
            shown = [m.id for m in chat.items]
            assert shown.index(needle) > 0 and shown.index(needle) < len(shown) - 1
            assert chat.has_newer and chat.has_older
            await pilot.press("end")
            await settle(pilot)
            assert chat.items[-1].text == "hay number 299"

    asyncio.run(scenario())


def test_chat_opened_at_a_found_message_snapshot(logged_in_app, app_db, snap_compare):
    """Dialogs after Enter on "needle": the found message selected in the middle
    of a 120-message history."""
    from models import messages

    anna, michail = app_db.anna.id, app_db.michail.id
    for i in range(120):
        text = "the needle is here" if i == 30 else f"hay number {i}"
        messages.send_message(anna, michail, text, f"snap-{i}")
    app = logged_in_app("anna")

    async def run_before(pilot):
        await open_search(pilot, "needle")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(110, 32), run_before=run_before)


def test_enter_on_a_group_message_opens_the_group_at_that_message(logged_in_app, app_db):
    """Olga finds "tent" in the group «Поход» among 200 later messages: the
    result says «Поход», and Enter opens the group with that message selected."""
    from models import groups, messages
    from tui.widgets.chat_view import ChatView

    anna, olga = app_db.anna.id, app_db.olga.id
    hike = groups.create_group(anna, "Поход", [olga])
    tent = messages.send_to_dialog(olga, hike, "Who brings the tent?", "tent").id
    for i in range(200):
        messages.send_to_dialog(anna if i % 2 else olga, hike, f"hay number {i}", f"hay-{i}")
    app = logged_in_app("olga")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            options = await open_search(pilot, "tent")
            assert lines(options)[1].startswith("Поход  Olga: Who brings the tent?")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            assert app.open_dialog_id == hike
            chat = app.screen.query_one(ChatView)
            assert chat.selected_message.id == tent
            assert chat.has_newer

    asyncio.run(scenario())


def _unread_from(viewer: int, peer: int) -> int:
    from models import dialogs

    return next(s.unread_count for s in dialogs.dialog_list(viewer).items
                if s.peer is not None and s.peer.id == peer)


def test_a_chat_opened_at_a_found_message_is_read_once_its_end_is_seen(logged_in_app, app_db):
    """Michail wrote three unread messages; Anna opens the chat at the one
    she found: all of it is on screen, so it is read (the unread count goes);
    in a long chat the unread ones below stay unread until End reaches them."""
    from models import messages

    anna, michail = app_db.anna.id, app_db.michail.id
    for i, text in enumerate(("first words", "the needle is here", "last words")):
        messages.send_message(michail, anna, text, f"short-{i}")
    for i in range(200):
        text = "the haystack is here" if i == 10 else f"hay number {i}"
        messages.send_message(app_db.olga.id, anna, text, f"long-{i}")
    assert _unread_from(anna, michail) == 3 and _unread_from(anna, app_db.olga.id) == 200
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await open_search(pilot, "needle")
            await pilot.press("enter")
            await settle(pilot)
            await settle(pilot)
            assert _unread_from(anna, michail) == 0
            app.action_search_everything()  # in a chat Ctrl+F searches that chat
            await settle(pilot)
            await type_text(pilot, "haystack")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await settle(pilot)
            assert _unread_from(anna, app_db.olga.id) == 200
            await pilot.press("end")
            await settle(pilot)
            await settle(pilot)
            assert _unread_from(anna, app_db.olga.id) == 0

    asyncio.run(scenario())
