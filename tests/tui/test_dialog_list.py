"""The dialog list's rows as a person reads them, at the width the Dialogs screen gives it.

Each row is two lines: the name, cut with "…" where it would reach the time
of the last message, and the preview, ending with the unread count. No
database is needed: the list is filled with summaries made here.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from models import clock
from models.views import DialogSummary, UserRef
from tui.i18n import set_language
from tui.widgets.dialog_list import DialogList

ME = 1


def summary(peer_id: int, first: str, last: str, preview: str, *, minutes_ago: int = 5,
            from_me: bool = False, unread: int = 0) -> DialogSummary:
    return DialogSummary(
        dialog_id=peer_id,
        peer=UserRef(peer_id, f"user{peer_id}", first, last, None),
        last_message_preview=preview,
        last_message_at=clock.now() - timedelta(minutes=minutes_ago),
        last_message_from_me=from_me,
        unread_count=unread,
    )


class ListApp(App[None]):
    CSS = "DialogList { width: 34; }"  # as in the Dialogs screen's side bar

    def __init__(self, summaries: list[DialogSummary]) -> None:
        super().__init__()
        self.summaries = summaries

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield DialogList(ME)
            yield Input(id="elsewhere")  # where the focus goes when it leaves the list

    def on_mount(self) -> None:
        self.query_one(DialogList).set_dialogs(self.summaries, None)


def shown(scenario, summaries: list[DialogSummary], size=(80, 12)):
    set_language("en")

    async def main():
        app = ListApp(summaries)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot, app.query_one(DialogList))

    asyncio.run(main())


def line(listing: DialogList, y: int) -> str:
    """Row ``y`` of the list on screen, as text."""
    return listing.render_line(y).text


def test_long_name_is_cut_before_the_time_and_unread_count_ends_the_preview(frozen_clock):
    """A long name ends in "…" a cell before "5 min ago" (cut right up to it,
    the two ran together); the preview line ends with the 12 unread."""
    rows = [summary(2, "Констанция", "Константинопольская-Александровская",
                    "Встретимся у фонтана в семь, не опаздывай", unread=12)]

    async def scenario(pilot, listing):
        top, bottom = line(listing, 0), line(listing, 1)
        assert len(top) == len(bottom) == listing.scrollable_content_region.width
        assert top.startswith(" Констанция Констант")
        assert top.endswith("… 5 min ago ")
        assert bottom.startswith(" Встретимся у фонтана")
        assert bottom.rstrip().endswith("12")
        assert "…" in bottom

    shown(scenario, rows)


def test_a_name_that_fills_its_room_to_the_last_cell_keeps_a_cell_before_the_time(frozen_clock):
    """Names one cell around the length that fills the row up to "5 min ago":
    none of them runs into it (the one that fitted exactly read
    "…Ивановаjust now")."""
    rows = [summary(peer, "Анна", "И" * length, "привет")
                    for peer, length in enumerate(range(12, 24), start=2)]

    async def scenario(pilot, listing):
        tops = [line(listing, 2 * row) for row in range(len(rows))]
        assert all("5 min ago" in top for top in tops)
        for top in tops:
            name = top[: top.index("5 min ago")]
            assert name.endswith(" "), top
        assert any("…" in top for top in tops) and any("…" not in top for top in tops)

    shown(scenario, rows, size=(80, 30))


def test_short_rows_keep_name_and_preview_whole(frozen_clock):
    """Saved notes with no messages reads "No messages yet"; my last message starts "You: "."""
    rows = [
        summary(2, "Ann", "Lee", "See you", from_me=True, minutes_ago=90),
        DialogSummary(None, UserRef(ME, "me", "Me", "Myself", None), "", None, False, 0),
    ]

    async def scenario(pilot, listing):
        assert line(listing, 0).strip() == "Saved notes"
        assert line(listing, 1).strip() == "No messages yet"
        assert line(listing, 2).split() == ["Ann", "Lee", "1", "h", "ago"]
        assert line(listing, 3).strip() == "You: See you"

    shown(scenario, rows)


def test_names_with_markup_are_shown_literally(frozen_clock):
    """A name typed as "[@click=app.quit]" is shown as typed, never run as markup."""
    rows = [summary(2, "[@click=app.quit]", "x", "[red]hi[/red]")]

    async def scenario(pilot, listing):
        assert line(listing, 0).startswith(" [@click=app.quit] x ")
        assert line(listing, 1).startswith(" [red]hi[/red]")

    shown(scenario, rows)


def test_a_long_list_scrolls_to_its_last_dialog(frozen_clock):
    """With 300 dialogs, End highlights the last one and its name is on screen."""
    rows = [summary(peer, f"Person{peer:03}", "Test", f"message {peer}", minutes_ago=peer)
            for peer in range(2, 302)]

    async def scenario(pilot, listing):
        assert listing.virtual_size.height == 2 * len(rows)
        listing.focus()
        await pilot.press("end")
        await pilot.pause()
        assert listing.highlighted == len(rows) - 1
        visible = [line(listing, y) for y in range(listing.size.height)]
        assert any("Person301 Test" in text for text in visible)

    shown(scenario, rows)


@pytest.mark.parametrize("columns", [80, 110, 200])
def test_times_stay_whole_and_aligned_whether_the_list_has_the_focus_or_not(frozen_clock, columns):
    """Every row's time ("yesterday", "1 min ago", "12 Mar") is whole and ends
    in the same column, with the list focused, after the focus left it, and
    back again: the focus must not change the width the rows are drawn for
    ("yesterda", "1 min ag" and rows out of line were seen)."""
    rows = [summary(2, "Ольга", "Смирнова", "И штатив", minutes_ago=26 * 60),
            summary(3, "Michail", "Petrov", "Завтра созвонимся насчёт похода", minutes_ago=1),
            summary(4, "Наталья", "Лебедева", "Нашла. Красота!", minutes_ago=60 * 24 * 3),
            summary(5, "A very long first name", "and a longer last name", "x", minutes_ago=120)]
    times = ["yesterday", "1 min ago", "11 Mar", "2 h ago"]

    def check(listing: DialogList) -> None:
        name_lines = [line(listing, 2 * index) for index in range(len(rows))]
        for text, time in zip(name_lines, times, strict=True):
            assert text.rstrip().endswith(" " + time) or text.rstrip().endswith("…" + time), text
        assert len({len(text.rstrip()) for text in name_lines}) == 1, name_lines

    async def scenario(pilot, listing):
        check(listing)
        listing.focus()
        await pilot.pause()
        check(listing)
        pilot.app.query_one("#elsewhere").focus()
        await pilot.pause()
        check(listing)
        listing.focus()
        await pilot.pause()
        check(listing)

    shown(scenario, rows, size=(columns, 12))


def test_a_chat_read_draws_only_its_row_again(frozen_clock, monkeypatch):
    """The list read again after a chat was read (Ctrl+G, Enter): only that
    row changed (its unread count gone), so only that row is drawn again;
    every row shows what a list made afresh shows, the mouse's row index
    included. A new order (a message moved a dialog to the top) makes every
    row anew."""
    from textual.geometry import Region

    from tui.widgets import dialog_list

    rows = [summary(peer, f"Person{peer}", "Test", f"message {peer}", minutes_ago=peer,
                    unread=peer % 3) for peer in range(2, 9)]
    made: list[int] = []
    row = dialog_list.DialogRow.render_strips
    monkeypatch.setattr(dialog_list.DialogRow, "render_strips",
                        lambda self, *a: (made.append(1), row(self, *a))[1])

    def drawn(listing: DialogList) -> list:
        return [list(strip) for strip in listing.render_lines(Region(0, 0, *listing.size))]

    async def scenario(pilot, listing):
        listing.highlight_key("peer-4")  # the chat Ctrl+G goes to
        await pilot.pause()
        before = drawn(listing)
        assert line(listing, 5).rstrip().endswith("1")  # Person4's one unread
        read = [replace(s, unread_count=0) if s.peer.id == 4 else s for s in rows]
        made.clear()
        listing.set_dialogs(read, "peer-4")
        await pilot.pause()
        after = drawn(listing)
        assert len(made) == 1  # Person4's row alone
        assert after[5] != before[5] and line(listing, 5).rstrip().endswith("message 4")
        fresh = DialogList(ME)
        await pilot.app.mount(fresh, before=listing)
        fresh.styles.width = 34
        fresh.set_dialogs(read, "peer-4")
        await pilot.pause()
        pilot.app.query_one("#elsewhere").focus()  # neither list focused: the same colours
        await pilot.pause()
        assert drawn(listing) == drawn(fresh)
        made.clear()
        listing.set_dialogs([read[-1], *read[:-1]], "peer-4")  # Person8 wrote: first now
        await pilot.pause()
        drawn(listing)
        assert len(made) >= len(rows)  # every row on show made anew (their indexes moved)
        assert line(listing, 0).startswith(" Person8")

    shown(scenario, rows, size=(80, 20))


def test_a_draft_or_a_green_dot_draws_only_its_row_again(frozen_clock, monkeypatch):
    """Leaving a chat with text typed shows "Draft: …" on its row, and a
    friend coming online a green dot: only that row is drawn again, and the
    list read again afterwards, unchanged, draws nothing."""
    from textual.geometry import Region

    from tui.widgets import dialog_list

    rows = [summary(peer, f"Person{peer}", "Test", f"message {peer}", minutes_ago=peer)
            for peer in range(2, 9)]
    made: list[int] = []
    row = dialog_list.DialogRow.render_strips
    monkeypatch.setattr(dialog_list.DialogRow, "render_strips",
                        lambda self, *a: (made.append(1), row(self, *a))[1])

    async def scenario(pilot, listing):
        listing.render_lines(Region(0, 0, *listing.size))
        made.clear()
        listing.show_drafts({"peer-4": "половина [b]фразы[/b]"})
        await pilot.pause()
        assert line(listing, 5).startswith(" Draft: половина [b]фразы[/b]")
        assert len(made) == 1
        made.clear()
        listing.set_online({5})
        await pilot.pause()
        assert line(listing, 6).startswith(" ● Person5")
        assert len(made) == 1
        made.clear()
        listing.set_dialogs(rows, None)  # read again, nothing new
        await pilot.pause()
        listing.render_lines(Region(0, 0, *listing.size))
        assert made == []
        assert line(listing, 5).startswith(" Draft: половина")

    shown(scenario, rows, size=(80, 20))
