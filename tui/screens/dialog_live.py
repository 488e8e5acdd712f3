"""The Dialogs screen's live side: messages arriving, changing and being
read by others while it is open, and the people in it renaming themselves
(events from tui/live.py)."""

from __future__ import annotations

from dataclasses import replace

from tui import chats
from tui.events import (
    DatabaseBack,
    MessagesArrived,
    MessagesChanged,
    PeopleChanged,
    ReadMarksMoved,
)
from tui.widgets.chat_view import ChatView


class DialogLiveMixin:
    """Named handlers (Textual finds ``on_…`` methods through the MRO; it
    collects ``@on`` handlers only from its own classes)."""

    def on_messages_arrived(self, event: MessagesArrived) -> None:
        mine = []
        for message in event.messages:
            if self.chat is None:
                break
            if self.dialog_id is not None and message.dialog_id == self.dialog_id:
                mine.append(message)
            elif self.dialog_id is None and self.peer_id not in (None, self.me.id) and (
                message.sender.id == self.peer_id
            ):
                mine.append(message)
        if mine:
            self.dialog_id = mine[-1].dialog_id
            chat = self.query_one(ChatView)
            if any(m.kind == "system" for m in mine):
                self.load_chat_info(self.chat)  # renamed, someone joined or left, or me
            if chats.is_group(self.chat):
                self.load_faces(self.chat, mine)
            if not chat.add_live(mine) and len(mine) == len(event.messages):
                return  # my own sends, shown and in the list already: nothing to redo
            from_others = [m for m in mine if m.sender.id != self.me.id]
            if from_others and self.chat is not None and not self.read_only:
                # Sending moved the sender's read mark to their message.
                chat.peer_read_up_to(max(m.seq for m in from_others))
                if not chat.has_newer:  # read only when the chat shows the newest
                    self.mark_read(self.chat, max(m.seq for m in from_others))
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

    def on_people_changed(self, event: PeopleChanged) -> None:
        """Their new names (or logins, or avatars) on the open chat's messages,
        in its header, on their rows of the list (read again), and a member's
        new login for Tab after "@"."""
        people = event.people
        self._drafts.show_people(people)  # a reply waiting in another dialog
        self.mention_logins_as_now(people)  # Tab after "@" in the open group
        reply = self.reply_to
        if reply is not None and reply.sender.id in people:
            self.reply_to = replace(reply, sender=people[reply.sender.id])
            if self.editing is None:
                self._show_reply_bar(self.reply_to)  # "Replying to" his new name
        if self.chat is not None:
            chat = self.query_one(ChatView)
            shown = chat.show_people(people)
            if shown and chats.is_group(self.chat):  # their mini avatars: initials, pictures
                self.load_faces(self.chat, [m for m in chat.items if m.sender.id in shown],
                                again=True)
            summary = self._title_summary
            peer = summary.peer if summary is not None else None
            if peer is not None and peer.id == self.peer_id and peer.id in people:
                self.peer = people[peer.id]
                self._paint_title(replace(summary, peer=self.peer))
        self.load_dialogs()

    def on_database_back(self, event: DatabaseBack) -> None:
        self.load_dialogs()
