"""bench/keys_bare.py: each key's frame painted by a bare Textual app.

Its figure is Textual's own cost of what a key painted, beside the app's; it
means that only if the bare app paints the very frame the app painted (the
same cells, the same styles) and does for each key what the key did.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Label, OptionList, Static

from bench import keys, keys_bare

ROOT = Path(__file__).resolve().parent.parent


class Sample(App[None]):
    """Widgets of the kinds the app's frames hold: a bordered box, markup, a
    list that scrolls (its scroll bar), a footer with keys."""

    CSS = """
    #box { border: round $accent; background: $panel; height: 5; padding: 0 1; }
    #side { width: 24; }
    Label { width: 1fr; }
    """
    BINDINGS = [("ctrl+b", "bell", "Members"), ("ctrl+g", "bell", "Next unread")]

    def compose(self) -> ComposeResult:
        yield Static("[b]Анна[/b] [red]Иванова[/red]\nsecond line", id="box")
        with Horizontal():
            yield Label("a [i]post[/i] with a long line of text " * 3)
            yield OptionList(*(f"member {i}" for i in range(40)), id="side")
        yield Footer()


def _cells(frame: list[dict], size: tuple[int, int]) -> list[list[tuple[str, str]]]:
    """The screen a frame shows: each cell's character and style, the pieces
    drawn bottom first."""
    width, height = size
    grid = [[("", "")] * width for _ in range(height)]
    for piece in frame:
        for dy, line in enumerate(piece["lines"]):
            x = piece["x"]
            for text, style in line:
                for char in text:
                    if x < piece["x"] + piece["w"]:
                        grid[piece["y"] + dy][x] = (char, style)
                    x += 1
    return grid


SIZE = (60, 20)


async def _captured() -> list[dict]:
    """The sample app's frame, as ``bench.keys_child`` captures a key's."""
    app = Sample()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return keys_bare.capture(app.screen)


async def _painted_bare(frame: list[dict], blank: bool = False) -> list[dict]:
    """What a bare app's screen shows with ``frame``'s replica pushed."""
    bare = App()
    async with bare.run_test(size=SIZE) as pilot:
        await bare.push_screen(keys_bare.replica(frame, blank=blank))
        await pilot.pause()
        return keys_bare.capture(bare.screen)


def test_a_replica_shows_the_frame_it_was_captured_from():
    frame = asyncio.run(_captured())
    # One piece per visible widget, bottom (the screen) first.
    assert len(frame) >= 6
    assert (frame[0]["x"], frame[0]["y"], frame[0]["w"], frame[0]["h"]) == (0, 0, *SIZE)
    captured = _cells(frame, SIZE)
    text = "\n".join("".join(char for char, _ in row) for row in captured)
    assert "Анна Иванова" in text and "member 0" in text and "Members" in text
    # The bare app's screen, one line-API widget per piece over its own
    # screen, shows every cell as captured, in the same style.
    assert _cells(asyncio.run(_painted_bare(frame)), SIZE) == captured


def test_a_blank_replica_keeps_the_places_and_styles_not_the_text():
    frame = asyncio.run(_captured())
    blank = _cells(asyncio.run(_painted_bare(frame, blank=True)), SIZE)
    assert all(char == " " for row in blank for char, _ in row)
    assert [[style for _, style in row] for row in blank] == \
        [[style for _, style in row] for row in _cells(frame, SIZE)]


def test_every_row_of_the_keys_bench_has_a_bare_kind():
    """Each key a row of ``bench.keys`` reports is painted by the bare app in
    one of the four ways its docstring gives."""
    for _name, _label, sample_keys, _target in keys.ROWS:
        for key in sample_keys:
            assert keys_bare.kind_of(key) in ("new", "switch", "kept", "same"), key
    assert keys_bare.kind_of("to_feed") is None  # a step between rows: not captured


def test_the_bare_child_paints_a_frame_for_each_kind(tmp_path):
    """``python -m bench.keys_bare`` paints each captured frame, each kind of
    key, and prints a time for each."""
    lines = [[["Анна Иванова", "bold #ff0000 on #000080"], [" и ещё", ""]]] * 30
    frame = [{"x": 0, "y": 0, "w": 100, "h": 30, "lines": lines},
             {"x": 10, "y": 5, "w": 20, "h": 2, "lines": [[["[b]literal[/b]", "italic"]]]}]
    names = ("first_dialogs", "built_feed_0", "profile_from_feed", "open_group")
    frames = tmp_path / "frames.json"
    frames.write_text(json.dumps(dict.fromkeys(names, frame)))
    done = subprocess.run([sys.executable, "-m", "bench.keys_bare", "--frames", str(frames)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH-KEYS "))
    painted = json.loads(line[len("BENCH-KEYS "):])
    assert set(painted) == set(names)
    assert all(ms > 0 for ms in painted.values())
