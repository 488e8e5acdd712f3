"""Player scenarios run in a child process, one process per scenario.

SDL reads its driver variables (``SDL_AUDIODRIVER``, ``SDL_DISKAUDIOFILE``)
when the mixer opens, and the mixer is global to a process, so every scenario
gets a fresh interpreter: ``python -m tests.music.sdl_child NAME WORKDIR``.
It prints one JSON object of what it observed on stdout; the test asserts on
it. Nothing else may be printed: the tests check that stderr stays empty.
"""

from __future__ import annotations

import json
import random
import sys
import time
import wave
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from music.audio_env import load_pygame
from music.player import Player, Repeat, Status
from music.synth import tone

WAIT_LIMIT = 20.0  # seconds; only reached when the behaviour is broken


@dataclass(frozen=True)
class Track:
    media_id: int
    title: str
    artist: str
    duration: float


class FakeClock:
    """A monotonic clock the scenario moves by hand, for exact positions."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Library:
    """Audio files in the work folder, addressed by media id like the real cache."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.paths: dict[int, Path] = {}
        self.resolved: list[int] = []

    def add(self, media_id: int, data: bytes, title: str, duration: float, ext: str = "wav"):
        path = self.folder / f"{media_id}.{ext}"
        path.write_bytes(data)
        self.paths[media_id] = path
        return Track(media_id, title, "Test", duration)

    def tone(self, media_id: int, hz: float, seconds: float) -> Track:
        return self.add(media_id, tone(hz, seconds), f"{hz:g} Hz", seconds)

    def resolve(self, media_id: int) -> Path:
        self.resolved.append(media_id)
        return self.paths[media_id]


