"""Profiles: editing names, birthday, city and about; choosing an avatar picture."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date, timedelta

import pytest
from PIL import Image

from models import avatars, image_decode, media, profiles
from models.errors import NotFoundError, ValidationError
from models.schema import Media, User
from models.text import search_key

# ---------------------------------------------------------------- helpers


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height pixels but that carries no pixel data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def stored_image(view) -> Image.Image:
    image = Image.open(io.BytesIO(media.load_media(view.id)))
    image.load()
    return image


# ---------------------------------------------------------------- reading


def test_get_profile(make_user, frozen_clock):
    """A new person's profile shows their names and empty optional fields."""
    user = make_user("anna", "Анна", "Иванова")
    profile = profiles.get_profile(user.id)
    assert profile.user.first_name == "Анна"
    assert profile.user.login == "anna"
    assert profile.user.avatar_id is None
    assert (profile.birthday, profile.city, profile.about) == (None, "", "")
    assert profile.created_at == frozen_clock


def test_unknown_person_is_not_found(db):
    """Opening or editing a profile that does not exist says so."""
    with pytest.raises(NotFoundError):
        profiles.get_profile(404)
    with pytest.raises(NotFoundError):
        profiles.update_profile(404, city="Казань")
    with pytest.raises(NotFoundError):
        profiles.clear_avatar(404)


# ---------------------------------------------------------------- editing


def test_only_given_fields_change(make_user, frozen_clock):
    """Editing the city leaves the names, birthday and about text as they were."""
    user = make_user("anna", "Анна", "Иванова")
    profiles.update_profile(user.id, birthday="1990-05-17", about="Люблю джаз")
    profile = profiles.update_profile(user.id, city="Санкт-Петербург")
    assert profile.city == "Санкт-Петербург"
    assert profile.birthday == date(1990, 5, 17)
    assert profile.about == "Люблю джаз"
    assert profile.user.first_name == "Анна"


def test_cyrillic_names_update_search_keys(make_user):
    """A renamed person is found by the new name in any letter case."""
    user = make_user("anna", "Анна", "Иванова")
    profile = profiles.update_profile(user.id, first_name="  ЁЛКА ", last_name="Сидорова")
    assert (profile.user.first_name, profile.user.last_name) == ("ЁЛКА", "Сидорова")
    row = User.get_by_id(user.id)
    assert row.first_key == search_key("ёлка") == "елка"
    assert row.last_key == "сидорова"


@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize("value", ["", "   ", "\x1b\x07"])
def test_names_are_required(make_user, field, value):
    """A blank name (or one made only of control characters) is refused and nothing changes."""
    user = make_user("anna", "Анна", "Иванова")
    with pytest.raises(ValidationError) as caught:
        profiles.update_profile(user.id, **{field: value}, city="Москва")
    assert caught.value.field == field
    assert "required" in caught.value.message
    assert profiles.get_profile(user.id).city == ""  # the whole edit was refused


@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize("value", ["\u200b", "\u3164\u3164", "\u2800", "\ufeff\u2060", "\u0301"])
def test_a_name_of_only_invisible_characters_is_refused(make_user, field, value):
    """Renaming oneself to something that draws nothing is refused like at
    registration, and the whole edit is refused."""
    user = make_user("anna", "Анна", "Иванова")
    with pytest.raises(ValidationError) as caught:
        profiles.update_profile(user.id, **{field: value}, city="Москва")
    assert caught.value.field == field
    assert "invisible" in caught.value.message
    assert profiles.get_profile(user.id).user.first_name == "Анна"


def test_name_length_limit(make_user):
    """Names of 100 characters are fine; 101 are refused with the limit in the message."""
    user = make_user("anna")
    assert profiles.update_profile(user.id, last_name="Я" * 100).user.last_name == "Я" * 100
    with pytest.raises(ValidationError) as caught:
        profiles.update_profile(user.id, last_name="Я" * 101)
    assert caught.value.field == "last_name"
    assert "100" in caught.value.message


def test_control_characters_are_stripped(make_user):
    """Escape codes and bidi overrides never reach the database."""
    user = make_user("anna")
    profile = profiles.update_profile(
        user.id,
        first_name="An\x1b[31mna",
        city="Ka\u202ezan",
        about="line one\r\nline\x07 two",
    )
    assert profile.user.first_name == "An[31mna"
    assert profile.city == "Kazan"
    assert profile.about == "line one\nline two"


def test_about_length_limit(make_user):
    """About text of 1000 characters is accepted; 1001 is refused."""
    user = make_user("anna")
    assert len(profiles.update_profile(user.id, about="ж" * 1000).about) == 1000
    with pytest.raises(ValidationError) as caught:
        profiles.update_profile(user.id, about="ж" * 1001)
    assert caught.value.field == "about"
    assert "1000" in caught.value.message
    assert len(profiles.get_profile(user.id).about) == 1000


