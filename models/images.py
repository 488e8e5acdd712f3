"""Pictures a person attaches to a message or a post: checked and made ready
outside any transaction, stored with the message or post (models/attachments.py).

``prepare_image`` reads the file as ``user_files.read_user_file`` does (no
symbolic links, pipes, devices or folders; at most ``MAX_IMAGE_BYTES`` read,
never more), decodes it with the checks every uploaded image gets
(``image_decode``: the four formats, the pixel limit against decompression
bombs), turns it upright by its EXIF orientation, shrinks it to at most
``MAX_SIDE`` pixels on its long side and writes it afresh, so none of the
original's metadata (EXIF, GPS position, camera, comments, ICC) survives.
Every refusal is a ``ValidationError`` with a sentence saying why; nothing is
stored until the message or post is.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass

from PIL import Image, ImageOps

from .errors import ValidationError, msg
from .image_decode import DECODE_ERRORS, decode_image, has_alpha
from .user_files import MB, megabytes, read_user_file, shown_path

MAX_IMAGE_BYTES = 20 * MB  # a file bigger than this is refused before it is read
MAX_SIDE = 2048  # pixels on the long side of the stored picture
JPEG_QUALITY = 85
FIELD = "image"


@dataclass(frozen=True, slots=True)
class PreparedImage:
    """A picture ready to be stored: its clean bytes and what they are."""

    data: bytes
    mime: str  # image/jpeg or image/png
    width: int
    height: int
    sha256: str
    name: str  # the file's name as it may be shown ("" for bytes given directly)

    def __repr__(self) -> str:  # never the bytes
        return f"PreparedImage({self.name!r}, {self.mime}, {self.width}×{self.height})"


def prepare_image(source: str | bytes | os.PathLike[str], *, name: str | None = None
                  ) -> PreparedImage:
    """``source`` (a path, or the file's bytes) as a picture ready to attach.

    Raises ``ValidationError`` saying why when the file cannot be used: not a
    regular file (``field="path"``), over 20 MB, not a PNG, JPEG, GIF or WebP,
    damaged, or too many pixels (``field="image"``). Reads no database.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > MAX_IMAGE_BYTES:
            raise _too_large(len(data))
        shown = name or ""
    else:
        data = read_user_file(source, MAX_IMAGE_BYTES)
        shown = name if name is not None else shown_path(os.path.basename(os.fsdecode(source)))
    if not data:
        raise ValidationError("The file is empty.", field=FIELD)
    image = decode_image(data, field=FIELD, draft_box=(MAX_SIDE, MAX_SIDE))
    del data
    try:
        stored, mime, size = _normalise(image)
    except DECODE_ERRORS:
        raise ValidationError(
            "The image uses a colour format that cannot be converted.", field=FIELD
        ) from None
    return PreparedImage(
        data=stored, mime=mime, width=size[0], height=size[1],
        sha256=hashlib.sha256(stored).hexdigest(), name=shown,
    )


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        msg("The file is {size:g} MB; the limit is {limit:g} MB.",
            size=megabytes(size), limit=megabytes(MAX_IMAGE_BYTES)),
        field=FIELD,
    )


def _normalise(image: Image.Image) -> tuple[bytes, str, tuple[int, int]]:
    """Upright, at most MAX_SIDE on the long side, written with no metadata:
    JPEG for photos, PNG for what has transparency or came as PNG or GIF."""
    lossy_source = image.format in ("JPEG", "WEBP")
    # In place, and no convert() to the mode it has: each copy of a big
    # picture's pixels would add to the memory an import needs at its peak.
    ImageOps.exif_transpose(image, in_place=True)
    alpha = has_alpha(image)
    mode = "RGBA" if alpha else "RGB"
    upright = image if image.mode == mode else image.convert(mode)
    del image
    if max(upright.size) > MAX_SIDE:
        upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    upright.info.clear()  # EXIF, GPS, comments, ICC: nothing of the original is written
    out = io.BytesIO()
    if lossy_source and not alpha:
        upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        mime = "image/jpeg"
    else:
        upright.save(out, format="PNG", optimize=True)
        mime = "image/png"
    return out.getvalue(), mime, upright.size
