"""Snapshots of the screens and states the per-screen files do not pin yet:
forms with their errors, modals, empty sections for a newcomer, the throttled
log-in, the register form in a small terminal and the help in Russian.

Every picture is made from the fixed data of ``app_db`` under the frozen clock.
"""

from __future__ import annotations

from textual.widgets import Button, Input, TabbedContent

from models import accounts, profiles, recovery
from models.errors import DomainError
from tests.tui.conftest import PASSWORD, settle, type_text
from tui.screens.account import AccountScreen
from tui.screens.composer import ComposerScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.edit_profile import EditProfileScreen
from tui.screens.forgot_password import ForgotPasswordScreen
from tui.screens.people import PeopleScreen
from tui.screens.recovery_codes import RecoveryCodesScreen
from tui.screens.register import RegisterScreen
from tui.screens.user_profile import UserProfileScreen

NEW_PASSWORD = "seven purple otters on a tram"


def newcomer_app(make_test_app, lang: str = "en"):
    """The app logged in as Nina New, who registered a moment ago and has nothing yet."""
    nina = accounts.register("nina", "Nina", "New", PASSWORD, PASSWORD).user
    app = make_test_app(lang=lang)
    app.start_user = nina
    return app


async def open_section(pilot, key: str) -> None:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


# ---------------------------------------------------------------- log in, forgot password


def test_snapshot_login_throttled(make_test_app, snap_compare):
    """After five wrong passwords Log in says when to try again and points to Ctrl+F."""
    for _ in range(5):
        try:
            accounts.log_in("anna", "wrong wrong wrong wrong")
        except DomainError:
            pass

    async def run_before(pilot):
        await type_text(pilot, "anna")
        await pilot.press("enter")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert "Too many failed attempts" in str(pilot.app.screen.query_one("#login-error").render())

    assert snap_compare(make_test_app(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_forgot_password_empty(make_test_app, snap_compare):
    """Forgot password as it opens: login, code, new password twice, the cursor in Login."""

    async def run_before(pilot):
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ForgotPasswordScreen)

    assert snap_compare(make_test_app(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_forgot_password_wrong_code(make_test_app, snap_compare):
    """A wrong code: "Wrong login or code." under the form, everything typed kept."""

    async def run_before(pilot):
        await pilot.press("ctrl+f")
        await settle(pilot)
        for value in ("anna", "AAAA-BBBB-CCCC-DDDD", NEW_PASSWORD, NEW_PASSWORD):
            await type_text(pilot, value)
            await pilot.press("enter")
        await settle(pilot)
        error = str(pilot.app.screen.query_one("#forgot-error").render())
        assert error == "Wrong login or code."

    assert snap_compare(make_test_app(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_forgot_password_small(make_test_app, snap_compare):
    """Forgot password in an 80×24 terminal: the form scrolls, the footer stays."""

    async def run_before(pilot):
        await pilot.press("ctrl+f")
        await settle(pilot)

    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=run_before)


# ---------------------------------------------------------------- register


def test_snapshot_register_small_scrolled(make_test_app, snap_compare):
    """Register at 80×24: the form scrolls so that Repeat the password, the field
    being typed in, is in view."""

    async def run_before(pilot):
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RegisterScreen)
        for value in ("vera", "Вера", "Лебедева", NEW_PASSWORD):
            await type_text(pilot, value)
            await pilot.press("enter")
        await type_text(pilot, "seven")
        await settle(pilot)
        assert pilot.app.focused.id == "password_repeat"

    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_register_small_top(make_test_app, snap_compare):
    """Register at 80×24 as it opens: title and the first fields, a scroll bar for the rest."""

    async def run_before(pilot):
        await pilot.press("ctrl+r")
        await settle(pilot)

    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=run_before)


# ---------------------------------------------------------------- my profile: edit, account, log out


async def open_edit_profile(pilot) -> None:
    await open_section(pilot, "f7")
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EditProfileScreen)


def _fill_anna_profile(app_db) -> None:
    profiles.update_profile(
        app_db.anna.id, first_name="Анна", last_name="Иванова", birthday="1995-04-12",
        city="Санкт-Петербург", about="Люблю шахматы и длинные прогулки.\nChess on Fridays.",
    )


def test_snapshot_edit_profile_filled(app_db, logged_in_app, snap_compare):
    """Edit profile opens filled from the profile: names, birthday, city, about."""
    _fill_anna_profile(app_db)
    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30),
                        run_before=open_edit_profile)


def test_snapshot_edit_profile_future_birthday(app_db, logged_in_app, snap_compare):
    """A birthday in the future is refused under the field; the rest stays as typed."""
    _fill_anna_profile(app_db)

    async def run_before(pilot):
        await open_edit_profile(pilot)
        screen = pilot.app.screen
        screen.query_one("#birthday", Input).value = "2999-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "future" in str(screen.query_one("#birthday-error").render())

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_edit_profile_small(app_db, logged_in_app, snap_compare):
    """Edit profile at 80×24: header, the first fields and the footer, nothing clipped."""
    _fill_anna_profile(app_db)
    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24),
                        run_before=open_edit_profile)


