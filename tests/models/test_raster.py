"""Rendered pictures are kept compactly (issue 17, memory): the avatar cache
holds bytes, and a drawn picture has one ``Style`` per pair of colours,
however many cells use it. Each cell had its own ``Style`` and two ``Color``s
before (~750 bytes a cell)."""

from __future__ import annotations

import gc
import io
import random
import tracemalloc

from PIL import Image

from models import avatars, media
from models.raster import Raster, rasterise
from models.views import UserRef


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def two_colours() -> bytes:
    """20×20 pixels (drawn at 20×10 cells, not scaled): red, blue from row 9 on."""
    image = Image.new("RGB", (20, 20), (200, 30, 30))
    image.paste((30, 30, 200), (0, 9, 20, 20))
    return png(image)


def noise(seed: int, size=(64, 64)) -> bytes:
    rng = random.Random(seed)
    return png(Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3))))


def test_cells_of_the_same_colours_share_one_style():
    text = avatars.render_image(two_colours(), 20, 10)
    assert len(text.spans) == 200
    # red over red, red over blue, blue over blue: three pairs, three objects
    assert len({id(span.style) for span in text.spans}) == 3
    assert len({id(span.style.color) for span in text.spans}) == 2


def test_a_raster_holds_its_pixels_in_bytes_and_draws_the_same_text():
    raster = rasterise(noise(1), 16, 8)
    assert isinstance(raster, Raster) and raster.nbytes == 16 * 8 * 2 * 4
    assert raster.text() == raster.text() and raster.text() is not raster.text()
    ascii_ = rasterise(noise(1), 16, 8, color=False)
    assert ascii_.nbytes == 16 * 8 + 7 and not ascii_.text().spans


def test_the_avatar_cache_costs_bytes_per_cell_not_objects(db):
    people = [UserRef(n, f"p{n}", "P", "Q", media.store_media(noise(n), "image/png",
                                                              max_bytes=100_000).id)
              for n in range(1, 41)]
    avatars._render_stored.cache_clear()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for person in people:  # a profile's avatar each: 16×8 cells, every cell its own colours
            avatars.avatar_for(person, 16, 8)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert avatars._render_stored.cache_info().currsize == 40
    assert grown < 1_000_000  # 40 × 128 cells as Texts were ~3.8 MB
