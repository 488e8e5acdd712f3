"""Measuring sound in tests: decode raw PCM and find its pitch from zero crossings."""

from __future__ import annotations

import struct
import wave
from io import BytesIO


def wav_samples(data: bytes) -> tuple[list[int], int]:
    """Samples of a 16-bit mono WAV file and its sample rate."""
    with wave.open(BytesIO(data)) as wav:
        assert wav.getsampwidth() == 2 and wav.getnchannels() == 1
        frames = wav.readframes(wav.getnframes())
        return list(struct.unpack(f"<{len(frames) // 2}h", frames)), wav.getframerate()


def raw_channel(data: bytes, size: int, channels: int, channel: int = 0) -> list[float]:
    """One channel of interleaved raw PCM in pygame's ``get_init()`` format.

    ``size`` is pygame's: -16/16 for signed/unsigned 16-bit, -8/8 for 8-bit,
    32 for 32-bit float (all little-endian, the only byte order on our hosts).
    """
    codes = {-16: "h", 16: "H", -8: "b", 8: "B", 32: "f", -32: "i"}
    code = codes[size]
    width = struct.calcsize(code)
    count = len(data) // width
    values = struct.unpack(f"<{count}{code}", data[: count * width])
    centre = {16: 32768, 8: 128}.get(size, 0)
    return [float(v - centre) for v in values[channel::channels]]


def sounding(samples: list[float], threshold: float) -> list[float]:
    """The part between the first and the last sample louder than ``threshold``."""
    loud = [i for i, s in enumerate(samples) if abs(s) > threshold]
    if not loud:
        return []
    return samples[loud[0] : loud[-1] + 1]


def pitch_hz(samples: list[float], rate: int) -> float:
    """Frequency from rising zero crossings, measured between the first and last one."""
    rising = [i for i in range(1, len(samples)) if samples[i - 1] < 0 <= samples[i]]
    if len(rising) < 2:
        return 0.0
    return (len(rising) - 1) * rate / (rising[-1] - rising[0])
