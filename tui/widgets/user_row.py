"""A person in a list: mini avatar, name, login — and what they listen to, if
they show it (models/now_playing.py)."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import ListItem, Static

from models.views import NowPlaying, UserRef

from ..formatting import plain

NOW_PLAYING_STYLE = "green"


def now_playing_text(playing: NowPlaying) -> Text:
    """"♪ Title — Artist" ("♪ Title" without an artist), literally."""
    line = f"♪ {playing.title} — {playing.artist}" if playing.artist else f"♪ {playing.title}"
    return plain(line, NOW_PLAYING_STYLE)


def user_line(user: UserRef, avatar: RenderableType | None, detail: str = "",
              playing: NowPlaying | None = None) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=4)
    grid.add_column(ratio=1)
    second = plain(f"@{user.login}", "dim")
    if detail:
        second.append_text(plain(f" · {detail}", "dim"))
    if playing is not None:
        second.append("  ")
        second.append_text(now_playing_text(playing))
    second.no_wrap, second.overflow = True, "ellipsis"  # one line, whatever the title
    grid.add_row(avatar or Text(""), Text("\n").join([plain(user.full_name, "bold"), second]))
    return grid


class UserRow(ListItem):
    """One person; ``user`` is the ``views.UserRef`` shown, ``playing`` what
    they listen to as the viewer may see it."""

    DEFAULT_CSS = """
    UserRow {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, user: UserRef, avatar: RenderableType | None = None, detail: str = "",
                 playing: NowPlaying | None = None) -> None:
        super().__init__()
        self.user = user
        self.playing = playing
        self._avatar = avatar
        self._detail = detail

    def compose(self) -> ComposeResult:
        yield Static(self._line())

    def _line(self) -> RenderableType:
        return user_line(self.user, self._avatar, self._detail, self.playing)

    def show_user(self, user: UserRef, avatar: RenderableType | None) -> None:
        """The person as they are now (a new name, login or avatar)."""
        self.user, self._avatar = user, avatar
        if self.is_mounted:
            self.query_one(Static).update(self._line())

    def show_playing(self, playing: NowPlaying | None) -> None:
        """What they listen to changed (or stopped)."""
        if playing != self.playing:
            self.playing = playing
            if self.is_mounted:
                self.query_one(Static).update(self._line())
