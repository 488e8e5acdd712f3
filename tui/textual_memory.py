"""Textual's caches, sized for this app's memory (issue 17, ``bench/memory.py``).

Textual 8.2.8's ``Strip`` (one line of a widget's picture) is sized for
speed, and after an hour of use they held about a quarter of the app's memory:

* every ``Strip`` made seven small ``FIFOCache``s at birth (the strips cut or
  restyled from it), ~950 bytes even when none is ever used: 14 000 strips
  alive after an hour cost ~13 MB. ``install`` makes them when first used.
* ``Strip.render_ansi`` remembers the escape codes of 16 384 styles (an
  ``lru_cache``), which keeps the styles themselves alive: pictures give each
  cell its own colours, so the cache fills within a few pictures and holds
  ~14 MB. ``ANSI_STYLES`` keeps it to what a screen of text uses; a style
  also keeps its own codes once written (``Style._ansi``), so a miss is rare.

* ``textual.style.Style.__add__`` (a widget's style over a span's) remembers
  4 096 sums (an ``lru_cache``), and each keeps three styles and their Rich
  styles alive: filled by a few pictures too. ``STYLE_SUMS`` keeps 1 024.

* ``StylesCache.get_inner_outer`` (two background styles from two colours)
  is an ``lru_cache`` of 1 024 on a *method*, so its key holds the
  ``StylesCache`` — every widget has one, holding the strips it last drew —
  and the 1 024 widgets drawn last stay in memory with their lines, long
  after they were removed: a closed picture viewer kept its whole screen of
  picture cells. ``install`` keys the same cache by the two colours only
  (the method never used ``self``), so a removed widget's lines are freed.

``install`` patches the classes once, at the app's import, and only if the
``Strip`` is the one it was written against (otherwise it leaves it alone).
"""

from __future__ import annotations

import functools

from textual._styles_cache import StylesCache
from textual.cache import FIFOCache
from textual.strip import Strip
from textual.style import Style

ANSI_STYLES = 1024
STYLE_SUMS = 1024
# Strip's caches and their sizes in Textual 8.2.8 (checked by ``install``).
CACHES = {"_divide_cache": 4, "_crop_cache": 16, "_style_cache": 16, "_filter_cache": 4,
          "_line_length_cache": 4, "_crop_extend_cache": 4, "_offsets_cache": 4}
OTHER_SLOTS = ("_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count")


class _LazyCache:
    """A ``Strip`` slot whose ``FIFOCache`` is made on first use."""

    __slots__ = ("slot", "size")

    def __init__(self, slot, size: int) -> None:
        self.slot = slot
        self.size = size

    def __get__(self, strip, owner=None):
        if strip is None:
            return self
        try:
            return self.slot.__get__(strip, owner)
        except AttributeError:
            cache = FIFOCache(self.size)
            self.slot.__set__(strip, cache)
            return cache

    def __set__(self, strip, value) -> None:
        self.slot.__set__(strip, value)

    def __delete__(self, strip) -> None:
        self.slot.__delete__(strip)


def _lazy_init(self, segments, cell_length: int | None = None) -> None:
    # Textual's Strip.__init__ without the seven caches (made by _LazyCache).
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _as_written() -> bool:
    """Is ``Strip`` the class ``install`` knows (its slots, caches and sizes)?"""
    if set(Strip.__slots__) != set(CACHES) | set(OTHER_SLOTS):
        return False
    probe = Strip([])
    return all(isinstance(getattr(probe, name, None), FIFOCache)
               and getattr(probe, name)._maxsize == size for name, size in CACHES.items())


@functools.lru_cache(maxsize=1024)
def _inner_outer(base_background, background) -> tuple[Style, Style]:
    # Textual's StylesCache.get_inner_outer, keyed without the StylesCache.
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(self, base_background, background) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def _patch_inner_outer() -> None:
    """``StylesCache.get_inner_outer`` cached by its colours, not by its widget's cache."""
    method = StylesCache.__dict__.get("get_inner_outer")
    if getattr(method, "cache_info", None) is not None:  # Textual's per-instance lru_cache
        StylesCache.get_inner_outer = _get_inner_outer


def install() -> bool:
    """Patch ``Strip`` (once); False when it is not the class this was written for."""
    if getattr(Strip, "_messenger_memory", False):
        return True
    if not _as_written():
        return False
    for name, size in CACHES.items():
        setattr(Strip, name, _LazyCache(Strip.__dict__[name], size))
    Strip.__init__ = _lazy_init
    render_ansi = Strip.__dict__["render_ansi"].__func__
    Strip.render_ansi = classmethod(
        functools.lru_cache(maxsize=ANSI_STYLES)(getattr(render_ansi, "__wrapped__", render_ansi)))
    add = Style.__add__
    if getattr(add, "cache_info", None) is not None and add.cache_info().maxsize > STYLE_SUMS:
        Style.__add__ = functools.lru_cache(maxsize=STYLE_SUMS)(add.__wrapped__)
    _patch_inner_outer()
    Strip._messenger_memory = True
    return True
