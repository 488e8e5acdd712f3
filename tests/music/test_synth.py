"""The generated demo music: real WAV files with the pitch, length and names promised."""

from __future__ import annotations

import io

import mutagen
import pytest

from music.synth import demo_tracks, melody, note_hz, tone

from .measure import pitch_hz, wav_samples


def test_tone_is_a_wav_of_the_asked_pitch_and_length():
    """A 440 Hz tone of one second is one second of 16-bit mono audio at 440 Hz."""
    samples, rate = wav_samples(tone(440, 1.0))
    assert rate == 22050
    assert len(samples) == 22050
    assert pitch_hz(samples, rate) == pytest.approx(440, rel=0.005)
    assert max(abs(s) for s in samples) > 10_000  # audible, not silence


def test_tone_other_rate_and_pitch():
    """The rate and pitch are parameters, not constants."""
    samples, rate = wav_samples(tone(1000, 0.5, rate=44100))
    assert rate == 44100 and len(samples) == 22050
    assert pitch_hz(samples, rate) == pytest.approx(1000, rel=0.005)


def test_tone_refuses_nonsense():
    """A zero or negative length or frequency is a programming error, said clearly."""
    with pytest.raises(ValueError):
        tone(0, 1.0)
    with pytest.raises(ValueError):
        tone(440, -1)


def test_note_names():
    """Note names map to equal-tempered pitches; a bad name is refused."""
    assert note_hz("A4") == pytest.approx(440.0)
    assert note_hz("A5") == pytest.approx(880.0)
    assert note_hz("C#5") == pytest.approx(554.37, rel=1e-4)
    assert note_hz("Db5") == pytest.approx(note_hz("C#5"))
    assert note_hz("C4") == pytest.approx(261.63, rel=1e-4)
    with pytest.raises(ValueError):
        note_hz("H2")


def test_melody_lengths_follow_the_beats_and_rests():
    """Two beats at 120 bpm last one second, a rest included; bass makes no piece longer."""
    samples, rate = wav_samples(melody([("A4", 1), (None, 1)], bpm=120, bass=[("A2", 2)]))
    assert len(samples) == rate
    first, second = samples[: rate // 2], samples[rate // 2 :]
    assert max(abs(s) for s in first) > 1000
    # the lead rests in the second half; only the bass sounds there, an octave lower
    assert pitch_hz(second[2000:-3000], rate) == pytest.approx(110, rel=0.02)


def test_demo_tracks_are_three_distinct_tagged_pieces():
    """The demo catalogue: at least three different pieces of 20–40 s each,
    whose title and artist a tag reader sees."""
    tracks = demo_tracks()
    assert len(tracks) >= 3
    assert len({wav for *_, wav in tracks}) == len(tracks)
    assert len({title for _, title, _, _ in tracks}) == len(tracks)
    for filename, title, artist, wav in tracks:
        assert filename.endswith(".wav")
        info = mutagen.File(io.BytesIO(wav))
        assert 20 <= info.info.length <= 40, (title, info.info.length)
        assert str(info.tags["TIT2"]) == title
        assert str(info.tags["TPE1"]) == artist
        samples, _ = wav_samples(wav)
        peak = max(abs(s) for s in samples)
        assert 10_000 < peak < 32767  # loud enough, never clipped
