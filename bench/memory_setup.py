"""What the memory benchmark (``bench/memory.py``) needs that the community
database lacks: avatars, pictures in messages and tracks with real audio.

Added to a run's copy of the community (``bench/generate.py``, ``for_a_run``)
in its own small step (the generator and its version are unchanged); a second
call on the same copy finds the marker account and only reads what it made.
Everything goes through the app's own ``models`` calls, as a person would
have made it:

* avatars for ``AVATARS`` people (persons 2 …), each a distinct generated
  picture like the demo's (``models.demo.draw_avatar``), via ``set_avatar``;
* the account ``mempics`` and its dialog with person 1: ``PICTURE_MESSAGES``
  messages of ``PICTURES_EACH`` distinct generated photos each;
* ``TRACKS`` short generated WAV tones imported into person 1's library
  (``tracks.import_track``), so the player decodes and plays real files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

ME = 1
MARKER_LOGIN = "mempics"
PASSWORD = "correct horse battery staple of the memory bench"
AVATARS = 500
PICTURE_MESSAGES = 60
PICTURES_EACH = 4
TRACKS = 10
TRACK_SECONDS = 1.0
PATTERNS = ("sun", "stripes", "rings", "checker", "diamond")


@dataclass(frozen=True)
class MemoryData:
    """Ids the memory benchmark uses."""

    pictures_peer: int  # person 1's dialog with them: the pictured messages
    avatar_people: tuple[int, ...]  # people with an avatar
    track_ids: tuple[int, ...]  # person 1's library of real audio


def _colour(seed: int) -> str:
    return f"#{(seed * 67) % 256:02x}{(seed * 151) % 256:02x}{(seed * 29) % 256:02x}"


def _avatar(seed: int) -> bytes:
    from models.demo import draw_avatar

    return draw_avatar(PATTERNS[seed % len(PATTERNS)],
                       [_colour(seed), _colour(seed + 7), _colour(seed * 13 + 3)])


def _photo(seed: int):
    """A distinct 640×400 JPEG, prepared as the composer prepares an upload."""
    from models.images import prepare_image

    image = Image.new("RGB", (640, 400), ((seed * 37) % 256, (seed * 91) % 256, 120))
    image.paste(((seed * 53) % 256, (seed * 17) % 256, 200), (0, 200, 640, 400))
    image.paste(((seed * 11) % 256, 220, (seed * 7) % 256), (seed % 500, 0, seed % 500 + 140, 400))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return prepare_image(out.getvalue(), name=f"photo-{seed}.jpg")


def _people(count: int) -> tuple[int, ...]:
    from models.schema import User

    rows = (User.select(User.id).where(User.id != ME, User.login != MARKER_LOGIN)
            .order_by(User.id).limit(count))
    return tuple(row.id for row in rows)


def ensure(url: str, *, avatars: int = AVATARS,
           picture_messages: int = PICTURE_MESSAGES, tracks: int = TRACKS) -> MemoryData:
    """Add what is missing (once) and return the ids; opens the database."""
    from models.db import database, open_database
    from models.schema import Track, User, UserTrack

    open_database(url)
    marker = User.get_or_none(User.login == MARKER_LOGIN)
    people = _people(avatars)
    if marker is None:
        with database.atomic():  # all of it or nothing: the marker account is made last
            _add(people, picture_messages, tracks)
        marker = User.get(User.login == MARKER_LOGIN)
    track_ids = tuple(
        row.id for row in Track.select(Track.id).join(UserTrack, on=(UserTrack.track == Track.id))
        .where(UserTrack.user == ME, Track.title.startswith("Memory tone")).order_by(Track.id))
    return MemoryData(pictures_peer=marker.id, avatar_people=people, track_ids=track_ids)


def _add(people, picture_messages: int, tracks: int) -> None:
    from models import accounts, messages, profiles
    from models import tracks as track_model
    from music.synth import tone

    for seed, person in enumerate(people):
        profiles.set_avatar(person, _avatar(seed))
    for i in range(tracks):
        wav = tone(220.0 * (1 + i / 7), TRACK_SECONDS)
        track_model.import_track(ME, wav, filename=f"tone-{i}.wav",
                                 title=f"Memory tone {i}", artist="Bench")
    peer = accounts.register(MARKER_LOGIN, "Memory", "Pictures", PASSWORD, PASSWORD).user.id
    for i in range(picture_messages):
        shots = [_photo(i * PICTURES_EACH + j) for j in range(PICTURES_EACH)]
        messages.send_message(peer, ME, f"pictures {i}", messages.new_client_id(),
                              attachments=shots)
