"""The bar on top of every section: where I am, who I am, unread count, the F-keys.

A click on a section ("F4 Friends") switches to it, as its F-key does."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from ..formatting import plain
from ..i18n import _, ngettext
from ..mounted import not_mounted_yet
from ..watchers import forget_watchers
from .sized_by_layout import SizedByTheLayout

SECTION_KEYS = {
    "feed": "F2",
    "dialogs": "F3",
    "friends": "F4",
    "people": "F5",
    "communities": "F6",
    "profile": "F7",
    "music": "F8",
}


class HeaderText(SizedByTheLayout, Static):
    """A line of the header: the title and the user share a row, and a new
    count of unread messages resizes both, in the layout that does it (no
    second one, no frame of its own)."""


class SectionTitle:
    """"Messenger · Dialogs", or "Dialogs" alone where the person's name
    beside it leaves too little room (a narrow terminal, a long name): one
    line, cut with "…" if even that does not fit. The title wrapped, and the
    section's name went to a second line out of sight."""

    def __init__(self, section: str) -> None:
        self.full = Text(f"{_('Messenger')} · {section}", no_wrap=True, overflow="ellipsis")
        self.short = Text(section, no_wrap=True, overflow="ellipsis")

    def __str__(self) -> str:
        return self.full.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.full if self.full.cell_len <= options.max_width else self.short

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.short.cell_len, self.full.cell_len)


class AppHeader(Vertical):
    """``Messenger · Feed`` and ``Анна Иванова @anna ✉ 3``; below, the sections and their keys."""

    DEFAULT_CSS = """
    AppHeader {
        height: 2;
        dock: top;
        background: $panel;
        color: $foreground;
    }
    AppHeader Horizontal {
        height: 1;
    }
    AppHeader #header-title {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
    }
    AppHeader #header-user {
        width: auto;
        padding: 0 1;
    }
    AppHeader #header-sections {
        height: 1;
        padding: 0 1;
        background: $surface;
        color: $text-muted;
    }
    """

    def __init__(self, section: str, mode: str | None = None) -> None:
        super().__init__()
        self.section = section
        self.mode = mode  # the section to highlight; found from the screen when not given
        self._section_cells: list[tuple[int, int, str]] = []  # (first, end) column → section

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield HeaderText(SectionTitle(self.section), id="header-title")
            yield HeaderText(id="header-user")
        yield HeaderText(id="header-sections")

    def on_mount(self) -> None:
        self.watch(self.app, "current_user", self._refresh_user, init=True)
        self.watch(self.app, "unread_total", self._refresh_user, init=False)
        if hasattr(self.app, "new_comments"):
            self.watch(self.app, "new_comments", self._refresh_user, init=False)
        self._show_sections()

    def on_unmount(self) -> None:
        forget_watchers(self.app, self)  # else the app's lists keep it (tui/watchers.py)

    def _show_sections(self) -> None:
        from ..app import SECTION_TITLES, SECTIONS

        if self.mode is None:  # a section's own screen highlights it; drill-downs none
            self.mode = next(
                (name for name, screen in SECTIONS.items() if type(self.screen) is screen), None
            )
        room = self.size.width - 2  # the bar's padding
        # One space between sections when two do not fit (80 columns); where
        # the names do not fit at all (60 columns), the keys alone but the
        # current section's name, so that every key is still there (F8 Music
        # was cut off).
        for gap, names in (("  ", True), (" ", True), (" ", False)):
            line = Text(no_wrap=True, overflow="ellipsis")
            cells = []
            for mode in SECTIONS:
                if line:
                    line.append(gap)
                first = line.cell_len
                style = "bold reverse" if mode == self.mode else ""
                line.append(SECTION_KEYS[mode], style="bold " + style)
                if names or mode == self.mode:
                    line.append(" " + _(SECTION_TITLES[mode]), style=style)
                cells.append((first, line.cell_len, mode))
            if line.cell_len <= room:
                break
        self._section_cells = cells
        self.query_one("#header-sections", Static).update(line)

    def on_resize(self) -> None:
        self._show_sections()

    async def on_click(self, event: events.Click) -> None:
        if self._comments_clicked(event):
            self.app.open_new_comments()
            return
        offset = event.get_content_offset(self.query_one("#header-sections", Static))
        if offset is None:
            return
        for first, end, mode in self._section_cells:
            if first <= offset.x < end:
                await self.app.run_action(f"section('{mode}')")
                return

    def _comments_clicked(self, event: events.Click) -> bool:
        """Whether the click fell on "💬 3 new comments" (it leads to them)."""
        offset = event.get_content_offset(self.query_one("#header-user", Static))
        cells = self._comment_cells
        return offset is not None and cells is not None and cells[0] <= offset.x < cells[1]

    _comment_cells: tuple[int, int] | None = None
    _user_drawn: tuple | None = None  # what #header-user shows (text, spans)
    _user_width = 0  # and its width in cells

    def _refresh_user(self, *_args) -> None:
        if not_mounted_yet(self, "#header-user", self._refresh_user):
            return  # its row is not mounted yet (seen on a loaded host): once it is
        target = self.query_one("#header-user", Static)
        user = getattr(self.app, "current_user", None)
        unread = getattr(self.app, "unread_total", 0)
        new_comments = len(getattr(self.app, "new_comments", ()))
        line = Text(no_wrap=True, overflow="ellipsis")
        if user is not None:
            line.append_text(plain(user.full_name, "bold"))
            line.append(" ")
            line.append_text(plain(f"@{user.login}", "dim"))
        if unread:
            line.append("  ")
            line.append(_("✉ {n} unread").format(n=unread), style="bold reverse")
        self._comment_cells = None
        if new_comments:
            line.append("  ")
            first = line.cell_len
            line.append("💬 " + ngettext("{n} new comment", "{n} new comments", new_comments)
                        .format(n=new_comments), style="bold reverse")
            self._comment_cells = (first, line.cell_len)
        drawn = (line.plain, line.spans)
        if drawn == self._user_drawn:
            return  # as shown (every section's header hears of each change)
        # Its width is its text's: the row is laid out again only when that changes.
        resized = self._user_drawn is None or line.cell_len != self._user_width
        self._user_drawn, self._user_width = drawn, line.cell_len
        target.update(line, layout=resized)
