"""Log in: the first screen a person sees."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import Input, Static

from models import accounts
from models.errors import DomainError
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.test_live import until
from tui.screens.login import LoginScreen


async def log_in(pilot, login: str, password: str) -> None:
    await type_text(pilot, login)
    await pilot.press("enter")
    await type_text(pilot, password)
    await pilot.press("enter")
    await settle(pilot)


def error_text(app) -> str:
    return str(app.screen.query_one("#login-error", Static).render())


def test_log_in_opens_the_feed(make_test_app, app_db):
    """Typing login and password and pressing Enter opens the Feed, with my
    name in the header."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", PASSWORD)
            assert app.current_mode == "feed"
            assert app.current_user.id == app_db.anna.id
            header = str(app.screen.query_one("#header-user", Static).render())
            assert "Анна Иванова" in header

    asyncio.run(scenario())


def test_wrong_password_says_one_generic_thing(make_test_app):
    """A wrong password and an unknown login get the same message; the login
    typed stays, and the person stays on Log in."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", "not the right password at all")
            assert isinstance(app.screen, LoginScreen)
            assert error_text(app) == "Wrong login or password."
            assert app.screen.query_one("#login", Input).value == "anna"
            assert app.current_user is None
            login = app.screen.query_one("#login", Input)
            login.value = "nobody-here"
            app.screen.query_one("#password", Input).value = "whatever whatever whatever"
            app.screen.submit()
            await settle(pilot)
            assert error_text(app) == "Wrong login or password."

    asyncio.run(scenario())


def test_throttled_log_in_says_when_to_try_again(make_test_app):
    """After five wrong passwords the screen says when to try again (a time,
    and how long), even for the right password."""
    for _ in range(5):
        try:
            accounts.log_in("anna", "wrong wrong wrong wrong")
        except DomainError:
            pass
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", PASSWORD)
            assert app.current_user is None
            text = error_text(app)
            assert text.startswith(
                "Too many failed attempts. Try again at 12:00 UTC (in 30\u00a0s)"
            )
            assert "Ctrl+F" in text

    asyncio.run(scenario())


def test_empty_fields_are_asked_for(make_test_app):
    """Pressing Enter with nothing typed asks for the login, without a database call."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert error_text(app) == "Type your login."

    asyncio.run(scenario())


