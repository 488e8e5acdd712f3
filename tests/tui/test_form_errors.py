"""On every form, a field's error goes as soon as the field is changed: an old
error never stays under a field the person already fixed (the birthday in
Edit profile was the case reported)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Button, Input, Static

from models import playlists
from tests.tui.conftest import settle
from tui.widgets.field_message import FieldMessage


def messages_shown(screen) -> dict[str, str]:
    """Every field or form message on screen that says something: id → text."""
    found = {}
    for message in screen.query(Static):
        if message.id and message.id.endswith("-error") and message.display:
            text = str(message.render())
            if text:
                found[message.id] = text
    return found


def _edit_profile(app):
    from tui.screens.edit_profile import EditProfileScreen

    return EditProfileScreen()


def _account(app):
    from tui.screens.account import AccountScreen

    return AccountScreen()


def _community(app):
    from tui.screens.create_community import CreateCommunityScreen

    return CreateCommunityScreen()


def _playlist(app):
    from tui.screens.playlist_name import PlaylistNameScreen

    return PlaylistNameScreen(
        "New playlist", lambda name: playlists.create_playlist(app.current_user.id, name)
    )


def _composer(app):
    from tui.screens.composer import ComposerScreen

    return ComposerScreen()


async def _submit(pilot, screen, how: str) -> None:
    if how.startswith("#"):
        screen.query_one(how, Button).press()
    else:
        getattr(screen, how)()
    await refused(pilot, screen)


async def refused(pilot, screen) -> None:
    """Wait for the form's answer (a worker's, for most): a message on screen."""
    for _ in range(50):
        await settle(pilot)
        if messages_shown(screen):
            return


# (form, how it is submitted, the field to spoil first and its bad value)
LOGGED_IN_FORMS = {
    "edit profile": (_edit_profile, "action_save", "birthday", "2999-01-01"),
    "account": (_account, "#password-submit", "pw-current", "not my password at all"),
    "create community": (_community, "action_save", "name", ""),
    "playlist name": (_playlist, "action_save", "playlist-name", ""),
    "new post": (_composer, "action_publish", "post-text", ""),
}


@pytest.mark.parametrize("form", LOGGED_IN_FORMS)
def test_a_field_error_goes_when_the_field_changes(logged_in_app, form):
    """Submit with a bad value: the error shows under its field; type one key
    in that field: the error is gone at once, before any new submit."""
    make, how, field, bad = LOGGED_IN_FORMS[form]
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            screen = make(app)
            app.push_screen(screen)
            await settle(pilot)
            box = screen.query_one(f"#{field}")
            if isinstance(box, Input):
                box.value = bad
            await _submit(pilot, screen, how)
            assert app.screen is screen
            shown = messages_shown(screen)
            assert shown, "the bad value was not refused"
            box.focus()
            await pilot.press("1")
            await settle(pilot)
            assert messages_shown(screen) == {}

    asyncio.run(scenario())


def test_register_errors_go_when_their_field_changes(make_test_app):
    """Register with nothing typed: the first field's error shows; typing in
    that field takes it (and the form's message) away."""
    from tui.screens.register import RegisterScreen

    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("ctrl+r")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RegisterScreen)
            screen.query_one("#login", Input).value = "anna"  # taken
            await pilot.pause()  # the edits reach the form first, as typed keys do
            screen.action_submit()
            await refused(pilot, screen)
            shown = messages_shown(screen)
            assert shown
            field = next(iter(shown)).removesuffix("-error")
            screen.query_one(f"#{field}", Input).focus()
            await pilot.press("x")
            await settle(pilot)
            assert messages_shown(screen) == {}
            assert not screen.query_one(f"#{field}", Input).has_class("-invalid-field")

    asyncio.run(scenario())


def test_forgot_password_errors_go_when_a_field_changes(make_test_app):
    """Forgot password with a wrong code: the message goes once the code is changed."""
    from tui.screens.forgot_password import ForgotPasswordScreen

    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("ctrl+f")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ForgotPasswordScreen)
            for box in screen.query(Input):
                box.value = "anna" if box.id == "login" else "a long enough new password 1"
            await pilot.pause()  # the edits reach the form first, as typed keys do
            screen.action_submit()
            await refused(pilot, screen)
            shown = messages_shown(screen)
            assert shown
            first = next(iter(shown)).removesuffix("-error")
            target = first if first != "forgot" else "login"
            screen.query_one(f"#{target}", Input).focus()
            await pilot.press("x")
            await settle(pilot)
            assert messages_shown(screen) == {}

    asyncio.run(scenario())


def test_removing_the_avatar_keeps_its_note(logged_in_app):
    """Remove avatar empties the path and says the avatar will go on save: that
    note is not an error of the path, so it stays."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            screen = _edit_profile(app)
            app.push_screen(screen)
            await settle(pilot)
            screen.query_one("#avatar_path", Input).value = "/nowhere/face.png"
            await settle(pilot)
            screen.query_one("#remove-avatar", Button).press()
            await settle(pilot)
            note = screen.query_one("#avatar_path-error", FieldMessage)
            assert "removed when you save" in str(note.render())

    asyncio.run(scenario())
