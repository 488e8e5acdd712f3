"""Times said in words ("just now", "5 min ago", "3 h ago", "yesterday") kept
true while they are shown (part of ``MessengerApp``).

They were drawn once: the Feed said "1 min ago" of a post eight minutes old,
My profile and a post's comments the same, and the dialog list until it was
read again. A widget that says such times registers while it is mounted
(``shows_times``) and answers two questions:

- ``next_time_change(now)``: when the first of its times reads otherwise
  (``formatting.relative_time_changes``), or None;
- ``show_times_again(now)``: draw again what reads otherwise now (a card, a
  comment, a row), nothing else.

The app keeps one timer for the screen shown: it wakes when a time shown there
reads otherwise — at the turn of a minute while something says "5 min ago",
of an hour while the newest says "3 h ago", never while every time is a date —
redraws what changed and sets the next wake. A screen out of sight wakes
nothing (nor one under a dialog box, until the box closes); shown again
(``screen_change_signal``), what changed meanwhile is redrawn first. A widget that puts new times on the screen shown (a page of
posts, a post just written, a message or a comment arrived) says so
(``times_shown``): the next wake may come sooner. An idle app stays under
0.5 % of a core (issue 17): the timer wakes at most once a minute.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from datetime import datetime

from textual.timer import Timer
from textual.widget import Widget

from models import clock

from .formatting import relative_time, relative_time_changes

# A wake comes this long after the time it is for (Textual's timers may fire
# a little early) and never sooner than WAKE_AT_LEAST after the last: under a
# frozen test clock, a time about to read otherwise stays about to.
WAKE_LATE = 0.05  # seconds
WAKE_AT_LEAST = 1.0  # seconds

_SHOWING: weakref.WeakSet[Widget] = weakref.WeakSet()


def shows_times(widget: Widget) -> None:
    """``widget`` says times in words from now on (see the module docstring)."""
    _SHOWING.add(widget)


def times_shown(widget: Widget) -> None:
    """``widget`` put times on the screen: the app's next wake may come sooner."""
    keeper = getattr(widget.app, "times_shown", None)
    if keeper is not None:
        keeper(widget)


def words(moments: Iterable[datetime | None], now: datetime | None = None) -> tuple[str, ...]:
    """What ``moments`` read as now (``formatting.relative_time``)."""
    now = now or clock.now()
    return tuple(relative_time(moment, now) for moment in moments)


def first_change(moments: Iterable[datetime | None], now: datetime) -> datetime | None:
    """When the first of ``moments`` reads otherwise, or None."""
    return min((when for moment in moments
                if (when := relative_time_changes(moment, now)) is not None), default=None)


class TimesInWordsMixin:
    """Mixed into ``MessengerApp``: the timer of the screen shown."""

    _times_timer: Timer | None = None
    _times_due: datetime | None = None  # what the timer wakes for

    def _keep_times_true(self) -> None:
        """On mount: each screen shown redraws its times that changed meanwhile."""
        self.screen_change_signal.subscribe(self, self._times_on_new_screen)  # type: ignore[attr-defined]

    def _times_on_new_screen(self, _screen=None) -> None:  # type: ignore[no-untyped-def]
        self.redraw_times()

    def _shown_screen(self):  # type: ignore[no-untyped-def]
        """The screen on top of the current mode's stack; None between modes
        (a log-out, the app closing)."""
        stack = self._screen_stacks.get(self._current_mode)  # type: ignore[attr-defined]
        return stack[-1] if stack else None

    def _showing_here(self) -> list[Widget]:
        """The widgets saying times on the screen shown."""
        screen = self._shown_screen()
        return [widget for widget in list(_SHOWING)
                if screen is not None and widget.is_attached and widget.screen is screen]

    def redraw_times(self) -> None:
        """What the screen shown says of a time, as it reads now; then the next wake."""
        now = clock.now()
        for widget in self._showing_here():
            widget.show_times_again(now)  # type: ignore[attr-defined]
        self._wake_for(now)

    def times_shown(self, widget: Widget) -> None:
        """``widget`` drew times: the next wake, if it is on the screen shown and
        one of them reads otherwise before the wake set."""
        screen = self._shown_screen()
        if screen is not None and widget.is_attached and widget.screen is screen:
            self._wake_for(clock.now())

    def _wake_for(self, now: datetime) -> None:
        due = min((when for widget in self._showing_here()
                   if (when := widget.next_time_change(now)) is not None),  # type: ignore[attr-defined]
                  default=None)
        timer = self._times_timer
        if due == self._times_due and timer is not None:
            return
        if timer is not None:
            timer.stop()
        self._times_timer, self._times_due = None, due
        if due is not None:
            delay = max((due - now).total_seconds() + WAKE_LATE, WAKE_AT_LEAST)
            self._times_timer = self.set_timer(delay, self._times_woke)  # type: ignore[attr-defined]

    def _times_woke(self) -> None:
        self._times_timer, self._times_due = None, None
        self.redraw_times()
