"""Opening an image someone gave us, safely: the checks avatars and pictures share.

An image must be a PNG, JPEG, GIF or WebP (the first frame of an animation),
must decode fully, and may have at most ``MAX_PIXELS`` pixels: a decompression
bomb is refused from its header, before its pixels are allocated. A JPEG that
will be shrunk anyway is decoded at a reduced scale (``draft``), so a 20 MB
photo never needs its full-size pixels in memory.
"""

from __future__ import annotations

import io
import math
import struct
import warnings

from PIL import Image

from .errors import ValidationError, msg

ACCEPTED_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
MAX_PIXELS = 40_000_000  # per frame; bigger images are refused as possible bombs

DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, MemoryError)


def decode_image(
    data: bytes, *, field: str = "avatar", draft_box: tuple[int, int] | None = None
) -> Image.Image:
    """Open and fully decode ``data`` (PNG, JPEG, GIF or WebP; first frame).

    ``draft_box``: the image will be shrunk to fit this box, so a JPEG may be
    decoded at the smallest DCT scale still at least that big. Raises
    ``ValidationError(field=field)`` for anything else: not an image, another
    format, a truncated file, or more than ``MAX_PIXELS`` pixels.
    """
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit: a warning is a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_big(width, height, field)
            if draft_box is not None and image.format == "JPEG":
                # the size it will be shrunk to: the decoder picks the smallest
                # scale (1/2, 1/4, 1/8) still at least that big in both directions
                scale = min(draft_box[0] / width, draft_box[1] / height, 1.0)
                image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            msg(
                "The image is too large in pixels and was refused (it could be a "
                "decompression bomb); the limit is {limit:g} megapixels.",
                limit=MAX_PIXELS / 1_000_000,
            ),
            field=field,
        ) from exc
    except Image.UnidentifiedImageError:
        raise ValidationError(
            "The file is not a PNG, JPEG, GIF or WebP image.", field=field
        ) from None
    except DECODE_ERRORS:
        raise ValidationError(
            "The image is damaged or incomplete and cannot be shown.", field=field
        ) from None
    return image


def _too_big(width: int, height: int, field: str) -> ValidationError:
    return ValidationError(
        msg(
            "The image is {width}×{height} pixels; the limit is {limit:g} megapixels.",
            width=width, height=height, limit=MAX_PIXELS / 1_000_000,
        ),
        field=field,
    )


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def flatten(image: Image.Image, background: tuple[int, int, int]) -> Image.Image:
    """RGB, with transparent pixels laid over ``background``."""
    if not has_alpha(image):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, background)
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat
