"""The app as a whole: sections, live updates, the command palette, languages."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Button, Static

from models import messages
from tests.tui.conftest import settle, ui_strings
from tui.i18n import LOCALE_DIR, parse_po
from tui.screens.login import LoginScreen
from tui.screens.people import PeopleScreen
from tui.screens.profile import MyProfileScreen

TUI = Path(__file__).resolve().parents[2] / "tui"
CORE_FILES = [
    "app.py",
    "carry_over.py",
    "kept_typing.py",
    "palette.py",
    *(f"screens/{name}.py" for name in (
        "login", "register", "recovery_codes", "forgot_password", "feed", "profile",
        "user_profile", "edit_profile", "account", "people", "help", "confirm", "composer",
        "file_picker",
    )),
    *(f"widgets/{name}.py" for name in (
        "app_header", "post_card", "post_list", "user_row", "profile_card",
    )),
]


def header_user(app) -> str:
    return str(app.screen.query_one("#header-user", Static).render())


def test_section_keys_switch_sections(logged_in_app):
    """F5 opens People, F7 my profile, F2 the Feed again."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, PeopleScreen)
            await pilot.press("f7")
            await settle(pilot)
            assert isinstance(app.screen, MyProfileScreen)
            await pilot.press("f2")
            assert app.current_mode == "feed"

    asyncio.run(scenario())


def test_a_new_message_updates_the_count_and_shows_a_toast(logged_in_app, app_db):
    """While Анна reads her feed, Michail writes: the header shows one unread
    message and a notification shows who wrote and what (as plain text)."""
    app = logged_in_app("anna", poll_interval=0.05)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert "unread" not in header_user(app)
            messages.send_message(app_db.michail.id, app_db.anna.id, "[b]Are you there?[/b]",
                                 messages.new_client_id())
            for _ in range(50):
                await pilot.pause(0.05)
                await settle(pilot, rounds=1)
                if app.unread_total:
                    break
            assert app.unread_total == 1
            assert "✉ 1 unread" in header_user(app)
            toasts = [(n.title, n.message) for n in app._notifications]
            assert ("Michail Petrov", "[b]Are you there?[/b]") in toasts

    asyncio.run(scenario())


def test_command_palette_offers_sections_and_actions(logged_in_app):
    """The palette lists the sections and actions like New post and Log out."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert "Go to People" in titles
            assert "New post" in titles and "Log out" in titles and "Account" in titles

    asyncio.run(scenario())


def test_russian_ui_shows_russian_labels(make_test_app, app_db):
    """With --lang ru the Log in screen and the feed speak Russian."""
    app = make_test_app(lang="ru")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen)
            assert str(app.screen.query_one("#submit", Button).label) == "Войти"
            texts = [str(w.render()) for w in app.screen.query(".field-label")]
            assert texts == ["Логин", "Пароль"]
            descriptions = {
                active.binding.description for active in app.screen.active_bindings.values()
            }
            assert "Создать учётную запись" in descriptions
            app.logged_in(app_db.anna)
            await settle(pilot)
            title = str(app.screen.query_one("#header-title", Static).content)
            assert title == "Messenger · Лента"

    asyncio.run(scenario())


def test_every_core_string_is_translated_into_russian():
    """Every _("…") and binding description of the core screens has a Russian text."""
    catalogue = parse_po((LOCALE_DIR / "ru" / "LC_MESSAGES" / "core.po").read_text("utf-8"))
    wanted: set[str] = set()
    for name in CORE_FILES:
        wanted |= ui_strings(TUI / name)
    from tui import app
    from tui.screens import account, forgot_password, register, user_profile

    wanted |= set(app.SECTION_TITLES.values())
    wanted |= {label for _, label, placeholder, _ in register.FIELDS} | {
        placeholder for _, _, placeholder, _ in register.FIELDS if placeholder
    }
    wanted |= {label for _, label, _ in forgot_password.FIELDS}
    wanted |= {label for fields in account.FORMS.values() for _, label, _ in fields}
    wanted |= set(account.TITLES.values()) | set(account.BUTTONS.values())
    wanted |= {text for text in user_profile.RELATION_TEXT.values() if text}
    missing = sorted(text for text in wanted if text not in catalogue)
    assert missing == []


def test_write_a_message_from_a_profile_opens_the_dialog(logged_in_app, app_db):
    """On Michail's profile, m switches to Dialogs with the chat with Michail open."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_profile(app_db.michail.id)
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            assert app.current_mode == "dialogs"
            assert app.open_peer_id == app_db.michail.id

    asyncio.run(scenario())


def test_palette_new_post_appears_in_the_feed(logged_in_app):
    """A post written from the command palette's New post shows in the feed at once."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app._command_new_post()
            await settle(pilot)
            app.screen.query_one("#post-text").text = "From the palette"
            await pilot.press("ctrl+s")
            await settle(pilot)
            posts = app.screen.query_one("#following-posts").posts
            assert posts[0].text == "From the palette"

    asyncio.run(scenario())


def test_no_color_uses_plain_avatars(logged_in_app, monkeypatch):
    """With NO_COLOR set, the mini avatars in the feed carry no colours."""
    from rich.style import Style

    monkeypatch.setenv("NO_COLOR", "1")
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.no_color
            cards = list(app.screen.query("#following-posts PostCard"))
            assert cards
            for card in cards:
                picture = card._avatar
                styles = [Style.parse(s) if isinstance(s, str) else s
                          for s in [picture.style, *(span.style for span in picture.spans)]]
                assert all(style.color is None and style.bgcolor is None for style in styles)

    asyncio.run(scenario())
