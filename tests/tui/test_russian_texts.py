"""Textual's own texts in Russian (the palette, its key, the Ctrl+C hint) and one
wording for a deleted message, in the chat and in the dialog list alike."""

from __future__ import annotations

import asyncio

import pytest
from textual.command import CommandInput, CommandList, CommandPalette

from models import dialogs, messages
from tests.tui.conftest import settle
from tests.tui.screen_walk import open_chat, screen_lines
from tui.widgets.chat_view import ChatView


async def no_matches_shown(pilot) -> bool:
    palette = pilot.app.screen
    for _ in range(100):  # the palette says so half a second after the search
        options = palette.query_one(CommandList)
        if options.option_count and options.get_option_at_index(0).id == "--no-matches":
            return True
        await pilot.pause(0.05)
    return False


def test_the_command_palette_speaks_russian(logged_in_app):
    """Ctrl+P: "Поиск команд…", the commands in Russian, "Ничего не найдено" for
    a search that finds nothing; the theme picker says "Поиск тем…"."""
    app = logged_in_app("anna", lang="ru")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert isinstance(app.screen, CommandPalette)
            assert app.screen.query_one(CommandInput).placeholder == "Поиск команд…"
            shown = "\n".join(screen_lines(app))
            assert "Поиск команд…" in shown and "Search for" not in shown
            await pilot.press("x", "y", "z", "q")
            assert await no_matches_shown(pilot)
            shown = "\n".join(screen_lines(app))
            assert "Ничего не найдено" in shown and "No matches" not in shown
            await pilot.press("escape")
            app.action_change_theme()
            await settle(pilot)
            assert app.screen.query_one(CommandInput).placeholder == "Поиск тем…"

    asyncio.run(scenario())


def test_the_palette_key_in_the_footer_is_russian(make_test_app):
    """The footer's palette key reads "^p команды", not "^p palette"."""
    app = make_test_app(lang="ru")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            footer = screen_lines(app)[-1]
            assert "^p команды" in footer and "palette" not in footer

    asyncio.run(scenario())


@pytest.mark.parametrize(("lang", "hint", "title"), [
    ("ru", "Чтобы выйти из Messenger, нажмите Ctrl+Q.", "Хотите выйти?"),
    ("en", "Press Ctrl+Q to quit Messenger.", "Do you want to quit?"),
])
def test_ctrl_c_says_which_key_quits(logged_in_app, lang, hint, title):
    """Ctrl+C (a reflex to quit) shows which key quits, in the UI language."""
    app = logged_in_app("anna", lang=lang)

    async def scenario():
        async with app.run_test(size=(110, 32), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+c")
            await settle(pilot)
            assert [(n.title, n.message) for n in app._notifications] == [(title, hint)]
            shown = "\n".join(screen_lines(app))
            assert hint in shown and title in shown

    asyncio.run(scenario())


@pytest.mark.parametrize(("lang", "wording"), [("ru", "сообщение удалено"),
                                                ("en", "message deleted")])
def test_a_deleted_message_reads_the_same_in_the_chat_and_the_list(
    app_db, logged_in_app, lang, wording
):
    """Michail deletes two messages, one of them quoted by Анна: the chat says
    "message deleted" in their places and in the quote, and the dialog list's
    preview says the same words (it said "Deleted message", in English whatever
    the language)."""
    anna, michail = app_db.anna.id, app_db.michail.id
    quoted = dialogs.history(anna, michail)[-1]  # "Привет! Are you coming tonight?"
    messages.send_message(anna, michail, "Which one?", "reply-1", reply_to_id=quoted.id)
    last = messages.send_message(michail, anna, "Forget it", "last-1")
    messages.delete_message(michail, last.id)
    messages.delete_message(michail, quoted.id)
    app = logged_in_app("anna", lang=lang)

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await open_chat(pilot, michail)
            chat = app.screen.query_one(ChatView).render_lines_text()
            assert chat.count(wording) == 3  # two deleted messages and the quote of one
            side = [line.split("▕")[0] for line in screen_lines(app)]
            michail_row = next(i for i, line in enumerate(side) if "Michail Petrov" in line)
            assert side[michail_row + 1].strip() == wording
            assert "Deleted message" not in "\n".join(screen_lines(app))

    asyncio.run(scenario())
