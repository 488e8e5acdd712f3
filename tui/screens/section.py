"""What every section screen (Feed, Dialogs, … Music) shares, and the restyle
it and the Log in screen skip when it would change nothing."""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Tabs

from ..carry_over import BringBack, Typed, TypedBack, refilled
from ..kept_screens import built_whole
from ..keys import LocalisedBindings


class RestylesOnlyWhenNeeded:
    """Mixed into a ``Screen``: skip Textual's restyle of every node on resume
    when nothing the styles depend on changed since ``note_styles()``.

    Textual restyles every node of a screen each time it is shown, in case the
    app's own classes or stylesheet changed while it was away (the theme, the
    app's focus). The screen notes that state when its nodes are known to be
    styled — as it leaves, or as it is composed — and when it comes back to
    the same state (same stylesheet, app classes and pseudo-classes) the
    restyle would change nothing, so it is skipped. A theme change changes that
    state, so it still restyles. The note is used once.
    """

    _styled_in: tuple | None = None

    def _style_state(self) -> tuple:
        app = self.app
        return app._css_update_count, frozenset(app.classes), app.pseudo_classes

    def note_styles(self) -> None:
        self._styled_in = self._style_state()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (Textual calls the handlers down the MRO).
        styled_in, self._styled_in = self._styled_in, None
        if (
            event.refresh_styles
            and styled_in is not None
            and self._css_update_count == self.app._css_update_count
            and styled_in == self._style_state()
        ):
            event.refresh_styles = False


class BlinksOnlyWhenShown:
    """Mixed into a ``Screen``: the focused field's cursor stops blinking while
    the screen is hidden (another section, or a screen pushed over it) and
    starts again when it is shown.

    Textual pauses a cursor's blink timer only when the field loses focus, and
    a hidden screen keeps its focus: the Log in screen's password field, under
    every section for the whole session, woke the app twice a second.
    """

    def _blinking_field(self):
        focused = self.focused
        return focused if hasattr(focused, "_pause_blink") else None

    def _on_screen_suspend(self) -> None:
        field = self._blinking_field()
        if field is not None and field.is_mounted:
            field._pause_blink()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        field = self._blinking_field()
        if field is not None and field.is_mounted and field.has_focus:
            field._restart_blink()


def closed_before_mount(screen: Screen, selector: str) -> bool:
    """Whether ``screen``'s widgets were gone when its first mount came: the
    app quit, or its person logged out, while it was being built out of sight
    (a section after log-in, a kept page made ready); ``selector`` names one of
    the widgets it composes. Its mount then does nothing: asking for a widget
    raised, and the app closed with a traceback."""
    return not screen.query(selector)


class SectionScreen(TypedBack, BlinksOnlyWhenShown, RestylesOnlyWhenNeeded, LocalisedBindings,
                    Screen):
    """A section's base screen, switched to with F2…F8 (a Textual mode).

    Coming back to a section restyled every node of it: a third of the time
    from F3 to a painted Dialogs section. It notes its styles as it leaves.
    A new language builds it again with what was typed on it: a search, a
    post being written, the tab chosen (``TypedBack``).
    """

    _laid_out_for = None  # the terminal size of this screen's last full layout

    # Built by the app out of sight after log-in (app_session._prepare_next), not shown yet.
    built_out_of_sight = False

    def _on_screen_suspend(self) -> None:
        self.note_styles()

    def carry_over(self) -> BringBack | None:
        """A new language: the new screen of this section gets what is typed here."""
        return refilled(Typed.on(self))

    def _on_screen_resume(self) -> None:
        if self.built_out_of_sight and self.app.screen is self and self.is_mounted:
            self.built_out_of_sight = False
            self.read_again()

    _hidden_layouts = 0  # layouts done out of sight (lay_out_out_of_sight)

    @property
    def laid_out_out_of_sight(self) -> bool:
        """Laid out, and nothing asked for a layout since (a list's rows learn
        their width from the first layout and ask for another: it takes two or
        three to settle), or laid out out of sight often enough."""
        return self._hidden_layouts > 0 and (
            not self._layout_required or self._hidden_layouts >= 4)

    def lay_out_out_of_sight(self, size) -> None:
        """Built out of sight and its data in: lay it out now, at the terminal's
        size, and note its styles (every widget got them as it mounted), so its
        first visit is a built switch: no layout of the whole screen (a list of
        50 people: 0.3–0.8 s) and no restyle of every node on the key."""
        if self.app.screen is self or not built_whole(self):
            return
        self._hidden_layouts += 1
        self._layout_required = False
        self._refresh_layout(size)
        self._laid_out_for = size
        self.note_styles()

    def read_again(self) -> None:
        """Shown for the first time after it was built out of sight: read what
        it shows again, as a first visit would have read it then (live updates
        reach only the section on screen, so what changed since it was built
        is not on it). A section that reads its data on every show, or that
        only ever shows what the person changes, needs nothing here. Redraws
        only what changed: an unchanged list is not built again."""

    def _screen_resized(self, size) -> None:
        """Textual lays a mode's screen out afresh each time it is switched to (a
        third of an F-key between built sections), even at the size it was laid
        out for. Skipped then: a widget that changed while the screen was hidden
        has already told the screen, which lays out what changed on its next
        update, and Textual's resume repaints the screen whole (its footer
        rebuilds only when its keys changed: ``AppFooter``). While the terminal
        has no focus the screen is laid out as before."""
        if (self._laid_out_for == size and self.app.app_focus
                and getattr(self.app, "_showing_built_screen", False)):
            return
        if self.stack_updates and self.is_attached:  # else Textual lays out nothing
            self._laid_out_for = size
        super()._screen_resized(size)

    # The actions of keys.SWITCH_TAB, for a section with tabs that binds them.
    def action_previous_tab(self) -> None:
        self.query_one(Tabs).action_previous_tab()

    def action_next_tab(self) -> None:
        self.query_one(Tabs).action_next_tab()
