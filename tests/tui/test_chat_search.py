"""Searching the open chat (Ctrl+F in Dialogs): Enter and ↑ jump to older
matches, ↓ to newer ones, through a history longer than the chat holds."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, Static

from tests.tui.conftest import settle, type_text
from tui.screens.search import SearchScreen
from tui.widgets.chat_search_bar import ChatSearchBar
from tui.widgets.chat_view import ChatView

NEEDLES = (40, 150, 290)


@pytest.fixture
def ids(app_db) -> dict[int, int]:
    """Three hundred messages of Анна and Michail, "needle" in NEEDLES: their ids by number."""
    from models import messages

    anna, michail = app_db.anna.id, app_db.michail.id
    return {i: messages.send_message(
        anna, michail, f"needle number {i}" if i in NEEDLES else f"hay number {i}", f"cs-{i}").id
        for i in range(300)}


def bar_status(app) -> str:
    """What the chat search's bar says."""
    bar = app.screen.query_one(ChatSearchBar)
    return str(bar.query_one("#chat-search-status", Static).render())


async def search_the_chat(pilot, peer_id: int, query: str) -> str:
    """The chat with ``peer_id``, Ctrl+F, ``query``, Enter: what the bar says then."""
    await settle(pilot)
    pilot.app.open_dialog(peer_id)
    await settle(pilot)
    await pilot.press("ctrl+f")
    await settle(pilot)
    await type_text(pilot, query)
    await pilot.press("enter")
    await settle(pilot)
    return bar_status(pilot.app)


def test_matches_are_walked_through_a_long_history(logged_in_app, app_db, ids):
    michail = app_db.michail.id
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            app.open_dialog(michail)
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            bar = app.screen.query_one(ChatSearchBar)
            chat = app.screen.query_one(ChatView)
            status = bar.query_one("#chat-search-status", Static)
            await type_text(pilot, "needle")
            seen = []
            for key in ("enter", "enter", "up"):
                await pilot.press(key)
                await settle(pilot)
                seen.append(chat.selected_message.id)
            assert seen == [ids[290], ids[150], ids[40]]  # 40 is far outside the first page
            await pilot.press("up")
            await settle(pilot)
            assert str(status.render()) == "No older match."
            assert chat.selected_message.id == ids[40]
            await pilot.press("down")
            await settle(pilot)
            assert chat.selected_message.id == ids[150]
            await pilot.press("escape")
            await settle(pilot)
            assert not bar.has_class("-open") and chat.has_focus

    asyncio.run(scenario())


def test_ctrl_f_without_an_open_chat_is_the_global_search(logged_in_app):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)

    asyncio.run(scenario())


def test_slash_opens_the_search_and_n_walks_the_matches(logged_in_app, app_db, ids):
    """In the chat (not the composer) "/" opens the search; after Enter found the
    newest match, Tab goes to the chat, where n / N walk older / newer matches
    while the bar stays open; with it closed, n does nothing."""
    michail = app_db.michail.id
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            app.open_dialog(michail)
            await settle(pilot)
            chat = app.screen.query_one(ChatView)
            chat.focus()
            await pilot.press("slash")
            await settle(pilot)
            bar = app.screen.query_one(ChatSearchBar)
            assert bar.has_class("-open") and app.focused is bar.query_one(Input)
            await type_text(pilot, "needle")
            await pilot.press("enter")
            await settle(pilot)
            assert chat.selected_message.id == ids[290]
            await pilot.press("tab")
            await settle(pilot)
            assert chat.has_focus
            seen = []
            for key in ("n", "n", "N"):
                await pilot.press(key)
                await settle(pilot)
                seen.append(chat.selected_message.id)
            assert seen == [ids[150], ids[40], ids[150]]
            assert bar.query_one(Input).value == "needle"  # n went to the search, not the field
            await pilot.press("slash")  # back to the field, where the search stands
            await settle(pilot)
            assert app.focused is bar.query_one(Input)
            await pilot.press("up")
            await settle(pilot)
            assert chat.selected_message.id == ids[40]
            await pilot.press("escape")
            await settle(pilot)
            assert not bar.has_class("-open")
            await pilot.press("n")
            await settle(pilot)
            assert chat.selected_message.id == ids[40] and not bar.has_class("-open")

    asyncio.run(scenario())


