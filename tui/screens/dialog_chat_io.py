"""The Dialogs screen's database work for the open chat: opening it, paging,
sending, editing, deleting and read marks, each in a thread worker.

Every worker names the chat it works for (a key, ``tui.chats``) and hands its
result back with ``app.call_from_thread``; a result for a chat no longer on
screen is dropped. A message gets its client id before the worker starts, so a
retry can never store it twice.
"""

from __future__ import annotations

from dataclasses import replace

from textual import events, work

from models import chat_search, presence
from models.errors import DomainError
from models.views import MessageView
from tui import chats
from tui.kept_typing import KeepsTyped
from tui.key_order import leaves
from tui.screens.dialog_blocking import TEXT_GOES_BACK, blocked_here
from tui.widgets.chat_view import PAGE_SIZE, ChatView
from tui.widgets.composer import Composer


class ChatIOMixin:
    """For ``DialogsScreen``: the workers of the chat ``self.chat``."""

    opening: str | None = None  # the chat a key asked for, until it is shown

    def holds_key(self, event: events.Event, focused: object) -> bool:
        """While a chat that a key opened is read, the keys after it wait: the
        chat's composer gets the focus when it is shown ("Hello" typed right
        after picking a person in New dialog lost "Hel" to the list on a
        loaded host). Keys that leave do not wait (tui/key_order.py)."""
        if self.opening is None or leaves(event):
            return False
        return any(worker.node is self and worker.group == "chat" and not worker.is_finished
                   for worker in self.app.workers)

    def _error(self, exc: DomainError) -> None:
        self.app.call_from_thread(self.app.show_error, exc)

    @work(thread=True, exclusive=True, group="chat")
    def load_chat(self, key: str, to_mention: bool = False, at_message_id: int | None = None,
                  keep_focus: bool = False, asked_in: KeepsTyped | None = None) -> None:
        me = self.me.id
        mention, read_at_end = None, False
        try:
            summary = chats.open_chat(me, key)
            first_unread, has_newer = None, False
            if at_message_id is not None:  # the page around a found message
                around = chat_search.page_around(me, at_message_id, PAGE_SIZE // 2,
                                                 PAGE_SIZE // 2)
                page, has_newer = list(around.messages), around.has_newer
                read_at_end = summary.unread_count > 0  # read when scrolled to, not now
                summary = replace(summary, unread_count=0)
            elif summary.unread_count:  # open at the first unread message
                window = chats.at_first_unread(me, key, PAGE_SIZE)
                page, first_unread, has_newer = (
                    list(window.messages), window.first_unread_seq, window.has_newer)
            else:
                page = chats.history(me, key, limit=PAGE_SIZE)
            around = chats.around_first_mention(me, key, PAGE_SIZE) if to_mention else None
            if around is not None:  # next-unread came for a mention: show it
                mention = around[1]
                if not any(m.seq == mention for m in page):
                    page, has_newer = around[0], len(around[0]) == PAGE_SIZE
            if page and summary.unread_count:
                chats.mark_read(me, key, page[0].seq)  # what the page shows
            faces = self._faces_for(key, page)
            kind, other = chats.parse_key(key)
            blocked = kind == "peer" and blocked_here(me, other)
            seen = presence.presence_of(me, [other]).get(other) if kind == "peer" else None
            # A chat read here changes its row: the row read again now is
            # shown with the chat, in its frame (read after it, the list came
            # as a frame of its own 15-35 ms later: Ctrl+G).
            listed = self._row_read_with_chat(key, summary.unread_count)
        except DomainError as exc:
            if asked_in is None:
                self._error(exc)
            else:  # chosen in New dialog: what was typed there is not lost
                self.app.call_from_thread(asked_in.when_refused, exc)
            return
        self.app.call_from_thread(self._show_chat, key, summary, page, first_unread, has_newer,
                                  faces, mention, blocked, seen, at_message_id, keep_focus,
                                  listed)
        if read_at_end:
            self.app.call_from_thread(self._read_at_end, key)

    def _row_read_with_chat(self, key: str, unread: int) -> tuple | None:
        """The chat's row read again once it was read, with the number of that
        read of the list (``_show_chat_row``), or None: nothing changed, or it
        could not be read (the list is read again on its own then). One row,
        not the whole list: reading the list, the mutes and who is online
        again took 4-6 ms of every chat opened with unread messages (issue 17,
        the 500-member group and Ctrl+G)."""
        if not unread:
            return None
        asked = self._list_read_number()  # before the read: a list read after it is newer
        try:
            return chats.open_chat(self.me.id, key), asked
        except DomainError:
            self.load_dialogs()
            return None

    @work(thread=True, exclusive=True, group="chat-page")
    def load_page(self, key: str, before_seq: int | None, after_seq: int | None) -> None:
        try:
            if after_seq is not None:
                page = chats.history(self.me.id, key, before_seq=after_seq + PAGE_SIZE + 1,
                                     limit=PAGE_SIZE)
            else:
                page = chats.history(self.me.id, key, before_seq=before_seq, limit=PAGE_SIZE)
            faces = self._faces_for(key, page)
        except DomainError as exc:
            self._error(exc)
            page, faces = [], {}
        self.app.call_from_thread(self._show_page, key, page, after_seq is not None, faces)

    def _show_page(self, key: str, page: list[MessageView], newer: bool, faces: dict) -> None:
        if key != self.chat:
            return
        chat = self.query_one(ChatView)
        if faces:
            chat.set_faces(faces)
        if newer:
            chat.append_newer(page)
            if page and chat.unread_from_seq is not None:
                self.mark_read(key, page[0].seq)  # paging down through unread ones
        else:
            chat.prepend_older(page)

    @work(thread=True, exclusive=True, group="chat-page")
    def load_newest(self, key: str) -> None:
        try:
            page = chats.history(self.me.id, key, limit=PAGE_SIZE)
        except DomainError as exc:
            self._error(exc)
            page = None
        self.app.call_from_thread(self._show_newest, key, page)

    def _show_newest(self, key: str, page: list[MessageView] | None) -> None:
        if key != self.chat:
            return
        chat = self.query_one(ChatView)
        if page is None:
            chat.fetching = False
            return
        had_unread = chat.unread_from_seq is not None or chat.read_at_end
        chat.show_newest(page)
        if page and had_unread:
            self.mark_read(key, page[0].seq)

    @work(thread=True, group="send")
    def send(self, key: str, text: str, client_id: str, reply_to_id: int | None,
             attachments: tuple = ()) -> None:
        # Not exclusive: two quick messages are two sends, both must finish.
        try:
            with self.typing_lock:  # after any typing write already on its way
                sent = chats.send(self.me.id, key, text, client_id, reply_to_id, attachments)
            self._typing_left()  # the send takes the "typing…" away
        except DomainError as exc:
            self.app.call_from_thread(self._send_failed, key, text, client_id, exc)
            return
        self.app.call_from_thread(self._sent, key, client_id, sent)
        self.load_dialogs()

    def _sent(self, key: str, client_id: str, sent: MessageView) -> None:
        self._chips_sent(client_id)
        if key == self.chat:
            self.dialog_id = sent.dialog_id
            self.query_one(ChatView).confirm(client_id, sent)

    def _send_failed(self, key: str, text: str, client_id: str, exc: DomainError) -> None:
        self.app.show_error(exc)
        # a picture or track refused (a track gone from the catalogue) fails every retry too
        goes_back = isinstance(exc, TEXT_GOES_BACK) or exc.field == "attachments"
        if goes_back:
            self._chips_back(key, client_id)
        if key != self.chat:
            if goes_back:
                self._return_refused_text(key, text)
            return
        chat = self.query_one(ChatView)
        if goes_back:
            # Refused for good (the text, a block, no longer a member): back into the composer.
            chat.withdraw(client_id)
            self._show_refusal(exc)
            composer = self.query_one(Composer)
            if not composer.text:
                composer.set_text(text)
            elif text.strip():
                composer.set_text(text + "\n" + composer.text)
        else:
            chat.fail(client_id)

    @work(thread=True, group="edit")
    def save_edit(self, message: MessageView, text: str) -> None:
        from models import messages

        try:
            edited = messages.edit_message(self.me.id, message.id, text)
        except DomainError as exc:
            self._error(exc)
            self.app.call_from_thread(self._show_refusal, exc)  # the edit stays in the composer
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
        from models import messages

        try:
            messages.delete_message(self.me.id, message.id)
        except DomainError as exc:
            self._error(exc)
            return
        self.app.call_from_thread(self._deleted, message.id)
        self.load_dialogs()

    def _deleted(self, message_id: int) -> None:
        self.query_one(ChatView).mark_deleted(message_id)

    def _read_at_end(self, key: str) -> None:
        """A chat opened at a found message keeps its unread ones below until the
        reader reaches the newest (at once when it all fits on screen)."""
        if key == self.chat:
            chat = self.query_one(ChatView)
            chat.read_at_end = True
            chat.call_after_refresh(chat.maybe_load)

    def on_chat_view_end_reached(self) -> None:
        # by name: Textual collects @on handlers only from MessagePump classes
        if self.chat is not None:
            self.mark_read(self.chat, self.query_one(ChatView).newest_seq())

    @work(thread=True, exclusive=True, group="mark-read")
    def mark_read(self, key: str, seq: int) -> None:
        try:
            chats.mark_read(self.me.id, key, seq)
        except DomainError as exc:
            self._error(exc)
            return
        self.load_dialogs()

    def _faces_for(self, key: str, page: list[MessageView], again: bool = False) -> dict:
        """A group's senders' mini avatars (this worker thread renders them):
        those not rendered yet, or ``again`` all of them (a new name or picture)."""
        if not chats.is_group(key):
            return {}
        from tui.widgets.avatar import mini_avatars

        known = {} if again else self.query_one(ChatView).faces
        wanted = [m.sender for m in page if m.sender.id not in known]
        return mini_avatars(wanted, color=not self.app.no_color) if wanted else {}
