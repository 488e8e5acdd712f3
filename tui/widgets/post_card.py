"""One post in a list: author's mini avatar, name, time, wrapped text, pictures,
track cards, a shared original (reposts), likes, comments, reactions."""

from __future__ import annotations

from collections import deque
from datetime import datetime

from rich.box import ROUNDED
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import ListItem, Static

from models.text import clean_text
from models.views import PostView

from ..formatting import plain, relative_time
from ..i18n import _
from ..reaction_text import reaction_summary
from ..relative_times import words
from ..thumbnails import DrawsThumbnails, grid_lines, layout
from .sized_by_layout import SizedByTheLayout
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


def post_moments(post: PostView) -> tuple[datetime, ...]:
    """The times a card of ``post`` says in words: its own, and a shared post's."""
    original = post.original if post.is_repost else None
    return (post.created_at,) if original is None else (post.created_at, original.created_at)


def _header(post: PostView) -> Text:
    header = plain(post.author.full_name, "bold")
    header.append_text(plain(f" @{post.author.login}", "dim"))
    header.append(f" · {relative_time(post.created_at)}", style="dim")
    if post.community_name:
        header.append(" · ", style="dim")
        header.append_text(plain(post.community_name, "italic"))
    return header


def _counts(post: PostView, *, mine: bool = True) -> Text:
    """"♡ 3  💬 4" (and "you like this", reactions) under a post."""
    likes = Text()
    liked = mine and post.liked_by_me
    likes.append("♥ " if liked else "♡ ", style="bold red" if liked else "")
    likes.append(str(post.like_count))
    if liked:
        likes.append(" · " + _("you like this"), style="dim")
    likes.append(f"   💬 {post.comment_count}")
    if mine and post.reactions:  # last on its line: see tui/reaction_text.py
        likes.append("   ")
        likes.append_text(reaction_summary(post.reactions))
    return likes


def _no_picture(placed):
    return None


def _with_attachments(post: PostView, lines: list[Text], pictures) -> list[RenderableType]:
    """``lines`` (header, text), then the post's pictures and track cards."""
    cards = [TrackCard(track) for track in shared_tracks(post.attachments)]
    has_pictures = any(a.kind == "image" for a in post.attachments)
    if not cards and not has_pictures:
        return [_lines(lines)]
    parts: list[RenderableType] = [_lines(lines)]
    if has_pictures:
        parts.append(PictureGrid(post.attachments, pictures or _no_picture))
    return [*parts, *cards]


def _original(post: PostView, pictures) -> RenderableType:
    """The post a repost shares, framed inside it ("deleted" when it is gone)."""
    original = post.original
    if original is None:
        body: RenderableType = Text(_("The post was deleted"), style="dim italic")
    else:
        lines = [_header(original)]
        if original.text:
            lines.append(plain(original.text))
        body = Group(*_with_attachments(original, lines, pictures),
                     _lines([_counts(original, mine=False)]))
    return Panel(body, box=ROUNDED, border_style="dim", padding=(0, 1))


AVATAR_WIDTH = 4  # the card's first column; one cell between it and the post


