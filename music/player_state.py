"""What the player shows the app: ``PlayerState``, a frozen snapshot of what
plays, where and how, with its ``Status`` and ``Repeat`` mode; and
``TrackLike``, what the player needs of a track. No pygame, no Textual."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol


class TrackLike(Protocol):
    """What the player needs of a track (``models.views.TrackView`` fits)."""

    @property
    def media_id(self) -> int: ...

    @property
    def title(self) -> str: ...

    @property
    def artist(self) -> str: ...

    @property
    def duration(self) -> float: ...


class Status(enum.Enum):
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"


class Repeat(enum.Enum):
    OFF = "off"
    ALL = "all"
    ONE = "one"

    def next(self) -> Repeat:
        """off → all → one → off, for a single "repeat" key."""
        order = [Repeat.OFF, Repeat.ALL, Repeat.ONE]
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class PlayerState:
    """A snapshot for the UI: what plays, where, and how."""

    status: Status
    track: TrackLike | None  # the current track (kept when stopped, for display)
    index: int | None  # its index in the queue as given to play()
    queue_length: int
    position: float  # seconds
    duration: float  # seconds; the track's, 0.0 without a track
    volume: float  # 0.0 … 1.0
    shuffle: bool
    repeat: Repeat
    error: str | None  # the audio device cannot be used, e.g. "No audio device"
    message: str | None  # the latest notice, e.g. a track that was skipped
    # Which snapshot of its player this is, counted up under the player's lock:
    # a snapshot taken on another thread can reach the UI after a newer one.
    serial: int = field(default=0, compare=False)

    @property
    def playing(self) -> bool:
        return self.status is Status.PLAYING
