"""Avatars as terminal pictures: half-block truecolor, an ASCII ramp, or initials.

Pure rendering: only ``avatar_for`` (and ``render_avatar``) read the database,
to fetch the stored image. Call those from a worker thread, never the UI thread.
``normalise_avatar`` makes the stored form of an uploaded avatar, with the
checks every uploaded image goes through (``models/image_decode.py``).
"""

from __future__ import annotations

import functools
import io
import unicodedata

from PIL import Image, ImageOps
from rich.cells import cell_len
from rich.color import Color
from rich.style import Style
from rich.text import Text

from .errors import DomainError, ValidationError
from .image_decode import (  # noqa: F401 - ACCEPTED_FORMATS, MAX_PIXELS: re-exported
    ACCEPTED_FORMATS,
    DECODE_ERRORS,
    MAX_PIXELS,
    decode_image,
    flatten,
)
from .raster import ASCII_RAMP, UPPER_HALF, Raster, check_size, rasterise  # noqa: F401
from .views import UserRef

AVATAR_SIZE = 256
FLATTEN_BACKGROUND = (128, 128, 128)  # neutral grey under transparent pixels


# Background colours of the initials avatar; the seed picks one deterministically.
PALETTE = (
    (0x3B, 0x6E, 0xA5),
    (0x2E, 0x8B, 0x57),
    (0xB0, 0x5A, 0x2C),
    (0x8E, 0x44, 0xAD),
    (0xC0, 0x39, 0x2B),
    (0x16, 0xA0, 0x85),
    (0xD3, 0x8B, 0x10),
    (0x5D, 0x6D, 0x7E),
)

def normalise_avatar(data: bytes) -> bytes:
    """The stored form of an uploaded avatar: EXIF-upright RGB PNG, at most 256×256."""
    image = decode_image(data)
    try:
        image = ImageOps.exif_transpose(image)
        image = flatten(image, FLATTEN_BACKGROUND)
        image.thumbnail((AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
    except DECODE_ERRORS:
        raise ValidationError(
            "The image uses a colour format that cannot be converted.", field="avatar"
        ) from None
    return out.getvalue()


# ---------------------------------------------------------------- rendering


def render_image(data: bytes, width: int, height: int, *, color: bool = True) -> Text:
    """``data`` as exactly ``height`` lines of exactly ``width`` terminal cells
    (``models.raster.rasterise``: half-block colour, or an ASCII ramp)."""
    return rasterise(data, width, height, color=color).text()


def _first_letter(name: str) -> str:
    name = unicodedata.normalize("NFC", name or "")
    for char in name:
        if char.isalnum():
            return char.upper()[:1]
    return ""


def initials_of(first_name: str, last_name: str) -> str:
    """``"Анна", "Иванова"`` → ``"АИ"``; ``"?"`` when neither name has a letter."""
    return (_first_letter(first_name) + _first_letter(last_name)) or "?"


def _fit_cells(value: str, width: int) -> str:
    while value and cell_len(value) > width:
        value = value[:-1]
    return value


def _centred(value: str, width: int) -> str:
    value = _fit_cells(value, width)
    left = (width - cell_len(value)) // 2
    return " " * left + value + " " * (width - left - cell_len(value))


def _contrast(background: tuple[int, int, int]) -> Color:
    r, g, b = background
    bright = 0.299 * r + 0.587 * g + 0.114 * b > 150
    return Color.from_rgb(0, 0, 0) if bright else Color.from_rgb(255, 255, 255)


def _initials_block(
    initials: str, width: int, height: int, *, color: bool, seed: int
) -> Text:
    check_size(width, height)
    middle = (height - 1) // 2
    if color:
        background = PALETTE[seed % len(PALETTE)]
        style = Style(
            color=_contrast(background), bgcolor=Color.from_rgb(*background), bold=True
        )
        lines = [
            _centred(initials, width) if row == middle else " " * width
            for row in range(height)
        ]
        return Text("\n".join(lines), style=style, no_wrap=True, overflow="crop", end="")
    if width < 3 or height < 3:
        lines = [
            _centred(initials, width) if row == middle else " " * width
            for row in range(height)
        ]
    else:
        edge = "+" + "-" * (width - 2) + "+"
        lines = [edge]
        for row in range(1, height - 1):
            inner = _centred(initials, width - 2) if row == middle else " " * (width - 2)
            lines.append("|" + inner + "|")
        lines.append(edge)
    return Text("\n".join(lines), no_wrap=True, overflow="crop", end="")


def render_initials(
    first_name: str,
    last_name: str,
    width: int,
    height: int,
    *,
    color: bool = True,
    seed: int = 0,
) -> Text:
    """A ``width``×``height`` block with the person's initials in the middle.

    ``color=True``: a solid block in a colour chosen by ``seed``; ``color=False``:
    an ASCII box (``+--+``) with no styles.
    """
    return _initials_block(
        initials_of(first_name, last_name), width, height, color=color, seed=seed
    )


# ---------------------------------------------------------------- with the database

@functools.lru_cache(maxsize=256)
def _render_stored(sha256: str, media_id: int, width: int, height: int, color: bool) -> Raster:
    # Keyed by the content hash too: ids repeat across databases, content does not.
    # A Raster: 8 bytes a cell (256 avatars of 16×8 are ~260 KB, not ~24 MB of Text).
    from . import media

    return rasterise(media.load_media(media_id), width, height, color=color)


def _stored_image(media_id: int, width: int, height: int, color: bool) -> Text:
    from . import media

    info = media.media_info(media_id)
    return _render_stored(info.sha256, media_id, width, height, color).text()


def avatar_for(user: UserRef, width: int, height: int, *, color: bool = True) -> Text:
    """The person's avatar picture, or their initials when they have none (or it
    cannot be read). Reads the database: call it from a worker thread."""
    if user.avatar_id is not None:
        try:
            return _stored_image(user.avatar_id, width, height, color)
        except DomainError:
            pass
    return render_initials(
        user.first_name, user.last_name, width, height, color=color, seed=user.id
    )


def render_avatar(
    media_id: int | None,
    width: int,
    height: int,
    *,
    color: bool = True,
    initials: str = "?",
) -> Text:
    """The older contract's entry point: a stored image, else ``initials``."""
    if media_id is not None:
        try:
            return _stored_image(media_id, width, height, color)
        except DomainError:
            pass
    seed = sum(ord(char) for char in initials)
    return _initials_block(initials or "?", width, height, color=color, seed=seed)
