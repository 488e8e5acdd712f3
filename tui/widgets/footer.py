"""The key footer of every screen: Textual's ``Footer`` with keys that mount cheaply.

Textual's footer composes its keys again whenever the screen's bindings are
refreshed (every focus change and every screen switch), and each new key then
restyled itself twice: its ``compact`` watcher adds a class on mount, and the
footer's data binding takes it off again, each a restyle of the key. On a
section switch that was the largest single cost after the paint itself. The
keys ``AppFooter`` makes start in the footer's style, so mounting them
restyles nothing; what is shown is exactly what ``Footer`` shows.

Textual also queues one rebuild per bindings signal, three when a screen
comes up; ``AppFooter`` keeps at most one queued (it reads the bindings when
it runs, so the others only repeated it).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class AppFooter(Footer):
    """A ``Footer`` whose keys are born in its style, rebuilt once per refresh."""

    _rebuild_queued = False

    def bindings_changed(self, screen: Screen) -> None:
        # Textual queues one rebuild per bindings signal: a screen coming up
        # sends three (auto-focus, resume, focus), which rebuilt the keys three
        # times. One queued rebuild reads the bindings when it runs, so the
        # others would only repeat it.
        if self._rebuild_queued and self._bindings_ready:
            return
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            self._rebuild_queued = True
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self._rebuild_queued = False
        await super().recompose()

    def compose(self):
        for child in super().compose():
            if isinstance(child, FooterKey) and not child.has_class("-command-palette"):
                # The palette key is not bound to the footer's style: it stays
                # as Textual makes it.
                child.set_reactive(FooterKey.compact, self.compact)
                child.set_class(self.compact, "-compact", update=False)
            yield child