def test_enter_on_an_empty_login_stays_there(make_test_app, app_db):
    """Enter on an empty Login says "Type your login." and keeps the focus
    there: the login typed next goes into Login, not into the masked Password
    field unseen; then the usual way (Enter, password, Enter) logs in."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert error_text(app) == "Type your login."
            assert app.focused is app.screen.query_one("#login", Input)
            await type_text(pilot, "anna")
            assert app.screen.query_one("#password", Input).value == ""
            await pilot.press("enter")
            await type_text(pilot, PASSWORD)
            await pilot.press("enter")
            assert await until(pilot, lambda: app.current_user is not None)
            assert app.current_user.login == "anna"

    asyncio.run(scenario())


def test_snapshot_login_empty(make_test_app, snap_compare):
    """The Log in screen as it opens: login, masked password, links."""
    assert snap_compare(make_test_app(), terminal_size=(100, 30))


def test_snapshot_login_empty_small(make_test_app, snap_compare):
    """Log in fits an 80×24 terminal."""
    assert snap_compare(make_test_app(), terminal_size=(80, 24))


def test_snapshot_login_error(make_test_app, snap_compare):
    """A wrong password: the password is masked, the message is shown under it."""

    async def run_before(pilot):
        await log_in(pilot, "anna", "wrong password typed here")

    assert snap_compare(make_test_app(), terminal_size=(100, 30), run_before=run_before)


def _throttle_anna() -> None:
    for _ in range(5):
        try:
            accounts.log_in("anna", "wrong wrong wrong wrong")
        except DomainError:
            pass


async def _until(pilot, condition, rounds: int = 60) -> bool:
    """Let the app run (its one-second countdown included) until ``condition()``."""
    for _ in range(rounds):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


def test_throttle_message_counts_down_to_try_again(make_test_app, frozen_clock):
    """The wait in the throttle message counts down as time passes (not "in
    30 s" for thirty seconds), and when it is over the message says so."""
    from datetime import timedelta

    from models import clock

    _throttle_anna()
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await log_in(pilot, "anna", PASSWORD)
            assert "(in 30\u00a0s)" in error_text(app)
            clock.freeze(frozen_clock + timedelta(seconds=12))
            assert await _until(pilot, lambda: "(in 18\u00a0s)" in error_text(app))
            clock.freeze(frozen_clock + timedelta(seconds=29, milliseconds=500))
            assert await _until(pilot, lambda: "(in 1\u00a0s)" in error_text(app))
            clock.freeze(frozen_clock + timedelta(seconds=30))
            assert await _until(pilot, lambda: error_text(app) == "You can try again now.")
            assert app.screen._countdown is None  # the ticking stopped
            await log_in(pilot, "", PASSWORD)  # the password again, nothing else typed
            assert app.current_user is not None

    asyncio.run(scenario())


def test_throttle_wait_never_wraps_between_number_and_unit(make_test_app):
    """At any width of the message, "18" and "s" stay on one line; the text
    still breaks at the ordinary spaces."""
    from datetime import timedelta

    from models import clock
    from tui.screens.login import throttled_text
    from tui.widgets.field_message import wrap_keeping_no_break

    text = throttled_text(clock.now() + timedelta(seconds=18))
    assert "(in 18\u00a0s)" in text
    for width in range(12, 90):
        lines = wrap_keeping_no_break(text, width)
        assert " ".join(lines) == text
        assert not any(line.endswith("18") for line in lines), width

    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(60, 30)) as pilot:
            message = app.screen.query_one("#login-error")
            message.update(text)
            await pilot.pause()
            shown = [strip.text for strip in message.render_lines(message.region.reset_offset)]
            assert len([line for line in shown if line.strip()]) > 1  # it does wrap
            assert any("18\u00a0s)" in line for line in shown)

    asyncio.run(scenario())


class _StartUpCheck:
    """The start-up integrity check of a big file, still reading it until ``done``."""

    def __init__(self, done: bool = False):
        self.done = threading.Event()
        if done:
            self.done.set()

    def finished(self, timeout: float = 0.0) -> bool:
        return self.done.wait(timeout)

    def wait(self, timeout: float | None = None) -> str | None:
        self.done.wait(timeout)
        return None  # sound


def _notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.sqlite_only
def test_a_log_in_that_waits_for_the_start_up_check_says_why(make_test_app, app_db):
    """The day's first start of a big file: the log-in (the first write) waits
    for the check, and a notification says so; once the check is done, the
    person is in, with nothing typed again."""
    from models.db import database

    app = make_test_app()
    check = _StartUpCheck()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            database.obj.quick_check = check
            try:
                await type_text(pilot, "anna")
                await pilot.press("enter")
                await type_text(pilot, PASSWORD)
                await pilot.press("enter")  # not settle(): it waits for the log-in's worker
                for _ in range(60):
                    if _notes(app):
                        break
                    await asyncio.sleep(0.05)
                assert any("Checking the database file for damage" in note
                           for note in _notes(app))
                assert isinstance(app.screen, LoginScreen) and app.current_user is None
            finally:
                check.done.set()
            await settle(pilot)
            assert app.current_mode == "feed" and app.current_user.id == app_db.anna.id

    try:
        asyncio.run(scenario())
    finally:
        database.obj.quick_check = None


@pytest.mark.sqlite_only
def test_a_log_in_after_the_check_says_nothing_of_it(make_test_app, app_db):
    from models.db import database

    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            database.obj.quick_check = _StartUpCheck(done=True)
            await log_in(pilot, "anna", PASSWORD)
            assert app.current_mode == "feed"
            assert not any("Checking the database file" in note for note in _notes(app))

    try:
        asyncio.run(scenario())
    finally:
        database.obj.quick_check = None
