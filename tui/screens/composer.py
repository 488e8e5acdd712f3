"""A modal to write a post (from the feed, my profile or the command palette)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from models import posts
from models.errors import DomainError
from models.views import PostView

from ..i18n import _, translate_error
from ..keys import LocalisedBindings
from ..widgets.field_message import ClearsFieldMessages


class ComposerScreen(ClearsFieldMessages, LocalisedBindings, ModalScreen[PostView | None]):
    """Dismisses with the new post, or ``None`` when cancelled. A failed save keeps the text."""

    FIELD_MESSAGES = {"post-text": "composer-error"}

    DEFAULT_CSS = """
    ComposerScreen {
        align: center middle;
    }
    ComposerScreen > Vertical {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    ComposerScreen TextArea {
        height: 8;
    }
    ComposerScreen #composer-error {
        color: $error;
        height: auto;
    }
    ComposerScreen Horizontal {
        height: auto;
        align-horizontal: right;
    }
    ComposerScreen Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "publish", "Publish", id="composer.publish"),
        Binding("escape", "cancel", "Cancel", id="composer.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("New post"), classes="form-title", markup=False)
            yield TextArea(id="post-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="composer-error", markup=False)
            with Horizontal():
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Publish (Ctrl+S)"), id="publish", variant="primary")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#publish")
    def action_publish(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.query_one("#composer-error", Static).update(_("Write something first."))
            return
        me = self.app.current_user
        if me is None:
            return
        self.query_one("#publish", Button).disabled = True
        self._publish(me.id, text)

    @work(thread=True, exclusive=True, group="publish")
    def _publish(self, user_id: int, text: str) -> None:
        try:
            post = posts.create_post(user_id, text)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self.dismiss, post)

    def _failed(self, exc: DomainError) -> None:
        self.query_one("#publish", Button).disabled = False
        self.query_one("#composer-error", Static).update(translate_error(exc))