def wait_until(condition, what: str, *, step: float = 0.005) -> None:
    """Poll ``condition`` (e.g. calling ``player.tick()``) until it holds."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(step)


def play_through(player: Player, limit: int = 50) -> list[int]:
    """Tick until the player stops; the queue indexes in the order they played."""
    played = [player.state.index]

    def stopped() -> bool:
        state = player.tick()
        if state.status is Status.PLAYING and state.index != played[-1]:
            played.append(state.index)
        return state.status is Status.STOPPED or len(played) >= limit

    wait_until(stopped, "the queue to finish")
    return played


# ---------------------------------------------------------------- dummy driver

def pause_resume(work: Path) -> dict:
    clock = FakeClock()
    lib = Library(work)
    player = Player(lib.resolve, monotonic=clock)
    player.play([lib.tone(1, 440, 5.0)])
    out = {"after_play": player.state.status.value}
    clock.advance(1.0)
    out["position_playing"] = player.position
    player.pause()
    out["after_pause"] = player.state.status.value
    mixer = load_pygame().mixer
    out["busy_when_paused"] = mixer.music.get_busy()
    clock.advance(5.0)
    out["position_paused"] = player.position
    player.resume()
    clock.advance(0.5)
    out["after_resume"] = player.state.status.value
    out["busy_after_resume"] = mixer.music.get_busy()
    out["position_resumed"] = player.position
    player.toggle()
    out["after_toggle"] = player.state.status.value
    player.toggle()
    out["after_second_toggle"] = player.state.status.value
    player.stop()
    out["after_stop"] = [player.state.status.value, player.position, player.state.index]
    out["busy_after_stop"] = mixer.music.get_busy()
    player.resume()
    out["resume_after_stop"] = [player.state.status.value, player.position]
    out["error"] = player.state.error
    player.close()
    return out


def seek(work: Path) -> dict:
    clock = FakeClock()
    lib = Library(work)
    player = Player(lib.resolve, monotonic=clock)
    queue = [lib.tone(1, 440, 5.0), lib.tone(2, 660, 5.0)]
    player.play(queue)
    player.seek(2.0)
    out = {"seek_2": [player.state.status.value, player.position]}
    clock.advance(0.5)
    out["half_second_later"] = player.position
    player.seek_relative(-10)
    out["back_10"] = player.position
    player.seek_relative(+3)
    out["forward_3"] = player.position
    player.pause()
    player.seek(4.0)
    out["seek_paused"] = [player.state.status.value, player.position]
    player.resume()
    clock.advance(0.25)
    out["resumed_after_seek"] = [player.state.status.value, player.position]
    player.seek(99)
    out["seek_past_end"] = [player.state.status.value, player.state.index, player.position]
    out["loads"] = lib.resolved
    player.close()
    return out


def advance_at_end(work: Path) -> dict:
    lib = Library(work)
    player = Player(lib.resolve)
    queue = [lib.tone(i, 300 + 100 * i, 0.15) for i in range(3)]
    player.play(queue)
    played = play_through(player)
    state = player.state
    out = {"played": played, "final": [state.status.value, state.index, state.position]}
    player.close()
    return out


def repeat_one(work: Path) -> dict:
    lib = Library(work)
    player = Player(lib.resolve)
    queue = [lib.tone(1, 440, 0.15), lib.tone(2, 660, 0.15)]
    player.set_repeat(Repeat.ONE)
    player.play(queue)
    restarts = 0
    indexes = set()
    last = player.position

    def three_plays() -> bool:
        nonlocal restarts, last
        state = player.tick()
        indexes.add(state.index)
        if state.position < last:
            restarts += 1
        last = state.position
        return restarts >= 2

    wait_until(three_plays, "the track to repeat twice")
    out = {"indexes": sorted(indexes), "status": player.state.status.value}
    player.close()
    return out


def repeat_all(work: Path) -> dict:
    lib = Library(work)
    player = Player(lib.resolve)
    queue = [lib.tone(1, 440, 0.15), lib.tone(2, 660, 0.15)]
    player.set_repeat(Repeat.ALL)
    player.play(queue)
    played = play_through(player, limit=5)
    out = {"played": played, "status": player.state.status.value}
    player.set_repeat(Repeat.OFF)
    out["played_after_off"] = play_through(player)
    player.close()
    return out


def shuffle(work: Path) -> dict:
    lib = Library(work)
    player = Player(lib.resolve, rng=random.Random(7))
    queue = [lib.tone(i, 300 + 50 * i, 0.12) for i in range(6)]
    player.set_shuffle(True)
    player.play(queue, index=2)
    played = play_through(player)
    out = {"played": played, "status": player.state.status.value}
    # switching shuffle off keeps the current track and continues in queue order
    player.play(queue, index=1)
    player.set_shuffle(False)
    out["after_off"] = [player.state.index, player.state.status.value]
    player.next()
    out["next_after_off"] = player.state.index
    player.close()
    return out


def next_previous(work: Path) -> dict:
    clock = FakeClock()
    lib = Library(work)
    player = Player(lib.resolve, monotonic=clock)
    queue = [lib.tone(i, 300 + 100 * i, 10.0) for i in range(3)]
    player.play(queue, index=1)
    out = {"start": player.state.index}
    player.next()
    out["next"] = player.state.index
    player.next()
    out["next_at_end"] = [player.state.index, player.state.status.value]
    player.play(queue, index=2)
    clock.advance(1.0)
    player.previous()
    out["previous_early"] = [player.state.index, player.position]
    clock.advance(5.0)
    player.previous()
    out["previous_late"] = [player.state.index, player.position]
    player.previous()
    player.previous()
    out["previous_at_start"] = [player.state.index, player.state.status.value]
    player.set_repeat(Repeat.ALL)
    player.previous()
    out["previous_wraps"] = player.state.index
    player.next()
    out["next_wraps"] = player.state.index
    player.close()
    return out


def empty_queue(work: Path) -> dict:
    lib = Library(work)
    player = Player(lib.resolve)
    queue = [lib.tone(1, 440, 5.0)]
    player.play(queue)
    try:
        player.play(queue * 2, index=5)
        out = {"bad_index": "accepted"}
    except IndexError:
        out = {"bad_index": "refused"}
    out["still_playing"] = [player.state.status.value, player.state.queue_length]
    state = player.play([])
    out["empty"] = [state.status.value, state.track, state.index, state.queue_length]
    for command in (player.next, player.previous, player.resume, player.toggle):
        command()
    player.seek(3)
    out["after_commands"] = [player.state.status.value, player.position]
    player.close()
    return out


def broken_track(work: Path) -> dict:
    lib = Library(work)
    player = Player(lib.resolve)
    good = lib.tone(1, 440, 0.15)
    bad = lib.add(2, b"this is a text file, not audio\n", "Not Music", 3.0)
    later = lib.tone(3, 660, 0.15)
    player.play([good, bad, later])
    played = play_through(player)
    out = {"played": played, "message": player.state.message}
    # a broken first track: play() itself moves on
    player.play([bad, later])
    out["first_broken"] = [player.state.index, player.state.status.value]
    # nothing playable at all: stopped, with the reason
    player.play([bad])
    out["only_broken"] = [player.state.status.value, player.state.message]
    player.close()
    return out


def volume(work: Path) -> dict:
    mixer = load_pygame().mixer
    lib = Library(work)
    player = Player(lib.resolve)
    player.set_volume(0.5)  # before the mixer exists: remembered
    player.play([lib.tone(1, 440, 5.0)])
    out = {"initial": [player.volume, mixer.music.get_volume()]}
    player.set_volume(1.7)
    out["too_loud"] = [player.volume, mixer.music.get_volume()]
    player.set_volume(-1)
    out["negative"] = [player.volume, mixer.music.get_volume()]
    player.set_volume(0.25)
    out["quarter"] = [player.state.volume, mixer.music.get_volume()]
    player.close()
    return out


def no_device(work: Path) -> dict:
    lib = Library(work)
    player = Player(lib.resolve)
    queue = [lib.tone(1, 440, 1.0), lib.tone(2, 660, 1.0)]
    state = player.play(queue)
    out = {"play": [state.status.value, state.error, state.index]}
    player.next()
    player.toggle()
    player.seek(0.5)
    state = player.tick()
    out["after_commands"] = [state.status.value, state.error]
    player.close()
    return out


# ---------------------------------------------------------------- disk driver

def _format() -> dict:
    mixer = load_pygame().mixer
    frequency, size, channels = mixer.get_init()
    return {"rate": frequency, "size": size, "channels": channels}


def _frame_bytes(fmt: dict) -> int:
    return abs(fmt["size"]) // 8 * fmt["channels"]


def _output_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def disk_tone(work: Path) -> dict:
    lib = Library(work)
    player = Player(lib.resolve)
    player.play([lib.tone(1, 440, 1.0)])
    fmt = _format()
    play_through(player)
    player.close()  # closes the device: the output file is complete
    return {"format": fmt}


def disk_pause(work: Path) -> dict:
    output = Path(sys.argv[3])
    lib = Library(work)
    player = Player(lib.resolve)
    player.play([lib.tone(1, 440, 10.0)])
    fmt = _format()
    second = fmt["rate"] * _frame_bytes(fmt)
    wait_until(lambda: _output_size(output) >= second // 2, "half a second of output")
    player.pause()
    paused_at = _output_size(output)
    wait_until(lambda: _output_size(output) >= paused_at + second, "a second while paused")
    paused_until = _output_size(output)
    player.resume()
    wait_until(lambda: _output_size(output) >= paused_until + second // 2, "output after resume")
    player.close()
    return {"format": fmt, "paused_at": paused_at, "paused_until": paused_until}


def disk_seek(work: Path) -> dict:
    """A track of 3 s at 440 Hz then 3 s at 880 Hz; seek to 4 s right away."""
    output = Path(sys.argv[3])
    low, high = tone(440, 3.0), tone(880, 3.0)
    frames = b""
    for part in (low, high):
        with wave.open(BytesIO(part)) as wav:
            frames += wav.readframes(wav.getnframes())
    buffer = BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(22050)
        wav.writeframes(frames)
    lib = Library(work)
    track = lib.add(1, buffer.getvalue(), "Two tones", 6.0)
    player = Player(lib.resolve)
    player.play([track])
    player.seek(4.0)
    position_after_seek = player.position
    fmt = _format()
    second = fmt["rate"] * _frame_bytes(fmt)
    wait_until(lambda: _output_size(output) >= second, "a second of output")
    position_later = player.position
    player.close()
    return {
        "format": fmt,
        "position_after_seek": position_after_seek,
        "position_later": position_later,
    }


SCENARIOS = {f.__name__: f for f in (
    pause_resume, seek, advance_at_end, repeat_one, repeat_all, shuffle, next_previous,
    empty_queue, broken_track, volume, no_device, disk_tone, disk_pause, disk_seek,
)}


if __name__ == "__main__":
    result = SCENARIOS[sys.argv[1]](Path(sys.argv[2]))
    sys.stdout.write(json.dumps(result))
