"""Full garbage collections kept out of a key's frame (issue 17, every key
painted within 50 ms; tui/quiet_gc.py): a key holds CPython's full
collections back until what it did is done (or keys stopped, or have come
for ``HOLD_AT_MOST``), then the collection CPython would run runs; one full
collection once the sections are built; nothing is frozen."""

from __future__ import annotations

import asyncio
import gc
import threading
from contextlib import contextmanager
from time import monotonic

from tests.tui.conftest import settle
from tui import quiet_gc


@contextmanager
def collections_seen():
    """The generation of every collection that starts meanwhile."""
    seen: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)


def make_full_collection_due() -> list:
    """Enough new survivors and young collections that CPython's rule asks for
    a full collection at its next trigger (the third threshold must be held
    meanwhile, or CPython runs it at once). Returns the survivors."""
    assert gc.get_threshold()[2] >= quiet_gc.HELD_FULL
    gc.collect()  # CPython counts the long-lived objects anew (a full one, not automatic)
    survivors = [[] for _ in range(len(gc.get_objects()))]  # more than a quarter of them
    for _ in range(gc.get_threshold()[1] + 2):
        gc.collect(1)  # the survivors move to the oldest generation; each counts
    return survivors


def test_collect_what_is_due_runs_a_full_collection_only_when_cpython_would():
    before = gc.get_threshold()
    gc.collect()
    try:
        with collections_seen() as seen:
            quiet_gc.collect_what_is_due()  # just collected: nothing is due but a young one
            assert seen == [0]
        [[] for _ in range(100)]  # CPython's free list of lists filled: making one counts nothing
        with collections_seen() as seen:
            quiet_gc.collect_what_is_due()
            assert seen == [0]
        gc.set_threshold(before[0], before[1], quiet_gc.HELD_FULL)
        survivors = make_full_collection_due()
        gc.set_threshold(*before)
        with collections_seen() as seen:
            quiet_gc.collect_what_is_due()
            assert seen == [2]
        del survivors
    finally:
        gc.set_threshold(*before)
    assert gc.get_threshold() == before


def run_with_a_read_under_way(checks, reading: threading.Event) -> None:
    """Run ``checks`` (the app runs a worker waiting on ``reading``: work under
    way), letting the worker go whatever happens; CPython's thresholds as
    they were after."""
    before = gc.get_threshold()

    async def scenario():
        try:
            await checks()
        finally:
            reading.set()  # a failed check leaves no thread waiting

    try:
        asyncio.run(scenario())
    finally:
        gc.set_threshold(*before)


def test_a_key_holds_full_collections_back_until_what_it_does_is_done(
        logged_in_app, monkeypatch):
    """A key raises CPython's threshold of full collections; while what it
    started is under way (a worker reading) and keys come (less than
    ``PREPARE_GAP`` apart) a collection that fell due waits; once the work is
    done it runs and the thresholds are CPython's again, and no timer runs for
    it. Nothing of the session is frozen."""
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 3600
    app.PREPARE_GAP = 3600  # keys stop when the test says so, however slow the machine
    monkeypatch.setattr(quiet_gc, "HOLD_AT_MOST", 3600)
    before = gc.get_threshold()
    reading = threading.Event()

    async def checks():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            frozen = gc.get_freeze_count()
            assert not app.collections_held and app._gc_release is None
            app.run_worker(reading.wait, thread=True)  # what the key starts, still reading
            await pilot.press("f3")  # a key
            assert app.collections_held and app._gc_release is not None
            assert gc.get_threshold() == (before[0], before[1], quiet_gc.HELD_FULL)
            app._gc_release.stop()  # the test runs the checks itself
            survivors = make_full_collection_due()
            with collections_seen() as seen:
                app.note_input()  # another key just now
                assert not app.release_if_quiet()
                [[] for _ in range(10 * before[0])]  # CPython's own triggers: young ones only
                assert app.collections_held and 2 not in seen
                reading.set()
                await settle(pilot)  # the read is done and shown
                assert app.release_if_quiet()
                assert 2 in seen
            del survivors
            assert not app.collections_held and gc.get_threshold() == before
            assert app._gc_release is None
            assert not app.release_if_quiet()  # nothing held any more
            assert gc.get_freeze_count() == frozen

    run_with_a_read_under_way(checks, reading)


def test_keys_that_stop_release_collections_while_work_goes_on(logged_in_app, monkeypatch):
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 3600
    monkeypatch.setattr(quiet_gc, "HOLD_AT_MOST", 3600)
    before = gc.get_threshold()
    reading = threading.Event()

    async def checks():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.run_worker(reading.wait, thread=True)
            app.note_input()
            app._gc_release.stop()
            assert not app.release_if_quiet()
            app._last_input = 0.0  # no key for a while; the worker still reads
            assert app.release_if_quiet()
            assert not app.collections_held and gc.get_threshold() == before
            reading.set()

    run_with_a_read_under_way(checks, reading)


