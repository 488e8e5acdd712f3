"""Account: change password, change login, new recovery codes, notifications,
whom I blocked, who sees when I was online, and whether others see what I play."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from models import accounts, recovery
from models.errors import DomainError
from models.text import clean_line
from models.views import UserRef

from ..carry_over import Reopens
from ..events import PeopleChanged
from ..i18n import _, translate_error
from ..kept_typing import KeepsTyped
from ..keys import LocalisedBindings
from ..widgets.app_header import AppHeader
from ..widgets.blocked_people import BlockedPeople
from ..widgets.field_message import ClearsFieldMessages, FieldMessage
from ..widgets.footer import AppFooter
from ..widgets.form_scroll import FormScroll, focus_next_field, focus_refused_field
from ..widgets.notification_settings import NotificationSettings
from ..widgets.text_input import TextInput
from .register import NEW_PASSWORD_HINT

# form -> (input id, label, DomainError.field it answers to)
FORMS = {
    "password": (
        ("pw-current", "Current password", "current_password"),
        ("pw-new", "New password", "new_password"),
        ("pw-repeat", "Repeat the new password", "password_repeat"),
    ),
    "login": (
        ("login-new", "New login", "login"),
        ("login-password", "Password", "password"),
    ),
    "codes": (("codes-password", "Password", "password"),),
}
# The rule a new login follows, shown in its empty box (as on Register).
PLACEHOLDERS = {"login-new": "Latin letters a–z, digits, . _ -"}
TITLES = {
    "password": "Change password",
    "login": "Change login",
    "codes": "New recovery codes",
}
# models.settings.LAST_SEEN_AUDIENCES, as the choices read
LAST_SEEN_CHOICES = (("everybody", "Everybody"), ("friends", "My friends"), ("nobody", "Nobody"))
BUTTONS = {
    "password": "Change password",
    "login": "Change login",
    "codes": "Make new recovery codes",
}


class AccountScreen(KeepsTyped, Reopens, ClearsFieldMessages, LocalisedBindings, Screen[bool]):
    """Three small forms; each needs the current password. A new language opens
    it again with the new login typed; a password typed is not carried (the
    field says so: ``tui/carry_over.py``). Left with Esc, the new login typed
    is there when it opens again (``KeepsTyped``; a password is not)."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="account.back"),
        Binding("ctrl+s", "submit", "Submit", id="account.submit"),
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader(_("Account"))
        with FormScroll(id="account-box", classes="form-box"):
            for form, fields in FORMS.items():
                yield Static(_(TITLES[form]), classes="form-title", markup=False)
                if form == "codes":
                    yield Static(
                        _("Your old recovery codes stop working; the new ones are shown once."),
                        classes="form-hint",
                        markup=False,
                    )
                for input_id, label, _field in fields:
                    yield Label(_(label), classes="field-label", markup=False)
                    yield TextInput(
                        id=input_id,
                        password="password" in input_id or "pw-" in input_id,
                        placeholder=(
                            _(NEW_PASSWORD_HINT) if input_id == "pw-new"
                            else _(PLACEHOLDERS[input_id]) if input_id in PLACEHOLDERS else ""
                        ),
                    )
                    yield FieldMessage(id=f"{input_id}-error", classes="field-error")
                yield Button(_(BUTTONS[form]), id=f"{form}-submit", variant="primary")
            yield Static(_("Blocked people"), classes="form-title", markup=False)
            yield Static(
                _("They cannot write to you, ask to be your friend or see your posts."),
                classes="form-hint",
                markup=False,
            )
            yield BlockedPeople(self.app.current_user.id, id="blocked-people")
            yield NotificationSettings(id="notification-settings")
            yield Static(_("Privacy"), classes="form-title", markup=False)
            yield Label(_("Who sees when I was online"), classes="field-label", markup=False)
            yield Select(
                [(_(label), value) for value, label in LAST_SEEN_CHOICES],
                value=self.app.settings.last_seen, allow_blank=False, id="last-seen",
            )
            yield Static(_("Show it to nobody, and you see nobody else's either."),
                         classes="form-hint", markup=False)
            yield Checkbox(Text(_("Show what I am listening to")),
                           self.app.settings.now_playing, id="setting-now_playing")
            yield Static(_("While your player plays: “♪ Title — Artist” on your profile and "
                           "in People, for those who may see when you were online."),
                         classes="form-hint", markup=False)
        yield AppFooter()

    @on(Select.Changed, "#last-seen")
    def _last_seen_chosen(self, event: Select.Changed) -> None:
        """Kept at once, like the theme and the volume (no password needed)."""
        if event.value != self.app.settings.last_seen:
            self.app.remember_settings(last_seen=event.value)
            self.notify(_("Saved: who sees when you were online."))

    @on(Checkbox.Changed, "#setting-now_playing")
    def _now_playing_chosen(self, event: Checkbox.Changed) -> None:
        """Kept at once; a track playing now is shown (or taken away) at once too."""
        if event.value != self.app.settings.now_playing:
            self.app.remember_settings(now_playing=event.value)
            self.app.update_now_playing()

    def on_mount(self) -> None:
        self.query_one("#pw-current", Input).focus()

    def action_back(self) -> None:
        self.dismiss(False)

    @on(BlockedPeople.Unblocked)
    def _unblocked(self, event: BlockedPeople.Unblocked) -> None:
        self.notify(_("{name} is unblocked.").format(name=clean_line(event.person.full_name)),
                    markup=False)

    def on_people_changed(self, event: PeopleChanged) -> None:
        """Someone I blocked took a new name or login (``tui/live.py``): their
        row says it."""
        self.query_one(BlockedPeople).show_people(event.people)

    def _focused_form(self) -> str | None:
        """The form the focus is in: one of its fields or its button."""
        focused = self.focused
        name = focused.id if focused is not None else None
        for form, fields in FORMS.items():
            if name == f"{form}-submit" or name in [f[0] for f in fields]:
                return form
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return self._focused_form() is not None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # Ctrl+S is on offer inside a form

    def action_submit(self) -> None:
        """Ctrl+S submits the form the focus is in, as in every other form."""
        form = self._focused_form()
        if form is not None:
            self.query_one(f"#{form}-submit", Button).press()

    def _values(self, form: str) -> dict[str, str]:
        return {input_id: self.query_one(f"#{input_id}", Input).value
                for input_id, *_rest in FORMS[form]}

    def _clear(self, form: str) -> None:
        for input_id, *_rest in FORMS[form]:
            self.query_one(f"#{input_id}-error", Static).update("")

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        for form, fields in FORMS.items():
            ids = [f[0] for f in fields]
            if event.input.id in ids:
                if not focus_next_field(self, ids, event.input.id):
                    self.query_one(f"#{form}-submit", Button).press()

    @on(Button.Pressed, "#password-submit")
    def _change_password(self) -> None:
        self._clear("password")
        values = self._values("password")
        if values["pw-new"] != values["pw-repeat"]:
            self._blame("password", "password_repeat", _("The two passwords differ."))
            return
        self._run("password", values)

    @on(Button.Pressed, "#login-submit")
    def _change_login(self) -> None:
        self._clear("login")
        self._run("login", self._values("login"))

    @on(Button.Pressed, "#codes-submit")
    def _new_codes(self) -> None:
        self._clear("codes")
        self._run("codes", self._values("codes"))

    def _run(self, form: str, values: dict[str, str]) -> None:
        self.query_one(f"#{form}-submit", Button).disabled = True
        self._call(form, self.app.current_user.id, values)

    @work(thread=True, exclusive=True, group="account")
    def _call(self, form: str, user_id: int, values: dict[str, str]) -> None:
        try:
            if form == "password":
                result = accounts.change_password(user_id, values["pw-current"], values["pw-new"])
            elif form == "login":
                result = accounts.change_login(
                    user_id, values["login-password"], values["login-new"].strip()
                )
            else:
                result = recovery.regenerate_recovery_codes(user_id, values["codes-password"])
        except DomainError as exc:
            self.app.call_from_thread(self._failed, form, exc)
            return
        self.app.call_from_thread(self._done, form, result)

    def _failed(self, form: str, exc: DomainError) -> None:
        self.query_one(f"#{form}-submit", Button).disabled = False
        if not self._blame(form, exc.field, translate_error(exc)):
            self.app.show_error(exc)

    def _blame(self, form: str, field: str | None, text: str) -> bool:
        for input_id, _label, domain_field in FORMS[form]:
            if domain_field == field:
                self.query_one(f"#{input_id}-error", Static).update(text)
                if input_id == "pw-new":
                    self.query_one("#pw-repeat", Input).value = ""  # it repeats a refused one
                focus_refused_field(self.query_one(f"#{input_id}", Input))
                return True
        return False

    def _done(self, form: str, result: object) -> None:
        self.query_one(f"#{form}-submit", Button).disabled = False
        for input_id, *_rest in FORMS[form]:
            self.query_one(f"#{input_id}", Input).value = ""
        if form == "password":
            self.notify(_("Password changed."))
        elif form == "login":
            assert isinstance(result, UserRef)
            self.app.current_user = result
            self.notify(_("Login changed."))
        else:
            from .recovery_codes import RecoveryCodesScreen

            self.app.push_screen(RecoveryCodesScreen(result))
