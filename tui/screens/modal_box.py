"""A dialog box over the current screen, with its own keys in the footer.

A ``ModalScreen`` leaves the screen it was opened over in view, dimmed, and
that screen's footer with it: under New post the footer went on offering the
Feed's l Like and d Delete (typed, they go into the post), under a
confirmation the comment list's keys, while the box's own keys (Ctrl+S
Publish, y Yes, Esc Cancel) were nowhere. Every box is a ``ModalBox``: it
adds an ``AppFooter`` of its own to what it composes, docked over the one
behind, and lists F1 Help last in it as every screen does (the app's F1
reaches a box, but a modal screen's footer lists only the box's bindings).

The footer's keys are made as the box is composed, not after its first frame
as a section's are (``AppFooter(keys_when_composed=True)``): a box opens with
its keys in its first frame and is laid out once, whatever its footer holds.
And a box is styled once as it opens: Textual styles each widget as it is
mounted and then every node again as the screen is shown, which for a box
just mounted changes nothing (``RestyledOnlyWhenChanged``: half the
stylings of a reaction picker's opening, footer included, 37-44 to 20-24,
1-3 ms on the shared machine); nor is it restyled when a box over it closes.
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding, BindingsMap
from textual.screen import ModalScreen
from textual.widget import Widget

from ..kept_screens import RestyledOnlyWhenChanged
from ..keys import LocalisedBindings
from ..widgets.footer import AppFooter
from .section import RestylesOnlyWhenNeeded

ResultType = TypeVar("ResultType")

HELP = Binding("f1", "app.help", "Help", id="box.help")
# The app's Ctrl+F (the global search) stops at a modal screen, as every app
# key does that is not a priority binding (F1…F8 are): in New post, New
# dialog, a confirmation, help or the command palette it did nothing. Each
# box binds it to the app's action (which closes help and the palette first),
# not in its footer (as the app's own is not); a box that binds Ctrl+F itself
# keeps its own.
SEARCH = Binding("ctrl+f", "app.search_everything", "Search everything", show=False,
                 id="box.search")
APP_KEYS = (HELP, SEARCH)  # the app's keys a box binds: help lists them as the app's


class KeysInFooter:
    """Mixed into a modal screen (before the Textual class): a footer of its
    own keys, F1 Help last unless it binds F1 itself (the help), and Ctrl+F
    the global search. Also the command palette's (``tui/palette.py``),
    Textual's own box."""

    @classmethod
    def _merge_bindings(cls) -> BindingsMap:
        # Textual merges a class's bindings once, base classes' first: F1 put
        # in BINDINGS here would lead the footer. Added after them, it ends it.
        merged = super()._merge_bindings()  # type: ignore[misc]
        for binding in APP_KEYS:
            merged.key_to_bindings.setdefault(binding.key, [binding])
        return merged

    def _extend_compose(self, widgets: list[Widget]) -> None:
        super()._extend_compose(widgets)  # type: ignore[misc]  # Textual's: toasts, tooltip
        widgets.append(AppFooter(keys_when_composed=True))


class ModalBox(KeysInFooter, RestyledOnlyWhenChanged, RestylesOnlyWhenNeeded, LocalisedBindings,
               ModalScreen[ResultType]):
    """A ``ModalScreen`` whose footer shows its own keys, styled once as it opens."""

    def _on_mount(self, event) -> None:  # type: ignore[no-untyped-def]
        # Styled by the stylesheet of now as it mounted (RestyledOnlyWhenChanged
        # notes the rest of the state the styles depend on).
        self._css_update_count = self.app._css_update_count
