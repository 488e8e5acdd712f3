"""Blocking a person, as people see it: ``b`` on a profile asks first (saying
what will happen) and blocks; the same key unblocks; My profile → Account
lists whom I blocked, each with Unblock; the chat with someone I blocked says
so; a refused message keeps its text in the composer, which says why; the
blocked person sees only my name and none of my posts, and is told nothing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Button, Static

from models import blocks, friends, messages
from models.schema import Message
from models.views import Relation
from tests.tui.conftest import settle, type_text
from tests.tui.test_live import POLL, notes, until
from tui.screens.account import AccountScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.dialogs import DialogsScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.blocked_people import BlockedPeople
from tui.widgets.composer import Composer
from tui.widgets.post_list import PostList


def run(app, scenario, size=(100, 30)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def open_profile(pilot, user_id: int) -> UserProfileScreen:
    pilot.app.open_profile(user_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, UserProfileScreen)
    return pilot.app.screen


async def open_account(pilot) -> None:
    """My profile (F7), then Account (a)."""
    await pilot.press("f7")
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AccountScreen)


def shown(widget) -> str:
    return str(widget.render())


def test_b_asks_what_blocking_does_then_blocks_and_b_unblocks(app_db, logged_in_app):
    """On her friend Michail's page Анна presses b: the question says his
    messages are refused and the friendship goes; Cancel does nothing; b and
    Block blocks him: the page says so, the friendship is gone, "Add friend" is
    not offered. b again unblocks him (no question)."""
    anna, michail = app_db.anna.id, app_db.michail.id
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_profile(pilot, michail)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert "Michail Petrov" in question and "write to you" in question
        assert "friendship" in question and "removed" in question
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not blocks.is_blocked(anna, michail)
        assert friends.relation(anna, michail) is Relation.FRIENDS

        await pilot.press("b")
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert app.screen is screen
        assert blocks.is_blocked(anna, michail)
        assert friends.relation(anna, michail) is Relation.NONE
        assert shown(screen.query_one("#relation", Static)) == "You blocked this person."
        assert str(screen.query_one("#block", Button).label) == "Unblock (b)"
        assert not screen.query_one("#friend", Button).display
        assert screen.check_action("friend", ()) is False

        await pilot.press("b")
        await settle(pilot)
        assert app.screen is screen and not blocks.is_blocked(anna, michail)
        assert str(screen.query_one("#block", Button).label) == "Block (b)"
        assert screen.query_one("#friend", Button).display  # "Add friend" again

    run(app, scenario)


def test_account_lists_whom_i_blocked_and_unblocks(app_db, logged_in_app):
    """My profile → Account: "Blocked people" lists Michail and Olga; Unblock
    beside Michail takes him off the list and out of the block."""
    anna = app_db.anna.id
    blocks.block(anna, app_db.michail.id)
    blocks.block(anna, app_db.olga.id)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_account(pilot)
        listed = app.screen.query_one(BlockedPeople)
        names = [shown(s) for s in listed.query(".blocked-name")]
        assert names == ["Michail Petrov  @michail", "Olga Smirnova  @olga"]
        button = listed.query_one(f"#unblock-{app_db.michail.id}", Button)
        button.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [p.login for p in blocks.list_blocked(anna)] == ["olga"]
        assert [shown(s) for s in listed.query(".blocked-name")] == ["Olga Smirnova  @olga"]
        assert any("unblocked" in n for n in notes(app))

    run(app, scenario)


def test_nobody_blocked_says_so_in_account(app_db, logged_in_app):
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_account(pilot)
        assert shown(app.screen.query_one("#blocked-empty", Static)) == "You have blocked nobody."

    run(app, scenario)


def test_the_blocked_person_sees_only_my_name_and_none_of_my_posts(app_db, logged_in_app):
    """Michail, whom Анна blocked, opens her page: her name, no "Member since",
    none of her posts, and nothing that says he is blocked."""
    blocks.block(app_db.anna.id, app_db.michail.id)
    app = logged_in_app("michail")

    async def scenario(pilot):
        screen = await open_profile(pilot, app_db.anna.id)
        details = shown(screen.query_one("#profile-details", Static))
        assert "Анна Иванова" in details and "Member since" not in details
        assert screen.query_one(PostList).posts == []
        assert not screen.query_one("#relation", Static).display
        assert "block" not in details.lower()

    run(app, scenario)


def test_a_refused_message_stays_in_the_composer_which_says_why(app_db, logged_in_app):
    """Michail writes to Анна, who blocked him: the send is refused with "This
    person does not accept your messages", nothing is stored, and what he typed
    is back in the composer, whose border says why."""
    blocks.block(app_db.anna.id, app_db.michail.id)
    app = logged_in_app("michail")
    stored = Message.select().count()

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        app.open_dialog(app_db.anna.id)
        await settle(pilot)
        assert isinstance(app.screen, DialogsScreen)
        composer = app.screen.query_one(Composer)
        assert composer.border_title is None  # nothing tells him before he writes
        await type_text(pilot, "Are you there?")
        await pilot.press("enter")
        await settle(pilot)
        assert composer.text == "Are you there?"
        assert "This person does not accept your messages." in notes(app, "error")
        assert "This person does not accept your messages." in str(composer.border_title)
        assert Message.select().count() == stored
        assert not app.screen.query_one("#chat").failed_messages()

    run(app, scenario)


def test_the_chat_with_someone_i_blocked_says_so(app_db, logged_in_app):
    """Анна's chat with Michail, whom she blocked: the title says so, the empty
    composer says how to write to him again, and a message she sends anyway is
    refused and kept. Unblocking on his profile and coming back clears it."""
    blocks.block(app_db.anna.id, app_db.michail.id)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        app.open_dialog(app_db.michail.id)
        await settle(pilot)
        title = shown(app.screen.query_one("#chat-title", Static))
        assert "Michail Petrov" in title and "You blocked this person" in title
        composer = app.screen.query_one(Composer)
        assert "unblock them on their profile" in composer.placeholder
        await type_text(pilot, "sorry")
        await pilot.press("enter")
        await settle(pilot)
        assert composer.text == "sorry"
        assert any("You blocked this person" in n for n in notes(app, "error"))

        dialogs_screen = app.screen
        await open_profile(pilot, app_db.michail.id)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialogs_screen
        assert "blocked" not in shown(app.screen.query_one("#chat-title", Static))
        assert composer.text == "sorry"
        await pilot.press("enter")
        await settle(pilot)
        assert composer.text == ""
        assert Message.select().order_by(Message.id.desc()).first().text == "sorry"

    run(app, scenario)


def test_blocking_is_not_announced_to_the_blocked_person(app_db, logged_in_app):
    """Michail's app is running (Friends open) when Анна, his friend, blocks
    him in her terminal: no notification, no activity reaches his app."""
    app = logged_in_app("michail", poll_interval=POLL)

    async def scenario(pilot):
        assert await until(pilot, lambda: app.live_thread.started.is_set())
        before = list(notes(app))
        blocks.block(app_db.anna.id, app_db.michail.id)
        messages.send_message(app_db.olga.id, app_db.michail.id, "a later change", "o1")
        assert await until(pilot, lambda: len(notes(app)) > len(before))  # Olga's message
        assert all("Анна" not in n and "block" not in n.lower() for n in notes(app))

    run(app, scenario)


def test_every_blocking_text_is_in_russian():
    """The texts kept in constants (the question, the marks, the placeholder)
    and every _("…") of the blocking widgets have a Russian translation."""
    from tests.tui.conftest import ui_strings
    from tui import screens, widgets
    from tui.i18n import LOCALE_DIR, parse_po
    from tui.screens import dialog_blocking, user_profile

    catalogue: dict[str, str] = {}
    for po in (LOCALE_DIR / "ru" / "LC_MESSAGES").glob("*.po"):
        catalogue |= parse_po(po.read_text("utf-8"))
    wanted = {user_profile.BLOCKED_TEXT, user_profile.BLOCK_QUESTION,
              dialog_blocking.BLOCKED_PLACEHOLDER, dialog_blocking.COMPOSER_PLACEHOLDER}
    wanted |= ui_strings(Path(widgets.__file__).parent / "blocked_people.py")
    wanted |= ui_strings(Path(screens.__file__).parent / "dialog_blocking.py")
    assert sorted(text for text in wanted if text not in catalogue) == []


# ---------------------------------------------------------------- pictures


def test_snapshot_block_question(app_db, logged_in_app, snap_compare):
    """b on Michail's page: the question says what blocking does, Cancel focused."""

    async def run_before(pilot):
        await settle(pilot)
        await open_profile(pilot, app_db.michail.id)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_chat_with_someone_i_blocked(app_db, logged_in_app, snap_compare):
    """Анна's chat with Michail, whom she blocked: "You blocked this person" in
    the title; what she typed anyway is back in the composer, whose border says
    why it was not sent."""
    blocks.block(app_db.anna.id, app_db.michail.id)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        pilot.app.open_dialog(app_db.michail.id)
        await settle(pilot)
        await type_text(pilot, "sorry about that")
        await pilot.press("enter")
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)
        assert pilot.app.screen.query_one(Composer).text == "sorry about that"

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_account_lists_whom_i_blocked(app_db, logged_in_app, snap_compare):
    """Account scrolled to its end: "Blocked people" with Michail and Unblock."""
    blocks.block(app_db.anna.id, app_db.michail.id)

    async def run_before(pilot):
        await settle(pilot)
        await open_account(pilot)
        button = pilot.app.screen.query_one(f"#unblock-{app_db.michail.id}", Button)
        button.focus()
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)
