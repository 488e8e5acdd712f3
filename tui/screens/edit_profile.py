"""Edit profile: every field, and the avatar from a typed path or a file picker."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static, TextArea

from models import profiles
from models.errors import DomainError
from models.views import Profile, UserRef

from ..carry_over import Reopens, Typed, reopens
from ..i18n import _, translate_error
from ..kept_typing import KeepsTyped
from ..keys import LocalisedBindings
from ..web_session import files_refusal, path_refusal, picker_start
from ..widgets.app_header import AppHeader
from ..widgets.field_message import ClearsFieldMessages, FieldMessage
from ..widgets.footer import AppFooter
from ..widgets.form_scroll import FormScroll, focus_refused_field
from ..widgets.text_input import TextInput

# DomainError.field -> the input to blame
FIELD_INPUTS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "birthday": "birthday",
    "city": "city",
    "about": "about",
    "path": "avatar_path",
    "avatar": "avatar_path",
    "data": "avatar_path",
}


class EditProfileScreen(KeepsTyped, Reopens, ClearsFieldMessages, LocalisedBindings, Screen[bool]):
    """Dismisses with ``True`` after a save; a refused save keeps everything typed
    (and a new language opens it again with it: ``carry_over``), a cancel too:
    each field changed comes back over the profile read (``KeepsTyped``)."""

    KEPT_ON_MOUNT = False  # put in over the profile, once it is read

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit_profile.save"),
        Binding("escape", "cancel", "Cancel", id="edit_profile.cancel"),
        Binding("ctrl+b", "browse", "Choose avatar file", id="edit_profile.browse"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._remove_avatar = False
        self._filled = False  # the profile read and in the fields

    def compose(self) -> ComposeResult:
        yield AppHeader(_("Edit profile"))
        with FormScroll(id="edit-box", classes="form-box"):
            for field, label in (
                ("first_name", _("First name")),
                ("last_name", _("Last name")),
                ("birthday", _("Birthday (YYYY-MM-DD, empty for none)")),
                ("city", _("City")),
            ):
                yield Label(label, classes="field-label", markup=False)
                yield TextInput(id=field)
                yield FieldMessage(id=f"{field}-error", classes="field-error")
            yield Label(_("About"), classes="field-label", markup=False)
            yield TextArea(id="about", soft_wrap=True)
            yield FieldMessage(id="about-error", classes="field-error")
            yield Label(_("New avatar: path of an image file (PNG, JPEG, GIF, WebP)"),
                        classes="field-label", markup=False)
            with Horizontal(id="avatar-row"):
                yield TextInput(id="avatar_path", placeholder=_("leave empty to keep the avatar"))
                yield Button(_("Browse… (Ctrl+B)"), id="browse", compact=True)
                yield Button(_("Remove avatar"), id="remove-avatar", compact=True)
            yield FieldMessage(id="avatar_path-error", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save (Ctrl+S)"), id="save", variant="primary")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#save", Button).disabled = True
        self._load(self.app.current_user.id)

    @work(thread=True, exclusive=True, group="edit-profile")
    def _load(self, user_id: int) -> None:
        try:
            profile = profiles.get_profile(user_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._fill, profile)

    def _fill(self, profile: Profile) -> None:
        self.query_one("#first_name", Input).value = profile.user.first_name
        self.query_one("#last_name", Input).value = profile.user.last_name
        self.query_one("#birthday", Input).value = (
            profile.birthday.isoformat() if profile.birthday else ""
        )
        self.query_one("#city", Input).value = profile.city
        self.query_one("#about", TextArea).text = profile.about
        self.query_one("#save", Button).disabled = False
        self.query_one("#first_name", Input).focus()
        self._filled = True
        self.put_kept()
        typed = self.put_typed_back()  # over what was read: what was typed before a new language
        if typed is not None:
            typed.focus_in(self)

    def put_typed_back(self) -> Typed | None:
        return super().put_typed_back() if self._filled else None

    def more_typed(self) -> bool | None:
        """A new language: "Remove avatar", pressed, comes back too."""
        return True if self._remove_avatar else None

    def put_more_typed(self, _remove: bool) -> None:
        self._remove()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#browse")
    def action_browse(self) -> None:
        from .file_picker import FilePickerScreen

        if refusal := files_refusal(self.app):
            self.query_one("#avatar_path-error", Static).update(refusal)
            return

        def picked(path: str | None) -> None:
            if path:
                self.query_one("#avatar_path", Input).value = path
                self._remove_avatar = False

        self.app.push_screen(reopens(FilePickerScreen(picker_start(self.app, None)),
                                     EditProfileScreen.action_browse), picked)

    @on(Button.Pressed, "#remove-avatar")
    def _remove(self) -> None:
        self._remove_avatar = True
        with self.prevent(Input.Changed):  # the note below is about this empty path
            self.query_one("#avatar_path", Input).value = ""
        self.query_one("#avatar_path-error", Static).update(
            _("The avatar will be removed when you save.")
        )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        save = self.query_one("#save", Button)
        if save.disabled:
            return
        for target in set(FIELD_INPUTS.values()):
            self.query_one(f"#{target}-error", Static).update("")
        values = {
            "first_name": self.query_one("#first_name", Input).value,
            "last_name": self.query_one("#last_name", Input).value,
            "birthday": self.query_one("#birthday", Input).value.strip() or None,
            "city": self.query_one("#city", Input).value,
            "about": self.query_one("#about", TextArea).text,
        }
        path = self.query_one("#avatar_path", Input).value.strip()
        if path and (refusal := path_refusal(self.app, path)):
            self.query_one("#avatar_path-error", Static).update(refusal)
            focus_refused_field(self.query_one("#avatar_path", Input))
            return
        save.disabled = True
        self._save(self.app.current_user.id, values, path, self._remove_avatar)

    @work(thread=True, exclusive=True, group="edit-profile")
    def _save(self, user_id: int, values: dict, path: str, remove_avatar: bool) -> None:
        try:  # all or nothing: a refused avatar keeps the old city too
            saved = profiles.save_profile(
                user_id, **values, avatar=path or None, remove_avatar=remove_avatar
            )
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._saved, saved.user)

    def _failed(self, exc: DomainError) -> None:
        self.query_one("#save", Button).disabled = False
        target = FIELD_INPUTS.get(exc.field or "")
        if target is None:
            self.app.show_error(exc)
            return
        self.query_one(f"#{target}-error", Static).update(translate_error(exc))
        field = self.query_one(f"#{target}")
        if isinstance(field, Input):
            focus_refused_field(field)  # its text selected: typing replaces it
        else:
            field.focus()

    def _saved(self, me: UserRef) -> None:
        if self.app.current_user is not None and self.app.current_user.id == me.id:
            # Wherever it was opened from: the header, my posts and comments
            # say my new name at once (``MessengerApp.watch_current_user``).
            self.app.current_user = me
        self.notify(_("Profile saved."))
        self.dismiss(True)
