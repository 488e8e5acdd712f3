"""The Dialogs screen's list of chats: read in a thread worker with the mutes
and who is online, shown with the drafts; ctrl+n starts a dialog with someone
new, ctrl+g opens the next chat with unread messages."""

from __future__ import annotations

import itertools

from textual import work

from models import dialogs, mutes, presence
from models.errors import DomainError
from models.views import DialogSummary, Presence
from tui import chats
from tui.carry_over import reopens
from tui.i18n import _
from tui.widgets.dialog_list import DialogList

_LIST_READS = itertools.count(1)  # each read of the list, numbered as it starts


class ChatListMixin:
    """For ``DialogsScreen``: needs its ``me``, ``chat``, ``select_chat`` and
    ``select_peer``, ``_error`` (ChatIOMixin), the drafts (DialogDraftsMixin),
    the presence (DialogStatusMixin) and ``_show_chat_muted`` (DialogMuteMixin)."""

    _list_shown = 0  # the number of the read of the list on screen
    # chat key -> (read's number, row): rows of chats just read, read after the list shown
    _rows_read: dict[str, tuple[int, DialogSummary]] = {}

    @work(thread=True, exclusive=True, group="dialog-list")
    def load_dialogs(self) -> None:
        try:
            listed = self._read_dialogs()
        except DomainError as exc:
            self._error(exc)
            return
        self.app.call_from_thread(self._show_dialogs, *listed)

    def _read_dialogs(self) -> tuple[list[DialogSummary], frozenset[int], dict[int, Presence], int]:
        """The list, the mutes and who is online (in a worker thread), and the
        read's number: a read that started earlier and ends later is older
        (``_show_dialogs`` drops it)."""
        asked = self._list_read_number()
        page = dialogs.dialog_list(self.me.id)
        summaries = list(page.items)
        notes = chats.peer_key(self.me.id)
        if not any(chats.chat_key(s) == notes for s in summaries):
            summaries.insert(0, dialogs.open_dialog(self.me.id, self.me.id))
        muted = mutes.muted_dialog_ids(self.me.id)
        seen = presence.presence_of(self.me.id, [s.peer.id for s in summaries if s.peer])
        return summaries, muted, seen, asked

    @staticmethod
    def _list_read_number() -> int:
        """The number of a read of the list (or of a row of it) that starts now."""
        return next(_LIST_READS)

    def _show_chat_row(self, row: DialogSummary, asked: int) -> None:
        """The row of a chat just read (``asked``: its read's number) in place of
        the list's; a chat the list does not show yet: the list read again.
        The row is kept until a read of the whole list newer than it is shown:
        one that started before it and ends after it is shown with this row."""
        listing = self.query_one(DialogList)
        key = chats.chat_key(row)
        if not any(chats.chat_key(summary) == key for summary in listing.summaries):
            self.load_dialogs()
            return
        self._rows_read = {**self._rows_read, key: (asked, row)}
        self._show_rows(listing.summaries, listing.muted)

    def _show_dialogs(self, summaries: list[DialogSummary], muted: frozenset[int],
                      seen: dict[int, Presence] | None = None, asked: int | None = None) -> None:
        if asked is not None:
            # A read that started before the one shown ends later (a reload
            # begun before another): it would bring back what the newer one
            # cleared ("1" unread).
            if asked < self._list_shown:
                return
            self._list_shown = asked
            # A chat's row read after this list started stays (its "1" cleared).
            self._rows_read = {key: read for key, read in self._rows_read.items()
                               if read[0] > asked}
        if seen is not None:
            self._show_list_presence(seen, repaint=False)  # painted with the rows below
        self._show_rows(summaries, muted)
        if seen is not None:  # the header says what the list says
            self._presence_read(seen, {s.peer.id for s in summaries if s.peer})

    def _show_rows(self, summaries: list[DialogSummary], muted: frozenset[int]) -> None:
        """``summaries`` with the rows read since in their place, the drafts and the mutes."""
        if self._rows_read:
            summaries = [self._rows_read.get(chats.chat_key(s), (0, s))[1] for s in summaries]
        self.query_one(DialogList).set_dialogs(self._with_drafted(summaries), self.chat,
                                               self._listed_drafts(), muted)
        self._show_chat_muted()

    def action_new_dialog(self) -> None:
        from tui.screens.new_dialog import NewDialogScreen

        box = NewDialogScreen()

        def chosen(peer_id: int | None) -> None:
            if peer_id is not None:
                self.select_peer(peer_id, asked_in=box)

        self.app.push_screen(reopens(box, type(self).action_new_dialog), chosen)

    def action_next_unread(self) -> None:
        listing = self.query_one(DialogList)
        key = listing.next_unread(self.chat)
        if key is None:
            self.notify(_("No unread messages."))
        else:
            summary = listing.summary_for(key)
            self.select_chat(key, to_mention=bool(summary and summary.mention_count))
