"""The key sweep (tests/tui/test_key_sweep.py) where it did not go: the forms
before anyone is logged in, Account's password and login forms, the picture
viewer, a group read only to someone removed from it, and the members panel
as the group's owner sees it.

In a form "half" is written in every field, password fields too; then from
each kind of widget (a password field is a kind of its own) every key the
footer and help show, F1 … F10, Ctrl+P, Ctrl+F, Ctrl+N, Ctrl+G, Esc, Tab,
Shift+Tab and Enter are pressed one at a time (Ctrl+Q, which quits, is
not). Before log-in no key gets anyone in or shows anyone's data: the
section keys do nothing there. Every password field stays masked; a form
that refuses what Enter sent empties the password it refused, saying why
beside it (typed afresh, not added to); Esc, its "Back", ends the form and
its passwords (the rest is kept for its next opening, a recovery code
excepted: tui/kept_typing.py). Otherwise each field holds "half" after
every key.

The viewer and the members panel open over a chat whose composer holds
"half": it still does after every key. The read-only group has nothing to
write in: there, every key help lists, from each widget, works or says why
not.
"""

from __future__ import annotations

import asyncio

import pytest

from models import groups, messages
from tests.tui.conftest import settle
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_groups import open_group
from tests.tui.test_key_sweep import EVERYWHERE, Place, Sweep, open_dialogs
from tests.tui.test_picture_views import with_pictures
from tui.screens.recovery_codes import RecoveryCodesScreen
from tui.widgets.chat_view import ChatView

# From one widget of each form: F1 and Ctrl+P, the app's wherever the focus is.
APP_KEYS = ("f1", "ctrl+p")
# From one widget of Log in: F2 … F10 go to the app before any screen (its sections and
# player, not yet anyone's), and nothing binds Ctrl+N or Ctrl+G before log-in (help
# would list it, and the key would be pressed on every form).
BEFORE_LOG_IN = (*(f"f{n}" for n in range(2, 11)), "ctrl+n", "ctrl+g")
# From one widget of Account: the player's keys, a section's (F4: the others go to
# their sections as from any screen) and Dialogs' Ctrl+N and Ctrl+G.
IN_ACCOUNT = ("f9", "f10", "f4", "ctrl+n", "ctrl+g")
FORM_KEYS = ("ctrl+f", "escape", "tab", "shift+tab", "enter")  # from every kind of widget
CODES = tuple(f"code-{n:02}" for n in range(1, 11))


async def at_log_in(pilot, app_db) -> None:
    """The app starts there."""


async def open_register(pilot, app_db) -> None:
    pilot.app.screen.action_register()


async def open_forgot_password(pilot, app_db) -> None:
    pilot.app.screen.action_forgot()


async def open_recovery_codes(pilot, app_db) -> None:
    pilot.app.push_screen(RecoveryCodesScreen(CODES))


async def open_account(pilot, app_db) -> None:
    pilot.app._command_account()


async def open_removed_group(pilot, app_db) -> None:
    await pilot.press("f3")
    await settle(pilot)
    await open_group(pilot, app_db.removed_from)


async def open_hike(pilot, app_db) -> None:
    await pilot.press("f3")
    await settle(pilot)
    await open_group(pilot, app_db.hike)


async def open_members(pilot, app_db) -> None:
    pilot.app.screen.action_members()


async def open_viewer(pilot, app_db) -> None:
    chat = pilot.app.screen.query_one(ChatView)
    pictured = next(message for message in reversed(chat.items) if message.attachments)
    pilot.app.screen.view_pictures(pictured.attachments)


def form(opener, fields: tuple[str, ...], *, logged_in: bool = False, once=(), **more) -> Place:
    return Place(opener, fields, keys=FORM_KEYS, once=(*APP_KEYS, *once), skip=("ctrl+q",),
                 enter_in_fields=True, help_keys=True, leaves=("escape",), logged_in=logged_in,
                 **more)


