"""The Dialogs screen's drafts: each dialog keeps what was typed for it.

One composer serves every dialog. Opening another dialog puts what was left
in the composer (text, reply, edit) aside under the dialog it was typed for
and brings back the other dialog's; text typed for one person can never be
sent to another. Drafts go to the database a moment after the typing stops
(from a worker) and when the screen goes away, and come back at the next
start; the dialog list shows "Draft: …" in their rows.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.timer import Timer
from textual.widgets import TextArea

from models import drafts
from models.errors import DomainError
from models.views import DialogSummary, DraftView, MessageView
from tui.chats import chat_key, peer_key
from tui.draft_keeper import ComposeState, DraftKeeper
from tui.i18n import _
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList
from tui.widgets.reply_bar import ReplyBar

DRAFT_SAVE_DELAY = 0.8  # seconds after the last key before the draft is written


class DialogDraftsMixin:
    """For ``DialogsScreen``: keeps the composer state of each chat (``chat``, a key)."""

    _drafts: DraftKeeper
    _draft_timer: Timer | None = None
    _composer: Composer  # kept: on unmount the screen's children are gone from queries

    def _init_drafts(self) -> None:
        self._drafts = DraftKeeper(self.me.id)

    def _start_drafts(self) -> None:
        """On mount: read my drafts."""
        self._composer = self.query_one(Composer)
        self.load_drafts()

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="drafts-load")
    def load_drafts(self) -> None:
        try:
            found = drafts.drafts_for(self.me.id)
        except DomainError as exc:
            self._error(exc)
            return
        self._drafts.note_stored(found)
        self.app.call_from_thread(self._drafts_loaded, found)

    def _drafts_loaded(self, found: list[DraftView]) -> None:
        taken = self._drafts.load(found)
        composer = self._composer
        if (self.chat in taken and not composer.text and self.reply_to is None
                and self.editing is None):
            self._restore_draft(self.chat)  # the dialog opened before its draft was read
        listing = self.query_one(DialogList)
        if found and listing.summaries:  # else the list, when it comes, shows them
            listing.set_dialogs(self._with_drafted(list(listing.summaries)), self.chat,
                                self._listed_drafts())

    def _with_drafted(self, summaries: list[DialogSummary]) -> list[DialogSummary]:
        """``summaries`` and, first, the people I have a draft for but no dialog with yet."""
        listed = {chat_key(summary) for summary in summaries}
        extra = [
            DialogSummary(dialog_id=None, peer=peer, last_message_preview="",
                          last_message_at=None, last_message_from_me=False, unread_count=0)
            for peer in self._drafts.drafted_peers() if peer_key(peer.id) not in listed
        ]
        return extra + summaries

    # ------------------------------------------------------------ switching dialogs

    def _composer_state(self) -> ComposeState:
        composer = self._composer
        peer = (self.peer if self.peer is not None and peer_key(self.peer.id) == self.chat
                else None)
        if self.editing is not None:
            return ComposeState(self._draft, self.reply_to, self.editing, composer.text, peer)
        return ComposeState(composer.text, self.reply_to, None, "", peer)

    def _keep_draft(self) -> None:
        """Put the open dialog's composer aside (and write it, from a worker)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.chat is None:
            return
        self._drafts.put(self.chat, self._composer_state())
        if self._drafts.unsaved():
            self._write_drafts()

    def _restore_draft(self, key: str) -> None:
        """Fill the composer with what was left in the chat ``key``."""
        state = self._drafts.get(key)
        composer = self._composer
        self.editing, self.reply_to = state.editing, state.reply_to
        self._draft = state.text if state.editing is not None else ""
        composer.set_text(state.edit_text if state.editing is not None else state.text)
        if state.editing is not None:
            self.query_one(ReplyBar).show_edit()
        elif state.reply_to is not None:
            self._show_reply_bar(state.reply_to)
        else:
            self.query_one(ReplyBar).hide()
        composer.cancellable = state.editing is not None or state.reply_to is not None

    def _show_reply_bar(self, message: MessageView) -> None:
        name = _("You") if message.sender.id == self.me.id else message.sender.full_name
        self.query_one(ReplyBar).show_reply(message, name)

    def _return_refused_text(self, key: str, text: str) -> None:
        """A message refused after its dialog was left goes back to that dialog's draft."""
        state = self._drafts.get(key)
        kept = text if not state.text.strip() else text + "\n" + state.text
        self._drafts.put(key, replace(state, text=kept))
        self._show_drafts()
        self._write_drafts()

    def _show_drafts(self) -> None:
        listing = self.query_one(DialogList)
        listed = {chat_key(s) for s in listing.summaries}
        if any(peer_key(peer.id) not in listed for peer in self._drafts.drafted_peers()):
            self.load_dialogs()  # a dialog not started yet gets its row
        listing.show_drafts(self._listed_drafts())

    def _listed_drafts(self) -> dict[str, str]:
        """The drafts the list shows: all but the open chat's, which is in the composer."""
        return {key: text for key, text in self._drafts.previews().items() if key != self.chat}

    # ------------------------------------------------------------ writing

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """A key changed the composer: the draft is written a moment later.

        A named handler, not ``@on``: Textual collects ``@on`` handlers only from
        classes built by its metaclass (widgets, screens), never from a mixin."""
        if event.text_area is self._composer:
            self._schedule_draft_save()

    def _schedule_draft_save(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY, self._keep_draft)

    @work(thread=True, group="drafts-save")
    def _write_drafts(self) -> None:
        try:
            self._drafts.flush()
        except DomainError as exc:
            self._error(exc)

    def _write_drafts_now(self) -> None:
        """The screen is going (log-out, quit): its workers would be cancelled."""
        try:
            if self.chat is not None:
                self._drafts.put(self.chat, self._composer_state())
            if self._drafts.unsaved():
                self._drafts.flush()
        except DomainError:
            pass  # nothing to show it on any more; the text was in the composer until now
