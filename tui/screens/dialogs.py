"""Dialogs: my conversations beside the open chat and its composer.

Every database call runs in a thread worker that hands its result back with
``app.call_from_thread``; the UI thread never waits on the database. A message
gets its client id before the worker starts, so a retry can never store it twice.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from models import chat_search, clock, dialogs, messages, unread
from models.errors import DomainError, ValidationError
from models.views import DialogSummary, MessageView, UserRef
from tui.events import DatabaseBack, MessagesArrived, MessagesChanged, ReadMarksMoved
from tui.formatting import plain
from tui.i18n import _
from tui.screens.chat_search_mixin import ChatSearchMixin
from tui.screens.dialog_drafts import DialogDraftsMixin
from tui.screens.section import SectionScreen
from tui.widgets.app_header import AppHeader
from tui.widgets.chat_search_bar import ChatSearchBar
from tui.widgets.chat_view import PAGE_SIZE, ChatView
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList, dialog_title
from tui.widgets.footer import AppFooter
from tui.widgets.reply_bar import ReplyBar


class DialogsScreen(ChatSearchMixin, DialogDraftsMixin, SectionScreen):
    """The Dialogs section (F3)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_dialog", "New dialog", id="dialogs.new"),
        Binding("ctrl+g", "next_unread", "Next unread", id="dialogs.next_unread"),
        Binding("ctrl+r", "retry", "Retry sending", id="dialogs.retry"),
        Binding("ctrl+f", "search_chat", "Search this chat", show=False, id="dialogs.search_chat"),
        # Priority: the composer (a TextArea) would take them for its cursor.
        Binding("pageup", "scroll_chat(-1)", "Scroll the chat up", show=False, priority=True,
                id="dialogs.chat_page_up"),
        Binding("pagedown", "scroll_chat(1)", "Scroll the chat down", show=False,
                priority=True, id="dialogs.chat_page_down"),
    ]

    DEFAULT_CSS = """
    DialogsScreen #dialogs-side { width: 34; border-right: vkey $foreground 20%; }
    DialogsScreen #dialogs-side-title { padding: 0 1; text-style: bold; color: $text-muted; }
    DialogsScreen #chat-pane { width: 1fr; }
    DialogsScreen #chat-title { height: 1; padding: 0 1; text-style: bold; background: $boost; }
    DialogsScreen ChatView { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.me: UserRef = self.app.current_user
        self.peer_id: int | None = None
        self.peer: UserRef | None = None
        self.dialog_id: int | None = None
        self.reply_to: MessageView | None = None
        self.editing: MessageView | None = None
        self._draft = ""  # the text put aside while a message is edited
        self._init_drafts()
        self._pending_peer: int | None = None
        self._pending_message: int | None = None  # open the pending chat at this message
        self._ready = False
        self._list_stale = False  # live updates reach only the section on screen

    def compose(self) -> ComposeResult:
        yield AppHeader(self.app.section_title("dialogs"))
        with Horizontal():
            with Vertical(id="dialogs-side"):
                yield Static(_("Dialogs"), id="dialogs-side-title")
                yield DialogList(self.me.id, id="dialog-list")
            with Vertical(id="chat-pane"):
                # Laid out from the start, so opening the first chat only fills
                # them (no layout change, one frame): the chat shows a hint and
                # the composer waits, disabled, until a chat is chosen.
                yield Static("", id="chat-title")
                yield ChatSearchBar(id="chat-search")
                chat = ChatView(self.me.id, id="chat")
                chat.placeholder = _(
                    "Choose a dialog on the left, or press ctrl+n to write to someone.")
                yield chat
                yield ReplyBar(id="reply-bar")
                composer = Composer(
                    placeholder=_("Write a message… (enter sends, ctrl+j new line)"),
                    id="composer",
                )
                composer.disabled = True
                yield composer
        yield AppFooter()

    def _show_chat_pane(self) -> None:
        """The hint goes and the composer takes text."""
        self.query_one(ChatView).placeholder = ""
        self.query_one(Composer).disabled = False

    def on_mount(self) -> None:
        self._ready = True
        self._start_drafts()
        self.load_dialogs()
        # Built out of sight after log-in (MessengerApp._prepare_section): read again when shown.
        self._list_stale = self.app.screen is not self
        if self._pending_peer is not None:
            self.select_peer(self._pending_peer, self._pending_message)
            self._pending_peer = self._pending_message = None

    def on_screen_resume(self) -> None:
        if self.app.screen is not self:
            return  # the app building this screen out of sight
        self.app.open_peer_id = self.peer_id
        if self.peer_id is not None or self._list_stale:
            self._list_stale = False
            self.load_dialogs()

    def on_screen_suspend(self) -> None:
        self.app.open_peer_id = None
        self._list_stale = True

    def on_unmount(self) -> None:
        self._write_drafts_now()

    # ------------------------------------------------------------ public

    def select_peer(self, peer_id: int, at_message_id: int | None = None) -> None:
        """Open the dialog with ``peer_id`` (it need not exist yet); at the
        message ``at_message_id`` (a search result), selected, when given."""
        if not self._ready:
            self._pending_peer = peer_id  # app.open_dialog may call before the first mount
            self._pending_message = at_message_id
            return
        if peer_id != self.peer_id:
            self._keep_draft()  # what was typed stays with the dialog it was typed for
            self._restore_draft(peer_id)
            self.query_one(ChatSearchBar).remove_class("-open")  # it searched the other chat
        self.peer_id = peer_id
        self.app.open_peer_id = peer_id
        # The list's highlight moves with the chat (in _show_chat), in the same
        # frame: painted on its own first, it held the chat back a frame.
        self.load_chat(peer_id, at_message_id)

    # ------------------------------------------------------------ workers

    def _error(self, exc: DomainError) -> None:
        self.app.call_from_thread(self.app.show_error, exc)

    @work(thread=True, exclusive=True, group="dialog-list")
    def load_dialogs(self) -> None:
        try:
            page = dialogs.dialog_list(self.me.id)
            summaries = list(page.items)
            if not any(s.peer.id == self.me.id for s in summaries):
                summaries.insert(0, dialogs.open_dialog(self.me.id, self.me.id))
        except DomainError as exc:
            self._error(exc)
            return
        self.app.call_from_thread(self._show_dialogs, summaries)

    def _show_dialogs(self, summaries: list[DialogSummary]) -> None:
        self.query_one(DialogList).set_dialogs(self._with_drafted(summaries), self.peer_id,
                                               self._listed_drafts())

    @work(thread=True, exclusive=True, group="chat")
    def load_chat(self, peer_id: int, at_message_id: int | None = None,
                  keep_focus: bool = False) -> None:
        try:
            summary = dialogs.open_dialog(self.me.id, peer_id)
            first_unread, has_newer = None, False
            if at_message_id is not None:  # the page around a found message
                around = chat_search.page_around(self.me.id, at_message_id, PAGE_SIZE // 2,
                                                 PAGE_SIZE // 2)
                page, has_newer = list(around.messages), around.has_newer
                summary = replace(summary, unread_count=0)  # read when scrolled to, not now
            elif summary.unread_count:  # open at the first unread message
                window = unread.history_at_first_unread(self.me.id, peer_id, limit=PAGE_SIZE)
                page, first_unread, has_newer = (
                    list(window.messages), window.first_unread_seq, window.has_newer)
            else:
                page = dialogs.history(self.me.id, peer_id, limit=PAGE_SIZE)
            if page and summary.unread_count:
                dialogs.mark_read(self.me.id, peer_id, page[0].seq)  # what the page shows
        except DomainError as exc:
            self._error(exc)
            return
        self.app.call_from_thread(self._show_chat, peer_id, summary, page, first_unread, has_newer,
                                  at_message_id, keep_focus)
        if summary.unread_count:
            self.load_dialogs()

    def _show_chat(self, peer_id: int, summary: DialogSummary, page: list[MessageView],
                   first_unread: int | None = None, has_newer: bool = False,
                   at_message_id: int | None = None, keep_focus: bool = False) -> None:
        if peer_id != self.peer_id:
            return
        self.peer = summary.peer
        self.dialog_id = summary.dialog_id
        self.query_one(DialogList).highlight_peer(peer_id)
        self._show_drafts()  # the dialog left shows its draft; this one's is in the composer
        self._show_chat_pane()
        title = Text(end="")
        title.append_text(plain(dialog_title(summary, self.me.id)))
        if peer_id != self.me.id:
            title.append_text(plain(f"  @{summary.peer.login}", "dim"))
        self.query_one("#chat-title", Static).update(title)
        chat = self.query_one(ChatView)
        chat.show_history(page, unread_from_seq=first_unread, has_newer=has_newer)
        if at_message_id is not None:
            chat.select_message(at_message_id, centre=True)  # highlighted, in the middle
            if not keep_focus:  # the chat's search bar keeps it
                chat.focus()
        else:
            self.query_one(Composer).focus()

    @work(thread=True, exclusive=True, group="chat-page")
    def load_page(self, peer_id: int, before_seq: int | None, after_seq: int | None) -> None:
        try:
            if after_seq is not None:
                page = dialogs.history(self.me.id, peer_id, before_seq=after_seq + PAGE_SIZE + 1,
                                       limit=PAGE_SIZE)
            else:
                page = dialogs.history(self.me.id, peer_id, before_seq=before_seq, limit=PAGE_SIZE)
        except DomainError as exc:
            self._error(exc)
            page = []
        self.app.call_from_thread(self._show_page, peer_id, page, after_seq is not None)

    def _show_page(self, peer_id: int, page: list[MessageView], newer: bool) -> None:
        if peer_id != self.peer_id:
            return
        chat = self.query_one(ChatView)
        if newer:
            chat.append_newer(page)
            if page and chat.unread_from_seq is not None:
                self.mark_read(peer_id, page[0].seq)  # paging down through unread ones
        else:
            chat.prepend_older(page)

    @work(thread=True, exclusive=True, group="chat-page")
    def load_newest(self, peer_id: int) -> None:
        try:
            page = dialogs.history(self.me.id, peer_id, limit=PAGE_SIZE)
        except DomainError as exc:
            self._error(exc)
            page = None
        self.app.call_from_thread(self._show_newest, peer_id, page)

    def _show_newest(self, peer_id: int, page: list[MessageView] | None) -> None:
        if peer_id != self.peer_id:
            return
        chat = self.query_one(ChatView)
        if page is None:
            chat.fetching = False
            return
        had_unread = chat.unread_from_seq is not None
        chat.show_newest(page)
        if page and had_unread:
            self.mark_read(peer_id, page[0].seq)

    @work(thread=True, group="send")
    def send(self, peer_id: int, text: str, client_id: str, reply_to_id: int | None) -> None:
        # Not exclusive: two quick messages are two sends, both must finish.
        try:
            sent = messages.send_message(self.me.id, peer_id, text, client_id, reply_to_id)
        except DomainError as exc:
            self.app.call_from_thread(self._send_failed, peer_id, text, client_id, exc)
            return
        self.app.call_from_thread(self._sent, peer_id, client_id, sent)
        self.load_dialogs()

    def _sent(self, peer_id: int, client_id: str, sent: MessageView) -> None:
        if peer_id == self.peer_id:
            self.dialog_id = sent.dialog_id
            self.query_one(ChatView).confirm(client_id, sent)

    def _send_failed(self, peer_id: int, text: str, client_id: str, exc: DomainError) -> None:
        self.app.show_error(exc)
        if peer_id != self.peer_id:
            if isinstance(exc, ValidationError):
                self._return_refused_text(peer_id, text)
            return
        chat = self.query_one(ChatView)
        if isinstance(exc, ValidationError):
            # The text itself was refused: take it back into the composer to fix.
            chat.withdraw(client_id)
            composer = self.query_one(Composer)
            if not composer.text:
                composer.set_text(text)
            elif text.strip():
                composer.set_text(text + "\n" + composer.text)
        else:
            chat.fail(client_id)

    @work(thread=True, group="edit")
    def save_edit(self, message: MessageView, text: str) -> None:
        try:
            edited = messages.edit_message(self.me.id, message.id, text)
        except DomainError as exc:
            self._error(exc)
            return
        self.app.call_from_thread(self._edited, edited)

    def _edited(self, edited: MessageView) -> None:
        self._drafts.finish_edit(edited.id)  # also when its dialog was left meanwhile
        self.query_one(ChatView).replace(edited)
        if self.editing is not None and self.editing.id == edited.id:
            self._cancel_compose_mode(restore_draft=True)
        self.load_dialogs()

    @work(thread=True, group="delete")
    def delete(self, message: MessageView) -> None:
        try:
            messages.delete_message(self.me.id, message.id)
        except DomainError as exc:
            self._error(exc)
            return
        self.app.call_from_thread(self.query_one(ChatView).mark_deleted, message.id)
        self.load_dialogs()

    @work(thread=True, exclusive=True, group="mark-read")
    def mark_read(self, peer_id: int, seq: int) -> None:
        try:
            dialogs.mark_read(self.me.id, peer_id, seq)
        except DomainError as exc:
            self._error(exc)
            return
        self.load_dialogs()

    # ------------------------------------------------------------ events

    @on(DialogList.Opened)
    def _opened(self, event: DialogList.Opened) -> None:
        self.select_peer(event.peer_id)

    @on(ChatView.OlderWanted)
    def _older(self, event: ChatView.OlderWanted) -> None:
        if self.peer_id is not None:
            self.load_page(self.peer_id, event.before_seq, None)

    @on(ChatView.NewerWanted)
    def _newer(self, event: ChatView.NewerWanted) -> None:
        if self.peer_id is not None:
            self.load_page(self.peer_id, None, event.after_seq)

    @on(ChatView.NewestWanted)
    def _newest(self) -> None:
        if self.peer_id is not None:
            self.load_newest(self.peer_id)

    @on(Composer.Submitted)
    def _submitted(self, event: Composer.Submitted) -> None:
        if self.peer_id is None:
            return
        text = event.text
        composer = self.query_one(Composer)
        if self.editing is not None:
            self.save_edit(self.editing, text)
            return
        client_id = messages.new_client_id()
        reply = self.reply_to
        send = (self.peer_id, text, client_id, reply.id if reply else None)
        if text.strip():
            pending = MessageView(
                id=0, dialog_id=self.dialog_id or 0, seq=0, sender=self.me, client_id=client_id,
                text=text, created_at=clock.now(), edited_at=None, deleted=False,
                reply_to_id=reply.id if reply else None,
                reply_preview=(reply.text if reply else None), read_by_peer=False,
            )
            chat = self.query_one(ChatView)
            if chat.has_newer:  # read far back: the message goes after the newest ones
                chat.action_bottom()
            chat.add_pending(pending)
            composer.clear()
            self._cancel_compose_mode(restore_draft=False)
            self._keep_draft()  # sent: the draft goes
            # Paint "sending…" first, then write: the send's worker thread (and the
            # dialog list it reads after) would share the interpreter with this frame.
            self.call_after_refresh(self.send, *send)
        else:
            self.send(*send)  # refused by the domain, which says why

    @on(Composer.EditLastRequested)
    def _edit_last(self) -> None:
        message = self.query_one(ChatView).last_own_message()
        if message is not None:
            self._start_edit(message)

    @on(Composer.Cancelled)
    def _composer_cancelled(self) -> None:
        self._cancel_compose_mode(restore_draft=True)

    @on(ChatView.ActionRequested)
    def _chat_action(self, event: ChatView.ActionRequested) -> None:
        message = event.message
        if not message.id or message.deleted:
            return
        mine = message.sender.id == self.me.id
        if event.action == "reply":
            self._cancel_compose_mode(restore_draft=True)
            self.reply_to = message
            self._show_reply_bar(message)
            composer = self.query_one(Composer)
            composer.cancellable = True
            composer.focus()
            self._schedule_draft_save()
        elif not mine:
            self.notify(_("You can change only your own messages."), severity="warning")
        elif event.action == "edit":
            self._start_edit(message)
        elif event.action == "delete":
            self._confirm_delete(message)

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

        self.app.push_screen(
            ConfirmScreen(_("Delete this message for both of you?"), confirm_label=_("Delete")),
            done,
        )

    def on_messages_arrived(self, event: MessagesArrived) -> None:
        mine = []
        for message in event.messages:
            if self.peer_id is None:
                break
            if self.dialog_id is not None and message.dialog_id == self.dialog_id:
                mine.append(message)
            elif self.dialog_id is None and self.peer_id != self.me.id and (
                message.sender.id == self.peer_id
            ):
                mine.append(message)
        if mine:
            self.dialog_id = mine[-1].dialog_id
            chat = self.query_one(ChatView)
            if not chat.add_live(mine) and len(mine) == len(event.messages):
                return  # my own sends, shown and in the list already: nothing to redo
            from_peer = [m for m in mine if m.sender.id != self.me.id]
            if from_peer and self.peer_id is not None:
                # Sending moved the peer's read mark to their message.
                chat.peer_read_up_to(max(m.seq for m in from_peer))
                if not chat.has_newer:  # read only when the chat shows the newest
                    self.mark_read(self.peer_id, max(m.seq for m in from_peer))
                    return
        self.load_dialogs()

    def on_messages_changed(self, event: MessagesChanged) -> None:
        if self.dialog_id is not None:
            shown = [m for m in event.messages if m.dialog_id == self.dialog_id]
            if shown:
                self.query_one(ChatView).update_existing(shown)
        self.load_dialogs()  # a preview or an unread badge may have changed

    def on_read_marks_moved(self, event: ReadMarksMoved) -> None:
        if self.dialog_id is not None and self.dialog_id in event.marks:
            self.query_one(ChatView).peer_read_up_to(event.marks[self.dialog_id])

    def on_database_back(self, event: DatabaseBack) -> None:
        self.load_dialogs()

    # ------------------------------------------------------------ actions

    def action_new_dialog(self) -> None:
        from tui.screens.new_dialog import NewDialogScreen

        def chosen(peer_id: int | None) -> None:
            if peer_id is not None:
                self.select_peer(peer_id)

        self.app.push_screen(NewDialogScreen(), chosen)

    def action_next_unread(self) -> None:
        peer = self.query_one(DialogList).next_unread_peer(self.peer_id)
        if peer is None:
            self.notify(_("No unread messages."))
        else:
            self.select_peer(peer)

    def action_scroll_chat(self, direction: int) -> None:
        """PgUp/PgDn scroll the history wherever the focus is in the chat pane."""
        focused = self.focused
        if focused is None or self.query_one("#chat-pane") not in focused.ancestors_with_self:
            raise SkipAction()
        self.query_one(ChatView).action_page(direction)

    def action_retry(self) -> None:
        chat = self.query_one(ChatView)
        failed = chat.failed_messages()
        if not failed or self.peer_id is None:
            self.notify(_("Nothing to resend."))
            return
        for message in failed:
            chat.mark_pending(message.client_id)
            self.send(self.peer_id, message.text, message.client_id, message.reply_to_id)
