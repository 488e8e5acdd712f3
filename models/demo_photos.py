"""The demo's photos, drawn when the demo loads (as its avatars are): a few
landscapes made of gradients and shapes, so no image file is shipped."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

SIZE = (480, 320)

# scene -> (sky top, sky bottom, ground near, ground far)
_SCENES = {
    "mountains": ("#1d3557", "#f4a261", "#2a9d8f", "#e9ecef"),
    "lake": ("#0b132b", "#5bc0be", "#1c2541", "#3a506b"),
    "forest": ("#ffb703", "#fb8500", "#283618", "#606c38"),
    "sea": ("#03045e", "#90e0ef", "#0077b6", "#caf0f8"),
}
SCENES = tuple(_SCENES)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def draw_photo(scene: str, size: tuple[int, int] = SIZE) -> bytes:
    """A JPEG landscape of ``scene`` (one of ``SCENES``)."""
    if scene not in _SCENES:
        raise ValueError(f"Unknown demo photo {scene!r}")
    top, bottom, near, far = (_rgb(c) for c in _SCENES[scene])
    width, height = size
    mask = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)
    draw = ImageDraw.Draw(image)
    horizon = height * 3 // 5
    draw.ellipse((width * 0.65, height * 0.12, width * 0.8, height * 0.12 + width * 0.15),
                 fill=(255, 236, 179))  # the sun
    if scene == "mountains":
        for left, peak, right, colour in ((-60, 0.18, 260, far), (150, 0.28, 520, near)):
            draw.polygon([(left, horizon + 40), ((left + right) / 2, height * peak),
                          (right, horizon + 40)], fill=colour)
        draw.rectangle((0, horizon + 40, width, height), fill=near)
    elif scene == "forest":
        draw.rectangle((0, horizon, width, height), fill=near)
        for x in range(0, width, 36):
            tip = horizon - 60 - (x * 37 % 50)
            draw.polygon([(x - 18, horizon + 10), (x, tip), (x + 18, horizon + 10)], fill=far)
    else:  # lake, sea: water with the sun's glitter
        draw.rectangle((0, horizon, width, height), fill=near)
        for row in range(horizon + 8, height, 14):
            draw.line((width * 0.62, row, width * 0.83, row), fill=far, width=3)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()
