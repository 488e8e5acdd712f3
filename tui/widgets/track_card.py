"""A shared track as one line: "♪ Title — Artist · 3:12".

The card sits in a chat bubble and on a post card, so it is a Rich renderable
of exactly one line at any width: the title and the artist (text anyone can
set, shown literally and cleaned of control characters) give way with "…" by
cell width, the duration stays whole. A track gone from the catalogue is
"♪ Track removed".
"""

from __future__ import annotations

from typing import Protocol

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from models.text import clean_line

from ..i18n import _
from .mini_player import clock_time

MARK = "♪ "
DASH = " — "
MIN_NAME = 4  # cells below which the title and artist are not worth splitting


class CardTrack(Protocol):
    """What a card shows of a track (``TrackView`` and an attachment's track fit)."""

    @property
    def title(self) -> str: ...

    @property
    def artist(self) -> str: ...

    @property
    def duration(self) -> float: ...


def ellipsise(value: str, cells: int) -> str:
    """``value`` cut to at most ``cells`` cells, ending in "…" when cut."""
    if cell_len(value) <= cells:
        return value
    if cells <= 0:
        return ""
    return set_cell_size(value, cells - 1).rstrip() + "…"


def _split(title: str, artist: str, cells: int) -> tuple[str, str]:
    """Title and artist cut to share ``cells`` (the dash between included): the
    artist keeps at most a third when both are long, a short one keeps all."""
    if not artist:
        return ellipsise(title, cells), ""
    names = cells - len(DASH)
    if cell_len(title) + cell_len(artist) <= names:
        return title, artist
    artist_cells = min(cell_len(artist), max(names // 3, names - cell_len(title)))
    return ellipsise(title, names - artist_cells), ellipsise(artist, artist_cells)


def track_card(track: CardTrack | None, width: int, style: Style | str = "") -> Text:
    """The card's one line, at most ``width`` cells."""
    line = Text(end="", no_wrap=True, overflow="ellipsis", style=style)
    line.append(MARK, style="bold")
    if track is None:
        line.append(_("Track removed"), style="italic dim")
        return _fit(line, width)
    title = clean_line(track.title) or "?"
    artist = clean_line(track.artist)
    tail = " · " + clock_time(track.duration)
    room = width - cell_len(MARK) - cell_len(tail)
    if room < MIN_NAME + (len(DASH) + 1 if artist else 0):
        whole = title + (DASH + artist if artist else "") + tail
        line.append(ellipsise(whole, width - cell_len(MARK)))
        return _fit(line, width)
    title, artist = _split(title, artist, room)
    line.append(title, style="bold")
    if artist:
        line.append(DASH + artist)
    line.append(tail, style="dim")
    return line


def _fit(line: Text, width: int) -> Text:
    line.truncate(max(0, width), overflow="ellipsis")
    return line


def shared_tracks(attachments) -> list:
    """The tracks among a message's or a post's attachments, in their order
    (``None`` for one gone from the catalogue)."""
    return [a.track for a in attachments if a.kind == "track"]


class TrackCard:
    """``track_card`` as a renderable: one line as wide as it is given."""

    def __init__(self, track: CardTrack | None, style: Style | str = "") -> None:
        self.track = track
        self.style = style

    def line_count(self, width: int) -> int:
        return 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = track_card(self.track, options.max_width, self.style)
        line.end = "\n"  # a line of its own (Textual counts a renderable's lines by them)
        yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        whole = track_card(self.track, 10_000).cell_len
        return Measurement(min(whole, 12), min(whole, options.max_width))
