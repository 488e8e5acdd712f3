"""Register: login, names, password twice; messages beside the field to blame.
Left with Esc, what was typed but the passwords is there when it opens again
(``KeepsTyped``), until an account is made or someone logs in."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from models import accounts
from models.errors import DomainError
from models.views import Registration

from ..check_wait import tell_if_checking
from ..i18n import _, translate_error
from ..kept_typing import KeepsTyped
from ..keys import LocalisedBindings
from ..widgets.button import Button
from ..widgets.field_message import ClearsFieldMessages, FieldMessage
from ..widgets.footer import AppFooter
from ..widgets.form_scroll import FormScroll, focus_next_field, focus_refused_field
from ..widgets.text_input import TextInput

# Under every new password (here, Account, Forgot password); short enough to
# show whole in a form at 80 columns, in English and in Russian.
NEW_PASSWORD_HINT = "15 characters or more; a few words are best"

# (input id, label, placeholder, masked); ids are the DomainError.field names.
FIELDS = (
    ("login", "Login", "Latin letters a–z, digits, . _ -", False),
    ("first_name", "First name", "", False),
    ("last_name", "Last name", "", False),
    ("password", "Password", NEW_PASSWORD_HINT, True),
    ("password_repeat", "Repeat the password", "", True),
)


class RegisterScreen(KeepsTyped, ClearsFieldMessages, LocalisedBindings, Screen):
    """A new account; on success the recovery codes, then the feed."""

    FORM_MESSAGES = ("register-error",)

    BINDINGS = [
        Binding("escape", "back", "Back to Log in", id="register.back"),
        Binding("ctrl+s", "submit", "Create account", id="register.submit"),
    ]

    def compose(self) -> ComposeResult:
        with Center(id="register-center"):
            with FormScroll(id="register-box", classes="form-box"):
                yield Static(_("Create an account"), classes="form-title", markup=False)
                for field, label, placeholder, masked in FIELDS:
                    yield Label(_(label), classes="field-label", markup=False)
                    yield TextInput(
                        id=field,
                        placeholder=_(placeholder) if placeholder else "",
                        password=masked,
                    )
                    yield FieldMessage(id=f"{field}-error", classes="field-error")
                yield FieldMessage(id="register-error", classes="form-error")
                yield Button(_("Create account"), id="submit", variant="primary")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#login", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if not focus_next_field(self, [f[0] for f in FIELDS], event.input.id):
            self.action_submit()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        values = {field: self.query_one(f"#{field}", Input).value for field, *_rest in FIELDS}
        self._clear_errors()
        self.query_one("#submit", Button).disabled = True
        self._register(values)

    def action_back(self) -> None:
        self.dismiss()  # what was typed is kept (KeepsTyped)

    @work(thread=True, exclusive=True, group="register")
    def _register(self, values: dict[str, str]) -> None:
        tell_if_checking(self.app)
        try:
            registration = accounts.register(
                values["login"].strip(),
                values["first_name"],
                values["last_name"],
                values["password"],
                values["password_repeat"],
            )
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._registered, registration)

    def _clear_errors(self) -> None:
        for field, *_rest in FIELDS:
            self.query_one(f"#{field}-error", Static).update("")
            self.query_one(f"#{field}", Input).remove_class("-invalid-field")
        self.query_one("#register-error", Static).update("")

    def _failed(self, exc: DomainError) -> None:
        self.query_one("#submit", Button).disabled = False
        field = exc.field if exc.field in {f[0] for f in FIELDS} else None
        if field is None:
            self.query_one("#register-error", Static).update(translate_error(exc))
            return
        self.query_one(f"#{field}-error", Static).update(translate_error(exc))
        box = self.query_one(f"#{field}", Input)
        box.add_class("-invalid-field")
        if field == "password":
            self.query_one("#password_repeat", Input).value = ""  # it repeats a refused one
        focus_refused_field(box)

    def _registered(self, registration: Registration) -> None:
        from .recovery_codes import RecoveryCodesScreen

        self.forget_kept()  # the account is made: the next Register opens empty

        def saved(_confirmed: bool | None) -> None:
            self.app.logged_in(registration.user)

        self.app.push_screen(RecoveryCodesScreen(registration.recovery_codes), saved)
