"""Avatars in the terminal: half-block pictures, an ASCII fallback, initials."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from rich.cells import cell_len
from rich.color import Color

from models import avatars, media
from models.views import UserRef

RED = (255, 0, 0)
BLUE = (0, 0, 255)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def red_over_blue() -> bytes:
    image = Image.new("RGB", (1, 2))
    image.putpixel((0, 0), RED)
    image.putpixel((0, 1), BLUE)
    return png(image)


def lines_of(text) -> list[str]:
    return text.plain.split("\n")


def styles_by_cell(text):
    """The Style of each character, in order (newlines skipped)."""
    result = []
    for index, char in enumerate(text.plain):
        if char == "\n":
            continue
        result.append((char, text.get_style_at_offset(_console(), index)))
    return result


def _console():
    from rich.console import Console

    return Console(color_system="truecolor", width=200)


def test_half_block_uses_the_real_pixel_colours():
    """A red-over-blue picture shows as one cell: red upper half, blue lower half."""
    text = avatars.render_image(red_over_blue(), 1, 1)
    ((char, style),) = styles_by_cell(text)
    assert char == "▀"
    assert style.color == Color.from_rgb(*RED)
    assert style.bgcolor == Color.from_rgb(*BLUE)


def test_half_block_scales_keeping_colours_in_place():
    """Scaled up, the upper half of the avatar stays red and the lower half blue."""
    text = avatars.render_image(red_over_blue(), 2, 2)
    cells = styles_by_cell(text)
    assert len(cells) == 4
    for char, style in cells[:2]:  # top row: red over red
        assert (char, style.color, style.bgcolor) == (
            "▀", Color.from_rgb(*RED), Color.from_rgb(*RED))
    for char, style in cells[2:]:  # bottom row: blue over blue
        assert (char, style.color, style.bgcolor) == (
            "▀", Color.from_rgb(*BLUE), Color.from_rgb(*BLUE))


@pytest.mark.parametrize("size", [(1, 1), (8, 4), (20, 10), (7, 3), (3, 9)])
@pytest.mark.parametrize("color", [True, False])
@pytest.mark.parametrize("picture", [(300, 100), (50, 400), (64, 64)])
def test_render_is_exactly_the_requested_size(size, color, picture):
    """Whatever the picture's shape, the avatar fills exactly width × height cells."""
    width, height = size
    data = png(Image.new("RGB", picture, (10, 200, 30)))
    text = avatars.render_image(data, width, height, color=color)
    rows = lines_of(text)
    assert len(rows) == height
    assert all(cell_len(row) == width for row in rows)


def test_wide_picture_is_padded_not_stretched():
    """A wide picture keeps its shape: blank padding above and below, colour in the middle."""
    data = png(Image.new("RGB", (40, 10), RED))  # 4:1
    text = avatars.render_image(data, 4, 4)  # 4×8 pixels: picture is 4×1 pixels
    rows = lines_of(text)
    assert rows[0] == "    " and rows[3] == "    "
    assert "▀" in rows[1] + rows[2] or "▄" in rows[1] + rows[2]


def test_ascii_ramp_has_no_style_and_only_ascii():
    """Without colour the avatar is plain ASCII shading: no colours, no escape codes."""
    gradient = Image.linear_gradient("L").convert("RGB")  # dark at the top, bright below
    text = avatars.render_image(png(gradient), 10, 5, color=False)
    assert text.spans == []
    assert not text.style
    assert text.plain.isascii()
    rows = lines_of(text)
    assert set(text.plain) <= set(avatars.ASCII_RAMP + "\n")
    # brightness grows downwards, so the ramp character does too
    ranks = [avatars.ASCII_RAMP.index(row[5]) for row in rows]
    assert ranks == sorted(ranks) and ranks[0] < ranks[-1]


def test_ascii_white_and_black():
    """A white picture is all '@', a black one all blank."""
    white = avatars.render_image(png(Image.new("RGB", (4, 8), (255, 255, 255))), 4, 4, color=False)
    black = avatars.render_image(png(Image.new("RGB", (4, 8), (0, 0, 0))), 4, 4, color=False)
    assert white.plain == "\n".join(["@@@@"] * 4)
    assert black.plain == "\n".join(["    "] * 4)