def test_slash_in_the_composer_is_typed(logged_in_app, app_db):
    from tui.widgets.composer import Composer

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            composer.focus()
            await pilot.press("slash", "n", "N")
            await settle(pilot)
            assert composer.text == "/nN"
            assert not app.screen.query_one(ChatSearchBar).has_class("-open")

    asyncio.run(scenario())


def test_help_on_dialogs_lists_the_chat_search_keys_in_russian_too(logged_in_app, app_db):
    """With a search open (without one, n and N are not on offer: they did
    nothing and said nothing), help lists /, n and N, in Russian too."""
    from tests.tui.test_help import rows

    for lang, wanted in (
        ("en", {("/", "Search this chat"), ("n", "Next match (older)"),
                ("N", "Previous match (newer)")}),
        ("ru", {("/", "Искать в этом чате"), ("n", "Следующее совпадение (раньше)"),
                ("N", "Предыдущее совпадение (позже)")}),
    ):
        app = logged_in_app("anna", lang=lang)

        async def scenario(app=app, wanted=wanted):
            async with app.run_test(size=(110, 32)) as pilot:
                await settle(pilot)
                app.open_dialog(app_db.michail.id)
                await settle(pilot)
                app.screen.query_one(ChatView).focus()
                await pilot.press("slash")  # n and N step through an open search's matches
                await settle(pilot)
                app.screen.query_one(ChatView).focus()
                await pilot.press("f1")
                await settle(pilot)
                assert wanted <= set(rows(app))

        asyncio.run(scenario())


def test_what_is_typed_in_the_chat_search_is_on_screen(logged_in_app, app_db):
    """The search field is one row inside the one-row bar, focused or not: a
    focus border would take the whole row and hide what is typed."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            await type_text(pilot, "needle")
            await settle(pilot)
            field = app.screen.query_one(ChatSearchBar).query_one(Input)
            assert field.has_focus
            assert field.content_region.height == 1
            row = app.screen.get_widget_at(field.content_region.x, field.content_region.y)[0]
            assert row is field

    asyncio.run(scenario())


def test_a_filter_not_understood_is_named_in_the_bar(logged_in_app, app_db, ids):
    """``before:2026-13-45`` is no date: the chat is searched without it and the
    bar says so, as the global search does, with the typed value shown literally."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(160, 32)) as pilot:
            status = await search_the_chat(pilot, app_db.michail.id, "needle before:[b]2026-13-45")
            assert "“[b]2026-13-45”" in status
            assert app.screen.query_one(ChatView).selected_message.id == ids[290]

    asyncio.run(scenario())


def test_esc_with_no_match_selected_gives_the_composer_its_focus_back(logged_in_app, app_db, ids):
    """Ctrl+F from the composer, a word nowhere in the chat, Esc: the focus is
    back in the composer, so what is typed next is the message. It went to the
    chat, where "e" edited my last message and the rest of the words went into
    that edit."""
    from tests.tui.test_dialogs import open_chat, run
    from tui.widgets.composer import Composer

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        composer = app.screen.query_one(Composer)
        assert app.focused is composer
        await pilot.press("ctrl+f")
        await settle(pilot)
        await type_text(pilot, "absent")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is composer
        await type_text(pilot, "evening")
        await settle(pilot)
        assert composer.text == "evening"
        assert app.screen.editing is None

    run(app, scenario, size=(110, 32))


def test_esc_goes_back_where_ctrl_f_was_last_pressed(logged_in_app, app_db, ids):
    """Ctrl+F from the dialog list, a word nowhere in the chat; then "half"
    written in the composer and Ctrl+F again (the bar still open), Esc: the
    focus is back in the composer, and " done" goes on the message. It went
    to the list, where the bar was first opened from (m there mutes the
    dialog)."""
    from tests.tui.test_dialogs import open_chat, run
    from tui.widgets.composer import Composer
    from tui.widgets.dialog_list import DialogList

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        composer = app.screen.query_one(Composer)
        app.screen.query_one(DialogList).focus()
        await pilot.press("ctrl+f")
        await settle(pilot)
        await type_text(pilot, "absent")
        await pilot.press("enter")
        await settle(pilot)
        composer.focus()  # a click on it
        await settle(pilot)
        await type_text(pilot, "half")
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is composer
        await type_text(pilot, " done")
        assert composer.text == "half done"

    run(app, scenario, size=(110, 32))
