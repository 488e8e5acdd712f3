"""The Edit profile form's save (``profiles.save_profile``): the fields and the
avatar are written all together or not at all."""

from __future__ import annotations

import pytest
from PIL import Image

from models import profiles
from models.errors import ValidationError
from models.schema import Media, User
from tests.models.test_profiles import encode


def _png() -> bytes:
    return encode(Image.new("RGB", (24, 24), (10, 120, 200)), "PNG")


def test_a_refused_avatar_saves_nothing_else(make_user, tmp_path):
    """A file that is not an image: refused beside the avatar, and the city and
    birthday typed with it are not stored either."""
    anna = make_user("anna", city="Москва")
    not_an_image = tmp_path / "face.png"
    not_an_image.write_bytes(b"this is text, not a picture")
    with pytest.raises(ValidationError) as refused:
        profiles.save_profile(anna.id, city="Казань", birthday="1990-05-17",
                              avatar=str(not_an_image))
    assert refused.value.field in ("avatar", "path")
    profile = profiles.get_profile(anna.id)
    assert profile.city == "Москва" and profile.birthday is None
    assert User.get_by_id(anna.id).avatar_id is None


def test_a_refused_field_stores_no_avatar(make_user):
    """A good avatar with a future birthday: the birthday is refused, no image
    is stored and the avatar stays the initials."""
    anna = make_user("anna")
    with pytest.raises(ValidationError) as refused:
        profiles.save_profile(anna.id, city="Казань", birthday="2999-01-01", avatar=_png())
    assert refused.value.field == "birthday"
    assert User.get_by_id(anna.id).avatar_id is None
    assert Media.select().count() == 0
    assert profiles.get_profile(anna.id).city == ""


def test_fields_and_avatar_are_saved_together(make_user):
    anna = make_user("anna")
    saved = profiles.save_profile(anna.id, city="Казань", about="Hi", avatar=_png())
    assert saved.city == "Казань" and saved.about == "Hi"
    assert User.get_by_id(anna.id).avatar_id is not None
    removed = profiles.save_profile(anna.id, city="Тула", remove_avatar=True)
    assert removed.city == "Тула"
    assert User.get_by_id(anna.id).avatar_id is None