class PostGrid:
    """A card's table: the mini avatar, then the post. When the post is lines
    of text (no pictures, tracks or shared post: most posts), its height at a
    width is counted by wrapping the text as the table's cell would, without
    rendering the table: measuring a refilled page's 20 cards rendered each
    whole (and again at the width its list's scroll bar leaves), most of the
    layout of a kept community page (issue 17). The count is the table's own
    (``tests/tui/test_post_card_height.py`` compares them)."""

    __slots__ = ("avatar", "body", "_table")

    def __init__(self, avatar: RenderableType, body: RenderableType) -> None:
        self.avatar = avatar
        self.body = body
        self._table: Table | None = None

    def table(self) -> Table:
        if self._table is None:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=AVATAR_WIDTH)
            grid.add_column(ratio=1)
            grid.add_row(self.avatar, self.body)
            self._table = grid
        return self._table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        column = self._text_column(console, options.max_width)
        if column is None:
            yield self.table()
            return
        yield from self._rows(console, options, column)

    def _text_column(self, console: Console, width: int) -> int | None:
        """The post's column at ``width`` as the table sizes it (as wide as the
        text measures, up to the room; a grid does not expand), or None when
        only the table can tell (the post or the avatar is not text, or no
        room is left)."""
        room = width - AVATAR_WIDTH - 1
        if not self.counted or room < 1:
            return None
        options = console.options.update(width=room, height=None, highlight=False)
        return max(1, min(room, Measurement.get(console, options, self.body).maximum))

    def _rows(self, console: Console, options: ConsoleOptions, column: int) -> RenderResult:
        """The table's lines, made as its one row makes them without the
        table: each cell rendered as its column does (justify, wrap,
        ellipsis), the avatar's padded by the one cell after it, both
        padded to the taller. What reaches the terminal is the table's
        (``tests/tui/test_post_card_height.py`` compares them), in half the
        time (0.45 -> 0.23 ms a card 96 cells wide): a card is rendered each
        time it is painted, on every key that shows it and every scroll that
        brings it into sight (issue 17)."""
        def cell(width: int) -> ConsoleOptions:
            return options.update(width=width, justify=None, no_wrap=False,
                                  overflow="ellipsis", height=None, highlight=False)

        padded = AVATAR_WIDTH + 1  # the cell between the columns is the avatar's
        avatar = console.render_lines(self.avatar, cell(AVATAR_WIDTH))
        body = console.render_lines(self.body, cell(column))
        height = max(len(avatar), len(body))
        avatar = Segment.set_shape(Segment.align_top(avatar, padded, height, Style.null()),
                                   padded, height)
        body = Segment.set_shape(Segment.align_top(body, column, height, Style.null()),
                                 column, height)
        line_end = Segment.line()
        for left, right in zip(avatar, body, strict=True):
            yield from left
            yield from right
            yield line_end

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table())

    @property
    def counted(self) -> bool:
        """Whether its height is counted (the post and the avatar are text)."""
        return isinstance(self.body, Text) and isinstance(self.avatar, Text)

    def height_at(self, console: Console, width: int) -> int | None:
        """The lines the table takes at ``width``, or None when only a render
        can tell (the post or the avatar is not text, or no room is left)."""
        column = self._text_column(console, width)
        if column is None:
            return None
        # The avatar's column is AVATAR_WIDTH whatever it holds.
        return max(_wrapped(console, self.body, column),
                   _wrapped(console, self.avatar, AVATAR_WIDTH))


def _wrapped(console: Console, text: Text, width: int) -> int:
    """The lines ``text`` takes in a grid's cell ``width`` wide: wrapped as
    ``Text.__rich_console__`` wraps it there (justify left, overflow ellipsis)."""
    tab_size = console.tab_size if text.tab_size is None else text.tab_size
    return len(text.wrap(console, width, justify=text.justify or "left",
                         overflow=text.overflow or "ellipsis", tab_size=tab_size or 8,
                         no_wrap=bool(text.no_wrap)))


def post_renderable(post: PostView, avatar: RenderableType | None,
                    pictures=None) -> PostGrid:
    return PostGrid(avatar or Text(""), post_body(post, pictures))


def post_body(post: PostView, pictures=None) -> RenderableType:
    """The post without the avatar column (the Post screen's top)."""
    header = _header(post)
    if post.is_repost:
        header.append(" · ↻ " + _("shared"), style="dim")
    top = [header]
    if post.text or not (post.is_repost or post.attachments):
        top.append(plain(post.text))
    parts = _with_attachments(post, top, pictures)
    if post.is_repost:
        return Group(*parts, _original(post, pictures), _counts(post))
    if len(parts) == 1:
        return _lines([*top, _counts(post)])
    return Group(*parts, _counts(post))


def _lines(lines: list[Text]) -> Text:
    """One ``Text`` of these lines (``plain`` texts end with nothing, so a
    ``Group`` of them would run them together)."""
    joined = Text("\n").join(lines)
    joined.end = "\n"
    return joined


