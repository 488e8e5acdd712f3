"""App-wide messages the app posts to the active screen (attributes down, messages up)."""

from __future__ import annotations

from textual.message import Message

from models.views import MessageView


class MessagesArrived(Message):
    """New messages committed by anyone in the current user's dialogs (live polling)."""

    def __init__(self, messages: list[MessageView]) -> None:
        super().__init__()
        self.messages = messages


class UnreadChanged(Message):
    """The current user's total unread count changed."""

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total
