"""@mentions: Tab after "@" completes a member's login in the composer (Tab
again: the next one), Tab elsewhere still moves the focus; a message that
mentions me is told apart from one that only contains my login."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import settle, type_text
from tui.mentions import completions, mentions, word_being_typed
from tui.screens.dialogs import DialogsScreen
from tui.widgets.composer import Composer


def test_the_word_being_typed():
    assert word_being_typed("hi @an") == "an"
    assert word_being_typed("@") == ""
    assert word_being_typed("hi an") is None
    assert word_being_typed("mail me at a@b") is None  # an address, not a mention
    assert word_being_typed("@anna and") is None  # the cursor left the @word


def test_completions_ignore_case_and_repeat_nobody():
    assert completions("M", ["olga", "michail", "mallory", "michail"]) == ["mallory", "michail"]
    assert completions("", ["b", "a"]) == ["a", "b"]
    assert completions("z", ["anna"]) == []


def test_a_mention_is_a_whole_word():
    assert mentions("see you, @anna!", "anna")
    assert mentions("@ANNA?", "anna")
    assert mentions("thanks @anna.", "anna")  # a full stop ends the sentence, not the login
    assert not mentions("@annabel", "anna")
    assert not mentions("@anna.b", "anna")  # another login
    assert not mentions("anna@example.org", "anna")
    assert not mentions("anna", "anna")


def run(app, scenario):
    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            app.open_dialog(app.current_user.id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            composer.mention_logins = ["michail", "mallory", "olga"]
            composer.focus()
            await pilot.pause()
            await scenario(pilot, composer)

    asyncio.run(main())


def test_tab_completes_and_cycles(app_db, logged_in_app):
    """"hi @m" Tab → "hi @mallory ", Tab → "hi @michail ", Tab → back to mallory;
    typing on after a completion keeps it."""
    app = logged_in_app("anna")

    async def scenario(pilot, composer):
        await type_text(pilot, "hi @m")
        await pilot.press("tab")
        assert composer.text == "hi @mallory "
        await pilot.press("tab")
        assert composer.text == "hi @michail "
        await pilot.press("tab")
        assert composer.text == "hi @mallory "
        assert composer.has_focus
        await type_text(pilot, "and @O")
        await pilot.press("tab")
        assert composer.text == "hi @mallory and @olga "

    run(app, scenario)


def test_tab_without_an_at_word_moves_the_focus(app_db, logged_in_app):
    """Tab after an ordinary word leaves the text and moves the focus on, as before;
    an @word nobody's login starts with keeps the focus and the text; in a
    one-to-one dialog (nobody to complete) Tab after "@" moves on as always."""
    app = logged_in_app("anna")

    async def scenario(pilot, composer):
        await type_text(pilot, "@zed")
        await pilot.press("tab")
        assert (composer.text, composer.has_focus) == ("@zed", True)
        await type_text(pilot, " hello")
        await pilot.press("tab")
        assert (composer.text, composer.has_focus) == ("@zed hello", False)
        composer.mention_logins = []
        composer.clear()
        composer.focus()
        await pilot.pause()
        await type_text(pilot, "@m")
        await pilot.press("tab")
        assert (composer.text, composer.has_focus) == ("@m", False)

    run(app, scenario)
