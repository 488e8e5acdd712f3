"""Full garbage collections kept out of a key's frame, never kept from running
(issue 17, every key painted within 50 ms; part of ``MessengerApp``).

With every section built out of sight after log-in the app holds ~170 000
objects the collector tracks. CPython runs a full (generation 2) collection
whenever enough young collections have passed and enough objects survived
them (a quarter of the long-lived ones), whatever the app is doing; one that
lands in a key's frame scans them all: 0.1–0.3 s on the shared 2-core machine,
several times the budget.

So, once every section is built after log-in, in a quiet moment, one full
collection (``collect_after_building``): else the one building made due came
with the next key, the first visit of Dialogs (0.1–0.4 s, in nearly every
sample of ``bench.keys``). And a key or a click holds CPython's full
collections back (``hold_collections``: the third threshold raised) until
what it did is painted and nothing is under way (no worker running, nothing
to paint: checked every ``RELEASE_CHECK`` seconds while held), or no key came
for ``PREPARE_GAP``, or keys came for ``HOLD_AT_MOST``; then CPython's
thresholds are back and the collection CPython would run now runs
(``collect_what_is_due``: one automatic collection triggered, so CPython's
own rule decides whether a full one is due). Young collections (a few ms) are
left to CPython throughout, and nothing is frozen: every garbage cycle is
collected as before, a key's handling later at most. (Freezing the session
once its sections were built, tried before, kept every widget replaced later
until log-out: the memory bench's second pass grew 3–10 MB more than without;
holding until keys stopped for 0.3 s, up to 2 s, let viewing pictures grow 5–10
MB more than without: their renders' garbage waited.) Idle, nothing runs for it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from time import monotonic

RELEASE_CHECK = 0.05  # seconds between the checks whether what keys did is done
HOLD_AT_MOST = 2.0  # seconds: keys without a pause hold full collections no longer
HELD_FULL = 1_000_000  # CPython's third threshold while held: no full collection


def _malloc_trim():
    """glibc's ``malloc_trim``, or None (another C library: macOS, musl)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def give_back_after_full_collections() -> bool:
    """After each full collection, the C allocator gives the pages it freed
    back to the system (glibc's ``malloc_trim``): Python's large objects and
    Rich's and Textual's buffers are malloc's, and glibc keeps freed pages in
    the middle of its heap until asked. Full collections run when much was
    made and freed (after building the sections, in the quiet moments a key
    leaves: ``release_if_quiet``), so that is when there is something to give
    back (figures: bench/README.md, memory). Installed once per process; returns whether
    it is (False where the C library has no ``malloc_trim``)."""
    global _TRIM_INSTALLED
    if _TRIM_INSTALLED:
        return True
    trim = _malloc_trim()
    if trim is None:
        return False

    def after(phase: str, info: dict) -> None:
        if phase == "stop" and info.get("generation") == 2:
            trim(0)

    gc.callbacks.append(after)
    _TRIM_INSTALLED = True
    return True


_TRIM_INSTALLED = False


class _Allocation:
    """An object the collector counts when it is made (a list may come from
    CPython's free list, which it does not count)."""


def collect_what_is_due() -> None:
    """Run the automatic collection CPython would run at its next trigger, now:
    its first threshold set to 1 until that collection starts, so its own rule
    picks the generation (a full one only if due and enough objects survived)."""
    kept = gc.get_threshold()
    started: list[int] = []

    def started_now(phase: str, info: dict) -> None:
        if not started:
            gc.set_threshold(*kept)  # one collection: the next allocation triggers none
            started.append(info["generation"])

    gc.callbacks.append(started_now)
    gc.set_threshold(1, *kept[1:])
    made = []  # kept until it triggered: a freed one would count back down
    try:
        for _ in range(10):  # the second allocation at the latest triggers it
            if started:
                break
            made.append(_Allocation())
    finally:
        gc.callbacks.remove(started_now)
        gc.set_threshold(*kept)


class QuietCollectionMixin:
    """Mixed into ``MessengerApp`` (needs ``_settled_now``, ``_no_input_lately``
    and ``set_interval``)."""

    _gc_release = None  # the interval timer that ends a hold
    _gc_threshold: tuple[int, int, int] | None = None  # CPython's, while held back
    _gc_held_since = 0.0
    collected_after_building = False  # since the last log-in (app_session._prepare_next)

    @property
    def collections_held(self) -> bool:
        return self._gc_threshold is not None

    def collect_after_building(self) -> None:
        """Every section is built and laid out, and nobody pressed a key for a
        while: one full collection now, of what building left. (Else the one
        it made due came with the next key: the first visit of Dialogs, 0.1–0.4
        s in every sample of ``bench.keys``.)"""
        gc.collect()
        self.collected_after_building = True

    def hold_collections(self) -> None:
        """A key or a click came: no full collection until what it does is done."""
        if not gc.isenabled():
            return
        if self._gc_threshold is None:
            self._gc_threshold = gc.get_threshold()
            young, middle, _full = self._gc_threshold
            gc.set_threshold(young, middle, HELD_FULL)
            self._gc_held_since = monotonic()
        if self._gc_release is None:
            self._gc_release = self.set_interval(RELEASE_CHECK, self.release_if_quiet)

    def release_if_quiet(self) -> bool:
        """What the keys did is painted and nothing is under way (or no key came
        for ``PREPARE_GAP``, or held ``HOLD_AT_MOST``): CPython's thresholds
        back and the collection due run. Returns whether it released."""
        if self._gc_threshold is None:
            self._end_hold()
            return False
        if not (self._settled_now() or self._no_input_lately()
                or monotonic() - self._gc_held_since >= HOLD_AT_MOST):
            return False
        self._end_hold()
        collect_what_is_due()
        return True

    def _end_hold(self) -> None:
        if self._gc_release is not None:
            self._gc_release.stop()
            self._gc_release = None
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None
