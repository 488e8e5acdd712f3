"""Keys as a terminal sends them, read by the app's own parser (Textual's
``XTermParser`` with ``tui/textual_esc_keys.py`` and ``tui/textual_joiners.py``):
Alt+Enter is ESC then CR, Esc typed just before a letter is ESC then the letter."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import settle, terminal_events, terminal_typed, type_text
from tests.tui.test_dialogs import last_preview, open_chat, run
from tui.widgets.composer import Composer


def keys(*reads: str, pause_after_first: bool = False) -> list[str]:
    """The keys the app's parser makes of these reads of the terminal."""
    return [event.key for event in terminal_events(*reads, pause_after_first=pause_after_first)]


def test_esc_cr_is_alt_enter_read_at_once_or_in_two_reads():
    assert keys("\x1b\r") == ["alt+enter"]
    assert keys("\x1b", "\r") == ["alt+enter"]
    assert keys("a\x1b\rb") == ["a", "alt+enter", "b"]


def test_esc_then_enter_after_the_escape_delay_are_two_keys():
    assert keys("\x1b", "\r", pause_after_first=True) == ["escape", "enter"]


def test_esc_typed_just_before_words_is_esc_then_the_words_at_once():
    """Textual waited for 100 ms without a key, then gave Alt+h: the Esc lost."""
    assert keys("\x1bhello") == ["escape", "h", "e", "l", "l", "o"]
    assert keys("\x1b", "h") == ["escape", "h"]
    assert keys("\x1b", "h", pause_after_first=True) == ["escape", "h"]
    assert keys("\x1b ") == ["escape", "space"]
    # What terminals send as sequences, and macOS's Option keys, as Textual reads them:
    assert keys("\x1b[A\x1bOP\x1b[15~") == ["up", "f1", "f5"]
    assert keys("\x1bb\x1bf") == ["ctrl+left", "ctrl+right"]


def test_alt_enter_in_the_composer_adds_a_line_and_sends_nothing(logged_in_app, app_db):
    """Alt+Enter came as Enter: the message was sent half written."""
    app = logged_in_app("anna")
    anna, michail = app_db.anna.id, app_db.michail.id

    async def scenario(pilot):
        await open_chat(pilot, michail)
        composer = app.screen.query_one(Composer)
        assert app.focused is composer
        before = last_preview(anna, michail)
        await terminal_typed(pilot, "line one\x1b\rline two")
        assert composer.text == "line one\nline two"
        assert last_preview(anna, michail) == before
        await terminal_typed(pilot, "\r")
        assert composer.text == ""
        assert last_preview(anna, michail) != before

    run(app, scenario, size=(110, 32))


def test_esc_then_words_typed_at_once_cancel_the_reply_and_are_the_message(app_db,
                                                                          logged_in_app):
    """r on Michail's message, then Esc and "hi" in one read of the terminal
    (a fast typist, or keys sent by a script): the reply is cancelled and "hi"
    is in the composer. The Esc was lost (the reply stayed) and "h" came as
    Alt+H a tenth of a second later."""
    from tui.widgets.reply_bar import ReplyBar

    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await pilot.press("up", "up", "r")
        await settle(pilot)
        bar = app.screen.query_one(ReplyBar)
        assert bar.has_class("-active")
        await terminal_typed(pilot, "\x1bhi")
        assert not bar.has_class("-active") and app.screen.reply_to is None
        assert app.screen.query_one(Composer).text == "hi"

    run(app, scenario)


def test_alt_enter_where_nothing_binds_it_is_enter(make_test_app):
    """In the Log in form Alt+Enter goes to the next field, as Enter does."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            assert app.focused.id == "login"
            await type_text(pilot, "anna")
            await terminal_typed(pilot, "\x1b\r")
            assert app.focused.id == "password"

    asyncio.run(scenario())


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji: man, ZWJ, woman, ZWJ, girl
HALF_SPACE = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # Persian "I want", a ZWNJ inside
SPACES = "\u3053\u3093\u306b\u3061\u306f\u3000\u4e16\u754c Bonjour\u00a0!"  # ideographic, no-break
NEWER = "\U0001fa77 \uf8ff"  # a Unicode 15 emoji (unassigned to Python 3.11), private use


def test_typed_joiners_and_spaces_reach_the_composer_and_a_field(logged_in_app, app_db):
    """An emoji picker types a family as three people joined by ZWJ, a
    Persian keyboard types ZWNJ inside words, a Japanese input method an
    ideographic space, a French keyboard a no-break space, a picker an emoji
    newer than Python's tables: Textual dropped them all (to Python they are
    not printable), a paste kept them. Controls are still not typed."""
    from textual.widgets import Input

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        composer = app.screen.query_one(Composer)
        await terminal_typed(pilot, f"{FAMILY} {HALF_SPACE} {SPACES} {NEWER}")
        assert composer.text == f"{FAMILY} {HALF_SPACE} {SPACES} {NEWER}"
        await pilot.press("ctrl+f", "escape", "f2")  # the chat's search opened and closed
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        await terminal_typed(pilot, HALF_SPACE + SPACES)
        assert app.screen.query_one("#search-query", Input).value == HALF_SPACE + SPACES

    run(app, scenario, size=(110, 32))


def test_bidi_overrides_and_other_format_characters_are_still_not_typed():
    """Only the spaces, the two joiners, the two marks, private use and code
    points this Python does not know are made printable: an RLO (it reorders
    what others read), a zero-width space, a noncharacter are not."""
    for character in ("\u202e", "\u2066", "\u200b", "\ufeff", "\ufffe", "\U0001ffff", "\x07"):
        (key,) = terminal_events(character)
        assert not key.is_printable, repr(character)
    for character in ("\u200d", "\u3000", "\u00a0", "\uf8ff", "\u00e9"):
        (key,) = terminal_events(character)
        assert key.is_printable, repr(character)
