"""Each key's frame painted by a bare Textual app (issue 17: "where Textual
itself is the cost, measure the bare equivalent").

    python -m bench.keys_bare --frames frames.json   # one sample

``bench.keys`` asks its first sample's processes to capture, at the frame
that shows each key's result, what is on the screen (``capture``): every
visible widget, bottom first, as its place on the screen and the styled text
it drew there. A sample of this module is a fresh process that starts a bare
Textual app (no Messenger code, no database) and, for each key, paints that
same frame with one widget per widget of the app's frame (``Piece``: the
line API, handing Textual the lines the app's widget drew), each at its
place (``position: absolute``): the same number of widgets, the same cells,
the same styles. (``Static``s holding the same text as Rich ``Text`` were
slower than the app's own widgets: a picture's half-blocks are thousands of
styled spans.) It does what the key did to the screen:

- ``new`` (a first visit; a profile, post or Music opened the first time):
  a new screen of those widgets composed and pushed;
- ``kept`` (a pushed screen the app built before: a profile, a community,
  the next post, the members panel, the search): a screen of the same
  widgets built and shown once beforehand, with blank cells; the key gives
  each widget its lines and pushes the screen;
- ``switch`` (F-keys between built sections): a screen shown once before,
  lines and all; the key shows it again;
- ``same`` (a chat opened in Dialogs, Ctrl+G, search results, Music's tabs):
  the screen stays; the key gives every widget its lines (every widget, also
  those whose lines the app's key left as they were).

Key → the first frame written after it, with the same driver and checks as
``bench.keys_child`` (``bench/painting.py``). So the figure is what
Textual alone needs to paint what the key painted: no data read, no widget of
ours, no layout of nested containers; the app's figure beside it less this
one is what Messenger adds. Prints ``BENCH-KEYS`` and its JSON: ms per key.
"""

from __future__ import annotations

import argparse
import gc
import json
from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from .keys_child import RESULT_MARK, SIZE

KINDS = {
    "new": ("profile_from_people", "open_post", "music_first"),
    "switch": ("music_built",),
    "kept": ("profile_from_feed", "profile_again", "profile_from_feed_read", "open_post_read", "community_read", "community", "community_again",
             "open_post_again", "members_panel", "search_open"),
    "same": ("open_group", "next_unread", "search_results", "music_all", "music_search",
             "music_mine", "music_all_again"),
}


def kind_of(key: str) -> str | None:
    """How the bare app paints ``key``'s frame (the module's docstring), or
    None for a key no row of ``bench.keys`` reports."""
    if key.startswith("first_"):
        return "new"
    if key.startswith("built_"):
        return "switch"
    return next((kind for kind, keys in KINDS.items() if key in keys), None)


def capture(screen: Screen) -> list[dict]:
    """What ``screen`` shows now: each visible widget, bottom first, as its
    visible region (``x``, ``y``, ``w``, ``h``) and the lines it drew there,
    each line a list of ``[text, style]`` (the style as Rich writes it; ""
    for none)."""
    pieces = []
    for widget, (region, clip) in reversed(list(screen._compositor.visible_widgets.items())):
        shown = region.intersection(clip).intersection(screen.region)
        if not shown.area:
            continue
        strips = widget.render_lines(Region(0, 0, region.width, region.height))
        left = shown.x - region.x
        lines = []
        for strip in strips[shown.y - region.y:shown.bottom - region.y]:
            lines.append([[segment.text, str(segment.style) if segment.style else ""]
                          for segment in strip.crop(left, left + shown.width)
                          if not segment.control])
        pieces.append({"x": shown.x, "y": shown.y, "w": shown.width, "h": shown.height,
                       "lines": lines})
    return pieces


_STYLES: dict[str, Style] = {}


def strips_of(piece: dict, blank: bool = False) -> list[Strip]:
    """A captured widget's lines as strips (``blank``: its cells as spaces, in
    their styles)."""
    strips = []
    for line in piece["lines"]:
        segments = []
        for chunk, style in line:
            if style not in _STYLES:
                _STYLES[style] = Style.parse(style) if style else Style()
            segments.append(Segment(" " * len(chunk) if blank else chunk, _STYLES[style]))
        strips.append(Strip(segments, piece["w"]))
    return strips


