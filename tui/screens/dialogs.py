"""Dialogs: my conversations and groups beside the open chat and its composer.

The chat on screen is named by a key (``tui.chats``): a dialog by the person,
a group by its id. Every database call runs in a thread worker
(``dialog_chat_io``) that hands its result back with ``app.call_from_thread``;
the UI thread never waits on the database.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Static

from models import clock, messages
from models.drafts import MAX_DRAFT_LENGTH
from models.errors import DomainError
from models.message_text import MAX_MESSAGE_LENGTH, clean_message_text
from models.views import DialogSummary, MessageView, Presence, UserRef
from tui import chats
from tui.formatting import quoted_text
from tui.i18n import _
from tui.kept_typing import KeepsTyped
from tui.paint_now import paint_when_settled
from tui.screens.chat_search_mixin import ChatSearchMixin
from tui.screens.dialog_attachments import DialogAttachmentsMixin
from tui.screens.dialog_blocking import COMPOSER_PLACEHOLDER, DialogBlockingMixin
from tui.screens.dialog_carry_over import DialogCarryOverMixin
from tui.screens.dialog_chat_io import ChatIOMixin
from tui.screens.dialog_chat_list import ChatListMixin
from tui.screens.dialog_drafts import DialogDraftsMixin
from tui.screens.dialog_editing import DialogEditingMixin
from tui.screens.dialog_groups import DialogGroupsMixin
from tui.screens.dialog_live import DialogLiveMixin
from tui.screens.dialog_mute import DialogMuteMixin
from tui.screens.dialog_reactions import DialogReactionsMixin
from tui.screens.dialog_status import DialogStatusMixin
from tui.screens.section import SectionScreen, closed_before_mount
from tui.widgets.app_header import AppHeader
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.chat_search_bar import ChatSearchBar
from tui.widgets.chat_view import ChatView
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList
from tui.widgets.footer import AppFooter
from tui.widgets.reply_bar import ReplyBar


class DialogsScreen(ChatListMixin, DialogLiveMixin, DialogEditingMixin, DialogAttachmentsMixin, ChatSearchMixin, DialogReactionsMixin, DialogStatusMixin, DialogMuteMixin, DialogBlockingMixin, DialogGroupsMixin, ChatIOMixin, DialogDraftsMixin, DialogCarryOverMixin, SectionScreen):
    """The Dialogs section (F3)."""

    # The composer's keys and a group's Ctrl+B come beside the list's as a
    # chat opens: kept hidden in the footer, not mounted then (AppFooter._spare_keys).
    FOOTER_SPARE_KEYS = 3

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_dialog", "New dialog", id="dialogs.new"),
        Binding("ctrl+g", "next_unread", "Next unread", id="dialogs.next_unread"),
        Binding("ctrl+r", "retry", "Retry sending", id="dialogs.retry"),
        Binding("ctrl+t", "new_group", "New group", id="dialogs.new_group"),
        # Out of the footer (it is full); help (F1) lists it.
        Binding("ctrl+o", "attach_pictures", "Attach pictures", show=False,
                id="dialogs.attach_pictures"),
        Binding("ctrl+l", "attach_track", "Attach a track", show=False,
                id="dialogs.attach_track"),
        # Priority: the composer (a TextArea) would take it for itself.
        Binding("ctrl+b", "members", "Members", priority=True, id="dialogs.members"),
        # On a dialog row or in the chat (the composer takes the letter as text).
        Binding("m", "toggle_mute", "Mute / unmute", show=False, id="dialogs.mute"),
        Binding("ctrl+f", "search_chat", "Search this chat", show=False, id="dialogs.search_chat"),
        # Letters and "/" reach these only outside a text field: in the composer they are typed.
        Binding("slash", "search_chat", "Search this chat", show=False,
                id="dialogs.search_chat_slash"),
        Binding("n", "chat_match('older')", "Next match (older)", show=False,
                id="dialogs.next_match"),
        Binding("N", "chat_match('newer')", "Previous match (newer)", show=False,
                id="dialogs.previous_match"),
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
    DialogsScreen #chat-title {
        height: 1; padding: 0 1; text-style: bold; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    DialogsScreen ChatView { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.me: UserRef = self.app.current_user
        self.chat: str | None = None  # the key of the chat on screen (tui.chats)
        self.peer: UserRef | None = None
        self.dialog_id: int | None = None
        self.read_only = False  # a group I am no longer in
        self.reply_to: MessageView | None = None
        self.editing: MessageView | None = None
        self._draft = ""  # the text put aside while a message is edited
        self._init_drafts()
        self._init_status()
        self._init_attachments()
        self._pending_chat: str | None = None
        self._pending_message: int | None = None  # open the pending chat at this message
        self._ready = False
        self._list_stale = False  # live updates reach only the section on screen

    @property
    def peer_id(self) -> int | None:
        """The person of the dialog on screen (None for a group, or no chat)."""
        if self.chat is None or chats.is_group(self.chat):
            return None
        return chats.parse_key(self.chat)[1]

    def compose(self) -> ComposeResult:
        yield AppHeader(self.app.section_title("dialogs"))
        with Horizontal():
            with Vertical(id="dialogs-side"):
                yield Static(_("Dialogs"), id="dialogs-side-title")
                yield DialogList(self.me.id, id="dialog-list")
            with Vertical(id="chat-pane"):
                # Laid out from the start, so opening the first chat only fills
                # them (no layout change, one frame): the chat shows a hint and
                # the composer waits, out of the focus's reach, until a chat is
                # chosen. Not disabled: enabling it restyled it as the first
                # chat opened, its component classes each styled anew (6-20 ms
                # of the 500-member group's opening on the shared machine).
                yield Static("", id="chat-title")
                yield ChatSearchBar(id="chat-search")
                chat = ChatView(self.me.id, id="chat")
                chat.placeholder = _(
                    "Choose a dialog on the left, or press ctrl+n to write to someone.")
                chat.can_focus = False  # no message to select, reply to or react to yet
                yield chat
                yield ReplyBar(id="reply-bar")
                yield AttachmentChips(id="chat-chips")
                composer = Composer(
                    placeholder=_(COMPOSER_PLACEHOLDER),
                    id="composer",
                )
                composer.max_length = MAX_DRAFT_LENGTH  # what it holds is kept as the draft
                composer.can_focus = False
                yield composer
        yield AppFooter()

    def _show_chat_pane(self) -> None:
        """The hint goes (the composer was put in the focus's reach, or disabled
        for a read-only group, as the chat was set up: ``_show_read_only``)."""
        self.query_one(ChatView).placeholder = ""

    def on_mount(self) -> None:
        if closed_before_mount(self, "Composer"):
            return  # a log-out right after log-in
        self._ready = True
        self._start_drafts()
        self._start_status()
        self.load_dialogs()
        # Built out of sight after log-in (MessengerApp._prepare_next): read again when shown.
        self._list_stale = self.app.screen is not self
        if self._pending_chat is not None:
            self.select_chat(self._pending_chat, at_message_id=self._pending_message)
            self._pending_chat = self._pending_message = None

    def _note_open_chat(self) -> None:
        """Tell the app which chat is on screen (its toasts leave that one out)."""
        self.app.open_peer_id = self.peer_id
        self.app.open_dialog_id = self.dialog_id if chats.is_group(self.chat) else None

    def on_screen_resume(self) -> None:
        if self.app.screen is not self:
            return  # the app building this screen out of sight
        self._note_open_chat()
        if self.chat is not None or self._list_stale:
            self._list_stale = False
            self.load_dialogs()
        if self.peer_id is not None:
            self.recheck_blocked(self.peer_id)

    def on_screen_suspend(self) -> None:
        self.app.open_peer_id = None
        self.app.open_dialog_id = None
        self._list_stale = True

    def on_unmount(self) -> None:
        self._write_drafts_now()

    # ------------------------------------------------------------ public

    def select_peer(self, peer_id: int, at_message_id: int | None = None, *,
                    asked_in: KeepsTyped | None = None) -> None:
        """Open the dialog with ``peer_id`` (it need not exist yet); at the
        message ``at_message_id`` (a search result), selected, when given."""
        self.select_chat(chats.peer_key(peer_id), at_message_id=at_message_id, asked_in=asked_in)

    def select_chat(self, key: str, *, to_mention: bool = False,
                    at_message_id: int | None = None, asked_in: KeepsTyped | None = None) -> None:
        """Open the chat ``key`` (a dialog, which need not exist yet, or a group),
        ``to_mention``: at my oldest unread mention there; ``at_message_id``: at
        that message (a search result), selected. ``asked_in``: the box it was
        chosen in (New dialog), given back what was typed if it cannot open."""
        if not self._ready:
            self._pending_chat = key  # app.open_dialog may call before the first mount
            self._pending_message = at_message_id
            return
        if key != self.chat:
            self.query_one(ChatSearchBar).remove_class("-open")  # it searched the other chat
            self._typing_left()
            self._keep_draft()  # what was typed stays with the chat it was typed for
            self._restore_draft(key)
            self._switch_chips(self.chat, key)  # and so do the pictures picked
            if chats.is_group(key):
                self.dialog_id = chats.parse_key(key)[1]
        self.chat = key  # Ctrl+B Members is a group's key: the footer says so with the chat
        self._note_open_chat()
        self.opening = key  # keys typed meanwhile wait for it (ChatIOMixin.holds_key)
        # The list's highlight moves with the chat (in _show_chat), in the same
        # frame: painted on its own first, it held the chat back a frame.
        self.load_chat(key, to_mention, at_message_id, asked_in=asked_in)

    # ------------------------------------------------------------ the chat

    def _show_chat(self, key: str, summary: DialogSummary, page: list[MessageView],
                   first_unread: int | None = None, has_newer: bool = False,
                   faces: dict | None = None, mention: int | None = None,
                   blocked: bool = False, seen: Presence | None = None,
                   at_message_id: int | None = None, keep_focus: bool = False,
                   listed: tuple | None = None) -> None:
        if listed is not None:  # its row read with the chat (it was unread): both in one frame
            self._show_chat_row(*listed)
        if key != self.chat:
            return
        self.opening = None
        self.peer = summary.peer
        self.dialog_id = summary.dialog_id
        self._note_open_chat()
        self.query_one(DialogList).highlight_key(key)
        self._show_drafts()  # the dialog left shows its draft; this one's is in the composer
        self._set_up_chat(key, summary)
        self._show_chat_pane()
        self._show_block_state(None, blocked)  # the composer's state; the title is painted next
        self._paint_title(summary, seen)
        chat = self.query_one(ChatView)
        if faces:
            chat.set_faces(faces)
        chat.show_history(page, unread_from_seq=first_unread, has_newer=has_newer)
        if mention is not None:
            chat.show_message(mention)
        focus: Widget | None = self.query_one(Composer)
        if at_message_id is not None:
            chat.select_message(at_message_id, centre=True)  # highlighted, in the middle
            focus = None if keep_focus else chat  # the chat's search bar keeps it
        elif self.read_only:
            focus = chat
        focus = self._focus_carried_over(focus)  # a new language: where it was
        if focus is not None:
            # Now, not at the app's next turn (``Widget.focus``): the footer's
            # keys follow the focus, and the frame is not painted without them.
            self.set_focus(focus)
        # Ctrl+B Members comes and goes with a group, and the composer's keys
        # with the focus: the footer's keys change with the chat, in its frame
        # (rebuilt at select_chat, before the chat was read, the keys were
        # laid out and painted on their own; rebuilt after the frame, they
        # took a frame of their own: issue 17).
        self.refresh_bindings()
        paint_when_settled(self, hold=True)  # in one frame, without waiting for the frame timer

    # ------------------------------------------------------------ events

    @on(DialogList.Opened)
    def _opened(self, event: DialogList.Opened) -> None:
        self.select_chat(event.key)

    @on(ChatView.OlderWanted)
    def _older(self, event: ChatView.OlderWanted) -> None:
        if self.chat is not None:
            self.load_page(self.chat, event.before_seq, None)

    @on(ChatView.NewerWanted)
    def _newer(self, event: ChatView.NewerWanted) -> None:
        if self.chat is not None:
            self.load_page(self.chat, None, event.after_seq)

    @on(ChatView.NewestWanted)
    def _newest(self) -> None:
        if self.chat is not None:
            self.load_newest(self.chat)

    @on(Composer.Submitted)
    def _submitted(self, event: Composer.Submitted) -> None:
        if self.chat is None or self.read_only:
            return
        text = event.text
        composer = self.query_one(Composer)
        if self.editing is not None:
            self.save_edit(self.editing, text)
            return
        if len(text) > MAX_MESSAGE_LENGTH:
            # Refused here as the send would refuse it, without a bubble shown
            # and taken back (a long paste jumped the chat twice): it stays in
            # the composer as typed.
            try:
                clean_message_text(text, may_be_empty=True)
            except DomainError as exc:
                self.app.show_error(exc)
                return
        client_id = messages.new_client_id()
        reply = self.reply_to
        attached = self._take_chips(client_id)
        send = (self.chat, text, client_id, reply.id if reply else None, attached)
        if text.strip() or attached:
            pending = MessageView(
                id=0, dialog_id=self.dialog_id or 0, seq=0, sender=self.me, client_id=client_id,
                text=text, created_at=clock.now(), edited_at=None, deleted=False,
                reply_to_id=reply.id if reply else None,
                reply_preview=(quoted_text(reply) if reply else None), read_by_peer=False,
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

    def action_attach_track(self) -> None:
        """ctrl+l: a track of My music joins the chips (tui/track_attach.py)."""
        from tui.track_attach import attach_track

        if self.chat is None or self.read_only:
            self.action_attach_pictures()  # which says why nothing can be attached
            return
        attach_track(self, self.query_one(AttachmentChips))

    @on(Composer.EditLastRequested)
    def _edit_last(self) -> None:
        message = self.query_one(ChatView).last_own_message()
        if message is not None and not self.read_only:
            self._start_edit(message)

    @on(Composer.Cancelled)
    def _composer_cancelled(self) -> None:
        self._cancel_compose_mode(restore_draft=True)

    @on(ChatView.ActionRequested)
    def _chat_action(self, event: ChatView.ActionRequested) -> None:
        message = event.message
        if not message.id or message.deleted or message.kind == "system":
            self.notify(_("That message was deleted.") if message.deleted
                        else _("This message is not sent yet.") if not message.id
                        else _("This line only says what happened: choose a message with ↑ / ↓."),
                        severity="warning")  # (the key selected it, and said nothing more)
            return
        mine = message.sender.id == self.me.id
        if self._reaction_action(event.action, message):
            return
        if event.action == "pictures":
            self.view_pictures(message.attachments)
        elif event.action == "receipts":
            self._show_receipts(message)
        elif self.read_only:
            self.notify(_("You are no longer a member of this group."), severity="warning")
        elif event.action == "reply":
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

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scroll_chat":  # help listed them in the list too, scrolling nothing
            return self._in_chat_pane()
        return super().check_action(action, parameters)

    def _in_chat_pane(self) -> bool:
        around = getattr(self.focused, "ancestors_with_self", ())  # (nothing focused: none)
        return any(node.id == "chat-pane" for node in around)

    def action_scroll_chat(self, direction: int) -> None:
        """PgUp/PgDn scroll the history wherever the focus is in the chat pane
        (elsewhere the key is the focused widget's)."""
        if not self._in_chat_pane():
            raise SkipAction()
        self.query_one(ChatView).action_page(direction)

    def action_retry(self) -> None:
        chat = self.query_one(ChatView)
        failed = chat.failed_messages()
        if not failed or self.chat is None:
            self.notify(_("Nothing to resend."))
            return
        for message in failed:
            chat.mark_pending(message.client_id)
            self.send(self.chat, message.text, message.client_id, message.reply_to_id,
                      self._attachments_of(message.client_id))
