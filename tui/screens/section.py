"""What every section screen (Feed, Dialogs, … Music) shares."""

from __future__ import annotations

from textual import events
from textual.screen import Screen

from ..keys import LocalisedBindings


class SectionScreen(LocalisedBindings, Screen):
    """A section's base screen, switched to with F2…F8 (a Textual mode).

    Textual restyles every node of a screen each time it is switched back to,
    in case the app's own classes changed while it was away (the theme, the
    app's focus). That was a third of the time from F3 to a painted Dialogs
    section. Here the state the styles depend on is noted when the screen
    leaves, and the restyle is skipped when it comes back unchanged: same
    stylesheet, same app classes and pseudo-classes. A theme change still
    restyles (it changes both).
    """

    _left_in: tuple | None = None

    def _style_state(self) -> tuple:
        app = self.app
        return app._css_update_count, frozenset(app.classes), app.pseudo_classes

    def _on_screen_suspend(self) -> None:
        self._left_in = self._style_state()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (Textual calls the handlers down the MRO).
        if (
            event.refresh_styles
            and self._left_in is not None
            and self._css_update_count == self.app._css_update_count
            and self._left_in == self._style_state()
        ):
            event.refresh_styles = False
