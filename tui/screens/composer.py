"""A modal to write a post (from the feed, my profile or the command palette),
with pictures attached (ctrl+o) shown as chips until it is published."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static, TextArea

from models import posts
from models.errors import DomainError
from models.views import PostView

from ..carry_over import BringBack, Reopens, reopened
from ..i18n import _, translate_error
from ..picture_attach import attach_pictures
from ..widgets.attachment_chips import AttachmentChips
from ..widgets.field_message import ClearsFieldMessages
from ..widgets.post_box import PostText, nothing_to_publish
from .modal_box import ModalBox


class ComposerScreen(Reopens, ClearsFieldMessages, ModalBox[PostView | None]):
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
    ComposerScreen #composer-buttons {
        height: auto;
        align-horizontal: right;
    }
    ComposerScreen AttachmentChips {
        padding: 0;
    }
    /* the row of Cancel / Publish only: a chip is a Button too, and one rule for
       both left the chips' margin to the order the widgets' styles were loaded */
    ComposerScreen #composer-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "publish", "Publish", id="composer.publish"),
        Binding("ctrl+o", "attach_pictures", "Attach pictures", id="composer.attach_pictures"),
        Binding("ctrl+l", "attach_track", "Attach a track", id="composer.attach_track"),
        Binding("escape", "cancel", "Cancel", id="composer.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("New post"), classes="form-title", markup=False)
            yield PostText(id="post-text", soft_wrap=True, show_line_numbers=False)
            yield AttachmentChips(id="post-chips")
            yield Static("", id="composer-error", markup=False)
            with Horizontal(id="composer-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Publish (Ctrl+S)"), id="publish", variant="primary")

    def on_mount(self) -> None:
        self._show_draft()
        self.query_one(TextArea).focus()

    def _show_draft(self) -> None:
        text, entries = getattr(self.app, "post_draft", ("", ()))
        area = self.query_one(TextArea)
        if text:
            area.load_text(text)
            area.move_cursor(area.document.end)
        if entries:
            self.query_one(AttachmentChips).set_entries(entries)

    def post_drafts_read(self) -> None:
        """The person's drafts came from the database (opened just after
        log-in): the kept post is put here unless something was written."""
        if not self.query_one(TextArea).text and not self.query_one(AttachmentChips).entries:
            self._show_draft()

    @on(TextArea.Changed, "#post-text")
    @on(AttachmentChips.Changed)
    def _draft_changed(self) -> None:
        """What is written is the post draft at once (Ctrl+Q or a closed
        terminal keep it too), written to the database a moment later."""
        self._keep_draft()
        self.app.post_drafts_changed()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Closes, keeping what was written (text and chips) for the next time
        the composer opens in this session: Esc never throws a post away."""
        if self._keep_draft():
            self.app.notify(_("The post is kept: it is there when you write a post again."))
        self.dismiss(None)

    def _keep_draft(self) -> bool:
        """What is written (and attached) becomes the app's post draft; whether any is."""
        text = self.query_one(TextArea).text
        entries = tuple(self.query_one(AttachmentChips).entries)
        kept = bool(text.strip() or entries)
        self.app.post_draft = (text, entries) if kept else ("", ())
        return kept

    def carry_over(self) -> BringBack | None:
        """A new language: the post is kept as on Esc, and the composer opens
        again with it, where it was opened (the feed hears of the post)."""
        self._keep_draft()
        return reopened(self.reopen_with) if self.reopen_with is not None else None

    def action_attach_pictures(self) -> None:
        attach_pictures(self, self.query_one(AttachmentChips),
                        self.query_one("#composer-error", Static).update)

    def action_attach_track(self) -> None:
        from ..track_attach import attach_track

        attach_track(self, self.query_one(AttachmentChips),
                     self.query_one("#composer-error", Static).update)

    @on(Button.Pressed, "#publish")
    def action_publish(self) -> None:
        text = self.query_one(TextArea).text
        chips = self.query_one(AttachmentChips)
        if refusal := nothing_to_publish(text, chips):
            self.query_one("#composer-error", Static).update(refusal)
            return
        attached = chips.items
        me = self.app.current_user
        if me is None:
            return
        self.query_one("#publish", Button).disabled = True
        self._publish(me.id, text, attached)

    @work(thread=True, exclusive=True, group="publish")
    def _publish(self, user_id: int, text: str, attached: tuple = ()) -> None:
        # One transaction: a refusal stores nothing, and the text and chips stay here.
        try:
            post = posts.create_post(user_id, text, attachments=attached)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._published, post)

    def _published(self, post: PostView) -> None:
        self.app.post_draft = ("", ())
        self.app.post_drafts_changed()
        self.dismiss(post)

    def _failed(self, exc: DomainError) -> None:
        self.query_one("#publish", Button).disabled = False
        self.query_one("#composer-error", Static).update(translate_error(exc))
