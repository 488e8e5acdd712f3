"""A chat's messages on their way: shown at once as "sending…", then sent,
failed (kept for retry) or taken back; edits and deletions in place (part of
``ChatView``)."""

from __future__ import annotations

import dataclasses

from models.views import MessageView

from .message_bubble import FAILED, PENDING


class SendingStates:
    """Needs ``items``, ``states``, ``me_id``, ``_relayout`` (ChatLines),
    ``_trim_oldest`` and ``add_live`` (LiveMessages)."""

    def add_pending(self, message: MessageView) -> None:
        """Show a message being sent, at the end, marked as sending."""
        self.items.append(message)
        self.states[message.client_id] = PENDING
        self._trim_oldest()
        self._relayout()
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)

    def confirm(self, client_id: str, message: MessageView) -> None:
        """The database has the message: show it as sent (or replace an edit)."""
        index = self._find_client(client_id)
        if index is None:
            index = self._find_id(message.id)
        self.states.pop(client_id, None)
        if index is None:
            self.add_live([message])
            return
        self.items[index] = message
        # A live poll may have placed the confirmed copy too: keep one.
        duplicate = self._find_id(message.id, skip=index)
        if duplicate is not None:
            del self.items[duplicate]
        self._relayout()

    def fail(self, client_id: str) -> None:
        """Sending failed: keep the message on screen, marked for retry."""
        if self._find_client(client_id) is not None:
            self.states[client_id] = FAILED
            self._relayout()

    def withdraw(self, client_id: str) -> None:
        """Take an unsent message off the screen (its text went back to the composer)."""
        index = self._find_client(client_id)
        if index is not None:
            del self.items[index]
            self.states.pop(client_id, None)
            self._relayout()

    def failed_messages(self) -> list[MessageView]:
        return [m for m in self.items if self.states.get(m.client_id) == FAILED]

    def mark_pending(self, client_id: str) -> None:
        if self._find_client(client_id) is not None:
            self.states[client_id] = PENDING
            self._relayout()

    def replace(self, message: MessageView) -> None:
        index = self._find_id(message.id)
        if index is not None:
            self.items[index] = message
            self._relayout()

    def mark_deleted(self, message_id: int) -> None:
        index = self._find_id(message_id)
        if index is not None:
            self.items[index] = dataclasses.replace(
                self.items[index], deleted=True, text="", reply_preview=None, reactions=()
            )
            self._relayout()

    def _find_id(self, message_id: int, skip: int | None = None) -> int | None:
        if not message_id:
            return None
        for index in range(len(self.items) - 1, -1, -1):
            if index != skip and self.items[index].id == message_id:
                return index
        return None

    def _find_client(self, client_id: str) -> int | None:
        for index in range(len(self.items) - 1, -1, -1):
            item = self.items[index]
            if item.client_id == client_id and item.sender.id == self.me_id:
                return index
        return None