def test_render_refuses_garbage():
    """Bytes that are not a picture are refused with a clear message, not a Pillow traceback."""
    from models.errors import ValidationError

    with pytest.raises(ValidationError):
        avatars.render_image(b"definitely not an image", 4, 2)


def test_initials_in_cyrillic():
    """Анна Иванова gets the initials АИ in the middle of her avatar."""
    assert avatars.initials_of("Анна", "Иванова") == "АИ"
    text = avatars.render_initials("Анна", "Иванова", 6, 3)
    rows = lines_of(text)
    assert rows == ["      ", "  АИ  ", "      "]


def test_initials_colour_is_deterministic_and_filled():
    """The same seed always gives the same colour; every cell is coloured."""
    one = avatars.render_initials("Анна", "Иванова", 6, 3, seed=5)
    again = avatars.render_initials("Анна", "Иванова", 6, 3, seed=5)
    other = avatars.render_initials("Анна", "Иванова", 6, 3, seed=6)
    assert one.style == again.style
    assert one.style.bgcolor != other.style.bgcolor
    assert one.style.bgcolor is not None and one.style.color is not None


def test_initials_without_colour_are_an_ascii_box():
    """Without colour, initials sit in a plain +--+ box with no styles."""
    text = avatars.render_initials("Grace", "Hopper", 6, 3, color=False)
    assert lines_of(text) == ["+----+", "| GH |", "+----+"]
    assert text.spans == [] and not text.style


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("", "", "?"), ("  ", "Smith", "S"), ("ёжик", "", "Ё"), ("李", "王", "李王"), ("[red]x", "y", "RY")],
)
def test_initials_of_odd_names(first, last, expected):
    """Empty, blank, lower-case, wide and markup-looking names still give sensible initials."""
    assert avatars.initials_of(first, last) == expected


@pytest.mark.parametrize("size", [(1, 1), (2, 1), (3, 3), (5, 2)])
@pytest.mark.parametrize("color", [True, False])
def test_initials_are_exactly_the_requested_size(size, color):
    """Even tiny avatars and double-width initials fit the cells exactly."""
    width, height = size
    text = avatars.render_initials("李", "王", width, height, color=color)
    rows = lines_of(text)
    assert len(rows) == height
    assert all(cell_len(row) == width for row in rows)


def test_avatar_for_uses_picture_then_initials(db):
    """A person with an avatar shows the picture; without one, their initials."""
    stored = media.store_media(red_over_blue(), "image/png", max_bytes=1024)
    with_picture = UserRef(1, "anna", "Анна", "Иванова", stored.id)
    without = UserRef(2, "ivan", "Иван", "Петров", None)
    picture = avatars.avatar_for(with_picture, 1, 1)
    assert picture.plain == "▀"
    assert avatars.avatar_for(without, 4, 1).plain == " ИП "


def test_avatar_for_missing_media_falls_back_to_initials(db):
    """An avatar id that no longer exists shows initials instead of an error."""
    ghost = UserRef(3, "ghost", "Grace", "Hopper", 999)
    assert avatars.avatar_for(ghost, 4, 1, color=False).plain == " GH "


def test_avatar_for_caches_by_content(db, monkeypatch):
    """The second render of the same avatar does not load the image again."""
    stored = media.store_media(red_over_blue(), "image/png", max_bytes=1024)
    user = UserRef(1, "anna", "Анна", "Иванова", stored.id)
    avatars._render_stored.cache_clear()
    loads = []
    real_load = media.load_media
    monkeypatch.setattr(media, "load_media", lambda media_id: loads.append(media_id) or real_load(media_id))
    first = avatars.avatar_for(user, 3, 2)
    first.append("mutated by a caller")
    second = avatars.avatar_for(user, 3, 2)
    assert loads == [stored.id]
    assert "mutated" not in second.plain  # callers get copies
    avatars.avatar_for(user, 3, 2, color=False)
    assert loads == [stored.id, stored.id]  # a different rendering is a different entry


def test_render_avatar_older_contract(db):
    """render_avatar(None, …) shows the given initials; with an id, the picture."""
    stored = media.store_media(red_over_blue(), "image/png", max_bytes=1024)
    assert avatars.render_avatar(None, 4, 1, initials="AB").plain == " AB "
    assert avatars.render_avatar(stored.id, 1, 1).plain == "▀"
