"""Forgot password: login + recovery (or operator) code + new password twice.
Left with Esc, the login typed is there when it opens again (``KeepsTyped``);
the code and the passwords never are."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from models import recovery
from models.errors import DomainError

from ..check_wait import tell_if_checking
from ..i18n import _, translate_error
from ..kept_typing import KeepsTyped
from ..keys import LocalisedBindings
from ..widgets.button import Button
from ..widgets.field_message import ClearsFieldMessages, FieldMessage
from ..widgets.footer import AppFooter
from ..widgets.form_scroll import FormScroll, focus_next_field, focus_refused_field
from ..widgets.text_input import TextInput
from .register import NEW_PASSWORD_HINT

FIELDS = (
    ("login", "Login", False),
    ("code", "Recovery code or operator reset code", False),
    ("new_password", "New password", True),
    ("password_repeat", "Repeat the new password", True),
)
# Field names the domain may blame, mapped onto this form's inputs.
DOMAIN_FIELDS = {"login": "login", "code": "code", "password": "new_password",
                 "new_password": "new_password", "password_repeat": "password_repeat"}


class ForgotPasswordScreen(KeepsTyped, ClearsFieldMessages, LocalisedBindings,
                           Screen[str | None]):
    """Dismisses with the login whose password was changed (no automatic log-in),
    or ``None`` when the person went back."""

    FORM_MESSAGES = ("forgot-error",)
    NOT_KEPT = ("code",)  # a recovery code opens the account, as a password does
    KEPT_ON_MOUNT = False  # put in by on_mount, before the focus goes where the login says

    BINDINGS = [
        Binding("escape", "back", "Back to Log in", id="forgot.back"),
        Binding("ctrl+s", "submit", "Set new password", id="forgot.submit"),
    ]

    def __init__(self, login: str = "") -> None:
        super().__init__()
        self._login = login  # what Log in's field held: the code is asked next

    def compose(self) -> ComposeResult:
        with Center(id="forgot-center"):
            with FormScroll(id="forgot-box", classes="form-box"):
                yield Static(_("Set a new password"), classes="form-title", markup=False)
                yield Static(
                    _("Use one of your recovery codes, or a reset code from the operator."),
                    classes="form-hint",
                    markup=False,
                )
                for field, label, masked in FIELDS:
                    yield Label(_(label), classes="field-label", markup=False)
                    yield TextInput(
                        self._login if field == "login" else "",
                        id=field,
                        password=masked,
                        placeholder=_(NEW_PASSWORD_HINT) if field == "new_password" else "",
                    )
                    yield FieldMessage(id=f"{field}-error", classes="field-error")
                yield FieldMessage(id="forgot-error", classes="form-error")
                yield Button(_("Set new password"), id="submit", variant="primary")
        yield AppFooter()

    def on_mount(self) -> None:
        self.put_kept()  # a login typed here and left with Esc, over Log in's
        known = self.query_one("#login", Input).value
        self.query_one("#code" if known else "#login", Input).focus()

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if not focus_next_field(self, [f[0] for f in FIELDS], event.input.id):
            self.action_submit()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        values = {field: self.query_one(f"#{field}", Input).value for field, *_rest in FIELDS}
        for field, *_rest in FIELDS:
            self.query_one(f"#{field}-error", Static).update("")
        self.query_one("#forgot-error", Static).update("")
        if values["new_password"] != values["password_repeat"]:
            self._blame("password_repeat", _("The two passwords differ."))
            return
        self.query_one("#submit", Button).disabled = True
        self._reset(values["login"].strip(), values["code"].strip(), values["new_password"])

    @work(thread=True, exclusive=True, group="forgot")
    def _reset(self, login: str, code: str, password: str) -> None:
        tell_if_checking(self.app)
        try:
            recovery.reset_password_with_code(login, code, password)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self.dismiss, login)

    def _failed(self, exc: DomainError) -> None:
        self.query_one("#submit", Button).disabled = False
        field = DOMAIN_FIELDS.get(exc.field or "")
        if field is None:
            self.query_one("#forgot-error", Static).update(translate_error(exc))
        else:
            self._blame(field, translate_error(exc))

    def _blame(self, field: str, text: str) -> None:
        self.query_one(f"#{field}-error", Static).update(text)
        if field == "new_password":
            self.query_one("#password_repeat", Input).value = ""  # it repeats a refused one
        focus_refused_field(self.query_one(f"#{field}", Input))
