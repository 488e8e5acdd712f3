"""Pictures as terminal cells, kept compactly.

A picture rendered for the terminal is held as a ``Raster``: its fitted pixels
as bytes (half-block colour: four bytes a pixel, two pixels a cell) or its
ASCII characters. ``Raster.text()`` builds the Rich ``Text`` when a widget
needs it. A rendered ``Text`` whose cells each carried their own ``Style`` and
two ``Color`` objects cost about 750 bytes a cell; caches of those were the
biggest part of the app's memory after an hour of use (issue 17,
``bench/memory.py``). A ``Raster`` costs 8 bytes a cell, and the ``Text`` it
builds shares one ``Style`` between the cells of the same colours (``_Styles``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.color import Color
from rich.style import Style
from rich.text import Span, Text

if TYPE_CHECKING:  # Pillow is loaded with the first picture, not with the app
    from PIL import Image

ASCII_RAMP = " .:-=+*#%@"  # dark → bright (suits a dark terminal)
UPPER_HALF = "\u2580"  # ▀
LOWER_HALF = "\u2584"  # ▄


def check_size(width: int, height: int) -> None:
    if width < 1 or height < 1:
        raise ValueError(f"an avatar needs at least 1×1 cells, not {width}×{height}")


def fit(image: Image.Image, width: int, height: int) -> Image.Image:
    """``image`` scaled to fit ``width``×``height`` pixels, centred on a transparent
    canvas of exactly that size (RGBA; alpha 0 marks the padding)."""
    from PIL import Image

    rgba = image.convert("RGBA")
    scale = min(width / rgba.width, height / rgba.height)
    size = (max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale)))
    if size != rgba.size:
        smaller = size[0] <= rgba.width and size[1] <= rgba.height
        method = Image.Resampling.LANCZOS if smaller else Image.Resampling.NEAREST
        rgba = rgba.resize(size, method)
    canvas = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    canvas.paste(rgba, ((width - size[0]) // 2, (height - size[1]) // 2))
    return canvas


class _Styles(dict):
    """One picture's cell styles: one ``Style`` (and one ``Color`` per colour)
    per pair of colours, however many cells use it. Per picture, not global: a
    photo's pairs rarely repeat elsewhere, and a global table would keep them."""

    def __init__(self) -> None:
        super().__init__()
        self.colors: dict[int, Color] = {}

    def __missing__(self, pair: tuple[int | None, int | None]) -> Style:
        upper, lower = pair
        if upper is None:
            style = Style(color=self._color(lower))
        else:
            style = Style(color=self._color(upper),
                          bgcolor=None if lower is None else self._color(lower))
        self[pair] = style
        return style

    def _color(self, rgb: int) -> Color:
        color = self.colors.get(rgb)
        if color is None:
            color = self.colors[rgb] = Color.from_rgb(rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF)
        return color


@dataclass(frozen=True, slots=True)
class Raster:
    """``height`` lines of ``width`` cells: ``pixels`` are the RGBA bytes of a
    ``width``×``2·height`` picture (colour) or the ASCII lines joined by newlines."""

    width: int
    height: int
    pixels: bytes
    color: bool

    @property
    def nbytes(self) -> int:
        return len(self.pixels)

    def text(self) -> Text:
        """A new ``Text`` of the picture (callers may change it)."""
        if not self.color:
            return Text(self.pixels.decode("ascii"), no_wrap=True, overflow="crop", end="")
        width, pixels = self.width, self.pixels
        row_bytes = 4 * width
        chars: list[str] = []
        spans: list[Span] = []
        styles = _Styles()
        offset = 0
        for row in range(self.height):
            if row:
                chars.append("\n")
                offset += 1
            top = 2 * row * row_bytes
            for col in range(width):
                at = top + 4 * col
                upper = _pixel(pixels, at)
                lower = _pixel(pixels, at + row_bytes)
                if upper is None and lower is None:
                    chars.append(" ")
                else:
                    chars.append(LOWER_HALF if upper is None else UPPER_HALF)
                    spans.append(Span(offset, offset + 1, styles[upper, lower]))
                offset += 1
        return Text("".join(chars), spans=spans, no_wrap=True, overflow="crop", end="")


def _pixel(pixels: bytes, at: int) -> int | None:
    if pixels[at + 3] < 128:
        return None
    return (pixels[at] << 16) | (pixels[at + 1] << 8) | pixels[at + 2]


def rasterise(data: bytes, width: int, height: int, *, color: bool = True) -> Raster:
    """``data`` (an image file) fitted into ``width``×``height`` cells.

    ``color=True``: each cell is ``▀`` with the upper pixel as foreground and
    the lower pixel as background (the image fitted into width × 2·height
    pixels; padding is left blank). ``color=False``: a pure-ASCII luminance
    ramp with no styles at all, for NO_COLOR and monochrome terminals.
    """
    check_size(width, height)
    from .image_decode import decode_image

    image = fit(decode_image(data), width, height * 2)
    if not color:
        return Raster(width, height, _ascii(image, width, height).encode("ascii"), False)
    return Raster(width, height, image.tobytes(), True)


def _ascii(image: Image.Image, width: int, height: int) -> str:
    from PIL import Image

    from .image_decode import flatten

    # Each cell covers two square pixels vertically: average them.
    cells = image.resize((width, height), Image.Resampling.BOX)
    luminance = flatten(cells, (0, 0, 0)).convert("L").load()
    alpha = cells.getchannel("A").load()
    top = len(ASCII_RAMP) - 1
    lines = []
    for row in range(height):
        chars = []
        for col in range(width):
            if alpha[col, row] < 128:
                chars.append(" ")
            else:
                chars.append(ASCII_RAMP[round(luminance[col, row] * top / 255)])
        lines.append("".join(chars))
    return "\n".join(lines)
