"""A table of tracks keeps its rows when only its width changes (issue 17:
Ctrl+L to All tracks painted fast with 500 tracks listed): the columns are
resized in place, the table is scrollable to its last track, and a table
filled out of sight in a hidden tab is not filled again as the tab is shown."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.geometry import Region
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


def counting(monkeypatch, method: str) -> list[int]:
    """Every call of ``DataTable``'s ``method`` on any table (a 1 per call)."""
    calls: list[int] = []
    original = getattr(DataTable, method)

    def counted(self, *args, **options):
        calls.append(1)
        return original(self, *args, **options)

    monkeypatch.setattr(DataTable, method, counted)
    return calls


def counting_rows(monkeypatch) -> list[int]:
    """Every row added to any table."""
    return counting(monkeypatch, "add_row")


async def shown_focused(app: Tables, pilot) -> TrackTable:
    """The shown tab's table holding ``TRACKS``, focused, drawn."""
    table = app.query_one("#shown-table", TrackTable)
    table.show_tracks(TRACKS)
    table.focus()
    await settle(pilot)
    return table


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
            table = await shown_focused(app, pilot)
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


def counting_drawn_rows(monkeypatch) -> list[int]:
    """Every row line a table draws from its cells (not from its caches)."""
    return counting(monkeypatch, "_render_line_in_row")


def lines(table: TrackTable) -> list[list]:
    """The table's visible lines as it draws them now."""
    return [list(strip) for strip in table.render_lines(Region(0, 0, *table.size))]


def fresh_lines(table: TrackTable) -> list[list]:
    """The same lines drawn from nothing (every cache emptied)."""
    table._clear_caches()
    return lines(table)


def test_a_table_shown_again_draws_its_rows_from_what_it_drew_before(monkeypatch):
    """Music's tabs switched (2, then 1): the table shown again, focused again,
    at the size it had, draws no row again (it drew every visible row each
    time: 15-20 ms of the key). What it shows is what it would draw afresh:
    the cursor in the focused colour, not in the colour it had out of focus."""
    drawn = counting_drawn_rows(monkeypatch)

    async def scenario():
        app = Tables()
        async with app.run_test(size=(100, 30)) as pilot:
            shown = app.query_one("#shown-table", TrackTable)
            hidden = app.query_one("#hidden-table", TrackTable)
            shown.show_tracks(TRACKS)
            hidden.show_tracks(TRACKS[150:])
            shown.focus()
            await settle(pilot)
            focused_before = lines(shown)
            tabs = app.query_one(TabbedContent)
            tabs.active = "hidden"
            hidden.focus()
            await settle(pilot)
            assert lines(hidden) != focused_before
            blurred = lines(shown)  # drawn out of focus, hidden
            drawn.clear()
            tabs.active = "shown"
            shown.focus()
            await settle(pilot)
            assert not drawn  # every row from the lines kept for the focused look
            assert lines(shown) == focused_before != blurred
            assert lines(shown) == fresh_lines(shown)

    asyncio.run(scenario())


def test_a_new_theme_or_size_draws_the_rows_again(monkeypatch):
    """Lines are kept only for the styles and size they were drawn in: a
    theme chosen, or a wider terminal, draws the rows again in the new
    colours and width."""
    drawn = counting_drawn_rows(monkeypatch)

    async def scenario():
        app = Tables()
        async with app.run_test(size=(100, 30)) as pilot:
            table = await shown_focused(app, pilot)
            dark = lines(table)
            drawn.clear()
            app.theme = "textual-light"
            await settle(pilot)
            assert drawn  # drawn again
            assert lines(table) != dark
            assert lines(table) == fresh_lines(table)
            drawn.clear()
            await pilot.resize_terminal(120, 30)
            await settle(pilot)
            assert drawn
            assert lines(table) == fresh_lines(table)
            assert len(lines(table)[0]) and table.size.width == 120

    asyncio.run(scenario())