# In Dialogs the app's F1, Ctrl+P and F2 (away) are pressed from one widget.
IN_DIALOGS = {"help_keys": True, "once": ("f1", "ctrl+p", "f2")}
ACCOUNT_FORMS = ("pw-current", "pw-new", "pw-repeat", "login-new", "login-password")

PLACES = {
    "log in": form(at_log_in, ("login", "password"), once=BEFORE_LOG_IN),
    "register": form(open_register,
                     ("login", "first_name", "last_name", "password", "password_repeat")),
    "forgot password": form(open_forgot_password,
                            ("login", "code", "new_password", "password_repeat")),
    "recovery codes": form(open_recovery_codes, ()),
    "account": form(open_account, ACCOUNT_FORMS, logged_in=True, once=IN_ACCOUNT,
                    sweep_from=(*ACCOUNT_FORMS, "password-submit", "login-submit")),
    "picture viewer": Place(open_viewer, ("composer",), under=open_dialogs, **IN_DIALOGS),
    "read-only group": Place(open_removed_group, **IN_DIALOGS),
    "members (owner)": Place(open_members, ("composer",), under=open_hike,
                             **IN_DIALOGS | {"keys": (*EVERYWHERE, "enter")}),
}


# Sweeps that share an app, one after another (an app started is seconds of the sweep).
RUNS = {
    # (Log in last: the login typed there comes along to Forgot password)
    "before log-in": ("register", "forgot password", "recovery codes", "log in"),
    "account": ("account",),
    "dialogs": ("picture viewer", "read-only group", "members (owner)"),
}


@pytest.mark.parametrize("run", list(RUNS))
def test_every_key_from_every_widget_works_or_says_why(run, app_db, hike, make_test_app,
                                                       logged_in_app):
    """See the module's docstring. Michail sent Анна two pictures; Анна owns
    «Поход»; Michail made "Chess night" with Анна and Olga, they talked, and
    he removed Анна from it."""
    with_pictures(app_db)
    chess_night = groups.create_group(app_db.michail.id, "Chess night",
                                      [app_db.anna.id, app_db.olga.id])
    messages.send_to_dialog(app_db.olga.id, chess_night, "Friday?", "night-1")
    groups.remove_member(app_db.michail.id, chess_night, app_db.anna.id)
    app_db.removed_from, app_db.hike = chess_night, hike
    places = [PLACES[name] for name in RUNS[run]]
    app = logged_in_app("anna") if places[0].logged_in else make_test_app()

    async def scenario():
        async with app.run_test(size=(160, 36)) as pilot:
            await settle(pilot)
            for name, place in zip(RUNS[run], places, strict=True):
                while len(app.screen_stack) > 1:  # from where the last sweep left it
                    app.pop_screen()
                await settle(pilot)
                assert await Sweep(pilot, app_db, place).every_key() >= 5, name

    asyncio.run(scenario())


def test_a_key_on_a_line_that_is_no_message_says_so(app_db, logged_in_app):
    """A found defect, pinned on its own: in a group Анна was removed from,
    the newest line says so ("Michail removed Анна"). With nothing selected,
    i (who has read it) selects that line, and a notification says it is no
    message to act on (the key did nothing more, and said nothing)."""
    chess_night = groups.create_group(app_db.michail.id, "Chess night", [app_db.anna.id])
    messages.send_to_dialog(app_db.anna.id, chess_night, "Friday?", "night-1")
    groups.remove_member(app_db.michail.id, chess_night, app_db.anna.id)
    app_db.removed_from = chess_night
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(160, 36)) as pilot:
            await settle(pilot)
            await open_removed_group(pilot, app_db)
            chat = app.screen.query_one(ChatView)
            chat.focus()
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            assert chat.selected_message.kind == "system"
            said = [str(n.message) for n in app._notifications]
            assert said == ["This line only says what happened: choose a message with ↑ / ↓."]

    asyncio.run(scenario())