def test_city_length_limit_and_clearing(make_user):
    """A city over 100 characters is refused; None clears it."""
    user = make_user("anna")
    with pytest.raises(ValidationError) as caught:
        profiles.update_profile(user.id, city="x" * 101)
    assert caught.value.field == "city"
    profiles.update_profile(user.id, city="Омск", about="hi")
    profile = profiles.update_profile(user.id, city=None, about=None)
    assert (profile.city, profile.about) == ("", "")


# ---------------------------------------------------------------- birthday


def test_birthday_accepts_date_and_iso_string(make_user, frozen_clock):
    """A birthday can be given as a date or typed as YYYY-MM-DD; today is allowed."""
    user = make_user("anna")
    assert profiles.update_profile(user.id, birthday=date(2000, 2, 29)).birthday == date(2000, 2, 29)
    today = frozen_clock.date()
    assert profiles.update_profile(user.id, birthday=today.isoformat()).birthday == today
    assert profiles.update_profile(user.id, birthday="1900-01-01").birthday == date(1900, 1, 1)


def test_birthday_in_the_future_is_refused(make_user, frozen_clock):
    """Tomorrow (by the app's clock) cannot be a birthday."""
    user = make_user("anna")
    tomorrow = frozen_clock.date() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        profiles.update_profile(user.id, birthday=tomorrow)
    assert caught.value.field == "birthday"
    assert "future" in caught.value.message


def test_birthday_before_1900_is_refused(make_user, frozen_clock):
    """A birthday before 1 January 1900 is refused."""
    user = make_user("anna")
    with pytest.raises(ValidationError) as caught:
        profiles.update_profile(user.id, birthday="1899-12-31")
    assert "1900" in caught.value.message


@pytest.mark.parametrize("typed", ["17.05.1990", "1990-02-30", "19900517", "1990-W20-4", "soon"])
def test_malformed_birthday_is_refused(make_user, frozen_clock, typed):
    """Something that is not a real YYYY-MM-DD date gets a message showing the format."""
    user = make_user("anna")
    with pytest.raises(ValidationError) as caught:
        profiles.update_profile(user.id, birthday=typed)
    assert caught.value.field == "birthday"
    assert "YYYY-MM-DD" in caught.value.message


def test_birthday_cleared_by_none_or_blank(make_user, frozen_clock):
    """None or an emptied field removes the birthday."""
    user = make_user("anna")
    profiles.update_profile(user.id, birthday="1990-01-01")
    assert profiles.update_profile(user.id, birthday=None).birthday is None
    profiles.update_profile(user.id, birthday="1990-01-01")
    assert profiles.update_profile(user.id, birthday="  ").birthday is None


# ---------------------------------------------------------------- avatar: accepted


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_accepted_formats_are_stored_as_png(make_user, fmt):
    """PNG, JPEG, GIF and WebP pictures all become the person's avatar, stored as PNG."""
    user = make_user("anna")
    data = encode(Image.new("RGB", (40, 30), (200, 30, 30)), fmt)
    view = profiles.set_avatar(user.id, data)
    assert view.mime == "image/png"
    assert profiles.get_profile(user.id).user.avatar_id == view.id
    image = stored_image(view)
    assert (image.format, image.mode, image.size) == ("PNG", "RGB", (40, 30))


def test_avatar_from_a_file_path(make_user, tmp_path):
    """A picture can be chosen by its path; the stored copy is not named after the file."""
    user = make_user("anna")
    path = tmp_path / "my holiday photo.jpg"
    path.write_bytes(encode(Image.new("RGB", (20, 20), (0, 128, 0)), "JPEG"))
    view = profiles.set_avatar(user.id, path)
    assert profiles.set_avatar(user.id, str(path)) == view
    assert "holiday" not in media.media_path(view.id).name


def test_large_picture_is_shrunk_to_256(make_user):
    """A big photo is stored at most 256×256, keeping its proportions."""
    user = make_user("anna")
    view = profiles.set_avatar(user.id, encode(Image.new("RGB", (1024, 512), "white"), "PNG"))
    assert stored_image(view).size == (256, 128)


