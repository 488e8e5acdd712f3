"""What the highlighted line opens, made ready while the cursor rests on it
(part of ``MessengerApp``; issue 17, every key painted within 50 ms).

A kept screen (``tui/kept_screens.py``) is refilled on its key: the person's
card and first posts read in a worker, the cards refilled, the screen laid out
out of sight, then shown. On the shared 2-core machine that was 40–85 ms of the
key that opens a post's author from the feed, where the frame alone is 20–35.
A person reads a post before they open its author: once the cursor has rested
on a line for ``READY_AFTER`` seconds, the kept screen its key opens is filled
for it out of sight, as the key would fill it, laid out and drawn there
(``ready_soon``; each widget keeps the lines it drew). The key then only shows
it (``show_ready``): about 10 ms. The lines that do so: a post in the feed
(its page with the comments, then its author's profile), a person in People
and in Friends (their profile), a community in Communities (its page, its
post box showing that community's draft). Nothing is read on the UI thread,
and nothing is marked read or seen, or watched live, until it is shown.

What a screen made ready shows is as fresh as the moment it was filled: shown
within ``READY_FOR`` seconds it is shown as it is, and read again at once
behind the frame if it was filled more than ``READ_AGAIN_AFTER`` seconds
before (``shown_ready``: what changed is put on it in place); later, the key
refills it as before. A person's new name, and a post written, changed or
deleted, reach it out of sight as they reach the sections (``_tell_screens``,
``post_lists_on_stacks``). A key that comes while it is still being filled
takes the usual way: the screen is refilled for what the key names. A read
that fails while the cursor only rests says nothing (``making_ready``): the
key reads again and says why.

Moving the cursor on starts the rest again; a rest on the line already made
ready reads nothing. The cost of a rest is one worker's read and, on the UI
thread, the refill, one layout and one drawing out of sight, each its own
turn of the loop of a few milliseconds: a key that comes meanwhile waits at
most for one of them. No timer is left once it is done.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable
from functools import partial

from textual.screen import Screen

from .kept_screens import asks_layout, lay_out_out_of_sight, render_out_of_sight, settled

READY_AFTER = 0.3  # seconds the cursor rests on a line before what it opens is made ready
READY_FOR = 30.0  # seconds a screen made ready is shown as it is on its key
READ_AGAIN_AFTER = 1.0  # seconds after which a screen made ready is read again as shown
NEXT_AFTER = 0.01  # seconds between two screens made ready for one line
READY_TRIES = 20  # rests looked at again while the screen is not built yet (after log-in)

# What a line opens: the kept screen's name, what it is to show (a person's
# id), and how it is filled for it.
Wanted = tuple[str, Hashable, Callable[[Screen], None]]


def profile_wanted(app, user_id: int | None) -> list[Wanted]:  # type: ignore[no-untyped-def]
    """Someone's profile, as ``ready_soon`` takes it: none for myself (the
    Profile section, no kept screen) or for nobody."""
    me = app.current_user
    if user_id is None or me is None or user_id == me.id:
        return []
    return [("user-profile", user_id, lambda screen: screen.show_person(user_id))]


class ReadyAheadMixin:
    """Mixed into ``MessengerApp`` before ``KeptScreensMixin``."""

    def _made_ready(self) -> dict[str, tuple[Hashable, float, object]]:
        """Per kept screen's name: what it was made ready for, when, at which size."""
        ready = self.__dict__.get("_ready_for")
        if ready is None:
            ready = self.__dict__["_ready_for"] = {}
        return ready

    def ready_soon(self, *wanted: Wanted) -> None:
        """The cursor came to a line whose keys open these kept screens (each
        ``(name, target, refill)``: ``refill`` fills it for ``target``): made
        ready in turn once the cursor has rested there ``READY_AFTER``
        seconds, but the ones ready for it already."""
        self._stop_ready_timer()
        ready = self._made_ready()
        wanted = tuple(want for want in wanted if ready.get(want[0], (None,))[0] != want[1])
        if wanted:
            self._ready_later(wanted, self.screen, READY_AFTER)  # type: ignore[attr-defined]

    def _ready_later(self, wanted: tuple[Wanted, ...], rested_on: Screen, delay: float,
                     tries: int = READY_TRIES) -> None:
        self.__dict__["_ready_timer"] = self.set_timer(  # type: ignore[attr-defined]
            delay, partial(self._ready_now, wanted, rested_on, tries))

    def _stop_ready_timer(self) -> None:
        timer = self.__dict__.pop("_ready_timer", None)
        if timer is not None:
            timer.stop()

    def _ready_now(self, wanted: tuple[Wanted, ...], rested_on: Screen, tries: int) -> None:
        self.__dict__.pop("_ready_timer", None)
        stack = self.screen_stack  # type: ignore[attr-defined]
        if not stack or stack[-1] is not rested_on or self.screen_coming is not None:  # type: ignore[attr-defined]
            return  # the person went on meanwhile (or the app is closing)
        (name, target, refill), rest = wanted[0], wanted[1:]
        screen = self.kept_screen(name)  # type: ignore[attr-defined]
        if screen is None and name not in self._kept_screens() and tries > 1:  # type: ignore[attr-defined]
            # Not built yet (built out of sight after log-in): once it is.
            self._ready_later(wanted, rested_on, READY_AFTER, tries - 1)
            return
        if screen is not None and tries > 1 and any(
                worker.node is screen and not worker.is_finished for worker in self.workers):  # type: ignore[attr-defined]
            # A read of its own still under way (filled after log-in, shown
            # and left): its answer would mark the screen filled before ours.
            self._ready_later(wanted, rested_on, READY_AFTER, tries - 1)
            return
        if screen is None or getattr(screen, "filling", False):
            if rest:  # shown (on a stack), or being filled for a key: the next one
                self._ready_later(rest, rested_on, NEXT_AFTER)
            return
        self._made_ready().pop(name, None)
        self.__dict__["_readying"] = (name, screen, target, rest, rested_on)
        refill(screen)

    def screen_filled(self, screen: Screen) -> None:
        """A screen being made ready is ready: laid out and drawn out of sight."""
        readying = self.__dict__.get("_readying")
        if readying is None or readying[1] is not screen:
            super().screen_filled(screen)  # type: ignore[misc]
            return
        self.call_next(self._drawn_ready, screen)  # type: ignore[attr-defined]

    async def _drawn_ready(self, screen: Screen) -> None:
        """Once its widgets have handled their refill (as ``_push_settled``
        waits), the screen made ready is laid out and drawn out of sight: its
        key then only composes its lines."""
        await settled(screen)
        readying = self.__dict__.get("_readying")
        if readying is None or readying[1] is not screen:
            return  # a key came meanwhile: refilled as before
        size = self.size  # type: ignore[attr-defined]
        lay_out_out_of_sight(screen, size)
        await asyncio.sleep(0)  # a key that came meanwhile goes first: each step is a few ms
        await settled(screen)  # and what the layout sent the widgets is handled
        if self.__dict__.get("_readying") is not readying:
            return
        del self.__dict__["_readying"]
        name, _screen, target, rest, rested_on = readying
        if size != self.size:  # type: ignore[attr-defined]
            return  # the terminal resized meanwhile: refilled on its key, as before
        render_out_of_sight(screen, size, laid_out=not asks_layout(screen))
        self._made_ready()[name] = (target, time.monotonic(), size)
        if rest:  # the next screen the line opens, in a moment of its own
            self._ready_later(rest, rested_on, NEXT_AFTER)

    def making_ready(self, screen: Screen) -> bool:
        """Whether ``screen`` is being filled out of sight for a rest: a read
        that fails then says nothing (the person only rested the cursor); the
        key reads again and says why."""
        readying = self.__dict__.get("_readying")
        return readying is not None and readying[1] is screen

    def show_ready(self, name: str, screen: Screen, target: Hashable,
                   callback: Callable | None = None) -> bool:
        """Show ``screen`` (kept as ``name``) at once if it was made ready for
        ``target`` lately; returns whether it was. Else it is no longer ready
        for anything: the caller refills it."""
        readying = self.__dict__.get("_readying")
        if readying is not None and readying[0] == name:
            del self.__dict__["_readying"]  # still being read: refilled as before
            return False
        ready = self._made_ready().pop(name, None)
        if target is None or ready is None or ready[0] != target:
            return False
        age = time.monotonic() - ready[1]
        if age > READY_FOR:
            return False
        if ready[2] != self.size or asks_layout(screen):  # type: ignore[attr-defined]
            lay_out_out_of_sight(screen, self.size)  # type: ignore[attr-defined]
        screen.shown_ready(age > READ_AGAIN_AFTER)  # type: ignore[attr-defined]
        self._push_painted(screen, callback)  # type: ignore[attr-defined]
        return True

    def drop_ready(self) -> None:
        """Nothing made ready, nor being made or waiting for a rest to end."""
        self._stop_ready_timer()
        self.__dict__.pop("_readying", None)
        self._made_ready().clear()

    def drop_kept_screens(self) -> None:
        self.drop_ready()
        super().drop_kept_screens()  # type: ignore[misc]

    def ready_screens(self) -> list[Screen]:
        """The kept screens made ready and not shown: told what every screen is."""
        kept = self._kept_screens()  # type: ignore[attr-defined]
        return [kept[name] for name in self._made_ready() if name in kept]
