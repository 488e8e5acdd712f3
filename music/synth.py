"""Demo music made from scratch: short WAV pieces synthesised with the standard library.

The demo data ships no audio files (nothing to download, nothing to license);
``demo_tracks()`` composes them when the demo is loaded. Each WAV carries its
title and artist in an ID3 chunk (the tag format mutagen reads from WAV files),
so importing the bytes with ``models.tracks.import_track`` shows the right names.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from array import array
from collections.abc import Iterable, Sequence

RATE = 22050
_PEAK = 32767

_NOTE_STEPS = {"C": -9, "D": -7, "E": -5, "F": -4, "G": -2, "A": 0, "B": 2}

Note = tuple[str | float | None, float]
"""A pitch (``"A4"``, ``"C#5"``, ``"Bb3"``, a frequency in Hz, or ``None``/``"R"``
for a rest) and its length in beats."""


def note_hz(name: str) -> float:
    """Equal-tempered frequency of a note name: ``"A4"`` → 440.0, ``"C#5"`` → 554.37."""
    text = name.strip()
    if len(text) < 2 or text[0].upper() not in _NOTE_STEPS:
        raise ValueError(f"Not a note name: {name!r}")
    step = _NOTE_STEPS[text[0].upper()]
    rest = text[1:]
    while rest and rest[0] in "#b":
        step += 1 if rest[0] == "#" else -1
        rest = rest[1:]
    try:
        octave = int(rest)
    except ValueError:
        raise ValueError(f"Not a note name: {name!r}") from None
    return 440.0 * 2 ** ((step + 12 * (octave - 4)) / 12)


def _hz(pitch: str | float | None) -> float | None:
    if pitch is None or pitch == "R":
        return None
    if isinstance(pitch, str):
        return note_hz(pitch)
    return float(pitch)


def _wavetable(harmonics: Sequence[float], size: int = 2048) -> list[float]:
    """One cycle of a tone with the given harmonic amplitudes, normalised to ±1."""
    table = [
        sum(a * math.sin(2 * math.pi * (k + 1) * i / size) for k, a in enumerate(harmonics))
        for i in range(size)
    ]
    peak = max(abs(v) for v in table) or 1.0
    return [v / peak for v in table]


# A soft, flute-like lead and a rounder, darker bass.
_LEAD = _wavetable((1.0, 0.35, 0.15, 0.06))
_BASS = _wavetable((1.0, 0.5, 0.12))


def _render_voice(
    notes: Iterable[Note],
    *,
    bpm: float,
    rate: int,
    table: list[float],
    gain: float,
    attack: float = 0.02,
    release: float = 0.12,
) -> list[float]:
    """Samples of one voice: each note with an attack/decay/release envelope."""
    beat = 60.0 / bpm
    size = len(table)
    out: list[float] = []
    for pitch, beats in notes:
        n = max(0, int(round(beats * beat * rate)))
        hz = _hz(pitch)
        if hz is None or n == 0:
            out.extend([0.0] * n)
            continue
        step = hz * size / rate
        r = max(1, min(int(release * rate), n // 2))
        a = max(1, min(int(attack * rate), n - r))
        sustain = max(1, n - r - a)
        envelope = (
            [i / a for i in range(a)]
            + [1.0 - 0.25 * i / sustain for i in range(n - r - a)]
            + [(n - i) / r * 0.75 for i in range(n - r, n)]
        )[:n]
        samples = [
            table[int(i * step) % size] * env * gain for i, env in enumerate(envelope)
        ]
        out.extend(samples)
    return out


def _wav_bytes(samples: Sequence[float], rate: int) -> bytes:
    pcm = array("h", (int(max(-1.0, min(1.0, s)) * _PEAK) for s in samples))
    if pcm.itemsize != 2:  # pragma: no cover - every CPython platform has 16-bit shorts
        raise RuntimeError("16-bit samples are required")
    if struct.pack("=h", 1) != struct.pack("<h", 1):  # pragma: no cover - big-endian hosts
        pcm.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def with_tags(wav: bytes, *, title: str = "", artist: str = "", album: str = "") -> bytes:
    """The same WAV with an ID3 chunk naming it (what ``mutagen`` reads back as tags)."""
    from mutagen.id3 import TALB, TIT2, TPE1
    from mutagen.wave import WAVE

    buffer = io.BytesIO(wav)
    audio = WAVE(buffer)
    audio.add_tags()
    for frame, text in ((TIT2, title), (TPE1, artist), (TALB, album)):
        if text:
            audio.tags.add(frame(encoding=3, text=text))
    buffer.seek(0)
    audio.save(buffer)
    return buffer.getvalue()


def tone(freq_hz: float, seconds: float, rate: int = RATE, *, volume: float = 0.5) -> bytes:
    """A WAV file (16-bit mono) of a pure sine tone, with 5 ms fades against clicks."""
    if freq_hz <= 0 or seconds <= 0 or rate <= 0:
        raise ValueError("frequency, length and rate must be positive")
    n = int(round(seconds * rate))
    fade = max(1, min(int(0.005 * rate), n // 2))
    w = 2 * math.pi * freq_hz / rate
    samples = [
        math.sin(w * i) * volume * min(1.0, (i + 1) / fade, (n - i) / fade) for i in range(n)
    ]
    return _wav_bytes(samples, rate)


def melody(
    notes: Sequence[Note],
    *,
    bpm: float = 100.0,
    rate: int = RATE,
    bass: Sequence[Note] = (),
    volume: float = 0.8,
    title: str = "",
    artist: str = "",
    album: str = "",
) -> bytes:
    """A WAV file of a melody (lead voice) over an optional bass line.

    ``notes`` and ``bass`` are sequences of ``(pitch, beats)``; the voices are
    mixed and the mix is scaled to ``volume`` of full scale. With a title or
    artist the WAV carries an ID3 tag.
    """
    lead = _render_voice(notes, bpm=bpm, rate=rate, table=_LEAD, gain=0.6)
    low = _render_voice(bass, bpm=bpm, rate=rate, table=_BASS, gain=0.4, release=0.2) if bass else []
    length = max(len(lead), len(low))
    mix = [0.0] * length
    for voice in (lead, low):
        for i, s in enumerate(voice):
            mix[i] += s
    peak = max((abs(s) for s in mix), default=0.0) or 1.0
    scale = volume / peak
    wav = _wav_bytes([s * scale for s in mix], rate)
    if title or artist or album:
        wav = with_tags(wav, title=title, artist=artist, album=album)
    return wav


# ---------------------------------------------------------------- the demo pieces

def _bars(*phrases: Sequence[Note]) -> list[Note]:
    return [note for phrase in phrases for note in phrase]


def _morning_walk() -> tuple[list[Note], list[Note]]:
    """A cheerful C-major tune in the manner of a folk dance."""
    a = [("C5", 1), ("E5", 1), ("G5", 1), ("E5", 1), ("F5", 1), ("A5", 1), ("G5", 2)]
    b = [("E5", 1), ("D5", 1), ("C5", 1), ("D5", 1), ("E5", 1), ("E5", 1), ("D5", 2)]
    c = [("C5", 1), ("E5", 1), ("G5", 1), ("C6", 1), ("B5", 1), ("G5", 1), ("A5", 2)]
    d = [("G5", 1), ("F5", 1), ("E5", 1), ("D5", 1), ("C5", 3), (None, 1)]
    tune = _bars(a, b, c, d, a, b, c, d)
    bass_bar = {
        "C": [("C3", 2), ("G3", 2)],
        "F": [("F3", 2), ("C4", 2)],
        "G": [("G2", 2), ("D3", 2)],
        "Am": [("A2", 2), ("E3", 2)],
    }
    chords = ["C", "F", "C", "G", "C", "Am", "G", "C"] * 2
    bass = _bars(*(bass_bar[c] for c in chords))
    return tune, bass


def _evening_waltz() -> tuple[list[Note], list[Note]]:
    """A slow waltz in A minor: three beats to the bar."""
    phrase1 = [("A4", 2), ("C5", 1), ("E5", 2), ("D5", 1), ("C5", 2), ("B4", 1), ("A4", 3)]
    phrase2 = [("G4", 2), ("B4", 1), ("D5", 2), ("C5", 1), ("B4", 2), ("G#4", 1), ("A4", 3)]
    phrase3 = [("E5", 2), ("F5", 1), ("E5", 2), ("D5", 1), ("C5", 2), ("D5", 1), ("E5", 3)]
    phrase4 = [("A5", 2), ("G5", 1), ("F5", 2), ("E5", 1), ("D5", 2), ("B4", 1), ("A4", 3)]
    tune = _bars(phrase1, phrase2, phrase3, phrase4, phrase1, phrase4)
    bar = {
        "Am": [("A2", 1), ("E3", 1), ("A3", 1)],
        "E": [("E2", 1), ("B2", 1), ("G#3", 1)],
        "G": [("G2", 1), ("D3", 1), ("B3", 1)],
        "C": [("C3", 1), ("G3", 1), ("E3", 1)],
        "Dm": [("D3", 1), ("A3", 1), ("F3", 1)],
    }
    chords = (
        ["Am", "Am", "E", "Am"]
        + ["G", "G", "E", "Am"]
        + ["C", "C", "Dm", "E"]
        + ["Dm", "Dm", "E", "Am"]
        + ["Am", "Am", "E", "Am"]
        + ["Dm", "Dm", "E", "Am"]
    )
    bass = _bars(*(bar[c] for c in chords))
    return tune, bass


def _northern_lights() -> tuple[list[Note], list[Note]]:
    """A calm pentatonic piece over long bass notes."""
    rise = [("D5", 1), ("E5", 1), ("G5", 1), ("A5", 1), ("B5", 2), ("A5", 2)]
    fall = [("G5", 1), ("E5", 1), ("D5", 1), ("E5", 1), ("G5", 4)]
    high = [("B5", 1), ("D6", 1), ("B5", 1), ("A5", 1), ("G5", 2), ("E5", 2)]
    home = [("D5", 1), ("E5", 1), ("G5", 1), ("E5", 1), ("D5", 4)]
    tune = _bars(rise, fall, high, home, rise, fall, high, home)
    roots = ["G2", "E2", "C3", "D3"] * 4
    bass = [(root, 4) for root in roots]
    return tune, bass


def demo_tracks() -> list[tuple[str, str, str, bytes]]:
    """``(filename, title, artist, wav_bytes)`` for the demo catalogue.

    Three distinct pieces of 20–40 seconds, tagged with their title and artist.
    """
    pieces = [
        ("morning-walk.wav", "Morning Walk", "Terminal Ensemble", _morning_walk(), 132.0),
        ("evening-waltz.wav", "Вечерний вальс", "Оркестр терминала", _evening_waltz(), 150.0),
        ("northern-lights.wav", "Northern Lights", "Pentatonic Trio", _northern_lights(), 108.0),
    ]
    result = []
    for filename, title, artist, (tune, bass), bpm in pieces:
        wav = melody(tune, bass=bass, bpm=bpm, title=title, artist=artist, album="Messenger Demo")
        result.append((filename, title, artist, wav))
    return result
