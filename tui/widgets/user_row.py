"""A person in a list: mini avatar, name, login."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import ListItem, Static

from models.views import UserRef

from ..formatting import plain


def user_line(user: UserRef, avatar: RenderableType | None, detail: str = "") -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=4)
    grid.add_column(ratio=1)
    second = plain(f"@{user.login}", "dim")
    if detail:
        second.append_text(plain(f" · {detail}", "dim"))
    grid.add_row(avatar or Text(""), Text("\n").join([plain(user.full_name, "bold"), second]))
    return grid


class UserRow(ListItem):
    """One person; ``user`` is the ``views.UserRef`` shown."""

    DEFAULT_CSS = """
    UserRow {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, user: UserRef, avatar: RenderableType | None = None, detail: str = "") -> None:
        super().__init__()
        self.user = user
        self._avatar = avatar
        self._detail = detail

    def compose(self) -> ComposeResult:
        yield Static(user_line(self.user, self._avatar, self._detail))
