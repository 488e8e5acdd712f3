"""The music player: a queue and its state around ``pygame.mixer.music``.

No Textual here. The app calls the methods (from any thread: every call holds
one lock), calls ``tick()`` a few times a second so the player notices the end
of a track and moves on, and shows ``state`` — a frozen ``PlayerState``.

Why the player keeps its own clock: ``pygame.mixer.music.get_pos()`` counts
time since ``play()`` and knows nothing of seeks (and MP3 seeking is
approximate), so the position is the offset the track was started or resumed
at plus the monotonic time it has played since, pauses excluded.

The mixer opens lazily on the first ``play()``, with SDL's and ALSA's
messages kept off the terminal (see ``audio_env``). Without an audio device
the player still takes a queue and answers questions; ``state.error`` says
``"No audio device"``.

The queue and its play order are ``play_order.PlayOrder``; what the player
shows (``PlayerState``, ``Status``, ``Repeat``) is ``player_state``, and is
importable from here too.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from . import audio_env
from .play_order import PlayOrder
from .player_state import PlayerState, Repeat, Status, TrackLike

RESTART_THRESHOLD = 3.0  # "previous" later than this into a track restarts it
SEEK_STEP = 10.0


def _default_resolve(media_id: int) -> Path:
    from models.media import media_path

    return media_path(media_id)


class Player:
    """A play queue over ``pygame.mixer.music``.

    ``resolve_path(media_id)`` gives a file for a track (by default the media
    cache of ``models.media``); ``monotonic`` and ``rng`` are injectable so
    tests can control time and shuffling.
    """

    def __init__(
        self,
        resolve_path: Callable[[int], Path] | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ):
        self._resolve = resolve_path or _default_resolve
        self._now = monotonic
        self._lock = threading.RLock()
        self._serial = 0  # counts the state snapshots taken
        self._mixer: ModuleType | None = None
        self._error: str | None = None
        self._message: str | None = None
        self._queue = PlayOrder(rng or random.Random())
        self._status = Status.STOPPED
        self._offset = 0.0  # position when the track was last started/resumed/paused
        self._started_at = 0.0  # monotonic time of that start/resume
        self._pending_seek = False  # paused or stopped with a new offset to start from
        self._loaded: int | None = None  # queue index of the file the mixer holds
        self._volume = 1.0
        self._shuffle = False
        self._repeat = Repeat.OFF

    # ------------------------------------------------------------ queries

    @property
    def state(self) -> PlayerState:
        with self._lock:
            track = self._current()
            self._serial += 1
            return PlayerState(
                status=self._status,
                track=track,
                index=self._queue.index if track is not None else None,
                queue_length=len(self._queue.tracks),
                position=self._position(),
                duration=self._duration(),
                volume=self._volume,
                shuffle=self._shuffle,
                repeat=self._repeat,
                error=self._error,
                message=self._message,
                serial=self._serial,
            )

    @property
    def position(self) -> float:
        with self._lock:
            return self._position()

    @property
    def duration(self) -> float:
        with self._lock:
            return self._duration()

    @property
    def status(self) -> Status:
        with self._lock:
            return self._status

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def shuffle(self) -> bool:
        return self._shuffle

    @property
    def repeat(self) -> Repeat:
        return self._repeat

    @property
    def queue(self) -> tuple[TrackLike, ...]:
        with self._lock:
            return tuple(self._queue.tracks)

    # ------------------------------------------------------------ commands

    def play(self, queue: Sequence[TrackLike], index: int = 0) -> PlayerState:
        """Replace the queue and play ``queue[index]`` from the start."""
        tracks = list(queue)
        if tracks and not 0 <= index < len(tracks):
            raise IndexError(f"track {index} is outside a queue of {len(tracks)}")
        with self._lock:
            self._queue.tracks = tracks
            self._loaded = None
            self._message = None
            if not tracks:
                self._halt()
                self._queue.clear()
                return self.state
            self._queue.arrange(index, self._shuffle)
            self._start(0.0)
            return self.state

    def queue_next(self, track: TrackLike) -> PlayerState:
        """Put ``track`` right after the current one (shuffled or not) and leave
        what plays alone; with an empty queue it becomes the queue, stopped."""
        with self._lock:
            if not self._queue.order:
                self._queue.tracks = [track]
                self._queue.arrange(0, shuffle=False)
                self._loaded = None
                self._halt()
                return self.state
            slot = self._queue.insert_next(track)
            if self._loaded is not None and self._loaded >= slot:
                self._loaded += 1
            return self.state

    def play_now(self, track: TrackLike) -> PlayerState:
        """Play ``track`` at once, keeping the rest of the queue to follow it."""
        with self._lock:
            self._message = None
            if not self._queue.order:
                return self.play([track])
            self.queue_next(track)
            self._queue.cursor += 1
            self._start(0.0)
            return self.state

    def pause(self) -> None:
        with self._lock:
            if self._status is not Status.PLAYING:
                return
            self._offset = self._position()
            if self._mixer is not None:
                self._mixer.music.pause()
            self._status = Status.PAUSED

    def resume(self) -> None:
        """Continue a paused track, or start the current one again after a stop."""
        with self._lock:
            if self._status is Status.PLAYING or self._current() is None:
                return
            if self._status is Status.PAUSED and not self._pending_seek and self._mixer:
                self._mixer.music.unpause()
                self._started_at = self._now()
                self._status = Status.PLAYING
                return
            self._start(self._offset)

    def toggle(self) -> None:
        """Play/pause on one key."""
        with self._lock:
            if self._status is Status.PLAYING:
                self.pause()
            else:
                self.resume()

    def stop(self) -> None:
        """Stop and rewind the current track (the queue is kept)."""
        with self._lock:
            self._halt()

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` into the current track (clamped to the track)."""
        with self._lock:
            if self._current() is None:
                return
            duration = self._duration()
            target = max(0.0, float(seconds))
            if duration > 0:
                target = min(target, duration)
            if self._status is Status.PLAYING:
                if duration > 0 and target >= duration:
                    self._track_ended()
                    return
                self._start(target)
            else:
                self._offset = target
                self._pending_seek = True

    def seek_relative(self, delta: float = SEEK_STEP) -> None:
        """Jump forwards (positive) or back (negative) by ``delta`` seconds."""
        with self._lock:
            self.seek(self._position() + delta)

    def set_volume(self, volume: float) -> None:
        with self._lock:
            self._volume = min(1.0, max(0.0, float(volume)))
            if self._mixer is not None:
                self._mixer.music.set_volume(self._volume)

    def next(self) -> None:
        """The next track in play order; after the last one, stop (or wrap with repeat all)."""
        with self._lock:
            if not self._queue.order:
                return
            if self._queue.forward(self._repeat):
                self._start(0.0)
            else:
                self._halt()

    def previous(self) -> None:
        """Back to the start of this track, or to the previous one when near its start."""
        with self._lock:
            if not self._queue.order:
                return
            if self._position() <= RESTART_THRESHOLD:
                self._queue.back(self._repeat)
            self._start(0.0)

    def set_shuffle(self, on: bool) -> None:
        """Shuffle the rest of the queue (the current track stays current), or unshuffle."""
        with self._lock:
            self._shuffle = bool(on)
            if not self._queue.order:
                return
            self._queue.arrange(self._queue.index, self._shuffle)

    def set_repeat(self, mode: Repeat) -> None:
        with self._lock:
            self._repeat = Repeat(mode)

    def cycle_repeat(self) -> Repeat:
        with self._lock:
            self._repeat = self._repeat.next()
            return self._repeat

    def tick(self) -> PlayerState:
        """Call a few times a second: notices the end of a track and moves on."""
        with self._lock:
            if (
                self._status is Status.PLAYING
                and self._mixer is not None
                and not self._mixer.music.get_busy()
            ):
                self._track_ended()
            return self.state

    def clear_message(self) -> None:
        with self._lock:
            self._message = None

    def close(self) -> None:
        """Stop and release the audio device (at app exit)."""
        with self._lock:
            self._halt()
            if self._mixer is not None:
                self._mixer.music.unload()
                audio_env.close_mixer()
                self._mixer = None
                self._loaded = None

    # ------------------------------------------------------------ internals

    def _current(self) -> TrackLike | None:
        return self._queue.current()

    def _duration(self) -> float:
        track = self._current()
        return float(track.duration or 0.0) if track is not None else 0.0

    def _position(self) -> float:
        if self._status is Status.PLAYING:
            position = self._offset + max(0.0, self._now() - self._started_at)
        else:
            position = self._offset
        duration = self._duration()
        return min(position, duration) if duration > 0 else position

    def _halt(self) -> None:
        if self._mixer is not None:
            self._mixer.music.stop()
        self._status = Status.STOPPED
        self._offset = 0.0
        self._pending_seek = False

    def _track_ended(self) -> None:
        if self._repeat is Repeat.ONE or self._queue.forward(self._repeat):
            self._start(0.0)
        else:
            self._halt()

    def _ensure_mixer(self) -> bool:
        if self._mixer is not None:
            return True
        mixer, error = audio_env.open_mixer()
        self._error = error
        if mixer is None:
            return False
        self._mixer = mixer
        mixer.music.set_volume(self._volume)
        return True

    def _start(self, offset: float) -> None:
        """Play the current track from ``offset``; skip tracks that cannot be played."""
        self._pending_seek = False
        if not self._ensure_mixer():
            self._status = Status.STOPPED
            self._offset = 0.0
            return
        assert self._mixer is not None
        music = self._mixer.music
        for _attempt in range(len(self._queue.order)):
            index = self._queue.index
            track = self._queue.tracks[index]
            if self._loaded != index:
                try:
                    path = self._resolve(track.media_id)
                    music.load(str(path))
                    self._loaded = index
                except Exception as exc:  # noqa: BLE001 - any failure means "cannot play this"
                    self._loaded = None
                    self._message = f"Skipped “{track.title}”: {_reason(exc)}"
                    offset = 0.0
                    if self._queue.past_broken(self._repeat):
                        continue
                    break
            try:
                if offset > 0:
                    try:
                        music.play(start=offset)
                    except Exception as exc:  # noqa: BLE001 - a codec that cannot seek
                        self._message = f"Cannot seek in “{track.title}”: {_reason(exc)}"
                        offset = 0.0
                if offset <= 0:
                    music.play()
            except Exception as exc:  # noqa: BLE001 - any failure means "cannot play this"
                self._loaded = None
                self._message = f"Skipped “{track.title}”: {_reason(exc)}"
                offset = 0.0
                if self._queue.past_broken(self._repeat):
                    continue
                break
            self._offset = offset
            self._started_at = self._now()
            self._status = Status.PLAYING
            return
        self._halt()


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return first.rstrip(".") + "."
