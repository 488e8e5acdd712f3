"""One post in a list: author's mini avatar, name, time, wrapped text, likes, reactions."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import ListItem, Static

from models.views import PostView

from ..formatting import plain, relative_time
from ..i18n import _
from ..reaction_text import reaction_summary
from ..thumbnails import grid_lines, layout
from .track_card import TrackCard, shared_tracks


class PictureGrid:
    """A post's pictures as thumbnails, laid out for the width they get."""

    def __init__(self, attachments, pictures) -> None:
        self.attachments = attachments
        self.pictures = pictures

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        grid = layout(self.attachments, min(options.max_width, 80))
        lines = grid_lines(grid, self.pictures, Style(dim=True))
        joined = Text("\n", end="").join(lines)
        joined.end = "\n"
        yield joined


def post_renderable(post: PostView, avatar: RenderableType | None,
                    pictures=None) -> RenderableType:
    header = plain(post.author.full_name, "bold")
    header.append_text(plain(f" @{post.author.login}", "dim"))
    header.append(f" · {relative_time(post.created_at)}", style="dim")
    if post.community_name:
        header.append(" · ", style="dim")
        header.append_text(plain(post.community_name, "italic"))
    likes = Text()
    likes.append("♥ " if post.liked_by_me else "♡ ", style="bold red" if post.liked_by_me else "")
    likes.append(str(post.like_count))
    if post.liked_by_me:
        likes.append(" · " + _("you like this"), style="dim")
    if post.reactions:  # last on its line: see tui/reaction_text.py
        likes.append("   ")
        likes.append_text(reaction_summary(post.reactions))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=4)
    grid.add_column(ratio=1)
    cards = [TrackCard(track) for track in shared_tracks(post.attachments)]
    has_pictures = any(a.kind == "image" for a in post.attachments)
    if not cards and not has_pictures:
        grid.add_row(avatar or Text(""), Text("\n").join([header, plain(post.text), likes]))
        return grid
    top = Text("\n").join([header, plain(post.text)] if post.text else [header])
    top.end = "\n"
    parts: list[RenderableType] = [top]
    if has_pictures:
        parts.append(PictureGrid(post.attachments, pictures or (lambda placed: None)))
    grid.add_row(avatar or Text(""), Group(*parts, *cards, likes))
    return grid


class PostCard(ListItem):
    """A post; ``post`` is the ``views.PostView`` shown and may be replaced (likes, reactions)."""

    DEFAULT_CSS = """
    PostCard {
        height: auto;
        padding: 0 1 1 1;
    }
    """

    def __init__(self, post: PostView, avatar: RenderableType | None = None) -> None:
        super().__init__()
        self.post = post
        self._avatar = avatar

    def compose(self) -> ComposeResult:
        yield Static(post_renderable(self.post, self._avatar, self._thumbnail))

    def show(self, post: PostView) -> None:
        self.post = post
        self.query_one(Static).update(post_renderable(post, self._avatar, self._thumbnail))

    def _thumbnail(self, placed):
        service = getattr(self.app, "thumbnails", None)
        return service.get(placed, self) if service is not None else None

    def thumbnails_ready(self) -> None:
        if self.is_mounted:
            self.query_one(Static).update(
                post_renderable(self.post, self._avatar, self._thumbnail))
