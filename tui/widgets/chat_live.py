"""A chat's messages that change while it is open: the ones the live poll
brings, others' edits and deletions, the other person's read mark (part of
``ChatView``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from models.views import MessageView, UserRef

from .chat_lines import MAX_LOADED


class LiveMessages:
    """Needs ``items``, ``states``, ``selected``, ``me_id``, ``has_older``,
    ``has_newer``, ``_relayout``, its caches and the scroll (ChatLines, a
    ScrollView / ChatView), ``_find_id`` and ``_find_client`` (SendingStates)."""

    def add_live(self, messages: list[MessageView]) -> bool:
        """Messages that arrived while the chat is open: new ones, edits and deletions.
        False when the window already showed every one of them as it is (one's
        own message, confirmed before the live poll brought it back)."""
        at_end = self.is_vertical_scroll_end or not self.items
        changed = False
        for message in sorted(messages, key=lambda m: m.seq):
            index = self._find_id(message.id)
            if index is None and message.sender.id == self.me_id:
                index = self._find_client(message.client_id)
            if index is not None:
                if self.items[index] == message and message.client_id not in self.states:
                    continue
                self.items[index] = message
                self.states.pop(message.client_id, None)
                changed = True
            elif not self.has_newer:
                self._insert_confirmed(message)
                changed = True
        if changed:
            self._trim_oldest()
            self._relayout()
            if at_end:
                self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        return changed

    def update_existing(self, messages: list[MessageView]) -> None:
        """Show others' edits and deletions of messages in the window (others are
        not fetched into it: they show when the reader scrolls to them)."""
        changed = False
        for message in messages:
            index = self._find_id(message.id)
            if index is not None and self.items[index] != message:
                self.items[index] = dataclasses.replace(
                    message, read_by_peer=message.read_by_peer or self.items[index].read_by_peer
                )
                changed = True
        if changed:
            self._relayout()

    def show_people(self, people: Mapping[int, UserRef]) -> set[int]:
        """Messages by ``people`` (and a group's lines about them) name them as
        they are now (a new name or login), laid out again where the reader was:
        the same line at the top, or still the newest at the bottom, the same
        message selected. Returns the ids of those the window shows as senders."""
        senders: set[int] = set()
        changed = False
        for index, message in enumerate(self.items):
            sender = people.get(message.sender.id, message.sender)
            line = message.system
            if line is not None and line.target is not None and line.target.id in people:
                line = dataclasses.replace(line, target=people[line.target.id])
            if message.sender.id in people:
                senders.add(message.sender.id)
            if sender != message.sender or line != message.system:
                self.items[index] = dataclasses.replace(message, sender=sender, system=line)
                changed = True
        if changed:
            at_end = self.is_vertical_scroll_end
            top = int(self.scroll_y)
            anchor = self._item_at_line(top)
            within = top - self._offsets[anchor] if anchor is not None else 0
            self._cache.clear()  # drawn with the old names (a longer one may wrap)
            self._heights.clear()
            self._relayout()
            if at_end:
                self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
            elif anchor is not None:
                self.scroll_to(y=self._offsets[anchor] + within, animate=False, force=True)
        return senders

    def peer_read_up_to(self, seq: int) -> None:
        """The other person has read up to ``seq``: my messages up to it show ✓✓."""
        changed = False
        for index, message in enumerate(self.items):
            if (message.id and message.seq <= seq and message.sender.id == self.me_id
                    and not message.read_by_peer):
                self.items[index] = dataclasses.replace(message, read_by_peer=True)
                changed = True
        if changed:
            self._relayout()

    def _insert_confirmed(self, message: MessageView) -> None:
        # Confirmed messages stay in seq order; pending ones stay after them.
        position = len(self.items)
        while position > 0 and (
            self.items[position - 1].id == 0 or self.items[position - 1].seq > message.seq
        ):
            position -= 1
        self.items.insert(position, message)
        if self.selected is not None and self.selected >= position:
            self.selected += 1

    def _trim_oldest(self) -> None:
        overflow = len(self.items) - MAX_LOADED
        if overflow > 0:
            del self.items[:overflow]
            self.has_older = True
            if self.selected is not None:
                self.selected = self.selected - overflow if self.selected >= overflow else None
