"""Picture thumbnails for bubbles and post cards: laid out from the sizes the
models give (no decoding needed to know how many lines a message takes),
rendered off the UI thread and kept in a bounded LRU cache.

A thumbnail is half-block truecolour (``models.avatars.render_image``; on a
256-colour terminal the console maps the colours down), or an ASCII ramp
under NO_COLOR. Until it is rendered a widget draws a placeholder of the same
size, so nothing moves when it arrives.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from models.raster import Raster

if TYPE_CHECKING:  # models.views is imported after the Log in screen is painted
    from models.views import AttachmentView

MAX_ROWS = 12  # lines of one picture, at most
MAX_ROWS_MANY = 6  # when a message or post has several
GAP = 1  # cells between pictures side by side
CACHE_SIZE = 256  # rendered thumbnails kept …
# … and their cells at most (the viewer's are screen-sized). The cache holds
# ``models.raster.Raster``s, 8 bytes a cell, and builds the Rich ``Text`` when
# asked: 600 000 cells are under 5 MB — 200 full-screen pictures at 100×30.
# It held the ``Text``s before, about 750 bytes a cell (a Style and two Colors
# each), and the memory bench (bench/memory.py, issue 17) measured the picture
# viewer adding 40 MB for nine pictures.
CACHE_CELLS = 600_000


@dataclass(frozen=True, slots=True)
class Placed:
    """A picture at its size in cells."""

    picture: AttachmentView
    cols: int
    rows: int


def images_of(attachments) -> tuple[AttachmentView, ...]:
    return tuple(a for a in attachments if a.kind == "image" and a.media_id is not None)


def cell_size(width: int, height: int, max_cols: int, max_rows: int) -> tuple[int, int]:
    """Cells (columns, lines) for a ``width``×``height`` picture: a half-block
    cell holds two pixels on top of each other, so a line is two pixel rows."""
    width, height = max(1, width or 1), max(1, height or 1)
    cols = max(1, min(max_cols, width))
    rows = max(1, round(cols * height / width / 2))
    if rows > max_rows:
        rows = max_rows
        cols = max(1, min(max_cols, round(2 * rows * width / height)))
    return cols, rows


def layout(attachments, width: int) -> list[list[Placed]]:
    """The pictures of ``attachments`` in rows that fit ``width`` cells."""
    pictures = images_of(attachments)
    if not pictures or width < 4:
        return []
    max_rows = MAX_ROWS if len(pictures) == 1 else MAX_ROWS_MANY
    grid: list[list[Placed]] = [[]]
    used = 0
    for picture in pictures:
        cols, rows = cell_size(picture.width, picture.height, width, max_rows)
        need = cols + (GAP if grid[-1] else 0)
        if grid[-1] and used + need > width:
            grid.append([])
            used, need = 0, cols
        grid[-1].append(Placed(picture, cols, rows))
        used += need
    return grid


def grid_height(grid: list[list[Placed]]) -> int:
    return sum(max(p.rows for p in row) for row in grid)


def placeholder(cols: int, rows: int, style: Style) -> Text:
    """A block of ``rows`` lines of ``cols`` cells, "▣" in its middle."""
    lines = []
    for row in range(rows):
        if row == (rows - 1) // 2 and cols >= 2:
            left = (cols - 2) // 2
            lines.append(" " * left + "▣ " + " " * (cols - left - 2))
        else:
            lines.append(" " * cols)
    return Text("\n".join(lines), style=style, no_wrap=True, end="")


def grid_lines(grid: list[list[Placed]], lookup, style: Style) -> list[Text]:
    """The grid's lines: each picture's thumbnail from ``lookup(placed)`` (or
    a placeholder while it is not rendered), side by side."""
    lines: list[Text] = []
    for row in grid:
        height = max(p.rows for p in row)
        blocks = []
        for placed in row:
            thumb = lookup(placed) or placeholder(placed.cols, placed.rows, style)
            block = thumb.split("\n", allow_blank=True)
            blocks.append((placed, list(block)))
        for y in range(height):
            line = Text(end="", no_wrap=True)
            for index, (placed, block) in enumerate(blocks):
                if index:
                    line.append(" " * GAP)
                if y < len(block):
                    piece = block[y].copy()
                    piece.truncate(placed.cols, pad=True)
                    line.append_text(piece)
                else:
                    line.append(" " * placed.cols)
            lines.append(line)
    return lines


class DrawsThumbnails:
    """Mixed into a widget or screen that asks ``Thumbnails.get`` for pictures:
    its ``draw_thumbnails`` runs when they are ready, or as it mounts when
    they got ready before. A post card asks as it is composed, and under load
    the worker answered while the card was still being mounted: the answer
    was dropped and the card kept its placeholder (▣)."""

    _thumbnails_waiting = False

    def draw_thumbnails(self) -> None:
        raise NotImplementedError

    def thumbnails_ready(self) -> None:
        if self.is_mounted:  # type: ignore[attr-defined]
            self.draw_thumbnails()
        else:
            self._thumbnails_waiting = True

    def _on_mount(self, event) -> None:  # type: ignore[no-untyped-def]
        # Runs beside the widget's own mount handlers (Textual calls each
        # class's down the MRO); the widget is composed by now.
        if self._thumbnails_waiting:
            self._thumbnails_waiting = False
            self.draw_thumbnails()


class Thumbnails:
    """The app's thumbnails: ``get`` answers from the cache at once, or None
    and renders it in a thread worker; widgets that asked are told
    (``thumbnails_ready()``) when a batch is done."""

    def __init__(self, app, maxsize: int = CACHE_SIZE) -> None:
        self.app = app
        self.maxsize = maxsize
        self._cache: OrderedDict[tuple, Raster | Text] = OrderedDict()
        self._wanted: dict[tuple, Placed] = {}
        self._asked: weakref.WeakSet = weakref.WeakSet()
        self._scheduled = False
        self._running = 0

    @property
    def idle(self) -> bool:
        """Nothing asked for is still on its way (tests wait for this)."""
        return not (self._scheduled or self._wanted or self._running)

    def _key(self, placed: Placed) -> tuple:
        picture = placed.picture
        return (picture.sha256, picture.media_id, placed.cols, placed.rows,
                not getattr(self.app, "no_color", False))

    def __len__(self) -> int:
        return len(self._cache)

    @property
    def cells(self) -> int:
        """Cells held: each key ends (…, cols, rows, colour)."""
        return sum(key[-3] * key[-2] for key in self._cache if len(key) >= 4)

    def get(self, placed: Placed, requester=None) -> Text | None:
        key = self._key(placed)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found.text() if isinstance(found, Raster) else found
        self._wanted[key] = placed
        if requester is not None:
            self._asked.add(requester)
        if not self._scheduled:
            self._scheduled = True
            self.app.call_later(self._start)
        return None

    def _start(self) -> None:
        self._scheduled = False
        wanted, self._wanted = self._wanted, {}
        if wanted:
            self._running += 1
            self.app.run_worker(lambda: self._render(wanted), thread=True,
                                group="thumbnails", description="render thumbnails")

    def _render(self, wanted: dict[tuple, Placed]) -> None:
        from models import media
        from models.errors import DomainError
        from models.raster import rasterise

        done = {}
        for key, placed in wanted.items():
            try:
                data = media.load_media(placed.picture.media_id)
                done[key] = rasterise(data, placed.cols, placed.rows, color=key[-1])
            except DomainError:
                done[key] = placeholder(placed.cols, placed.rows, Style(dim=True))
        self.app.call_from_thread(self._ready, done)

    def _ready(self, done: dict[tuple, Raster | Text]) -> None:
        self._running -= 1
        for key, text in done.items():
            self._cache[key] = text
            self._cache.move_to_end(key)
        while len(self._cache) > self.maxsize or (
                len(self._cache) > 1 and self.cells > CACHE_CELLS):
            self._cache.popitem(last=False)
        asked, self._asked = list(self._asked), weakref.WeakSet()
        for widget in asked:
            widget.thumbnails_ready()
