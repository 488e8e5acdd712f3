"""No text cut in the middle at 80 columns: the footer keeps whole keys (F1 Help
always), the reply bar keeps its Esc hint, the password hint and the composer's
placeholder are shown whole, the music table keeps its headings."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from tests.tui.conftest import settle
from tests.tui.music_data import music_app, music_data  # noqa: F401  (fixtures)
from tests.tui.screen_walk import open_chat, screen_lines
from tui.screens.account import AccountScreen
from tui.widgets.chat_view import ChatView
from tui.widgets.reply_bar import ReplyBar

LONG = "Are you coming tonight? Bring the board, the clock and the book of openings"


def footer(app) -> str:
    return screen_lines(app)[-1]


@pytest.mark.parametrize(("lang", "help_key", "dropped"), [
    ("en", " f1 Help ", "^p palette"),
    ("ru", " f1 Справка ", "^r Отправить снова"),
])
def test_the_footer_drops_the_last_keys_and_keeps_f1_help(
    app_db, logged_in_app, lang, help_key, dropped
):
    """Dialogs at 80 columns: more keys than fit. "F1 Help" stays whole, the keys
    listed last go first (no key is cut in the middle); at 110 columns they come
    back, and at 80 again they go."""
    app = logged_in_app("anna", lang=lang)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await open_chat(pilot, app_db.michail.id)  # the composer's key joins the others
            line = footer(app)
            assert help_key in line
            assert dropped.split()[0] not in line
            await pilot.resize_terminal(140, 32)
            await settle(pilot)
            assert help_key in footer(app) and dropped in footer(app)
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            assert help_key in footer(app) and dropped not in footer(app)

    asyncio.run(scenario())


@pytest.mark.parametrize(("lang", "hint"), [("en", "(esc cancels)"), ("ru", "(esc — отмена)")])
def test_the_reply_bar_shortens_the_quote_and_keeps_the_esc_hint(
    app_db, logged_in_app, lang, hint
):
    """Replying to a long message at 80 columns: the bar ends with the whole Esc
    hint, and the quoted text is what gives way (with an ellipsis)."""
    from models import messages

    messages.send_message(app_db.michail.id, app_db.anna.id, LONG, "long-1")
    app = logged_in_app("anna", lang=lang)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await open_chat(pilot, app_db.michail.id)
            app.screen.query_one(ChatView).focus()
            await pilot.press("up", "r")
            await settle(pilot)
            bar = app.screen.query_one(ReplyBar)
            row = screen_lines(app)[bar.region.y][bar.region.x:bar.region.right]
            assert row.rstrip().endswith(hint)
            assert "Michail Petrov: Are you" in row and "…" in row
            assert LONG not in row

    asyncio.run(scenario())


def test_the_reply_bar_fits_any_width():
    """The hint is kept whole at every width; the quote gives way to a few words,
    then the "Replying to" label goes, then the quote and the name shrink."""
    from rich.text import Text

    from tui.widgets.reply_bar import _REPLY_CUTS, fit_line

    parts = [Text("Replying to "), Text("Michail Petrov"), Text(": "), Text(LONG),
             Text("  (esc cancels)")]
    for width in range(25, 130):
        line = fit_line(parts, _REPLY_CUTS, width)
        assert line.plain.endswith("  (esc cancels)")
        assert line.cell_len <= width
    full = "Replying to Michail Petrov: " + LONG + "  (esc cancels)"
    assert fit_line(parts, _REPLY_CUTS, 200).plain == full
    assert fit_line(parts, _REPLY_CUTS, 60).plain == (
        "Replying to Michail Petrov: Are you coming t…  (esc cancels)"
    )
    assert fit_line(parts, _REPLY_CUTS, 43).plain == "Michail Petrov: Are you com…  (esc cancels)"
    assert fit_line(parts, _REPLY_CUTS, 25).plain == "Michai…: …  (esc cancels)"
    mine = [Text("Replying to "), Text("You"), Text(": "), Text("Yes, see you at seven."),
            Text("  (esc cancels)")]
    # the label goes whole (never "Replying t…"), and the quote has its room again
    assert fit_line(mine, _REPLY_CUTS, 43).plain == "You: Yes, see you at seven.  (esc cancels)"


@pytest.mark.parametrize(("lang", "hint"), [
    ("en", "15 characters or more; a few words are best"),
    ("ru", "от 15 символов; лучше несколько слов"),
])
def test_the_new_password_hint_is_whole_at_80_columns(logged_in_app, make_test_app, lang, hint):
    """Register, Forgot password and Account each say under the new password what
    makes a good one, whole at 80×24 ("a few words make a good on" was cut)."""

    async def check(app, field_id):
        field = app.screen.query_one(f"#{field_id}", Input)
        field.scroll_visible(animate=False)
        await settle(app._pilot)
        assert field.placeholder == hint
        assert hint in screen_lines(app)[field.region.y + 1]

    async def scenario():
        app = make_test_app(lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            app._pilot = pilot
            await settle(pilot)
            await pilot.press("ctrl+r")
            await settle(pilot)
            await check(app, "password")
            await pilot.press("escape", "ctrl+f")
            await settle(pilot)
            await check(app, "new_password")
        app = logged_in_app("anna", lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            app._pilot = pilot
            await settle(pilot)
            app.push_screen(AccountScreen())
            await settle(pilot)
            await check(app, "pw-new")

    asyncio.run(scenario())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_composer_shows_its_whole_placeholder_in_a_narrow_pane(app_db, logged_in_app, lang):
    """At 80 columns the chat composer's hint wraps onto a second line instead of
    stopping at "ctrl+j —"; once something is typed it is one line again."""
    app = logged_in_app("anna", lang=lang)

    async def scenario():
        from tui.widgets.composer import Composer

        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await open_chat(pilot, app_db.michail.id)
            composer = app.screen.query_one(Composer)
            region = composer.region
            shown = " ".join(
                line[region.x + 1:region.right - 1].strip()
                for line in screen_lines(app)[region.y + 1:region.bottom - 1]
            )
            assert shown == composer.placeholder
            assert composer.region.height == 4
            composer.focus()
            await pilot.press("h", "i")
            await settle(pilot)
            assert composer.region.height == 3

    asyncio.run(scenario())


@pytest.mark.parametrize(("lang", "artist", "hint"), [
    ("en", "Artist", "No playlists yet. Press ctrl+n to make one."),
    ("ru", "Исполнитель", "Плейлистов пока нет. Нажмите ctrl+n, чтобы создать."),
])
def test_the_playlists_tab_keeps_its_headings_and_hint_at_80_columns(
    music_app, lang, artist, hint  # noqa: F811
):
    """Music → Playlists at 80×24: the narrow table's "Artist" heading is whole
    (Russian "Исполнитель" was cut to "Исполните"), and so is the empty-tab hint."""
    app, _clock = music_app("anna", lang=lang)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f8")
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            lines = screen_lines(app)
            text = " ".join(" ".join(line.split("▕")[-1].split()) for line in lines)
            assert f" {artist} " in text
            assert hint in text

    asyncio.run(scenario())
