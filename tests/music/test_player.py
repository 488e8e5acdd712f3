"""The music player against SDL's real audio drivers, no mocks.

Each scenario runs in its own interpreter (``sdl_child``) with a clean
environment: SDL picks its driver when the mixer opens and the mixer is global
to a process. ``dummy`` plays in real time into nothing (state and queue),
``disk`` writes the mixed samples to a file we then listen to by counting
zero crossings. Every child's stderr must stay empty: SDL and ALSA chatter
would land in the middle of the terminal UI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .measure import pitch_hz, raw_channel, sounding

ROOT = Path(__file__).resolve().parents[2]


def run_scenario(name: str, tmp_path: Path, driver: str = "dummy",
                 child: str = "tests.music.sdl_child") -> tuple[dict, Path]:
    """Run ``sdl_child NAME`` (or another ``child`` module) with only the
    variables it needs; its JSON result and the disk driver's output file."""
    work = tmp_path / "work"
    work.mkdir()
    output = tmp_path / "sdl-output.raw"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "SDL_AUDIODRIVER": driver,
        "SDL_DISKAUDIOFILE": str(output),
    }
    done = subprocess.run(
        [sys.executable, "-m", child, name, str(work), str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "the player let SDL/ALSA write to the terminal"
    return json.loads(done.stdout), output


# ---------------------------------------------------------------- state (dummy driver)

def test_play_pause_resume_stop(tmp_path):
    """Play starts, pause freezes the clock shown to the listener and silences the
    stream, resume continues from the same second, stop rewinds and keeps the track."""
    out, _ = run_scenario("pause_resume", tmp_path)
    assert out["error"] is None
    assert out["after_play"] == "playing"
    assert out["position_playing"] == pytest.approx(1.0)
    assert out["after_pause"] == "paused"
    assert out["busy_when_paused"] is False
    assert out["position_paused"] == pytest.approx(1.0)  # five paused seconds do not count
    assert out["after_resume"] == "playing"
    assert out["busy_after_resume"] is True
    assert out["position_resumed"] == pytest.approx(1.5)
    assert out["after_toggle"] == "paused"
    assert out["after_second_toggle"] == "playing"
    assert out["after_stop"] == ["stopped", 0.0, 0]
    assert out["busy_after_stop"] is False
    assert out["resume_after_stop"] == ["playing", 0.0]


def test_seek_moves_the_position_and_stays_in_the_track(tmp_path):
    """Seeking jumps to the asked second; ±10 s never goes before the start; a seek
    while paused waits for resume; seeking past the end moves to the next track.
    A seek reuses the opened file rather than loading it again."""
    out, _ = run_scenario("seek", tmp_path)
    assert out["seek_2"] == ["playing", pytest.approx(2.0)]
    assert out["half_second_later"] == pytest.approx(2.5)
    assert out["back_10"] == pytest.approx(0.0)
    assert out["forward_3"] == pytest.approx(3.0)
    assert out["seek_paused"] == ["paused", pytest.approx(4.0)]
    assert out["resumed_after_seek"] == ["playing", pytest.approx(4.25)]
    assert out["seek_past_end"] == ["playing", 1, pytest.approx(0.0)]
    assert out["loads"] == [1, 2]


def test_next_track_starts_when_one_ends(tmp_path):
    """With tick() called like the app does, each short track gives way to the next
    and the player stops after the last one, rewound."""
    out, _ = run_scenario("advance_at_end", tmp_path)
    assert out["played"] == [0, 1, 2]
    assert out["final"] == ["stopped", 2, 0.0]


def test_repeat_one_replays_the_same_track(tmp_path):
    """Repeat one: the track starts over when it ends; the queue does not move."""
    out, _ = run_scenario("repeat_one", tmp_path)
    assert out["indexes"] == [0]
    assert out["status"] == "playing"


def test_repeat_all_wraps_around(tmp_path):
    """Repeat all: after the last track the first one plays again; with repeat off
    again the queue runs out and stops."""
    out, _ = run_scenario("repeat_all", tmp_path)
    assert out["played"] == [0, 1, 0, 1, 0]
    assert out["status"] == "playing"
    assert out["played_after_off"][-1] == 1
    assert out["played_after_off"].count(1) == 1


def test_shuffle_plays_every_track_once(tmp_path):
    """Shuffle starts with the chosen track and then plays each other track exactly
    once; turning it off continues in queue order from the current track."""
    out, _ = run_scenario("shuffle", tmp_path)
    assert out["played"][0] == 2
    assert sorted(out["played"]) == [0, 1, 2, 3, 4, 5]
    assert out["played"] != [2, 3, 4, 5, 0, 1] and out["played"] != [2, 0, 1, 3, 4, 5]
    assert out["status"] == "stopped"
    assert out["after_off"] == [1, "playing"]
    assert out["next_after_off"] == 2


def test_next_and_previous(tmp_path):
    """Next moves on and stops after the last track; previous early in a track goes
    back one, later in it restarts it; with repeat all both wrap around."""
    out, _ = run_scenario("next_previous", tmp_path)
    assert out["start"] == 1
    assert out["next"] == 2
    assert out["next_at_end"] == [2, "stopped"]
    assert out["previous_early"] == [1, 0.0]
    assert out["previous_late"] == [1, 0.0]  # 5 s in: back to the start of the same track
    assert out["previous_at_start"] == [0, "playing"]
    assert out["previous_wraps"] == 2
    assert out["next_wraps"] == 0


def test_empty_queue_and_bad_index(tmp_path):
    """An index outside the queue is refused without disturbing what plays; an empty
    queue stops the music and every transport command is then harmless."""
    out, _ = run_scenario("empty_queue", tmp_path)
    assert out["bad_index"] == "refused"
    assert out["still_playing"] == ["playing", 1]
    assert out["empty"] == ["stopped", None, None, 0]
    assert out["after_commands"] == ["stopped", 0.0]


def test_a_broken_track_is_skipped_with_a_message(tmp_path):
    """A file that is not audio is skipped, the listener is told which and why,
    and the queue goes on; a queue of only broken files stops with the reason."""
    out, _ = run_scenario("broken_track", tmp_path)
    assert out["played"] == [0, 2]
    assert out["message"].startswith("Skipped “Not Music”: ")
    assert out["first_broken"] == [1, "playing"]
    status, message = out["only_broken"]
    assert status == "stopped"
    assert message.startswith("Skipped “Not Music”")


def test_volume_is_clamped_and_reaches_the_mixer(tmp_path):
    """Volume is 0…1 whatever is asked, is remembered before the first play, and is
    what the mixer really uses."""
    out, _ = run_scenario("volume", tmp_path)
    assert out["initial"] == [0.5, pytest.approx(0.5, abs=0.01)]
    assert out["too_loud"] == [1.0, pytest.approx(1.0, abs=0.01)]
    assert out["negative"] == [0.0, pytest.approx(0.0, abs=0.01)]
    assert out["quarter"] == [0.25, pytest.approx(0.25, abs=0.01)]


def test_no_audio_device_is_reported_not_raised(tmp_path):
    """Without a usable audio device the player says "No audio device", keeps the
    queue, ignores transport keys, and prints nothing to the terminal."""
    out, _ = run_scenario("no_device", tmp_path, driver="no-such-driver")
    assert out["play"] == ["stopped", "No audio device", 0]
    assert out["after_commands"] == ["stopped", "No audio device"]


# ---------------------------------------------------------------- real output (disk driver)

def _channel(output: Path, fmt: dict) -> tuple[list[float], float]:
    samples = raw_channel(output.read_bytes(), fmt["size"], fmt["channels"])
    full_scale = 1.0 if fmt["size"] == 32 else 2 ** (abs(fmt["size"]) - 1)
    return samples, full_scale


def test_playing_a_tone_writes_that_tone(tmp_path):
    """Pressing play on a 440 Hz tone sends 440 Hz (±2 %) to the audio device,
    for about as long as the track lasts."""
    out, output = run_scenario("disk_tone", tmp_path, driver="disk")
    fmt = out["format"]
    samples, full_scale = _channel(output, fmt)
    tone = sounding(samples, 0.05 * full_scale)
    assert len(tone) == pytest.approx(fmt["rate"] * 1.0, rel=0.05)
    assert pitch_hz(tone, fmt["rate"]) == pytest.approx(440, rel=0.02)


def test_paused_playback_writes_silence(tmp_path):
    """While paused the device receives silence; after resume the tone is back."""
    out, output = run_scenario("disk_pause", tmp_path, driver="disk")
    fmt = out["format"]
    samples, full_scale = _channel(output, fmt)
    frame = abs(fmt["size"]) // 8 * fmt["channels"]
    paused_at = out["paused_at"] // frame
    paused_until = out["paused_until"] // frame
    slack = fmt["rate"] // 5  # audio already mixed into SDL's buffers when pause came
    before = samples[: paused_at]
    during = samples[paused_at + slack : paused_until]
    after = samples[paused_until + slack :]
    assert pitch_hz(sounding(before, 0.05 * full_scale), fmt["rate"]) == pytest.approx(440, rel=0.02)
    assert len(during) > fmt["rate"] // 2
    assert max(abs(s) for s in during) == 0
    assert pitch_hz(sounding(after, 0.05 * full_scale), fmt["rate"]) == pytest.approx(440, rel=0.02)


def test_seeking_moves_what_is_heard(tmp_path):
    """Seeking to 4 s in a track of 3 s at 440 Hz then 3 s at 880 Hz makes the device
    play 880 Hz, and the position shown follows the seek."""
    out, output = run_scenario("disk_seek", tmp_path, driver="disk")
    fmt = out["format"]
    samples, full_scale = _channel(output, fmt)
    heard = sounding(samples, 0.05 * full_scale)
    tail = heard[len(heard) // 4 :]  # past anything mixed before the seek took effect
    assert len(tail) > fmt["rate"] // 2
    assert pitch_hz(tail, fmt["rate"]) == pytest.approx(880, rel=0.02)
    assert out["position_after_seek"] == pytest.approx(4.0, abs=0.05)
    assert 4.0 < out["position_later"] < 6.0
