"""A table of tracks: title, artist, album, duration, ✓ when in my music.

Enter on a row posts ``TrackTable.Chosen`` with the whole list and the row's
index, so the screen can play from that track with the visible list as the
queue. Cells are ``Text`` built with ``plain``: a title like ``[b]x[/b]`` stays
literal (a ``str`` cell would be parsed as markup by ``DataTable``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from models.views import TrackView

from ..formatting import plain
from ..i18n import _
from ..keys import FIRST_LAST_ROW, LocalisedBindings
from .mini_player import clock_time


class TrackTable(LocalisedBindings, DataTable):
    """Tracks, one per row; the row index is the track's index in ``tracks``."""

    BINDINGS = FIRST_LAST_ROW  # DataTable's Home / End move across columns

    DEFAULT_CSS = """
    TrackTable {
        height: 1fr;
        background: $surface;
    }
    """

    class Chosen(Message):
        """Enter on a track: play ``tracks[index]`` with ``tracks`` as the queue."""

        def __init__(self, table: TrackTable, tracks: tuple[TrackView, ...], index: int) -> None:
            super().__init__()
            self.table = table
            self.tracks = tracks
            self.index = index

        @property
        def control(self) -> TrackTable:
            return self.table

    def __init__(self, *, numbered: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.numbered = numbered
        self.tracks: tuple[TrackView, ...] = ()
        self.current_index: int | None = None  # the row marked ▶ (the queue view)
        self._widths: tuple[int, int, int] | None = None

    def on_mount(self) -> None:
        self._rebuild()

    def on_resize(self) -> None:
        if self._column_widths(self.size.width) != self._widths:
            self._rebuild()

    def _column_widths(self, width: int) -> tuple[int, int, int]:
        """Title, artist and album share what the fixed columns leave, 45:30:25;
        in a narrow table the artist and album columns stay as wide as their
        headings ("Исполнитель" was cut to "Исполните") and the title gives way."""
        lead = 3 if self.numbered else 1
        fixed = lead + 5 + 1 + 2 * self.cell_padding * 6 + 2  # + the scrollbar
        free = max(30, width - fixed)
        title, artist = free * 45 // 100, free * 30 // 100
        album = free - title - artist
        artist, album = max(artist, cell_len(_("Artist"))), max(album, cell_len(_("Album")))
        return free - artist - album, artist, album

    def _rebuild(self) -> None:
        """Columns sized to the table's width, then the rows again."""
        row = self.cursor_row
        self._widths = self._column_widths(self.size.width)
        title, artist, album = self._widths
        self.clear(columns=True)
        if self.numbered:
            self.add_column("#", key="number", width=3)
        else:
            self.add_column("", key="mark", width=1)
        self.add_column(_("Title"), key="title", width=title)
        self.add_column(_("Artist"), key="artist", width=artist)
        self.add_column(_("Album"), key="album", width=album)
        self.add_column(Text(_("Time"), justify="right"), key="time", width=5)
        self.add_column("✓", key="mine", width=1)
        self._add_rows(row)

    def show_tracks(self, tracks: Sequence[TrackView], *, keep_row: bool = True,
                    current: int | None = None) -> None:
        """Replace the rows; the cursor stays on the same row number when it can.
        The same rows again (a list read again, unchanged) are left as they are."""
        row = self.cursor_row if keep_row else 0
        if (tuple(tracks) == self.tracks and current == self.current_index
                and row == self.cursor_row and self.row_count == len(self.tracks)):
            return
        self.tracks = tuple(tracks)
        self.current_index = current
        self.clear()
        self._add_rows(row)

    def _add_rows(self, row: int) -> None:
        for index, track in enumerate(self.tracks):
            self.add_row(*self._cells(index, track), key=str(index))
        if self.tracks:
            self.move_cursor(row=max(0, min(row, len(self.tracks) - 1)), animate=False)

    def _cells(self, index: int, track: TrackView) -> list[Text]:
        if self.numbered:
            lead = Text(str(index + 1), style="dim", justify="right")
        else:
            lead = Text("")
        if index == self.current_index:
            lead = Text("▶", style="bold")
        return [
            lead,
            plain(track.title, "bold"),
            plain(track.artist),
            plain(track.album, "dim"),
            Text(clock_time(track.duration), justify="right"),
            Text("✓" if track.in_my_library else "", style="bold"),
        ]

    def action_first_row(self) -> None:
        self.action_scroll_top()

    def action_last_row(self) -> None:
        self.action_scroll_bottom()

    @property
    def selected(self) -> TrackView | None:
        """The track under the cursor, or ``None`` for an empty table."""
        if not self.tracks or not 0 <= self.cursor_row < len(self.tracks):
            return None
        return self.tracks[self.cursor_row]

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.tracks and 0 <= event.cursor_row < len(self.tracks):
            self.post_message(self.Chosen(self, self.tracks, event.cursor_row))
