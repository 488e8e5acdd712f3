"""What the person had open and typed, carried over a new language (part of
``MessengerApp``).

A new language builds every section again (``SessionMixin.rebuild_sections``):
its screens are composed anew in it, and the old ones went with whatever was
typed on them and every form, page or picker opened over a section. Before
they go, each screen on a section's stack is asked what it holds
(``carry_over``), and answers with a step that brings it back, given the
screen that is on top by then (``BringBack``): the section's own screen fills
the one built anew with what was typed on it; a screen opened over it opens
again on the one brought back before, the way the person opened it — so its
answer reaches that screen (a playlist's new name renames the playlist) —
with what was typed in it (``Typed``, put in once it is shown).

The section on screen comes back at once, from its screen to the top; any
other section when the person next goes to it (``MessengerApp.switch_mode``).
A screen with nothing to carry (a confirmation, help) ends its section's steps:
nothing was typed on it. Log-out forgets what was carried.

Passwords are never carried: a password field typed in comes back empty and
says so under it. A password then lives no longer than the field it was typed
in, even for a section the person does not go back to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from textual.screen import Screen

from .i18n import _
from .kept_screens import still_settling
from .sections import SECTIONS

SETTLE_ROUNDS = 50  # turns of the loop at most a screen brought back waits to settle
SHOWN_WAIT = 5.0  # seconds at most a step waits for the screen it opened (kept: shown once filled)

# A step of the way back: given the screen on top now, bring one screen back;
# returns it (pushed, or coming: ``Later``), None if it could not come back.
BringBack = Callable[[Screen], "Screen | Later | None"]


@dataclass(frozen=True)
class Typed:
    """What a screen holds that the person made: the text of every field and
    the attachments of every chips bar by the widget's id, the tab chosen in
    each tab strip, and the field with the focus. ``dropped``: password fields
    that held text (not carried). ``more``: what else the screen itself says
    the person made (its ``more_typed()``, put back by its ``put_more_typed``:
    the people picked for a group, the folder a file picker was in)."""

    texts: Mapping[str, str] = field(default_factory=dict)
    chips: Mapping[str, tuple] = field(default_factory=dict)
    tabs: Mapping[str, str] = field(default_factory=dict)
    focused: str | None = None
    dropped: tuple[str, ...] = ()
    more: object = None

    @classmethod
    def on(cls, screen: Screen) -> Typed:
        # Imported here: the app imports this module before log-in, and the
        # widgets come with the first section.
        from textual.widgets import Input, TabbedContent, Tabs, TextArea

        from .widgets.attachment_chips import AttachmentChips

        texts: dict[str, str] = {}
        dropped: list[str] = []
        for area in screen.query(TextArea):
            if area.id:
                texts[area.id] = area.text
        for box in screen.query(Input):
            if not box.id:
                continue
            if box.password:
                if box.value:
                    dropped.append(box.id)
            else:
                texts[box.id] = box.value
        chips = {bar.id: tuple(bar.entries) for bar in screen.query(AttachmentChips)
                 if bar.id and bar.entries}
        # (a TabbedContent's own strip of tabs has no id: the TabbedContent says it)
        tabs = {strip.id: strip.active for strip in screen.query("TabbedContent, Tabs")
                if isinstance(strip, TabbedContent | Tabs) and strip.id and strip.active}
        focused = screen.focused.id if screen.focused is not None else None
        more = getattr(screen, "more_typed", lambda: None)()
        return cls(texts, chips, tabs, focused, tuple(dropped), more)

    def put_into(self, screen: Screen) -> None:
        """Into ``screen``, a new one of the same kind (its widgets have the same
        ids), once it has done what it does as it is shown (a tab strip shows its
        first tab, a list focused shows its tab): all but the focus."""
        from textual.widgets import Input, TabbedContent, Tabs, TextArea

        from .widgets.attachment_chips import AttachmentChips
        from .widgets.field_message import FieldMessage

        for field_id, text in self.texts.items():
            for found in screen.query(f"#{field_id}"):
                if isinstance(found, TextArea) and found.text != text:
                    found.load_text(text)
                    found.move_cursor(found.document.end)
                elif isinstance(found, Input) and found.value != text:
                    found.value = text
                    found.cursor_position = len(text)
        for bar_id, entries in self.chips.items():
            for bar in screen.query(f"#{bar_id}").results(AttachmentChips):
                bar.set_entries(list(entries))
        if self.more is not None:
            screen.put_more_typed(self.more)  # type: ignore[attr-defined]
        for field_id in self.dropped:
            said = _("Type it again: a password is not kept when the language changes.")
            notes = list(screen.query(f"#{field_id}-error").results(FieldMessage))
            if notes:
                notes[0].update(said)
            else:
                screen.notify(said, severity="warning", markup=False)
        for strip_id, active in self.tabs.items():
            for strip in screen.query(f"#{strip_id}"):
                if isinstance(strip, TabbedContent | Tabs) and strip.active != active:
                    strip.active = active

    def focus_in(self, screen: Screen) -> None:
        """The focus back on the field that had it (a password field emptied
        first), after what the screen does for a tab shown or a field filled:
        ``focus()`` waits its turn as theirs does."""
        wanted = self.dropped[0] if self.dropped else self.focused
        for found in screen.query(f"#{wanted}") if wanted else ():
            if found.focusable:
                found.focus()
                return


class TypedBack:
    """Mixed into a screen that comes back over a new language: ``typed_back``
    is what was typed on the one it replaces, put in by ``put_typed_back``
    once it is shown (a screen that fills its fields later, from the
    database, puts it in then, and gives the focus back itself)."""

    typed_back: Typed | None = None

    def put_typed_back(self) -> Typed | None:
        """Put in what was typed; returns it, for its focus (``Typed.focus_in``)."""
        typed, self.typed_back = self.typed_back, None
        if typed is not None:
            typed.put_into(self)  # type: ignore[arg-type]
        return typed


class Reopens(TypedBack):
    """Mixed into a screen opened over a section that a new language opens
    again, with what was typed on it, the way it was opened this time:
    ``reopen_with``, set by whoever opened it (``reopens``)."""

    reopen_with: Callable[[Screen], object] | None = None
    # Pushed once what it shows is read (a worker), not by the opener itself.
    REOPENED_LATER = False

    def carry_over(self) -> BringBack | None:
        if self.reopen_with is None:
            return None
        return reopened(self.reopen_with, Typed.on(self),  # type: ignore[arg-type]
                        later=type(self) if self.REOPENED_LATER else None)  # type: ignore[arg-type]


S = TypeVar("S", bound=Screen)


def reopens(screen: S, opener: Callable[[Screen], object]) -> S:
    """``screen`` (a ``Reopens``), to be opened again over a new language by
    ``opener``, called with the screen that will be under it then (the new one
    in place of the one opening it now: ``MyProfileScreen.action_edit``)."""
    screen.reopen_with = opener  # type: ignore[attr-defined]
    return screen


def refilled(typed: Typed) -> BringBack:
    """The step of a section's screen: the new one gets ``typed``."""
    return partial(_typed_into, typed)


