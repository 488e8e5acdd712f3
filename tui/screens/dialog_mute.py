"""The Dialogs screen's mute: ``m`` on a dialog row or in the chat mutes or
unmutes that dialog (the palette offers it for the open chat too).

A muted dialog shows "muted" in its row and the chat's title, its unread count
is dim and left out of the header's total, and it never notifies (see
``tui/notifier.py``). Muting is kept per person in the database
(``models/mutes.py``), by dialog id, so a group mutes the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from rich.text import Text
from textual import work
from textual.app import SystemCommand
from textual.widgets import Static

from models import dialogs, mutes
from models.errors import DomainError
from tui.i18n import _
from tui.widgets.dialog_list import DialogList, muted_mark


class DialogMuteMixin:
    """For ``DialogsScreen``: the ``toggle_mute`` action and the muted marks."""

    def action_toggle_mute(self) -> None:
        """The highlighted row's dialog from the list; the open chat's elsewhere."""
        listing = self.query_one(DialogList)  # type: ignore[attr-defined]
        summary = None
        if self.focused is listing and listing.highlighted is not None:  # type: ignore[attr-defined]
            if listing.highlighted < len(listing.summaries):
                summary = listing.summaries[listing.highlighted]
        elif self.chat is not None:  # type: ignore[attr-defined]
            summary = listing.summary_for(self.chat)  # type: ignore[attr-defined]
        dialog_id = summary.dialog_id if summary is not None else None
        if dialog_id is None and summary is None:
            dialog_id = self.dialog_id  # type: ignore[attr-defined]
        if dialog_id is None:
            self.notify(_("Nothing to mute yet: this dialog has no messages."))  # type: ignore[attr-defined]
            return
        self.toggle_mute_of(dialog_id)

    def screen_commands(self) -> Iterator[SystemCommand]:
        """The palette's commands for this screen (the app asks): mute the open chat."""
        dialog_id = self.dialog_id  # type: ignore[attr-defined]
        if dialog_id is not None:
            yield SystemCommand(
                _("Mute / unmute this dialog"),
                _("No notifications from it, its unread messages not in the total"),
                partial(self.toggle_mute_of, dialog_id),
            )

    def toggle_mute_of(self, dialog_id: int) -> None:
        muted = dialog_id not in self.query_one(DialogList).muted  # type: ignore[attr-defined]
        self._set_muted(dialog_id, muted)

    @work(thread=True, group="mute")
    def _set_muted(self, dialog_id: int, muted: bool) -> None:
        me = self.me.id  # type: ignore[attr-defined]
        try:
            mutes.set_muted(me, dialog_id, muted)
            now_muted = mutes.muted_dialog_ids(me)
            total = dialogs.unread_total(me)
        except DomainError as exc:
            self._error(exc)  # type: ignore[attr-defined]
            return
        self.app.call_from_thread(self._muted_changed, dialog_id, now_muted, total)  # type: ignore[attr-defined]

    def _muted_changed(self, dialog_id: int, muted: frozenset[int], total: int) -> None:
        from tui.events import UnreadChanged

        self.query_one(DialogList).show_muted(muted)  # type: ignore[attr-defined]
        self._show_chat_muted()
        app = self.app  # type: ignore[attr-defined]
        if app.unread_total != total:
            app.unread_total = total
            app._tell_screens(UnreadChanged, total)
        app.report_unread_again()  # a poll's older total may come after this one
        self.notify(_("Muted: no notifications, not in the unread total.")  # type: ignore[attr-defined]
                    if dialog_id in muted else _("Unmuted."))

    _title_drawn: tuple | None = None  # what the chat's title shows (text, spans, style)

    def _show_chat_muted(self) -> None:
        """The open chat's title says "muted" while it is."""
        title = self.query_one("#chat-title", Static)  # type: ignore[attr-defined]
        base = getattr(self, "_marked_title", None)  # title and block mark (dialog_blocking)
        if base is None:
            return
        shown = base
        if self.dialog_id is not None and self.dialog_id in self.query_one(DialogList).muted:  # type: ignore[attr-defined]
            shown = Text.assemble(base, ("  · " + muted_mark(), "dim italic"), end="")
        drawn = (shown.plain, shown.spans, shown.style)
        if drawn == self._title_drawn:
            return  # drawn as it is (the list read again, presence read again): no frame for it
        self._title_drawn = drawn
        title.update(shown, layout=False)  # one line across the pane: its size never changes
