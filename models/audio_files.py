"""Audio files: whether bytes are audio the player can open, and their tags.

``probe_audio`` sniffs a file with mutagen: it must hold a stream of a format
SDL_mixer (the player) decodes, with a positive duration, and MP3, WAV and OGG
files must not be cut off — a frame, a data chunk or a page that claims more
bytes than the file has, or an OGG stream without its last page, means an
incomplete download or copy. An MP3 must be MPEG frames through most of the
file (not a few frame-like bytes in front of a program). Then the player's own
decoder (``music.decode_check``: SDL_mixer, as ``pygame.mixer`` plays) must
decode the file, to at least ``DECODED_SHARE`` of the length it claims.
Title, artist and album come
from the tags: Vorbis comments and EasyID3, or the raw ID3 chunk of WAV and
AIFF files (what ``music.synth`` writes).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .errors import Text, ValidationError, msg

DECODED_SHARE = 0.8  # of the claimed length that must decode
MAX_HOURS = 4  # longer is refused before decoding: a few KB of FLAC can claim days
FRAME_SHARE = 0.9  # of an MP3's audio part (between its tags) that must be frames

# mutagen's type name -> the mime type we store. Only formats SDL_mixer (the
# player) can decode: an AAC/M4A file would import and then never play.
PLAYABLE = {
    "MP3": "audio/mpeg",
    "EasyMP3": "audio/mpeg",
    "OggVorbis": "audio/ogg",
    "OggOpus": "audio/opus",
    "FLAC": "audio/flac",
    "WAVE": "audio/wav",
    "AIFF": "audio/aiff",
}
AUDIO_EXTENSIONS = {
    ".mp3", ".ogg", ".oga", ".opus", ".flac", ".wav", ".wave", ".aif", ".aiff",
    ".m4a", ".mp4", ".aac", ".wma", ".ape", ".wv", ".mpc",
}


@dataclass(frozen=True, slots=True)
class AudioProbe:
    """What ``probe_audio`` found: the mime type to store, the length in seconds
    and the tags (``""`` when missing), not yet cleaned."""

    mime: str
    duration: float
    title: str
    artist: str
    album: str


class _NamedBytes(io.BytesIO):
    """Bytes with a file name, so mutagen can use the extension as a hint."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def probe_audio(data: bytes, name: str) -> AudioProbe:
    """Sniff ``data`` with mutagen; a ``ValidationError`` naming ``name`` unless it
    is complete audio the player can decode."""
    import mutagen

    def refuse(reason: Text) -> ValidationError:
        return ValidationError(reason, field="path")

    if not data:
        raise refuse(msg("{name} is empty.", name=name))
    if data[:3] == b"ID3" and _id3_end(data) > len(data):
        raise refuse(_cut_tag(name))
    try:
        audio = mutagen.File(_NamedBytes(data, name), easy=True)
    except Exception as exc:  # noqa: BLE001 - mutagen raises many kinds for bad input
        detail = _first_line(exc).rstrip(".")
        if detail and detail != "error":
            raise refuse(msg(
                "{name} is not a readable audio file ({detail}).", name=name, detail=detail
            )) from None
        raise refuse(msg("{name} is not a readable audio file.", name=name)) from None
    if audio is None:
        raise refuse(msg(
            "{name} is not an audio file; use MP3, OGG, Opus, FLAC, WAV or AIFF.", name=name
        ))
    kind = type(audio).__name__
    mime = PLAYABLE.get(kind)
    if mime is None:
        raise refuse(msg(
            "{name} is {kind} audio, which the player cannot play; "
            "use MP3, OGG, Opus, FLAC, WAV or AIFF.",
            name=name, kind=kind,
        ))
    info = audio.info
    length = float(getattr(info, "length", 0) or 0)
    if not length > 0 or getattr(info, "sample_rate", 1) == 0:
        raise refuse(msg("{name} holds no sound (its length is zero).", name=name))
    if mime == "audio/mpeg":
        broken = _mpeg_damage(data, name)
    elif mime == "audio/wav":
        broken = _wav_damage(data, name)
    elif mime in ("audio/ogg", "audio/opus"):
        broken = _ogg_damage(data, name)
    else:
        broken = None
    if length > MAX_HOURS * 3600:
        broken = broken or msg(
            "{name} claims {hours:.0f} hours of sound; a track may be at most {limit} hours.",
            name=name, hours=length / 3600, limit=MAX_HOURS,
        )
    broken = broken or _decoder_disagrees(data, name, length)
    if broken:
        raise refuse(broken)
    tags = audio.tags
    return AudioProbe(
        mime=mime,
        duration=length,
        title=_tag(tags, "title", "TIT2"),
        artist=_tag(tags, "artist", "TPE1"),
        album=_tag(tags, "album", "TALB"),
    )


def _tag(tags, easy_key: str, id3_frame: str) -> str:
    """A tag as text: easy keys (Vorbis comments, EasyID3) or an ID3 frame
    (the non-easy ID3 of WAV and AIFF files)."""
    if tags is None:
        return ""
    try:
        if hasattr(tags, "getall"):  # a raw ID3 tag
            frames = tags.getall(id3_frame)
            values = [str(v) for frame in frames for v in frame.text]
        else:
            values = [str(v) for v in tags.get(easy_key, [])]
    except (KeyError, ValueError, TypeError):
        return ""
    return values[0] if values else ""


def _first_line(exc: BaseException) -> str:
    text_ = str(exc).strip()
    return text_.splitlines()[0] if text_ else type(exc).__name__


