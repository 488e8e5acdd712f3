"""A table of tracks: title, artist, album, duration, ✓ when in my music.

Enter on a row posts ``TrackTable.Chosen`` with the whole list and the row's
index, so the screen can play from that track with the visible list as the
queue. Cells are ``Text`` built with ``plain``: a title like ``[b]x[/b]`` stays
literal (a ``str`` cell would be parsed as markup by ``DataTable``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual._types import SegmentLines
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable
from textual.widgets.data_table import ColumnKey, RowKey

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
        self._look: tuple | None = None  # the styles the caches were drawn in
        self._sized: Size | None = None  # the size of the last resize
        self._kept_caches: dict[tuple, tuple] = {}  # those of other looks
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.numbered = numbered
        self.tracks: tuple[TrackView, ...] = ()
        self.current_index: int | None = None  # the row marked ▶ (the queue view)
        self._widths: tuple[int, int, int] | None = None

    def on_mount(self) -> None:
        self._rebuild()

    def _on_resize(self, event: events.Resize) -> None:
        self.fit_columns()
        if event.size == self._sized:
            # Shown again at the size it had (its tab chosen again): its rows'
            # lines are still right. ``DataTable`` counts every resize as a
            # change of its data, so its caches never hold across a tab
            # switch: each time, every visible row was drawn again (15-20 ms).
            # Column widths changed are a change of data (``_resize_columns``).
            event.prevent_default()
        self._sized = event.size

    def fit_columns(self) -> None:
        """The columns sized to the width the table has (``_room``)."""
        widths = self._column_widths(self._room())
        if widths != self._widths:
            self._resize_columns(widths)

    def _resize_columns(self, widths: tuple[int, int, int]) -> None:
        """The title, artist and album columns made ``widths`` wide in place:
        the rows stay (a cell is cropped to its column as it is drawn), so a
        table filled out of sight (All tracks, 500 rows) is not filled again
        when its tab is first shown and gets its width."""
        self._widths = widths
        for key, width in zip(("title", "artist", "album"), widths, strict=True):
            self.columns[ColumnKey(key)].width = width
        self._clear_caches()
        self._update_dimensions(())
        self.refresh()

    # ------------------------------------------------------------ caches kept per look

    KEPT_LOOKS = 1  # the caches of this many other looks are kept (focused or not)

    def notify_style_update(self) -> None:
        """The rendered cells, rows and lines kept for the look they were drawn
        in, not thrown away with every restyle.

        ``DataTable`` empties its render caches at every restyle, and a focus
        that comes or goes restyles it: switching Music's tabs drew every
        visible row of the table shown again from its cells, 15-20 ms of the
        36 the key took (with ``_on_resize``: a table shown again at its size
        counted as changed data too). Its caches' keys already hold the
        focus and hover (``_pseudo_class_state``), the data (``_update_count``)
        and the base style; what they do not hold is the component styles
        (cursor, stripes, header), which a theme or the focus changes. So the
        caches go aside under the look they were drawn in (``_look``), and
        the table draws from those of its look at its next render: the same
        look again (the focus back) finds its lines; another (a new theme)
        finds none."""
        if self._look is not None:
            kept = self._kept_caches
            kept[self._look] = (self._row_render_cache, self._cell_render_cache,
                                self._line_cache)
            self._row_render_cache = LRUCache(self._row_render_cache.maxsize)
            self._cell_render_cache = LRUCache(self._cell_render_cache.maxsize)
            self._line_cache = LRUCache(self._line_cache.maxsize)
        self._look = None  # known again at the next render, the new styles applied
        super().notify_style_update()

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._kept_caches.clear()  # the rows or columns changed: no look's lines hold

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._look is None:
            self._look = self._current_look()
            kept = self._kept_caches.pop(self._look, None)
            if kept is not None:
                self._row_render_cache, self._cell_render_cache, self._line_cache = kept
            while len(self._kept_caches) > self.KEPT_LOOKS:  # the oldest go
                self._kept_caches.pop(next(iter(self._kept_caches)))
        return super().render_lines(crop)

    def _current_look(self) -> tuple:
        """Every style a cell is drawn in besides those the caches' keys hold:
        each component's (``DataTable`` draws with these, or with the styles
        they are made of)."""
        return tuple(self.get_component_rich_style(name)
                     for name in sorted(self.COMPONENT_CLASSES))

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> SegmentLines:
        """A track's cell, as ``DataTable`` draws it, in a third of the time.

        ``DataTable`` renders each cell through ``Styled(Padding(cell))``, two
        layers of Rich generators around the cell's one line of ``Text``;
        a table drawn in a new look (a theme, its first focus) draws every
        visible cell afresh: 24 rows × 6 cells, ~0.06 ms each. Here the Text
        is rendered alone, as ``Padding`` renders it, and the padding and the
        two styles are put around it as ``Padding`` and ``Styled`` do: the same
        segments (``test_track_table_widths`` compares them). The header keeps
        ``DataTable``'s way."""
        row_key = self._row_locations.get_key(row_index) if row_index >= 0 else None
        if row_key is None or column_index < 0 or self.rows[row_key].auto_height:
            return super()._render_cell(row_index, column_index, base_style, width,
                                        cursor, hover)
        key = (row_key, self._column_locations.get_key(column_index), base_style, cursor,
               hover, self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        lines = self._cell_render_cache.get(key)
        if lines is not None:
            return lines
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre = (base_style + Style.from_meta({"row": row_index, "column": column_index})
               + component_style)
        console = self.app.console
        pad = self.cell_padding
        height = self.rows[row_key].height
        options = self.app.console_options.update_dimensions(width, height)
        if height == 1:
            options = options.update(no_wrap=True)
        none = console.get_style("none")  # Padding's own style
        cell = self._get_row_renderables(row_index)[1][column_index]
        inner = console.render_lines(cell, options.update_width(width - 2 * pad), style=none,
                                     pad=True)
        space = Segment(" " * pad, (pre + none) + post) if pad else None
        lines = []
        for line in inner:
            drawn = [Segment(text, None if control else (pre + style if style else pre) + post)
                     for text, style, control in line]
            lines.append([space, *drawn, space] if space is not None else drawn)
        self._cell_render_cache[key] = lines
        return lines

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """The table's size. Every column has a fixed width and every row one
        line, so nothing is measured: ``DataTable`` measures every cell of each
        new row (3 000 measures for 500 tracks, ~60 ms) for the content widths
        that only auto-width columns and auto-height rows use."""
        header = self.header_height if self.show_header else 0
        width = sum(column.get_render_width(self) for column in self.columns.values())
        self.virtual_size = Size(width + self._row_label_column_width,
                                 self._total_row_height + header)

    def _room(self) -> int:
        """The width the table has to fill: its container's, which its own
        scrollbars do not change (the columns leave room for the vertical one:
        ``_column_widths``). Out of sight in a hidden tab (no size yet), the
        width of the tabs' content, the width its pane is shown at: the columns
        then need no change as the tab is first shown."""
        parent = self.parent
        if isinstance(parent, Widget) and parent.size.width:
            return parent.size.width
        switcher = next((node for node in self.ancestors
                         if isinstance(node, ContentSwitcher)), None)
        return switcher.size.width if switcher is not None else self.size.width

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
        self._widths = self._column_widths(self._room())
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
        self.fit_columns()  # filled out of sight: sized as it will be shown (``_room``)
        had_tracks = bool(self.tracks)
        self.tracks = tuple(tracks)
        self.current_index = current
        self.clear()
        self._add_rows(row)
        if bool(self.tracks) != had_tracks:
            self.refresh_bindings()  # the screen's keys for a track: dimmed on an empty list

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