def _typed_into(typed: Typed, screen: Screen) -> Screen:
    screen.typed_back = typed  # type: ignore[attr-defined]
    return screen


def reopened(opener: Callable[[Screen], object], typed: Typed | None = None, *,
             later: type[Screen] | None = None) -> BringBack:
    """The step that opens a screen again with ``opener`` (called with the
    screen that will be under it: its own action, so the answer reaches it)
    and hands it ``typed``. ``later``: the kind of screen the opener pushes
    once it has read what it shows (a worker), not at once."""
    return partial(_reopen, opener, typed, later)


@dataclass(frozen=True)
class Later:
    """A screen of ``kind`` still to be pushed, to get ``typed``."""

    kind: type[Screen]
    typed: Typed | None


def _reopen(opener: Callable[[Screen], object], typed: Typed | None,
            later: type[Screen] | None, below: Screen) -> Screen | Later | None:
    app = below.app
    opener(below)
    opened = app.screen_coming or (app.screen if app.screen is not below else None)
    if opened is None:
        return Later(later, typed) if later is not None else None
    opened.typed_back = typed
    return opened


def app_opens(method: str, *args: object) -> Callable[[Screen], None]:
    """An opener for ``reopened``: the app's ``method`` (``open_community``…)
    with ``args``: a page that answers nobody."""
    return partial(_app_opens, method, args)


def _app_opens(method: str, args: tuple, below: Screen) -> None:
    getattr(below.app, method)(*args)