# MPEG audio frame headers, for the cut-off check.
_BITRATES = {
    (1, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (1, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (1, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (2, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (2, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (2, 3): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _frame_length(data: bytes, pos: int) -> int:
    """Length of the MPEG audio frame whose header is at ``pos``, 0 if none is there."""
    if pos + 4 > len(data) or data[pos] != 0xFF or data[pos + 1] & 0xE0 != 0xE0:
        return 0
    version_bits = (data[pos + 1] >> 3) & 3
    layer = 4 - ((data[pos + 1] >> 1) & 3)
    bitrate_index = data[pos + 2] >> 4
    rate_index = (data[pos + 2] >> 2) & 3
    padding = (data[pos + 2] >> 1) & 1
    if version_bits == 1 or layer == 4 or bitrate_index in (0, 15) or rate_index == 3:
        return 0  # reserved values, or free format (no length to check)
    version = 1 if version_bits == 3 else 2
    bitrate = _BITRATES[(version, layer)][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version_bits][rate_index]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    if layer == 3 and version == 2:
        return 72 * bitrate // rate + padding
    return 144 * bitrate // rate + padding


def _id3_end(data: bytes) -> int:
    """Where an ID3v2 tag at the start of ``data`` ends (its size is "syncsafe")."""
    if len(data) < 10:
        return 10
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | (byte & 0x7F)
    return 10 + size + (10 if data[5] & 0x10 else 0)


def _cut_tag(name: str) -> Text:
    return msg(
        "{name} is cut off: its tag header promises more bytes than the file has.", name=name
    )


def _mpeg_damage(data: bytes, name: str) -> Text | None:
    """Why an MP3 cannot be trusted (cut off mid-frame), or ``None``.

    Walks the frame chain from the first frame to the end of the audio; a frame
    that claims more bytes than are left means the download or copy was cut.
    Anything that is not a frame (an APE tag, junk) ends the walk harmlessly.
    """
    start = _id3_end(data) if data[:3] == b"ID3" else 0
    if start > len(data):
        return _cut_tag(name)
    end = len(data)
    if end - start >= 128 and data[end - 128 : end - 125] == b"TAG":
        end -= 128  # ID3v1 tag
    audio = data[:end]
    pos = start
    limit = min(len(audio), start + 64 * 1024)
    while pos < limit:
        length = _frame_length(audio, pos)
        if length and (pos + length >= len(audio) or _frame_length(audio, pos + length)):
            break
        pos += 1
    else:
        return msg("{name} holds no MPEG audio frames.", name=name)
    frames = covered = 0
    while pos < len(audio):
        length = _frame_length(audio, pos)
        if not length:
            break
        if pos + length > len(audio):
            return msg(
                "{name} is cut off in the middle of the audio (an incomplete download or copy?).",
                name=name,
            )
        pos += length
        frames += 1
        covered += length
    if not frames:
        return msg("{name} holds no complete MPEG audio frame.", name=name)
    if covered < FRAME_SHARE * (len(audio) - start):
        return msg(
            "{name} is not an MP3 file: only {percent}% of it is MPEG audio.",
            name=name, percent=int(100 * covered / (len(audio) - start)),
        )
    return None


def _wav_damage(data: bytes, name: str) -> Text | None:
    """Why a WAV file cannot be trusted (its sound data is shorter than declared)."""
    pos = 12
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if chunk == b"data":
            if pos + 8 + size > len(data):
                return msg(
                    "{name} is cut off: it has less sound data than its header says.", name=name
                )
            return None
        pos += 8 + size + (size & 1)
    return msg("{name} holds no sound data.", name=name)


def _ogg_damage(data: bytes, name: str) -> Text | None:
    """Why an OGG file cannot be trusted: a page cut off, no end-of-stream page
    (the file stops before the stream does), or data that is not OGG pages."""
    pos = 0
    flags = 0
    while pos < len(data) and data[pos : pos + 4] == b"OggS":
        segments_end = pos + 27 + (data[pos + 26] if pos + 26 < len(data) else 0)
        end = segments_end + sum(data[pos + 27 : segments_end])
        if pos + 27 > len(data) or end > len(data):
            return msg(
                "{name} is cut off in the middle of the audio (an incomplete download or copy?).",
                name=name,
            )
        flags = data[pos + 5]
        pos = end
    if pos < FRAME_SHARE * len(data):
        return msg("{name} is not an OGG file: most of it is not OGG pages.", name=name)
    if not flags & 0x04:  # the last page must carry end-of-stream
        return msg(
            "{name} is cut off: the audio stops before the end of its stream "
            "(an incomplete download or copy?).",
            name=name,
        )
    return None


def _decoder_disagrees(data: bytes, name: str, claimed: float) -> Text | None:
    """Why the player's decoder does not confirm the file, or ``None``."""
    from music.decode_check import DecoderUnavailable, decoded_seconds

    try:
        decoded = decoded_seconds(data)
    except DecoderUnavailable:
        return msg("{name} cannot be checked: the audio decoder cannot start.", name=name)
    if decoded is None:
        return msg("The player cannot decode {name}; it is not a playable audio file.", name=name)
    if decoded < DECODED_SHARE * claimed:
        return msg(
            "{name} is damaged: only {decoded:.1f} s of its {claimed:.1f} s can be played.",
            name=name, decoded=decoded, claimed=claimed,
        )
    if decoded > claimed / DECODED_SHARE + 1:
        return msg(
            "{name} is damaged: it says {claimed:.1f} s but holds {decoded:.1f} s of sound.",
            name=name, decoded=decoded, claimed=claimed,
        )
    return None
