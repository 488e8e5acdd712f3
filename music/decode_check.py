"""Does the player's own decoder agree that bytes are audio, and how long is it?

Tags and headers can lie: ``/bin/ls`` renamed ``x.mp3`` has enough byte
patterns that look like MPEG frames for mutagen to call it a 17-second track,
and the player then plays noise. So an import is also decoded by SDL_mixer —
the library behind ``pygame.mixer``, which plays the tracks — through
``pygame.mixer.Sound`` on SDL's dummy audio driver (no device, no sound), and
the decoded length must match what the file claims.

The decoding runs in a child process, started on first use and kept for the
next files: a crafted file that crashes a decoder takes down only the child
(the file is refused and the next one starts a new child), the app's own mixer
(the playing track) is never touched, and SDL's messages never reach the
terminal. The child decodes to 11025 Hz mono, so even a 50 MB file stays a
few tens of MB in memory; the decoders themselves are the same.

Protocol on the child's stdin/stdout: a 4-byte big-endian length and the bytes;
the answer is 8 bytes, the decoded seconds as a big-endian double, or -1 when
the decoder refused the bytes.
"""

from __future__ import annotations

import atexit
import os
import struct
import subprocess
import sys
import threading

CHECK_RATE = 11025
# Address space of the child: a crafted file that decodes to hours of sound (a
# FLAC of "constant" frames is a few bytes per second) fails to allocate and is
# refused, instead of taking the machine's memory.
# 1 GiB leaves ~800 MB above the child's own ~200 MB: 4 hours at 11025 Hz mono
# is 320 MB, so every track that may be imported decodes.
MEMORY_LIMIT = 1024 * 1024 * 1024
_LENGTH = struct.Struct("!I")
_ANSWER = struct.Struct("!d")


class DecoderUnavailable(RuntimeError):
    """The decoding child could not be started (no pygame / SDL_mixer)."""


class _Child:
    """The decoding child process, one per importing process, behind a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        env = {
            **os.environ,
            "SDL_AUDIODRIVER": "dummy",
            "PYGAME_HIDE_SUPPORT_PROMPT": "1",
            "PYTHONPATH": os.pathsep.join(
                p for p in (_source_root(), os.environ.get("PYTHONPATH", "")) if p
            ),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "music.decode_check"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, close_fds=True,
        )
        ready = process.stdout.read(1)
        if ready != b"+":
            process.kill()
            process.wait()
            raise DecoderUnavailable("the audio decoder (pygame.mixer) cannot start")
        return process

    def decode(self, data: bytes) -> float | None:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._process = self._start()
            process = self._process
            try:
                process.stdin.write(_LENGTH.pack(len(data)) + data)
                process.stdin.flush()
                answer = process.stdout.read(_ANSWER.size)
            except (BrokenPipeError, OSError):
                answer = b""
            if len(answer) != _ANSWER.size:  # the decoder crashed on these bytes
                self.close_locked()
                return None
            seconds = _ANSWER.unpack(answer)[0]
            return None if seconds < 0 else seconds

    def close_locked(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            try:
                process.stdin.close()
            except OSError:
                pass
            process.kill()
            process.wait()

    def close(self) -> None:
        with self._lock:
            self.close_locked()


def _source_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


_child = _Child()
atexit.register(_child.close)


def decoded_seconds(data: bytes) -> float | None:
    """How many seconds of sound SDL_mixer decodes from ``data``; ``None`` when
    it cannot decode them (not a format it knows, or a decoder crash).

    Raises ``DecoderUnavailable`` when no decoder can run at all.
    """
    return _child.decode(bytes(data))


def _serve() -> None:  # pragma: no cover - runs in the child
    import io
    import resource

    import pygame

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    pygame.mixer.init(frequency=CHECK_RATE, size=-16, channels=1)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    stdout.write(b"+")
    stdout.flush()
    while True:
        header = stdin.read(_LENGTH.size)
        if len(header) != _LENGTH.size:
            return
        data = stdin.read(_LENGTH.unpack(header)[0])
        try:
            sound = pygame.mixer.Sound(file=io.BytesIO(data))
            seconds = sound.get_length()
            del sound
        except (pygame.error, MemoryError, ValueError):
            seconds = -1.0
        stdout.write(_ANSWER.pack(seconds))
        stdout.flush()


if __name__ == "__main__":
    _serve()