def carried_steps(stack: list[Screen]) -> list[BringBack]:
    """The steps that bring a section's stack back, from its screen up; they
    end at the first screen with nothing to carry."""
    steps = []
    for screen in stack:
        carry_over = getattr(screen, "carry_over", None)
        step = carry_over() if carry_over is not None else None
        if step is None:
            break
        steps.append(step)
    return steps


class CarryOverMixin:
    """Mixed into ``MessengerApp``: the steps carried for each section, and
    their running once it is shown."""

    def _carried(self) -> dict[str, list[BringBack]]:
        carried = self.__dict__.get("_carried_steps")
        if carried is None:
            carried = self.__dict__["_carried_steps"] = {}
        return carried

    def carry_over_sections(self) -> None:
        """Before every section is built again: each one's steps back. A
        section not gone back to since the last new language keeps the steps
        carried then (its screen built since holds nothing typed)."""
        carried = self._carried()
        for mode, stack in self._screen_stacks.items():  # type: ignore[attr-defined]
            if mode in SECTIONS and mode not in carried:
                carried[mode] = carried_steps(stack)

    def forget_carried(self) -> None:
        """Log-out: nothing of this person's comes back."""
        self._carried().clear()

    def bring_back(self, mode: str) -> None:
        """``mode`` is the section shown now: what was carried for it comes back."""
        steps = self._carried().pop(mode, None)
        if steps:
            self.run_worker(  # type: ignore[attr-defined]
                self._bring_back(self._screen_stacks[mode][0], steps),  # type: ignore[attr-defined]
                group="carry-over", description=f"bring back {mode}")

    async def _bring_back(self, top: Screen, steps: list[BringBack]) -> None:
        """Each step on the screen on top, once it has settled; the screen it
        opens, once shown and settled, gets what was typed on it, then the
        focus. Ends where the person went elsewhere meanwhile."""
        for step in steps:
            if not await self._settled_on_top(top):
                return
            shown = await self._shown_over(top, step(top))
            if shown is None or not await self._settled_on_top(shown):
                return
            typed = getattr(shown, "put_typed_back", lambda: None)()
            if typed is not None and await self._settled_on_top(shown):
                typed.focus_in(shown)
            top = shown

    async def _settled_on_top(self, screen: Screen) -> bool:
        """Wait until ``screen``, on top, is mounted and it, its widgets and
        the app have handled what came meanwhile (a focus its mounting asked
        for: in a tab, it shows that tab); whether it is still on top."""
        try:
            await asyncio.wait_for(screen._mounted_event.wait(), SHOWN_WAIT)
        except TimeoutError:
            return False
        for _round in range(SETTLE_ROUNDS):
            if screen is not self.screen:  # type: ignore[attr-defined]
                return False
            if not (still_settling(screen) or self._message_queue.qsize()  # type: ignore[attr-defined]
                    or self._next_callbacks):  # type: ignore[attr-defined]
                break
            await asyncio.sleep(0)
        return screen is self.screen  # type: ignore[attr-defined]

    async def _shown_over(self, below: Screen, opened: Screen | Later | None) -> Screen | None:
        """The screen a step opened, once it is on top: at once when it was
        pushed, else when the next screen shown is it (a kept screen shown once
        filled) or of its kind (``Later``); None if another one is, or none
        within ``SHOWN_WAIT``."""
        if opened is None or opened is self.screen:  # type: ignore[attr-defined]
            return opened if isinstance(opened, Screen) else None
        shown: asyncio.Future[Screen | None] = asyncio.get_running_loop().create_future()

        def changed(now: Screen) -> None:
            self.screen_change_signal.unsubscribe(below)  # type: ignore[attr-defined]
            wanted = now is opened or isinstance(opened, Later) and isinstance(now, opened.kind)
            if wanted and isinstance(opened, Later):
                now.typed_back = opened.typed  # type: ignore[attr-defined]
            if not shown.done():
                shown.set_result(now if wanted else None)

        self.screen_change_signal.subscribe(below, changed, immediate=True)  # type: ignore[attr-defined]
        try:
            return await asyncio.wait_for(shown, SHOWN_WAIT)
        except TimeoutError:
            self.screen_change_signal.unsubscribe(below)  # type: ignore[attr-defined]
            return None
