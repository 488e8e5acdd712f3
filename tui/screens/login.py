"""Log in: login and masked password; links to Register and Forgot password."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from models import clock
from models.errors import AuthenticationError, DomainError, ThrottledError

from ..check_wait import tell_if_checking
from ..formatting import clock_time
from ..i18n import _, translate_error
from ..keys import LocalisedBindings
from ..paint_now import paint_when_settled
from ..user_settings import read_settings
from ..widgets.button import Button
from ..widgets.field_message import FieldMessage
from ..widgets.footer import AppFooter
from ..widgets.form_scroll import focus_refused_field
from ..widgets.text_input import TextInput
from .section import BlinksOnlyWhenShown, RestylesOnlyWhenNeeded

if TYPE_CHECKING:
    from datetime import datetime

    from textual.timer import Timer

    from models.settings import Settings
    from models.views import UserRef


NO_BREAK = "\u00a0"  # between a number and its unit: "18 s" never wraps apart


def throttled_text(retry_at: datetime) -> str:
    """"Too many failed attempts. Try again at 12:05 (in 3 min)." — never a raw
    date; once the time has come, that they can try again."""
    seconds = math.ceil((retry_at - clock.now()).total_seconds())
    if seconds <= 0:
        return _("You can try again now.")
    if seconds < 60:
        wait = _("in {n} s").format(n=seconds)
    else:
        wait = _("in {n} min").format(n=(seconds + 59) // 60)
    return _(
        "Too many failed attempts. Try again at {time} UTC ({wait}), "
        "or set a new password with a recovery code (Ctrl+F)."
    ).format(time=clock_time(retry_at), wait=re.sub(r"(\d) ", rf"\1{NO_BREAK}", wait))


class LoginScreen(BlinksOnlyWhenShown, RestylesOnlyWhenNeeded, LocalisedBindings, Screen):
    """The first screen: who are you?"""

    BINDINGS = [
        Binding("ctrl+r", "register", "Create account", id="login.register"),
        Binding("ctrl+f", "forgot", "Forgot password", id="login.forgot"),
        # As in every form; Enter in Password does the same, so the footer leaves it out.
        Binding("ctrl+s", "submit", "Log in", show=False, id="login.submit"),
    ]

    _countdown: Timer | None = None  # ticks the throttle message every second

    def compose(self) -> ComposeResult:
        # Each node is styled as it mounts, moments from now: the first show's
        # restyle of every node would change nothing (it was about 12 of the
        # ~105 ms from app.run() to a painted Log in). Later resumes (back from
        # Register, say) restyle as Textual does.
        self.note_styles()
        with Center(id="login-center"):
            with Vertical(id="login-box", classes="form-box"):
                yield Static(_("Messenger"), classes="form-title", markup=False)
                yield Static(_("Log in to continue."), classes="form-hint", markup=False)
                yield Label(_("Login"), classes="field-label", markup=False)
                yield TextInput(id="login", placeholder=_("your login"), max_length=64)
                yield Label(_("Password"), classes="field-label", markup=False)
                yield TextInput(id="password", placeholder=_("your password"), password=True)
                yield FieldMessage(id="login-error", classes="form-error")
                yield Button(_("Log in"), id="submit", variant="primary")
                with Horizontal(classes="form-links"):
                    yield Button(_("Create account (Ctrl+R)"), id="to-register", compact=True)
                    yield Button(_("Forgot password (Ctrl+F)"), id="to-forgot", compact=True)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#login", Input).focus()
        # The app's first frame: painted once the form is in place, not at the
        # next tick of Textual's frame timer (up to 17 ms more of start-up).
        paint_when_settled(self)

    @on(Input.Submitted, "#login")
    def _next_field(self) -> None:
        """Enter on Login goes on to Password, once a login is typed: on an
        empty Login it says what is missing and stays, so a login typed next
        does not go into the masked Password field unseen."""
        if not self._asks_for_login():
            self.query_one("#password", Input).focus()

    def _asks_for_login(self) -> bool:
        """When Login is empty, says so and gives it the focus (True)."""
        if self.query_one("#login", Input).value.strip():
            return False
        self._show_error(_("Type your login."))
        self.query_one("#login", Input).focus()
        return True

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#submit")
    def submit(self) -> None:
        login = self.query_one("#login", Input).value.strip()
        password = self.query_one("#password", Input).value
        if self._asks_for_login():
            return
        if not password:
            self._show_error(_("Type your password."))
            self.query_one("#password", Input).focus()
            return
        self.query_one("#submit", Button).disabled = True
        self._log_in(login, password)

    def action_submit(self) -> None:
        if not self.query_one("#submit", Button).disabled:  # not while logging in
            self.submit()

    def holds_key(self, event: events.Event, focused: object) -> bool:
        """While the password is checked, the keys typed after Enter wait:
        an F-key goes to the section once the person is in, and letters to
        Password again if the password was wrong (tui/key_order.py)."""
        if isinstance(event, events.Key) and event.key == "ctrl+q":
            return False
        return self.is_mounted and self.query_one("#submit", Button).disabled

    @work(thread=True, exclusive=True, group="login")
    def _log_in(self, login: str, password: str) -> None:
        from models import accounts  # argon2 and the tables: not needed to paint Log in

        tell_if_checking(self.app)
        try:
            user = accounts.log_in(login, password)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._succeeded, user, read_settings(user.id))

    def _failed(self, exc: DomainError) -> None:
        self.query_one("#submit", Button).disabled = False
        if isinstance(exc, ThrottledError):
            self._count_down_to(exc.retry_at)
        elif isinstance(exc, AuthenticationError):
            self._show_error(_("Wrong login or password."))
        else:
            self._show_error(translate_error(exc))
        focus_refused_field(self.query_one("#password", Input))

    def _succeeded(self, user: UserRef, settings: Settings) -> None:
        self.query_one("#password", Input).value = ""
        self.query_one("#submit", Button).disabled = False
        self._show_error("")
        self.app.logged_in(user, settings)

    def _show_error(self, text: str) -> None:
        if self._countdown is not None:
            self._countdown.stop()
            self._countdown = None
        self.query_one("#login-error", Static).update(text)

    def _count_down_to(self, retry_at: datetime) -> None:
        """Show the throttle message and count it down each second to "you can
        try again now"."""
        self._show_error(throttled_text(retry_at))

        def tick() -> None:
            text = throttled_text(retry_at)
            self.query_one("#login-error", Static).update(text)
            if clock.now() >= retry_at and self._countdown is not None:
                self._countdown.stop()
                self._countdown = None

        self._countdown = self.set_interval(1.0, tick)

    @on(Button.Pressed, "#to-register")
    def action_register(self) -> None:
        from .register import RegisterScreen

        self.app.push_screen(RegisterScreen())

    @on(Button.Pressed, "#to-forgot")
    def action_forgot(self) -> None:
        from .forgot_password import ForgotPasswordScreen

        def done(login: str | None) -> None:
            if login:
                self.notify(_("Password changed. Log in with your new password."))
                self.query_one("#login", Input).value = login
                self.query_one("#password", Input).value = ""
                self.query_one("#password", Input).focus()
                self._show_error("")  # an earlier failure is not this password's

        login = self.query_one("#login", Input).value.strip()
        self.app.push_screen(ForgotPasswordScreen(login), done)  # the login typed comes along