def least_height(post: PostView, width: int) -> int:
    """The fewest lines the card of ``post`` can take when its text column is
    ``width`` cells wide (or narrower): its header and counts, one line per
    ``width`` cells of each line of its text (wrapping at words only adds
    lines), and the card's bottom padding; pictures, tracks and a shared
    post only add more. For counting how many cards fill a list without
    laying them out (``PostList.cards_at_once``)."""
    lines = 3  # the header, the counts and the card's bottom padding
    if post.text or not (post.is_repost or post.attachments):
        width = max(width, 1)
        lines += sum(max(1, -(-cell_len(line) // width)) for line in clean_text(post.text).split("\n"))
    return lines


KEPT_RENDERS = 20  # posts measured and not yet painted whose render is kept (a page)
_kept_renders: deque[RenderedOnce] = deque()


class RenderedOnce:
    """A post card's renderable whose lines at a width are rendered once for
    both its measuring and its paint. Textual renders a card's table whole to
    learn its height as the list is laid out, then again to paint it; a
    refilled page measures all its cards and paints those in sight (issue 17:
    the kept community page). A render is kept until it is used once more
    (the paint after the measuring) and for the last ``KEPT_RENDERS`` renders
    only, so at most a page of cards' lines is held twice (a repaint, or a
    card painted long after, renders again, as before)."""

    __slots__ = ("renderable", "_key", "_segments")

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._key: tuple | None = None
        self._segments: list | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Everything a post's table grid depends on; not the height, which it
        # gives none of its cells (Textual measures with the screen's, paints
        # with the widget's).
        key = (options.min_width, options.max_width, options.justify, options.overflow,
               options.no_wrap, options.highlight, options.markup, console.color_system)
        segments = self._segments
        if segments is not None and key == self._key:
            self._segments = None  # used for its paint
            yield from segments
            return
        segments = list(console.render(self.renderable, options))
        self._key, self._segments = key, segments
        _kept_renders.append(self)
        if len(_kept_renders) > KEPT_RENDERS:
            _kept_renders.popleft()._segments = None
        yield from segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


def _measured_by_render(content: RenderableType) -> RenderableType:
    """``content`` as a card shows it: a post whose height is counted as is,
    any other in a ``RenderedOnce`` (its measuring render kept for its paint;
    a counted post's only render is its paint, nothing to keep)."""
    if isinstance(content, PostGrid) and content.counted:
        return content
    return RenderedOnce(content)


class PostBody(SizedByTheLayout, Static):
    """What a card shows. Its height at a width is measured once per content:
    Textual forgets a widget's measured height whenever it is resized or
    repainted, and measuring a post renders it whole (its table, wrapped text,
    pictures, track cards); a list of new cards was measured again on each of
    the layouts it took to settle (issue 17: a community's page)."""

    _measured: tuple[object, int, int] = (None, 0, 0)  # (content, width, height)

    def __init__(self, content: RenderableType, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(_measured_by_render(content), **kwargs)

    def update(self, content: RenderableType = "", *, layout: bool = True) -> None:  # type: ignore[override]
        super().update(_measured_by_render(content), layout=layout)

    def get_content_height(self, container, viewport, width: int) -> int:
        content = self.content
        measured_for, measured_width, height = self._measured
        if measured_for is content and measured_width == width:
            return height
        counted = (content.height_at(self.app.console, width) if isinstance(content, PostGrid)
                   else None)
        height = (counted if counted is not None
                  else super().get_content_height(container, viewport, width))
        self._measured = (content, width, height)
        return height


CARD_GUTTER = 2  # the card's padding left and right (its CSS below)


class PostCard(DrawsThumbnails, SizedByTheLayout, ListItem):
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
        self._time_words: tuple[str, ...] = ()  # its times as drawn ("5 min ago")

    def compose(self) -> ComposeResult:
        yield PostBody(self._content())

    def _content(self) -> PostGrid:
        self._time_words = words(post_moments(self.post))  # before the drawing: never newer
        return post_renderable(self.post, self._avatar, self._thumbnail)

    def show(self, post: PostView) -> None:
        self.post = post
        self.query_one(PostBody).update(self._content())

    def show_times_again(self, now) -> None:  # type: ignore[no-untyped-def]
        """Drawn again when one of its times reads otherwise now (``tui/relative_times.py``);
        not drawn yet, it will be as they read then."""
        if self._time_words and words(post_moments(self.post), now) != self._time_words:
            self.show(self.post)

    def refill(self, post: PostView, avatar: RenderableType | None) -> None:
        """Another post on this card (a list read again refills its cards in
        place: mounting new ones laid the screen out once more per render)."""
        self._avatar = avatar
        self.show(post)

    def _thumbnail(self, placed):
        service = getattr(self.app, "thumbnails", None)
        return service.get(placed, self) if service is not None else None

    def draw_thumbnails(self) -> None:
        self.query_one(PostBody).update(self._content())