def test_keys_without_a_pause_hold_collections_back_for_a_bounded_time(logged_in_app):
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 3600
    before = gc.get_threshold()
    reading = threading.Event()

    async def checks():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.run_worker(reading.wait, thread=True)  # work under way all along
            app.note_input()
            app._gc_release.stop()
            app._gc_held_since = monotonic() - quiet_gc.HOLD_AT_MOST - 0.1
            app.note_input()  # keys still coming
            assert app.release_if_quiet()
            assert not app.collections_held and gc.get_threshold() == before
            app.note_input()  # the next key holds them again, for a new while
            assert app.collections_held and not app.release_if_quiet()
            reading.set()
        assert gc.get_threshold() == before  # the app closing gives them back

    run_with_a_read_under_way(checks, reading)


def test_one_full_collection_once_every_section_is_built(logged_in_app):
    """What building the sections out of sight left is collected in the quiet
    moment after the last one is laid out, not by the next key; again after
    the next log-in."""
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 0
    full: list[bool] = []  # at each full collection: were all sections ready?

    def note(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(app.sections_prepared)

    async def built_then_collected(pilot) -> None:
        for _ in range(1200):
            if app.collected_after_building:
                break
            await asyncio.sleep(0.05)
        assert app.collected_after_building and app.sections_prepared
        assert full and full[-1]

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await built_then_collected(pilot)
            anna = app.current_user
            app.log_out()
            await settle(pilot)
            full.clear()
            app.logged_in(anna, app_settings)
            assert not app.collected_after_building
            await built_then_collected(pilot)

    from models import settings

    app_settings = settings.user_settings(app.start_user.id)
    gc.callbacks.append(note)
    try:
        asyncio.run(scenario())
    finally:
        gc.callbacks.remove(note)


def test_a_kept_screen_filled_out_of_sight_holds_collections_until_it_is_shown(logged_in_app):
    """Between a kept page's read and its push its cards mount out of sight
    while the screen on show is settled: a full collection released then came
    in the key (the session's first community, ~50 ms in three samples of
    five). While a kept screen is coming nothing counts as settled; once it is
    shown and painted, the collection waits no longer."""
    from tests.tui.test_kept_community import built_out_of_sight

    app = logged_in_app("anna")

    async def checks():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            page = await built_out_of_sight(app, pilot)
            # ... and every kept screen after it (the post's is built last):
            # one built during the checks below is work under way.
            for _ in range(300):
                if app.collected_after_building:
                    break
                await asyncio.sleep(0.05)
            assert app.collected_after_building
            await settle(pilot)
            app.PREPARE_GAP = 3600  # the key below came just now, for the rest of the test
            app.note_input()
            app._gc_release.stop()  # the test runs the checks itself
            assert app._settled_now()  # the feed on show: nothing under way
            app.show_when_filled(page)  # asked for, being filled out of sight
            assert app.screen_coming is page
            assert not app._settled_now() and not app.release_if_quiet()
            assert app.collections_held
            app.screen_filled(page)
            await settle(pilot)
            assert app.screen is page and app.screen_coming is None
            assert app._settled_now() and app.release_if_quiet()
            assert not app.collections_held

    asyncio.run(checks())


def test_freed_pages_go_back_to_the_system_after_each_full_collection(monkeypatch):
    """The C allocator is asked to give freed pages back (``malloc_trim(0)``)
    once after every full collection, never after a young one; where the C
    library has no ``malloc_trim`` nothing is installed."""
    asked: list[int] = []
    monkeypatch.setattr(quiet_gc, "_TRIM_INSTALLED", False)
    monkeypatch.setattr(quiet_gc, "_malloc_trim", lambda: asked.append)
    before = list(gc.callbacks)
    try:
        assert quiet_gc.give_back_after_full_collections()
        assert quiet_gc.give_back_after_full_collections()  # once per process
        assert len(gc.callbacks) == len(before) + 1
        gc.collect(0)
        assert asked == []
        gc.collect()
        assert asked == [0]
    finally:
        gc.callbacks[:] = before
    monkeypatch.setattr(quiet_gc, "_TRIM_INSTALLED", False)
    monkeypatch.setattr(quiet_gc, "_malloc_trim", lambda: None)
    assert not quiet_gc.give_back_after_full_collections()
    assert gc.callbacks == before


def test_malloc_trim_is_found_in_glibc_and_only_there():
    """On glibc the real function is found and answers (1: pages given back);
    another C library (musl, macOS) has none, and none is pretended."""
    import platform

    trim = quiet_gc._malloc_trim()
    if platform.libc_ver()[0] == "glibc":
        assert trim is not None and trim(0) in (0, 1)
    else:
        assert trim is None
