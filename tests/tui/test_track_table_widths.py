"""A table of tracks keeps its rows when only its width changes (issue 17:
Ctrl+L to All tracks painted fast with 500 tracks listed): the columns are
resized in place, the table is scrollable to its last track, and a table
filled out of sight in a hidden tab is not filled again as the tab is shown."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import DataTable, TabbedContent, TabPane

from models.views import TrackView
from tests.tui.conftest import settle
from tui.widgets.track_table import TrackTable

TRACKS = [TrackView(id=i, media_id=i, title=f"Track number {i} with a long title to cut",
                    artist=f"Artist {i}", album="Album", duration=60 + i, in_my_library=False)
          for i in range(1, 301)]


class Tables(App):
    """Two tabs of tracks, as Music has: the second filled while hidden."""

    def compose(self) -> ComposeResult:
        with TabbedContent():
            with TabPane("Shown", id="shown"):
                yield TrackTable(id="shown-table")
            with TabPane("Hidden", id="hidden"):
                yield TrackTable(id="hidden-table")


def counting_rows(monkeypatch) -> list[int]:
    """Every row added to any table (a count of one per row)."""
    added: list[int] = []
    add_row = DataTable.add_row

    def counted(self, *cells, **options):
        added.append(1)
        return add_row(self, *cells, **options)

    monkeypatch.setattr(DataTable, "add_row", counted)
    return added


def title_width(table: TrackTable) -> int:
    return next(c.width for c in table.columns.values() if c.key.value == "title")


def test_a_narrower_or_wider_terminal_resizes_the_columns_and_keeps_the_rows(monkeypatch):
    """300 tracks, the cursor on the 120th: a wider terminal widens the title
    column without filling the table again; the cursor stays on that track
    and End still reaches the last one."""
    added = counting_rows(monkeypatch)

    async def scenario():
        app = Tables()
        async with app.run_test(size=(100, 30)) as pilot:
            table = app.query_one("#shown-table", TrackTable)
            table.show_tracks(TRACKS)
            table.focus()
            table.move_cursor(row=119)
            await settle(pilot)
            narrow, filled = title_width(table), len(added)
            assert filled == 300
            await pilot.resize_terminal(140, 30)
            await settle(pilot)
            assert title_width(table) > narrow
            assert len(added) == filled  # resized in place, not filled again
            assert table.selected == TRACKS[119]
            await pilot.press("end")
            await settle(pilot)
            assert table.selected == TRACKS[-1]
            assert table.scroll_y == table.max_scroll_y > 0

    asyncio.run(scenario())


def test_a_table_filled_in_a_hidden_tab_is_not_filled_again_when_shown(monkeypatch):
    """The hidden tab's table gets its tracks while out of sight; showing the
    tab adds no row, and its columns are those of the tab shown before."""
    added = counting_rows(monkeypatch)

    async def scenario():
        app = Tables()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            shown = app.query_one("#shown-table", TrackTable)
            hidden = app.query_one("#hidden-table", TrackTable)
            shown.show_tracks(TRACKS[:10])
            hidden.show_tracks(TRACKS)
            await settle(pilot)
            before = len(added)
            app.query_one(TabbedContent).active = "hidden"
            await settle(pilot)
            assert hidden.size.width > 0
            assert len(added) == before
            assert title_width(hidden) == title_width(shown)
            assert hidden.row_count == 300

    asyncio.run(scenario())


def test_cells_are_drawn_exactly_as_a_data_table_draws_them():
    """TrackTable draws its cells by a shorter way than DataTable: every cell
    (a title in markup-like brackets, Cyrillic, a long title cut, a right-
    aligned time, ✓, the ▶ of the track playing), under the cursor or not,
    focused or not, gives the very segments DataTable's own drawing gives."""
    tracks = [TrackView(id=1, media_id=1, title="[b]Loud[/b] title", artist="[red]Mallory[/]",
                        album="", duration=20, in_my_library=False),
              TrackView(id=2, media_id=2, title="Вечерний вальс " * 6, artist="Оркестр терминала",
                        album="Вальсы", duration=3725, in_my_library=True),
              *TRACKS[:5]]

    async def scenario():
        app = Tables()
        async with app.run_test(size=(90, 30)) as pilot:
            table = app.query_one("#shown-table", TrackTable)
            table.show_tracks(tracks, current=1)
            await settle(pilot)
            compared = 0
            for focused in (False, True):
                if focused:
                    table.focus()
                    await settle(pilot)
                for row in range(len(tracks)):
                    for column, spec in enumerate(table.ordered_columns):
                        for cursor in (False, True):
                            args = (row, column, table.rich_style, spec.get_render_width(table),
                                    cursor, False)
                            table._cell_render_cache.clear()
                            ours = table._render_cell(*args)
                            table._cell_render_cache.clear()
                            theirs = DataTable._render_cell(table, *args)
                            assert ours == theirs, (row, column, cursor, focused)
                            compared += 1
            assert compared == 2 * len(tracks) * 6 * 2

    asyncio.run(scenario())