async def open_account(pilot) -> None:
    await open_section(pilot, "f7")
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AccountScreen)


def test_snapshot_account_wrong_current_password(logged_in_app, snap_compare):
    """Change password with a wrong current password: "This password is wrong."
    under Current password, the new password kept masked."""

    async def run_before(pilot):
        await open_account(pilot)
        await type_text(pilot, "not my password at all")
        await pilot.press("enter")
        await type_text(pilot, NEW_PASSWORD)
        await pilot.press("enter")
        await type_text(pilot, NEW_PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        error = str(pilot.app.screen.query_one("#pw-current-error").render())
        assert error == "This password is wrong."

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_account_new_recovery_codes(logged_in_app, snap_compare, monkeypatch):
    """New recovery codes from Account: the ten codes shown once, "I saved them"
    unticked and Continue disabled."""
    numbers = iter(range(1, 100))
    monkeypatch.setattr(recovery, "new_code", lambda: "{0:04d}-KDWX-7QZP-{0:04d}".format(
        next(numbers)))

    async def run_before(pilot):
        await open_account(pilot)
        screen = pilot.app.screen
        screen.query_one("#codes-password", Input).value = PASSWORD
        screen.query_one("#codes-submit", Button).press()
        await settle(pilot)
        assert isinstance(pilot.app.screen, RecoveryCodesScreen)
        assert pilot.app.screen.codes[0] == "0001-KDWX-7QZP-0001"

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_confirm_log_out(logged_in_app, snap_compare):
    """Ctrl+O on My profile: "Log out of Messenger?" over the dimmed profile, Cancel focused."""

    async def run_before(pilot):
        await open_section(pilot, "f7")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_confirm_log_out_small(logged_in_app, snap_compare):
    """The log-out question fits an 80×24 terminal."""

    async def run_before(pilot):
        await open_section(pilot, "f7")
        await pilot.press("ctrl+o")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24), run_before=run_before)


# ---------------------------------------------------------------- new post composer


async def open_composer(pilot) -> None:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ComposerScreen)


def test_snapshot_composer_empty(logged_in_app, snap_compare):
    """n on the Feed: the New post modal, an empty text area, Cancel and Publish."""
    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=open_composer)


def test_snapshot_composer_empty_post_error(logged_in_app, snap_compare):
    """Ctrl+S with nothing written: "Write something first." in the modal, which stays open."""

    async def run_before(pilot):
        await open_composer(pilot)
        await type_text(pilot, "   ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ComposerScreen)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_composer_small(logged_in_app, snap_compare):
    """The composer at 80×24 with a two-line post being written."""

    async def run_before(pilot):
        await open_composer(pilot)
        await type_text(pilot, "Chess tonight?")
        await pilot.press("enter")
        await type_text(pilot, "Bring your own clock.")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24), run_before=run_before)


# ---------------------------------------------------------------- someone's profile, people


def test_snapshot_user_profile_incoming_request(app_db, logged_in_app, snap_compare):
    """Olga's profile as Анна sees it: "Wants to be your friend.", Accept and
    Decline, Write a message, and Olga's post."""

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.open_profile(app_db.olga.id)
        await settle(pilot)
        assert isinstance(pilot.app.screen, UserProfileScreen)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_people_no_results(logged_in_app, snap_compare):
    """People after searching a name nobody has: the list is empty and says so."""

    async def run_before(pilot):
        await open_section(pilot, "f5")
        assert isinstance(pilot.app.screen, PeopleScreen)
        await type_text(pilot, "Zebedee")
        await pilot.press("enter")
        await settle(pilot)
        assert len(pilot.app.screen.query_one("#people-list").children) == 0

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


# ---------------------------------------------------------------- a newcomer's empty sections


def test_snapshot_communities_empty_newcomer(make_test_app, snap_compare):
    """Communities for a person in none: My communities says how to find or make one."""

    async def run_before(pilot):
        await open_section(pilot, "f6")
        assert pilot.app.screen.query_one(TabbedContent).active == "my"

    assert snap_compare(newcomer_app(make_test_app), terminal_size=(100, 30),
                        run_before=run_before)


def test_snapshot_dialogs_newcomer(make_test_app, snap_compare):
    """Dialogs for a brand-new person: no conversations yet, and how to start one."""
    assert snap_compare(newcomer_app(make_test_app), terminal_size=(100, 30),
                        run_before=lambda pilot: open_section(pilot, "f3"))


def test_snapshot_feed_empty_newcomer_small(make_test_app, snap_compare):
    """A newcomer's Following tab at 80×24: the hint to find people fits."""
    assert snap_compare(newcomer_app(make_test_app), terminal_size=(80, 24), run_before=settle)


# ---------------------------------------------------------------- help in Russian


def test_snapshot_help_in_russian(logged_in_app, snap_compare):
    """F1 over the Feed in Russian: every key described in Russian."""
    assert snap_compare(logged_in_app("anna", lang="ru"), terminal_size=(100, 30),
                        run_before=lambda pilot: open_section(pilot, "f1"))
