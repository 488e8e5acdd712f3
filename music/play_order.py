"""The play queue: the tracks as given, the order they play in (as listed or
shuffled) and which one is current.

No mixer and no clock here: ``Player`` moves the cursor and plays what it
points at. The queue keeps its tracks as given (what the app lists) and a
separate ``order`` of their indexes, so shuffling never reorders the list.
"""

from __future__ import annotations

import random

from .player_state import Repeat, TrackLike


class PlayOrder:
    """Tracks, the order of their indexes to play them in, and a cursor in it."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.tracks: list[TrackLike] = []
        self.order: list[int] = []  # queue indexes in play order
        self.cursor = 0  # position in order

    def current(self) -> TrackLike | None:
        if not self.order:
            return None
        return self.tracks[self.order[self.cursor]]

    @property
    def index(self) -> int:
        """The queue index of the current track (the order must not be empty)."""
        return self.order[self.cursor]

    def clear(self) -> None:
        self.order, self.cursor = [], 0

    def arrange(self, first: int, shuffle: bool) -> None:
        """Set the play order with queue index ``first`` current: in queue order,
        or ``first`` followed by the others shuffled."""
        if shuffle:
            rest = [i for i in range(len(self.tracks)) if i != first]
            self._rng.shuffle(rest)
            self.order, self.cursor = [first, *rest], 0
        else:
            self.order, self.cursor = list(range(len(self.tracks))), first

    def insert_next(self, track: TrackLike) -> int:
        """Put ``track`` beside the current track in the queue as listed, and
        right after it in play order (shuffled or not); its queue index."""
        slot = self.index + 1
        self.tracks.insert(slot, track)
        self.order = [i + 1 if i >= slot else i for i in self.order]
        self.order.insert(self.cursor + 1, slot)
        return slot

    def forward(self, repeat: Repeat) -> bool:
        """To the next track in play order, or the first again with repeat all;
        False (the cursor stays) after the last one."""
        if self.cursor + 1 < len(self.order):
            self.cursor += 1
        elif repeat is Repeat.ALL:
            self.cursor = 0
        else:
            return False
        return True

    def back(self, repeat: Repeat) -> None:
        """To the previous track, or the last with repeat all; the first stays put."""
        if self.cursor > 0:
            self.cursor -= 1
        elif repeat is Repeat.ALL:
            self.cursor = len(self.order) - 1

    def past_broken(self, repeat: Repeat) -> bool:
        """Move past a track that cannot be played (wrapping with any repeat);
        False when the queue has nothing left to try."""
        if self.cursor + 1 < len(self.order):
            self.cursor += 1
            return True
        if repeat is not Repeat.OFF and len(self.order) > 1:
            self.cursor = 0
            return True
        return False