class Piece(Widget):
    """One widget of a captured frame at its place, drawing the lines given to
    it: Textual's line API, nothing more."""

    def __init__(self, piece: dict, strips: list[Strip]) -> None:
        super().__init__()
        self.strips = strips
        self.blank = Strip.blank(piece["w"])
        self.styles.position = "absolute"
        self.styles.offset = (piece["x"], piece["y"])
        self.styles.width = piece["w"]
        self.styles.height = piece["h"]

    def show(self, strips: list[Strip]) -> None:
        self.strips = strips
        self.refresh()

    def render_line(self, y: int) -> Strip:
        return self.strips[y] if y < len(self.strips) else self.blank


class Frame(Screen):
    """A captured frame: one ``Piece`` per widget, bottom first."""

    def __init__(self, pieces: list[Piece]) -> None:
        super().__init__()
        self.pieces = pieces

    def compose(self) -> ComposeResult:
        yield from self.pieces


def replica(frame: list[dict], blank: bool = False,
            drawn: list[list[Strip]] | None = None) -> Frame:
    """A screen showing ``frame`` (``capture``'s), or its cells blank;
    ``drawn``: its pieces' strips made already (``strips_of``)."""
    if drawn is None:
        drawn = [strips_of(piece, blank) for piece in frame]
    return Frame([Piece(piece, strips) for piece, strips in zip(frame, drawn, strict=True)])


def child(frames: dict[str, list[dict]]) -> dict:
    """Each frame of ``frames`` painted as its key's kind says: ms per key."""
    from .painting import Clock, after_paint, painting_driver

    driver_cls = painting_driver()
    clock = Clock()
    result: dict = {}
    app = App(driver_class=driver_cls)

    async def timed(pilot, key: str, act, ready=lambda: True) -> None:
        # The garbage of the keys before collected first, as the app holds full
        # collections out of its keys (tui/quiet_gc.py): a Strip's caches make
        # cycles, and the full collection they add up to took 0.1-0.2 s.
        gc.collect()
        await pilot.pause()
        frames_before = driver_cls.frames
        clock.start(key)
        after_paint(app, lambda: clock.mark(key), driver_cls, frames_before, ready)
        act()
        result[key] = round(await clock.wait(key), 2)
        await pilot.pause()

    async def pilot_run(pilot) -> None:
        await pilot.pause()
        for key, frame in frames.items():
            kind = kind_of(key)
            drawn = [strips_of(piece) for piece in frame]  # the text, ready beforehand
            if kind == "new":
                made: list[Frame] = []

                def push(frame=frame, drawn=drawn, made=made) -> None:
                    made.append(replica(frame, drawn=drawn))
                    app.push_screen(made[0])

                await timed(pilot, key, push, lambda made=made: bool(made)
                            and app.screen is made[0] and made[0].is_mounted)
                await app.pop_screen()
            elif kind in ("switch", "kept"):
                screen = replica(frame, blank=True) if kind == "kept" else \
                    replica(frame, drawn=drawn)
                app.install_screen(screen, key)
                await app.push_screen(key)  # shown once before, as the app's was
                await pilot.pause()
                await app.pop_screen()

                def show(screen=screen, drawn=drawn, kind=kind, key=key) -> None:
                    if kind == "kept":
                        for piece, strips in zip(screen.pieces, drawn, strict=True):
                            piece.show(strips)
                    app.push_screen(key)

                await timed(pilot, key, show, lambda screen=screen: app.screen is screen)
                await app.pop_screen()
                app.uninstall_screen(key)
                await screen.remove()  # uninstalled is not removed: its widgets stay
            elif kind == "same":
                screen = replica(frame, blank=True)
                await app.push_screen(screen)
                await pilot.pause()

                def fill(screen=screen, drawn=drawn) -> None:
                    for piece, strips in zip(screen.pieces, drawn, strict=True):
                        piece.show(strips)

                await timed(pilot, key, fill)
                await app.pop_screen()
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=Path, required=True,
                        help="the frames captured by bench.keys_child / bench.keys_music "
                             "(--capture)")
    args = parser.parse_args(argv)
    frames = json.loads(args.frames.read_text())
    # The captured frames are the bench's data, not the bare app's: out of the
    # collector's sight, as the app freezes what its imports made (tui/app.py),
    # or their many small lists make a full collection in a key slow (0.2 s).
    gc.collect()
    gc.freeze()
    print(RESULT_MARK + json.dumps(child(frames)), flush=True)


if __name__ == "__main__":
    main()
