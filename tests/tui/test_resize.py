"""Resizing the terminal never loses what is typed, and the layout follows the size.

Each test types like a person, resizes the terminal from 100×30 to 80×24 and
back, and checks that the text, the focus and the cursor are where they were.
"""

from __future__ import annotations

import asyncio

from textual.widgets import Input, Static, TextArea

from tests.tui.conftest import settle, type_text
from tui.screens.composer import ComposerScreen
from tui.screens.register import RegisterScreen
from tui.widgets.composer import Composer

SIZES = [(80, 24), (100, 30), (80, 24), (100, 30)]
PASSWORD_TYPED = "violet kettles hum at dawn"


async def resize(pilot, width: int, height: int) -> None:
    await pilot.resize_terminal(width, height)
    await settle(pilot)
    assert pilot.app.size == (width, height)


def visible_in(container, widget) -> bool:
    """Is ``widget`` wholly inside the part of ``container`` on the screen?"""
    return container.content_region.contains_region(widget.region)


def test_chat_composer_keeps_a_half_written_message(app_db, logged_in_app):
    """A two-line message half written to Michail survives the terminal shrinking
    to 80×24 and growing back: same text, still focused, and typing goes on at
    the end of it."""
    app = logged_in_app("anna")
    draft = "Running late, sorry!\nStart without me"

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            assert app.focused is composer
            await type_text(pilot, "Running late, sorry!")
            await pilot.press("ctrl+j")
            await type_text(pilot, "Start without me")
            assert composer.text == draft
            for width, height in SIZES:
                await resize(pilot, width, height)
                assert composer.text == draft
                assert app.focused is composer
                assert composer.cursor_location == (1, len("Start without me"))
                assert visible_in(app.screen, composer)
            await type_text(pilot, ", please")
            assert composer.text == draft + ", please"

    asyncio.run(scenario())


def test_register_form_keeps_every_field_and_the_field_in_view(make_test_app):
    """Register filled up to a half-typed Repeat the password: after shrinking
    to 80×24 and back every field still holds what was typed, the cursor is
    still in Repeat the password, and that field is in view in the small
    terminal (the form scrolls to it)."""
    app = make_test_app()
    typed = {"login": "vera", "first_name": "Вера", "last_name": "Лебедева",
             "password": PASSWORD_TYPED}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("ctrl+r")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RegisterScreen)
            for value in typed.values():
                await type_text(pilot, value)
                await pilot.press("enter")
            await type_text(pilot, "violet kett")
            repeat = screen.query_one("#password_repeat", Input)
            box = screen.query_one("#register-box")
            for width, height in SIZES:
                await resize(pilot, width, height)
                assert app.screen is screen
                for field, value in typed.items():
                    assert screen.query_one(f"#{field}", Input).value == value
                assert repeat.value == "violet kett"
                assert app.focused is repeat
                assert repeat.cursor_position == len("violet kett")
                assert visible_in(box, repeat)
            await type_text(pilot, "les hum at dawn")
            assert repeat.value == PASSWORD_TYPED

    asyncio.run(scenario())


def test_new_post_modal_keeps_its_text(logged_in_app):
    """The New post modal with a post being written: resizing keeps the text,
    the modal stays open and its Publish button stays on the screen."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            modal = app.screen
            assert isinstance(modal, ComposerScreen)
            await type_text(pilot, "Chess tonight?")
            await pilot.press("enter")
            await type_text(pilot, "Bring a clock")
            text_area = modal.query_one(TextArea)
            for width, height in SIZES:
                await resize(pilot, width, height)
                assert app.screen is modal
                assert text_area.text == "Chess tonight?\nBring a clock"
                assert app.focused is text_area
                assert visible_in(modal, modal.query_one("#publish"))

    asyncio.run(scenario())


def test_section_bar_fits_80_columns_and_widens_again(logged_in_app):
    """The F-key bar under the header shows every section, Music last, at 80
    columns (one space between sections) and goes back to two spaces at 100."""
    app = logged_in_app("anna")

    def bar() -> str:
        return str(app.screen.query_one("#header-sections", Static).render())

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert "F7 My profile  F8 Music" in bar()
            await resize(pilot, 80, 24)
            assert "F7 My profile F8 Music" in bar()
            assert bar().rstrip().endswith("F8 Music")
            await resize(pilot, 100, 30)
            assert "F7 My profile  F8 Music" in bar()

    asyncio.run(scenario())
