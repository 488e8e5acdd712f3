"""What the rendered pictures cost in memory (issue 17): the thumbnail cache
keeps its pictures compactly (``models.raster.Raster``, bytes) and builds the
Rich ``Text`` when a widget asks, so hundreds of screen-sized pictures fit in
a few MB. It kept the ``Text``s before: ~750 bytes a cell, ~2 MB a picture."""

from __future__ import annotations

import gc
import io
import random
import tracemalloc

from PIL import Image

from models import media
from models.avatars import render_image
from models.views import AttachmentView
from tui.thumbnails import Placed, Thumbnails


class _App:
    """Just what ``Thumbnails._render`` talks to: no event loop needed."""

    no_color = False

    def call_from_thread(self, callback, *args):
        return callback(*args)


def photo(seed: int) -> bytes:
    """A photo-like picture: every pixel its own colour, so no two cells share one."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (200, 116), bytes(rng.randrange(256) for _ in range(200 * 116 * 3)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_forty_screen_sized_pictures_are_all_kept_in_a_few_mb(monkeypatch):
    photos = {n: photo(n) for n in range(40)}
    monkeypatch.setattr(media, "load_media", lambda media_id: photos[media_id])
    service = Thumbnails(_App())
    wanted = {}
    for n in range(40):  # the viewer's pictures at 100×29 cells
        placed = Placed(AttachmentView("image", 0, media_id=n, sha256=f"sha{n}",
                                       width=200, height=116), 100, 29)
        wanted[service._key(placed)] = placed
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        service._render(wanted)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(service) == 40  # all of them: the old cap in cells kept ~13
    assert grown < 2_000_000  # ~93 KB of pixels a picture; as Texts it was ~2 MB each
    shown = service.get(next(iter(wanted.values())))
    assert shown is not None
    assert shown == render_image(photos[0], 100, 29)  # drawn exactly as before
    assert shown is not service.get(next(iter(wanted.values())))  # a copy each time
