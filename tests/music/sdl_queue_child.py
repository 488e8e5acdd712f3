"""Queue scenarios of the player (a shared track played now or queued next),
run like ``sdl_child``'s: ``python -m tests.music.sdl_queue_child NAME WORKDIR``."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from music.player import Player, Status

from .sdl_child import FakeClock, Library, play_through


def _order(player: Player) -> list[str]:
    return [track.title for track in player.queue]


def queue_next(work: Path) -> dict:
    clock = FakeClock()
    lib = Library(work)
    player = Player(lib.resolve, monotonic=clock)
    a, b, c, shared = (lib.tone(i, 300 + 100 * i, 0.3) for i in range(4))
    out: dict = {}
    player.queue_next(shared)  # nothing queued: it becomes the queue, not played
    out["into_empty"] = [_order(player), player.state.status.value, player.state.index]
    player.play([a, b, c], index=0)
    player.queue_next(shared)
    out["queued"] = [_order(player), player.state.index, player.state.track.title,
                     player.state.status.value]
    out["played"] = [player.queue[i].title for i in play_through(player)]
    return out


def play_now(work: Path) -> dict:
    clock = FakeClock()
    lib = Library(work)
    player = Player(lib.resolve, monotonic=clock)
    a, b, c, shared = (lib.tone(i, 300 + 100 * i, 0.3) for i in range(4))
    out: dict = {}
    player.play_now(shared)  # nothing queued: it plays alone
    out["alone"] = [_order(player), player.state.track.title, player.state.status.value]
    player.play([a, b, c], index=1)
    clock.advance(0.1)
    player.play_now(shared)
    state = player.state
    out["now"] = [_order(player), state.track.title, state.status.value, state.position]
    out["played"] = [player.queue[i].title for i in play_through(player)]
    return out


def queue_next_shuffled(work: Path) -> dict:
    clock = FakeClock()
    lib = Library(work)
    player = Player(lib.resolve, monotonic=clock, rng=random.Random(7))
    tracks = [lib.tone(i, 300 + 50 * i, 0.2) for i in range(5)]
    shared = lib.tone(9, 900, 0.2)
    player.set_shuffle(True)
    player.play(tracks, index=2)
    player.queue_next(shared)
    played = [player.queue[i].title for i in play_through(player)]
    return {"played": played, "stopped": player.state.status is Status.STOPPED}


SCENARIOS = {f.__name__: f for f in (queue_next, play_now, queue_next_shuffled)}


if __name__ == "__main__":
    result = SCENARIOS[sys.argv[1]](Path(sys.argv[2]))
    sys.stdout.write(json.dumps(result))
