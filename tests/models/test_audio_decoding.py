"""Only what the player can really play is imported.

Mutagen alone took `/bin/ls` renamed `x.mp3` for a 16.9-second track that
played noise, and a truncated OGG for a shorter song. Now an MP3 must be MPEG
frames through most of the file, an OGG must be whole pages up to its
end-of-stream page, and SDL_mixer (the player's decoder) must decode the file
to most of its claimed length. Every refusal names the file and stores nothing.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from models import tracks
from models.errors import ValidationError
from models.schema import Media, Track
from music.synth import tone

MP3_FRAME = bytes([0xFF, 0xFB, 0x90, 0x64]) + bytes(413)  # 128 kbit/s, 44.1 kHz, silent


def encoded(tmp_path, fmt: str, subtype: str, seconds: float, rate: int = 44100) -> bytes:
    """A real OGG Vorbis / Opus / FLAC file of a 440 Hz tone, written by libsndfile."""
    import numpy as np
    import soundfile

    path = tmp_path / f"tone.{subtype.lower()}"
    t = np.arange(int(rate * seconds)) / rate
    samples = (0.3 * np.sin(2 * np.pi * 440 * t)).astype("float32")
    with soundfile.SoundFile(path, "w", rate, 1, format=fmt, subtype=subtype) as out:
        for start in range(0, len(samples), 4096):  # libsndfile's Vorbis wants small writes
            out.write(samples[start : start + 4096])
    return path.read_bytes()


def ogg_pages(data: bytes) -> list[int]:
    """Where each OGG page starts."""
    starts, pos = [], 0
    while data[pos : pos + 4] == b"OggS":
        starts.append(pos)
        count = data[pos + 26]
        pos += 27 + count + sum(data[pos + 27 : pos + 27 + count])
    return starts


def refused(anna, tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationError) as caught:
        tracks.import_track(anna, path)
    assert caught.value.field == "path"
    assert name in caught.value.message
    assert Media.select().count() == 0 and Track.select().count() == 0  # nothing stored
    return caught.value.message


@pytest.fixture
def anna(make_user):
    return make_user("anna").id


# Which check refuses the Python interpreter depends on its build: one holds
# byte runs that pass for MPEG frames and only the decoder refuses it, another
# (Debian's 3.11.2) holds no frame in its first 64 KB.
PYTHON_REFUSED = ("audio file", "holds no MPEG audio frames")


@pytest.mark.parametrize(
    ("program", "reasons"),
    [("ls", ("not an MP3 file",)), ("tar", ("not an MP3 file",)), ("python", PYTHON_REFUSED)],
)
def test_a_program_renamed_mp3_is_refused(db, anna, tmp_path, program, reasons):
    """`ls` and `tar` were stored as tracks of 16.9 s and more that played noise."""
    executable = sys.executable if program == "python" else shutil.which(program)
    with open(executable, "rb") as fh:
        data = fh.read(40 * 1024 * 1024)
    message = refused(anna, tmp_path, "x.mp3", data)
    assert any(reason in message for reason in reasons), message


def test_a_few_frames_in_front_of_a_program_are_not_an_mp3(db, anna, tmp_path):
    with open(shutil.which("ls"), "rb") as fh:
        program = fh.read()
    message = refused(anna, tmp_path, "x.mp3", MP3_FRAME * 3 + program)
    assert "not an MP3 file" in message


def test_a_whole_ogg_imports_with_its_length(db, anna, tmp_path):
    for subtype, name in (("VORBIS", "tone.ogg"), ("OPUS", "tone.opus")):
        path = tmp_path / name
        path.write_bytes(encoded(tmp_path, "OGG", subtype, 3.0, rate=48000))
        track = tracks.import_track(anna, path)
        assert track.duration == pytest.approx(3.0, abs=0.1)


def test_the_first_half_of_an_ogg_is_refused(db, anna, tmp_path):
    data = encoded(tmp_path, "OGG", "VORBIS", 20.0)
    assert "cut off" in refused(anna, tmp_path, "half.ogg", data[: len(data) // 2])


def test_an_ogg_cut_between_pages_is_refused(db, anna, tmp_path):
    """Cut exactly where a page ends: every page is whole, the stream's end is missing."""
    data = encoded(tmp_path, "OGG", "VORBIS", 20.0)
    pages = ogg_pages(data)
    cut = data[: pages[len(pages) // 2]]
    assert "stops before the end of its stream" in refused(anna, tmp_path, "cut.ogg", cut)


def test_a_flac_whose_second_half_is_missing_is_refused_by_the_decoder(db, anna, tmp_path):
    data = encoded(tmp_path, "FLAC", "PCM_16", 20.0)
    message = refused(anna, tmp_path, "half.flac", data[: len(data) // 2])
    assert "can be played" in message and "20.0 s" in message


def test_the_decoder_is_the_players_and_refuses_what_it_cannot_read():
    """SDL_mixer decodes real audio to its length and refuses a program."""
    from music.decode_check import decoded_seconds

    assert decoded_seconds(tone(440.0, 2.0)) == pytest.approx(2.0, abs=0.01)
    assert decoded_seconds(MP3_FRAME * 40) == pytest.approx(1.045, abs=0.01)
    with open(shutil.which("ls"), "rb") as fh:
        assert decoded_seconds(fh.read()) is None


def silent_flac(tmp_path, hours: float, rate: int = 8000) -> bytes:
    """Hours of silence: libFLAC stores each block as one constant, a few bytes."""
    import numpy as np
    import soundfile

    path = tmp_path / "silence.flac"
    block = np.zeros(1 << 20, dtype="int16")
    with soundfile.SoundFile(path, "w", rate, 1, format="FLAC", subtype="PCM_16") as out:
        for _ in range(int(hours * 3600 * rate) // len(block)):
            out.write(block)
    return path.read_bytes()


def test_a_small_file_claiming_hours_of_sound_is_refused(db, anna, tmp_path):
    """Five hours of silence in a few MB would decode to hundreds of MB: refused
    from its claim, before decoding."""
    flac = silent_flac(tmp_path, 5.0)
    assert len(flac) < 10 * 1024 * 1024
    assert "at most 4 hours" in refused(anna, tmp_path, "long.flac", flac)
