"""Textual's ``Strip`` caches, sized for memory (issue 17, tui/textual_memory.py):
a strip makes its caches when first used, not at birth, and the escape codes
of at most ``ANSI_STYLES`` styles are remembered (Textual kept 16 384, and
with them the styles: ~14 MB once pictures gave every cell its own colours);
and a removed widget's drawn lines are freed (Textual's background-style cache
kept the last 1 024 widgets' ``StylesCache``s)."""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
import weakref

from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.strip import Strip
from textual.widgets import Static

import tui.app  # noqa: F401 - installs tui.textual_memory
from tui.textual_memory import ANSI_STYLES, install


def held(make) -> tuple[int, object]:
    """Bytes still allocated after ``make()`` (its result kept)."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = make()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before, kept
    finally:
        tracemalloc.stop()


def test_a_strip_costs_its_segments_not_seven_empty_caches():
    size, strips = held(lambda: [Strip([Segment("line of text")]) for _ in range(5000)])
    assert size / len(strips) < 350  # ~1 KB a strip before
    strip = strips[0]
    first = strip.crop(0, 4)
    assert first.text == "line" and strip.crop(0, 4) is first  # the cache still works
    assert install()  # installed once, and the Strip is the one it was written for


def test_rendering_many_styles_keeps_a_bounded_number_of_them():
    console = Console(color_system="truecolor")
    Strip.render_ansi.cache_clear()

    def render_all():
        for n in range(4 * ANSI_STYLES):  # every cell its own colours, as in a picture
            style = Style(color=Color.from_rgb(n % 256, n // 256, 9),
                          bgcolor=Color.from_rgb(9, n % 256, n // 256))
            assert "38;2;" in Strip([Segment("▀", style)]).render(console)

    size, _ = held(render_all)
    assert Strip.render_ansi.cache_info().currsize <= ANSI_STYLES
    assert size < 2_500_000  # ~1.4 KB a style kept (and its colours): 4 096 kept before


def test_textual_keeps_a_bounded_number_of_style_sums():
    from textual.color import Color as TextualColor
    from textual.style import Style as TextualStyle

    from tui.textual_memory import STYLE_SUMS

    base = TextualStyle(bold=True)
    for n in range(3 * STYLE_SUMS):  # a widget's style over each cell of a picture
        cell = TextualStyle(TextualColor(9, n % 256, n // 256), TextualColor(n % 256, 9, 9))
        assert (base + cell).bold
    assert TextualStyle.__add__.cache_info().currsize <= STYLE_SUMS


def test_a_removed_widget_is_not_kept_by_the_background_style_cache():
    """Textual's ``get_inner_outer`` cache was keyed by the widget's ``StylesCache``
    (an ``lru_cache`` on a method): the last 1 024 widgets drawn stayed in memory
    with the lines they drew, after they were removed."""
    class Drawn(App):
        pass

    async def main():
        app = Drawn()
        async with app.run_test(size=(40, 5)) as pilot:
            widget = Static("first")  # not app.query_one: its own cache would keep it
            await app.mount(widget)
            await pilot.pause()
            assert "first" in "".join(s.text for s in widget._styles_cache._cache.values())
            gone = weakref.ref(widget._styles_cache)
            await widget.remove()
            await app.mount(Static("second"))
            await pilot.pause()
            del widget
            gc.collect()
            assert gone() is None

    asyncio.run(main())
