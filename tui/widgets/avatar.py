"""Avatars: rendered in worker threads (they read the database), shown as plain renderables."""

from __future__ import annotations

from rich.console import RenderableType
from textual import work
from textual.widgets import Static

from models import avatars
from models.views import UserRef

MINI_WIDTH, MINI_HEIGHT = 4, 2


def render_user_avatar(
    user: UserRef, width: int, height: int, *, color: bool
) -> RenderableType:
    """The picture, or the initials; reads the database, so call it from a worker thread."""
    return avatars.avatar_for(user, width, height, color=color)


def mini_avatars(users, *, color: bool) -> dict[int, RenderableType]:
    """One mini avatar per distinct person (call from a worker thread)."""
    rendered: dict[int, RenderableType] = {}
    for user in users:
        if user.id not in rendered:
            rendered[user.id] = render_user_avatar(user, MINI_WIDTH, MINI_HEIGHT, color=color)
    return rendered


class Avatar(Static):
    """A person's avatar at a given size; renders itself in a worker."""

    DEFAULT_CSS = """
    Avatar {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, width: int = 16, height: int = 8, **kwargs) -> None:
        super().__init__(**kwargs)
        self.avatar_width = width
        self.avatar_height = height

    def show_user(self, user: UserRef) -> None:
        self._render_avatar(user)

    @work(thread=True, exclusive=True, group="avatar")
    def _render_avatar(self, user: UserRef) -> None:
        picture = render_user_avatar(
            user, self.avatar_width, self.avatar_height, color=not self.app.no_color
        )
        self.app.call_from_thread(self.update, picture)
