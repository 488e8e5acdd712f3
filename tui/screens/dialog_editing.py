"""The Dialogs screen's composer modes: editing one of my messages (the
draft waits meanwhile), leaving a reply or an edit, deleting after asking."""

from __future__ import annotations

from models.views import MessageView
from tui import chats
from tui.i18n import _
from tui.widgets.composer import Composer
from tui.widgets.reply_bar import ReplyBar


class DialogEditingMixin:
    """Needs the screen's ``editing``, ``reply_to``, ``_draft``, ``delete`` and
    ``_schedule_draft_save``."""

    def _start_edit(self, message: MessageView) -> None:
        self._cancel_compose_mode(restore_draft=True)
        composer = self.query_one(Composer)
        self._draft = composer.text
        self.editing = message
        self.query_one(ReplyBar).show_edit()
        composer.set_text(message.text)
        composer.cancellable = True
        composer.focus()

    def _cancel_compose_mode(self, *, restore_draft: bool) -> None:
        composer = self.query_one(Composer)
        if self.editing is not None:
            self.editing = None
            composer.set_text(self._draft if restore_draft else "")
            self._draft = ""
        self.reply_to = None
        composer.cancellable = False
        self.query_one(ReplyBar).hide()
        self._schedule_draft_save()

    def _confirm_delete(self, message: MessageView) -> None:
        from tui.screens.confirm import ConfirmScreen

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.delete(message)

        question = (_("Delete this message for everyone in the group?")
                    if chats.is_group(self.chat) else _("Delete this message for both of you?"))
        self.app.push_screen(ConfirmScreen(question, confirm_label=_("Delete")), done)
