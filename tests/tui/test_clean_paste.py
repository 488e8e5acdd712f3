"""A paste holding terminal controls (``ESC ]2;…`` would retitle the
terminal, ``ESC [2J`` clear it) reaches no field, and so never the terminal:
the search query, the chat's search and the composer get it cleaned."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import Input

from tests.tui.conftest import settle, terminal_events, terminal_typed
from tests.tui.test_dialogs import last_preview, open_chat, run
from tests.tui.test_file_names import UNSAFE, screen_text
from tui.screens.search import SearchScreen
from tui.widgets.composer import Composer

PASTED = "a\x1b]2;PWNED\x07\x1b[2Jb\x00c\u202ed"


async def paste(pilot) -> None:
    pilot.app.post_message(events.Paste(PASTED))  # as the terminal's bracketed paste comes
    await settle(pilot)


def test_a_paste_is_cleaned_before_any_field_holds_it(logged_in_app, app_db):
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            await paste(pilot)
            assert app.screen.query_one("#search-query", Input).value == "a]2;PWNED[2Jbcd"
            assert not UNSAFE.findall(screen_text(app))
            await pilot.press("escape")
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            composer.focus()
            await paste(pilot)
            assert composer.text == "a]2;PWNED[2Jbcd"
            await pilot.press("ctrl+f")
            await settle(pilot)
            await paste(pilot)
            assert app.screen.query_one("#chat-search-input", Input).value == "a]2;PWNED[2Jbcd"
            assert not UNSAFE.findall(screen_text(app))

    asyncio.run(scenario())


# A paste as the terminal sends it: coloured output copied from a terminal, a
# title change, a BEL (Ctrl+G), a CR (Enter) and an ESC as its last character.
COPIED = "line one \x1b[31mred\x1b[0m and \x1b]0;PWNED\x07 title\rline two\x1b"
BRACKETED = "\x1b[200~" + COPIED + "\x1b[201~"


def test_a_paste_with_escapes_is_one_paste_however_the_terminal_is_read():
    """Textual's parser read what followed an ESC in a paste as key presses,
    sent before the rest of the paste. Cut anywhere into two reads, the paste
    is one paste, whole and in order, and the key after it a key."""
    raw = BRACKETED + "x"
    for cut in range(len(raw) + 1):
        events_ = terminal_events(*(part for part in (raw[:cut], raw[cut:]) if part))
        assert [type(event) for event in events_] == [events.Paste, events.Key], cut
        assert events_[0].text == COPIED.replace("\x1b", ""), cut
        assert events_[1].key == "x", cut


def test_the_escape_key_is_not_held_back():
    """Outside a paste nothing waits for a paste mark: Esc alone is the Esc
    key once the terminal's escape delay has passed, as it always was."""
    assert terminal_events("\x1b") == []
    (key,) = terminal_events("\x1b", pause_after_first=True)
    assert isinstance(key, events.Key) and key.key == "escape"


def test_a_pasted_bel_or_cr_neither_switches_the_chat_nor_sends(logged_in_app, app_db):
    """The paste lands in the composer it was pasted into, in order: its BEL
    was Ctrl+G (the next unread chat opened, Olga's, and the rest of the paste
    went there), its CR Enter (half the paste sent)."""
    from models import messages

    messages.send_message(app_db.olga.id, app_db.anna.id, "Are you there?", "olga-1")
    app = logged_in_app("anna")
    anna, michail = app_db.anna.id, app_db.michail.id

    async def scenario(pilot):
        await open_chat(pilot, michail)
        screen = app.screen
        composer = screen.query_one(Composer)
        composer.focus()
        before = last_preview(anna, michail)
        await terminal_typed(pilot, BRACKETED)
        assert screen.peer.id == michail
        assert composer.text == "line one [31mred[0m and ]0;PWNED title\nline two"
        assert last_preview(anna, michail) == before

    run(app, scenario, size=(110, 32))