def test_exif_rotation_is_applied(make_user):
    """A phone photo tagged 'rotate 90°' is stored upright."""
    user = make_user("anna")
    image = Image.new("RGB", (60, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    view = profiles.set_avatar(user.id, encode(image, "JPEG", exif=exif.tobytes()))
    assert stored_image(view).size == (20, 60)


def test_transparency_is_flattened_on_neutral_grey(make_user):
    """Transparent parts of a picture become neutral grey, not black."""
    user = make_user("anna")
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    image.putpixel((0, 0), (255, 0, 0, 255))
    stored = stored_image(profiles.set_avatar(user.id, encode(image, "PNG")))
    assert stored.mode == "RGB"
    assert stored.getpixel((0, 0)) == (255, 0, 0)
    assert stored.getpixel((9, 9)) == avatars.FLATTEN_BACKGROUND


def test_same_picture_twice_is_stored_once(make_user):
    """Two people choosing the same picture share one stored copy."""
    anna, ivan = make_user("anna"), make_user("ivan")
    data = encode(Image.new("RGB", (32, 32), (1, 2, 3)), "PNG")
    first = profiles.set_avatar(anna.id, data)
    second = profiles.set_avatar(ivan.id, data)
    assert first == second
    assert Media.select().count() == 1


def test_clear_avatar_goes_back_to_initials(make_user):
    """After clearing, the person has no avatar and shows their initials."""
    user = make_user("anna", "Анна", "Иванова")
    profiles.set_avatar(user.id, encode(Image.new("RGB", (8, 8)), "PNG"))
    profiles.clear_avatar(user.id)
    ref = profiles.get_profile(user.id).user
    assert ref.avatar_id is None
    assert avatars.avatar_for(ref, 4, 1).plain == " АИ "


def test_avatar_for_unknown_person_stores_nothing(db):
    """Setting an avatar for a person who does not exist is refused and leaves no file behind."""
    with pytest.raises(NotFoundError):
        profiles.set_avatar(404, encode(Image.new("RGB", (8, 8)), "PNG"))
    assert Media.select().count() == 0


# ---------------------------------------------------------------- avatar: refused


def assert_refused(user_id, source, words, field="avatar"):
    with pytest.raises(ValidationError) as caught:
        profiles.set_avatar(user_id, source)
    assert caught.value.field == field
    assert words in caught.value.message
    assert profiles.get_profile(user_id).user.avatar_id is None
    assert Media.select().count() == 0


def test_text_file_renamed_to_png_is_refused(make_user, tmp_path):
    """A text file with a .png name is not a picture and is refused."""
    user = make_user("anna")
    fake = tmp_path / "cat.png"
    fake.write_text("I am not a cat picture\n")
    assert_refused(user.id, fake, "not a PNG, JPEG, GIF or WebP")


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO"])
def test_other_image_formats_are_refused(make_user, fmt):
    """Real pictures in other formats are refused: only the four common ones are decoded."""
    user = make_user("anna")
    assert_refused(user.id, encode(Image.new("RGB", (16, 16)), fmt), "not a PNG, JPEG, GIF or WebP")


def test_truncated_png_is_refused(make_user):
    """A picture cut off half-way (an interrupted download) is refused."""
    user = make_user("anna")
    noisy = Image.effect_noise((64, 64), 50).convert("RGB")
    data = encode(noisy, "PNG")
    assert_refused(user.id, data[: len(data) // 2], "damaged or incomplete")


def test_header_claiming_too_many_pixels_is_refused(make_user):
    """A tiny file claiming to be 8000×8000 (64 megapixels) is refused before decoding."""
    user = make_user("anna")
    assert_refused(user.id, png_header_claiming(8000, 8000), "8000×8000 pixels")


def test_decompression_bomb_error_is_refused(make_user):
    """A header claiming 100000×100000 pixels (Pillow's hard bomb limit) is refused."""
    user = make_user("anna")
    assert_refused(user.id, png_header_claiming(100_000, 100_000), "decompression bomb")


def test_real_image_over_the_pixel_limit_is_refused(make_user, monkeypatch):
    """A genuine picture with more pixels than allowed is refused (limit lowered for the test)."""
    user = make_user("anna")
    monkeypatch.setattr(image_decode, "MAX_PIXELS", 100 * 100)  # avatars and pictures share it
    assert_refused(user.id, encode(Image.new("RGB", (101, 100)), "PNG"), "megapixels")
    assert profiles.set_avatar(user.id, encode(Image.new("RGB", (100, 100)), "PNG")).id


class _no_warning_escapes:
    """Fails if any warning (which Python would print over the TUI) leaks out."""

    def __enter__(self):
        import warnings

        self._catcher = warnings.catch_warnings(record=True)
        self.seen = self._catcher.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._catcher.__exit__(*exc)
        assert self.seen == [], [str(w.message) for w in self.seen]
        return False


def test_decompression_bomb_warning_counts_as_refusal(make_user, monkeypatch):
    """Pillow's bomb *warning* (not only its error) refuses the picture, and nothing is printed."""
    user = make_user("anna")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # warns from 1000, errors from 2000
    with _no_warning_escapes():
        assert_refused(user.id, encode(Image.new("RGB", (40, 40)), "PNG"), "decompression bomb")


def test_file_over_10_mb_is_refused_before_reading(make_user, tmp_path):
    """A file over 10 MB is refused by its size, with the limit in the message."""
    user = make_user("anna")
    big = tmp_path / "huge.png"
    with open(big, "wb") as fh:
        fh.write(encode(Image.new("RGB", (8, 8)), "PNG"))
        fh.truncate(10 * media.MB + 1)  # sparse
    assert_refused(user.id, big, "10 MB", field="path")


def test_bytes_over_10_mb_are_refused(make_user):
    """Bytes over 10 MB (e.g. pasted or dropped) are refused too."""
    user = make_user("anna")
    assert_refused(user.id, b"\x89PNG" + b"\0" * (10 * media.MB), "10 MB", field="path")


def test_missing_file_is_refused(make_user, tmp_path):
    """A path to nothing says there is no file there."""
    user = make_user("anna")
    assert_refused(user.id, tmp_path / "nope.png", "no file", field="path")
