"""Pictures a person attaches: every bad kind of file is refused with a reason
and nothing is stored; a good one is stored upright, at most 2048 px on its
long side, with none of its metadata (no EXIF, no GPS); PNG, JPEG, GIF (its
first frame) and WebP are taken; and importing a 20 MB photo needs bounded
memory. No database: preparing a picture never touches one."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from models import images
from models.errors import ValidationError
from models.images import MAX_IMAGE_BYTES, prepare_image

ROOT = Path(__file__).resolve().parents[2]


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def refusal(source, field=None) -> str:
    with pytest.raises(ValidationError) as refused:
        prepare_image(source)
    if field is not None:
        assert refused.value.field == field
    return refused.value.message


# ---------------------------------------------------------------- bad files

def test_a_symbolic_link_is_refused(tmp_path):
    real = tmp_path / "real.png"
    real.write_bytes(encoded(Image.new("RGB", (4, 4)), "PNG"))
    link = tmp_path / "link.png"
    link.symlink_to(real)
    assert "symbolic link" in refusal(link, "path")


def test_a_named_pipe_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    assert "named pipe" in refusal(fifo, "path")


def test_a_device_is_refused():
    assert "device" in refusal("/dev/zero", "path")


def test_a_folder_is_refused(tmp_path):
    assert "folder" in refusal(tmp_path, "path")


def test_a_missing_file_is_refused(tmp_path):
    assert "no file" in refusal(tmp_path / "nothing.png", "path")


def test_a_file_over_20_mb_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "big.jpg"
    with open(big, "wb") as fh:
        fh.truncate(MAX_IMAGE_BYTES + 1)  # sparse: no 20 MB written

    def no_reading(*args, **kwargs):
        raise AssertionError("read a byte of a file that is too large")

    monkeypatch.setattr(os, "read", no_reading)
    assert "the limit is 20 MB" in refusal(big, "path")
    assert "the limit is 20 MB" in refusal(b"\0" * (MAX_IMAGE_BYTES + 1), "image")


def test_an_empty_file_is_refused(tmp_path):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert refusal(empty, "image") == "The file is empty."


def test_text_and_other_formats_are_refused(tmp_path):
    words = tmp_path / "notes.png"
    words.write_text("not a picture at all")
    assert refusal(words, "image") == "The file is not a PNG, JPEG, GIF or WebP image."
    bitmap = encoded(Image.new("RGB", (8, 8)), "BMP")
    assert refusal(bitmap, "image") == "The file is not a PNG, JPEG, GIF or WebP image."


def test_a_truncated_picture_is_refused(tmp_path):
    whole = encoded(Image.effect_noise((200, 200), 60).convert("RGB"), "PNG")
    assert "damaged or incomplete" in refusal(whole[: len(whole) // 2], "image")


def test_a_decompression_bomb_is_refused_before_its_pixels_are_made():
    """A 50-megapixel PNG that compresses to a few kilobytes."""
    bomb = encoded(Image.new("1", (10_000, 5_000)), "PNG")
    assert len(bomb) < 100_000
    message = refusal(bomb, "image")
    assert "10000×5000 pixels" in message and "40 megapixels" in message


# ---------------------------------------------------------------- good files

def _exif_with_gps_and_orientation(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0), 3: "E", 4: (37.0, 37.0, 4.0)}  # GPS
    return exif


def test_exif_orientation_is_applied_and_every_metadata_is_dropped():
    """A portrait photo stored sideways with "rotate 90°" and a GPS position:
    stored upright, with no EXIF, no GPS, no comment, no ICC profile."""
    sideways = Image.new("RGB", (300, 200), (250, 250, 250))
    sideways.paste((200, 0, 0), (0, 0, 30, 200))  # a red band on the left edge
    data = encoded(sideways, "JPEG", exif=_exif_with_gps_and_orientation(6).tobytes(),
                   comment=b"home address", icc_profile=b"\0" * 128)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the GPS is there
    ready = prepare_image(data)
    assert (ready.width, ready.height) == (200, 300)
    stored = Image.open(io.BytesIO(ready.data))
    assert stored.size == (200, 300) and stored.format == "JPEG"
    assert not stored.getexif() and "exif" not in stored.info
    assert "comment" not in stored.info and "icc_profile" not in stored.info
    for secret in (b"Exif", b"SpyCam", b"home address"):
        assert secret not in ready.data
    top = stored.convert("RGB").getpixel((100, 5))  # the red band is now on top
    assert top[0] > 150 and top[1] < 80


def test_png_text_chunks_are_dropped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 55.75 37.61")
    ready = prepare_image(encoded(Image.new("RGB", (20, 10), (1, 2, 3)), "PNG", pnginfo=info))
    assert b"GPS" not in ready.data and ready.mime == "image/png"


def test_a_big_picture_is_shrunk_to_2048_on_its_long_side():
    ready = prepare_image(encoded(Image.new("RGB", (4096, 1024), (9, 9, 9)), "JPEG"))
    assert (ready.width, ready.height) == (2048, 512)
    assert Image.open(io.BytesIO(ready.data)).size == (2048, 512)
    small = prepare_image(encoded(Image.new("RGB", (640, 480)), "PNG"))
    assert (small.width, small.height) == (640, 480)


def test_a_gif_gives_its_first_frame():
    frames = [Image.new("RGB", (16, 16), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    ready = prepare_image(data)
    stored = Image.open(io.BytesIO(ready.data))
    assert ready.mime == "image/png" and getattr(stored, "n_frames", 1) == 1
    red, green, blue = stored.convert("RGB").getpixel((8, 8))
    assert red > 200 and blue < 50


def test_webp_and_transparency_are_taken():
    clear = Image.new("RGBA", (30, 20), (0, 200, 0, 0))
    ready = prepare_image(encoded(clear, "WEBP", lossless=True))
    assert ready.mime == "image/png"  # transparency kept: PNG
    assert Image.open(io.BytesIO(ready.data)).mode == "RGBA"
    photo = prepare_image(encoded(Image.new("RGB", (30, 20), (5, 6, 7)), "WEBP"))
    assert photo.mime == "image/jpeg"


def test_the_shown_name_is_the_files_own_without_control_characters(tmp_path):
    path = tmp_path / "cat\x1b[31m.png"
    path.write_bytes(encoded(Image.new("RGB", (4, 4)), "PNG"))
    assert prepare_image(path).name == "cat[31m.png"
    assert "PreparedImage('cat[31m.png'" in repr(prepare_image(path))


# ---------------------------------------------------------------- memory

# Linux's VmHWM (the peak resident memory of this process image; ru_maxrss
# would carry the parent's peak over the fork): reset to the current size
# through clear_refs, then read after the import.
MEMORY_PROBE = textwrap.dedent("""
    import io, sys
    from PIL import Image
    from models.images import prepare_image

    def kb(field):
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])

    tiny = io.BytesIO()
    Image.new("RGB", (8, 8)).save(tiny, format="JPEG")
    prepare_image(tiny.getvalue())  # everything imported and warmed up
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # the peak starts again from here
    before = kb("VmRSS")
    ready = prepare_image(sys.argv[1])
    print(ready.width, ready.height, (kb("VmHWM") - before) // 1024)
""")


def peak_growth_mb(path: Path) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path)], capture_output=True, text=True,
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
    )
    width, height, grown = map(int, done.stdout.split())
    return width, height, grown


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
def test_importing_a_20_mb_photo_needs_bounded_memory(tmp_path):
    """A 21-megapixel, 19.5 MB JPEG of noise (nothing compresses it): the peak
    memory of the import grows by far less than the file plus its full-size
    pixels (83 MB): a JPEG is decoded at the scale it is stored at (about
    35 MB measured: the file and a half-scale decode)."""
    width, height = 6000, 3500
    noise = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    path = tmp_path / "noise.jpg"
    noise.save(path, format="JPEG", quality=92)
    del noise
    assert 18 * images.MB < path.stat().st_size <= MAX_IMAGE_BYTES
    stored_width, stored_height, grown = peak_growth_mb(path)
    assert (stored_width, stored_height) == (2048, 1195)
    assert grown < 80, f"importing a 20 MB photo grew the peak memory by {grown} MB"
