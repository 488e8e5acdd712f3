"""My profile and someone's profile: data, posts, friendship, log out."""

from __future__ import annotations

import asyncio

from textual.widgets import Button, Input, Static

from models import friends, profiles
from models.views import Relation
from tests.tui.conftest import settle, type_text
from tui.screens.confirm import ConfirmScreen
from tui.screens.login import LoginScreen
from tui.screens.profile import MyProfileScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.post_list import PostList


async def open_my_profile(pilot) -> None:
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MyProfileScreen)


def test_my_profile_shows_my_data_and_posts(logged_in_app):
    """F7 shows my name, login and my posts."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_my_profile(pilot)
            details = str(app.screen.query_one("#profile-details", Static).render())
            assert "Анна Иванова" in details and "@anna" in details
            posts = app.screen.query_one(PostList).posts
            assert [p.author.login for p in posts] == ["anna"]

    asyncio.run(scenario())


def test_post_from_profile_and_delete_with_confirmation(logged_in_app, app_db):
    """Typing in the composer and Ctrl+S publishes; d then "Delete" removes it."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_my_profile(pilot)
            await pilot.press("n")
            await type_text(pilot, "Profile post")
            await pilot.press("ctrl+s")
            await settle(pilot)
            listing = app.screen.query_one(PostList)
            assert listing.posts[0].text == "Profile post"
            listing.list_view.focus()
            listing.list_view.index = 0
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("tab", "enter")  # from Cancel to Delete
            await settle(pilot)
            assert [p.text for p in listing.posts] != [] and "Profile post" not in [
                p.text for p in listing.posts
            ]

    asyncio.run(scenario())


def test_edit_profile_saves_and_keeps_text_on_error(logged_in_app, app_db):
    """Edit profile: a future birthday is refused beside the field (the typed
    city stays); a valid one saves and the profile shows the new city."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_my_profile(pilot)
            await pilot.press("e")
            await settle(pilot)
            screen = app.screen
            screen.query_one("#city", Input).value = "Казань"
            screen.query_one("#birthday", Input).value = "2999-01-01"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            assert "future" in str(screen.query_one("#birthday-error", Static).render())
            assert screen.query_one("#city", Input).value == "Казань"
            screen.query_one("#birthday", Input).value = "1990-05-17"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, MyProfileScreen)
            details = str(app.screen.query_one("#profile-details", Static).render())
            assert "Казань" in details and "1990-05-17" in details

    asyncio.run(scenario())
    assert profiles.get_profile(app_db.anna.id).city == "Казань"


def test_log_out_asks_then_returns_to_log_in(logged_in_app):
    """Ctrl+O asks; after "Log out" the Log in screen is back, empty, and the
    section keys do nothing."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_my_profile(pilot)
            await pilot.press("ctrl+o")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen)
            assert app.current_user is None
            assert app.screen.query_one("#password", Input).value == ""
            await pilot.press("f2")
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen)

    asyncio.run(scenario())


def test_someones_profile_accept_friend_and_write(logged_in_app, app_db):
    """On Olga's profile Анна sees the request, accepts it with f (they become
    friends), and m opens the dialog with Olga."""
    app = logged_in_app("anna")
    opened: list[int] = []
    app.open_dialog = opened.append

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.open_profile(app_db.olga.id)
            await settle(pilot)
            assert isinstance(app.screen, UserProfileScreen)
            assert str(app.screen.query_one("#relation", Static).render()) == (
                "Wants to be your friend."
            )
            assert "Accept" in str(app.screen.query_one("#friend", Button).label)
            await pilot.press("f")
            await settle(pilot)
            assert app.screen.relation is Relation.FRIENDS
            await pilot.press("m")
            assert opened == [app_db.olga.id]

    asyncio.run(scenario())
    assert friends.relation(app_db.anna.id, app_db.olga.id) is Relation.FRIENDS


def test_snapshot_my_profile(logged_in_app, snap_compare):
    """My profile: initials avatar, data, composer, my post."""

    async def run_before(pilot):
        await open_my_profile(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_my_profile_small(logged_in_app, snap_compare):
    """My profile at 80×24."""

    async def run_before(pilot):
        await open_my_profile(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_user_profile(logged_in_app, app_db, snap_compare):
    """Michail's profile as Анна sees it: friends, Remove and Write buttons, his post."""

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_profile(app_db.michail.id)
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


async def open_account(pilot):
    """My profile, then `a`: the Account screen."""
    from tui.screens.account import AccountScreen

    await open_my_profile(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AccountScreen)
    return pilot.app.screen


def test_account_new_codes_and_wrong_current_password(logged_in_app, app_db):
    """Account: a wrong current password is reported beside it; with the right
    password, new recovery codes are shown once and work for a reset."""
    from models import accounts, recovery
    from tests.tui.conftest import PASSWORD
    from tui.screens.recovery_codes import RecoveryCodesScreen

    app = logged_in_app("anna")
    shown: list[str] = []

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_account(pilot)
            screen.query_one("#pw-current", Input).value = "not my password at all"
            screen.query_one("#pw-new", Input).value = "brand new long password here"
            screen.query_one("#pw-repeat", Input).value = "brand new long password here"
            screen.query_one("#password-submit", Button).press()
            await settle(pilot)
            assert str(screen.query_one("#pw-current-error", Static).render()) == (
                "This password is wrong."
            )
            screen.query_one("#codes-password", Input).value = PASSWORD
            screen.query_one("#codes-submit", Button).press()
            await settle(pilot)
            assert isinstance(app.screen, RecoveryCodesScreen)
            shown.extend(app.screen.codes)

    asyncio.run(scenario())
    assert len(shown) == 10
    recovery.reset_password_with_code("anna", shown[0], "another fine long password")
    assert accounts.log_in("anna", "another fine long password").id == app_db.anna.id


def test_account_login_change_shows_the_rule_and_refuses_a_look_alike(logged_in_app, app_db):
    """The New login box says which characters a login holds; "аnna2" with a
    Cyrillic "а" is refused beside it and the login stays "anna"."""
    from models import accounts
    from tests.tui.conftest import PASSWORD

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_account(pilot)
            new_login = screen.query_one("#login-new", Input)
            assert "Latin letters a–z" in new_login.placeholder
            new_login.value = "\u0430nna2"
            screen.query_one("#login-password", Input).value = PASSWORD
            screen.query_one("#login-submit", Button).press()
            await settle(pilot)
            message = str(screen.query_one("#login-new-error", Static).render())
            assert "Latin letters" in message and "U+0430" in message

    asyncio.run(scenario())
    assert accounts.get_user(app_db.anna.id).login == "anna"
