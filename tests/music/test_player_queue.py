"""A track shared in a chat or on a wall joins what plays: queued next (after
the current track, what plays goes on) or played now (the rest of the queue
follows it). Real SDL dummy driver, one child process per scenario."""

from __future__ import annotations

from .test_player import run_scenario

CHILD = "tests.music.sdl_queue_child"


def test_queue_next_goes_right_after_the_current_track(tmp_path):
    out, _ = run_scenario("queue_next", tmp_path, child=CHILD)
    assert out["into_empty"] == [["600 Hz"], "stopped", 0]
    assert out["queued"] == [["300 Hz", "600 Hz", "400 Hz", "500 Hz"], 0, "300 Hz", "playing"]
    assert out["played"] == ["300 Hz", "600 Hz", "400 Hz", "500 Hz"]


def test_play_now_starts_it_and_the_queue_goes_on_after_it(tmp_path):
    out, _ = run_scenario("play_now", tmp_path, child=CHILD)
    assert out["alone"] == [["600 Hz"], "600 Hz", "playing"]
    # B was playing: the shared track starts from 0:00 and C still follows
    assert out["now"] == [["300 Hz", "400 Hz", "600 Hz", "500 Hz"], "600 Hz", "playing", 0.0]
    assert out["played"] == ["600 Hz", "500 Hz"]


def test_queue_next_while_shuffled_is_still_next(tmp_path):
    out, _ = run_scenario("queue_next_shuffled", tmp_path, child=CHILD)
    assert out["played"][:2] == ["400 Hz", "900 Hz"]
    assert sorted(out["played"]) == sorted(
        ["300 Hz", "350 Hz", "400 Hz", "450 Hz", "500 Hz", "900 Hz"])
    assert out["stopped"] is True
