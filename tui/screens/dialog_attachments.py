"""Pictures attached in the chat's composer (ctrl+o), for ``DialogsScreen``.

The chips belong to the chat they were picked for: switching chats puts them
aside and brings the other chat's back. Sent, they leave the bar; refused for
good (with the text), they come back with the text, so nothing picked is lost.
"""

from __future__ import annotations

from tui.i18n import _
from tui.picture_attach import attach_pictures
from tui.widgets.attachment_chips import AttachmentChips


class DialogAttachmentsMixin:
    """For ``DialogsScreen``: the chips of the chat ``self.chat``."""

    def _init_attachments(self) -> None:
        self._chips_by_chat: dict[str, list] = {}  # chats not on screen
        self._sending_attachments: dict[str, list] = {}  # by client id, until stored

    def action_attach_pictures(self) -> None:
        if self.chat is None:
            self.notify(_("Choose a dialog first."), severity="warning")
            return
        if self.read_only:
            self.notify(_("You are no longer a member of this group."), severity="warning")
            return
        attach_pictures(self, self.query_one(AttachmentChips))

    def view_pictures(self, attachments) -> None:
        """The viewer on a message's pictures (Enter, ``v`` or a click on it)."""
        from tui.screens.picture_viewer import PictureViewerScreen
        from tui.thumbnails import images_of

        if images_of(attachments):
            self.app.push_screen(PictureViewerScreen(attachments))

    def _switch_chips(self, old: str | None, new: str) -> None:
        chips = self.query_one(AttachmentChips)
        if old is not None and chips.entries:
            self._chips_by_chat[old] = list(chips.entries)
        chips.set_entries(self._chips_by_chat.pop(new, []))

    def _take_chips(self, client_id: str) -> tuple:
        """The attachments to send with ``client_id``; the bar empties."""
        chips = self.query_one(AttachmentChips)
        entries = list(chips.entries)
        if not entries:
            return ()
        self._sending_attachments[client_id] = entries
        chips.clear()
        return tuple(item for item, _label in entries)

    def _attachments_of(self, client_id: str) -> tuple:
        return tuple(item for item, _label in self._sending_attachments.get(client_id, ()))

    def _chips_sent(self, client_id: str) -> None:
        self._sending_attachments.pop(client_id, None)

    def _chips_back(self, key: str, client_id: str) -> None:
        """A refused message's pictures go back beside its text."""
        entries = self._sending_attachments.pop(client_id, [])
        if not entries:
            return
        if key == self.chat:
            chips = self.query_one(AttachmentChips)
            chips.set_entries(entries + chips.entries)
        else:
            self._chips_by_chat[key] = entries + self._chips_by_chat.get(key, [])
