"""Fixtures shared by the music screen and mini-player tests.

Tracks are synthesised into the test database (no audio files in the repo);
the player gets a clock the test moves by hand, so positions on screen are
exact and snapshots stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from models import tracks
from models.views import TrackView
from music.player import Player
from music.synth import tone, with_tags

RATE = 8000  # a low sample rate keeps the synthesis quick; durations are what matter


class FakeClock:
    """A monotonic clock moved by hand: ``clock.advance(5)`` plays five seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def wav(title: str, artist: str, album: str, seconds: float, freq: float) -> bytes:
    return with_tags(tone(freq, seconds, rate=RATE), title=title, artist=artist, album=album)


@dataclass
class MusicData:
    walk: TrackView  # in Анна's music
    waltz: TrackView  # in Анна's music
    loud: TrackView  # imported by Michail only; its title is markup


@pytest.fixture
def music_data(app_db) -> MusicData:
    """Анна has "Morning Walk" (Terminal Ensemble, 0:42) and "Вечерний вальс"
    (Оркестр терминала, 1:05); Michail imported "[b]Loud[/b] title" (0:20)."""
    anna, michail = app_db.anna.id, app_db.michail.id
    walk = tracks.import_track(
        anna, wav("Morning Walk", "Terminal Ensemble", "Messenger Demo", 42, 440),
        filename="walk.wav",
    )
    waltz = tracks.import_track(
        anna, wav("Вечерний вальс", "Оркестр терминала", "Вальсы", 65, 330),
        filename="waltz.wav",
    )
    loud = tracks.import_track(
        michail, wav("[b]Loud[/b] title", "[red]Mallory[/]", "", 20, 550), filename="loud.wav",
    )
    return MusicData(walk, waltz, loud)


@pytest.fixture
def music_app(logged_in_app, music_data):
    """``music_app("anna")`` → (app, clock): the app logged in, its player on a fake clock."""

    def make(login: str = "anna", **kwargs):
        app = logged_in_app(login, **kwargs)
        clock = FakeClock()
        app.player_factory = lambda: Player(monotonic=clock)
        return app, clock

    return make


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and their results reach the screen. Like the shared
    ``settle``, but the directory tree's loader (a worker that waits for folders
    to read for as long as the tree is open) is not waited for."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        busy = [worker for worker in pilot.app.workers if worker.group != "_loader"]
        if busy:
            try:
                await pilot.app.workers.wait_for_complete(busy)
            except WorkerCancelled:  # a dialog box that closed itself took its worker along
                pass
        await pilot.pause()
