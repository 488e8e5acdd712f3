"""The key footer of every screen: Textual's ``Footer`` with keys that mount cheaply.

Textual's footer composes its keys again whenever the screen's bindings are
refreshed (every focus change and every screen switch), and each new key then
restyled itself twice: its ``compact`` watcher adds a class on mount, and the
footer's data binding takes it off again, each a restyle of the key. On a
section switch that was the largest single cost after the paint itself. The
keys ``AppFooter`` makes start in the footer's style, so mounting them
restyles nothing; what is shown is exactly what ``Footer`` shows.

(Skipping the recompose when the keys are unchanged was tried: in a real
terminal, the recompose after a mode switch is what repaints the whole new
screen once Textual's ``delay_update`` batch ends, so it stays.)
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class AppFooter(Footer):
    """A ``Footer`` whose keys are born in its style."""

    def compose(self):
        for child in super().compose():
            if isinstance(child, FooterKey) and not child.has_class("-command-palette"):
                # The palette key is not bound to the footer's style: it stays
                # as Textual makes it.
                child.set_reactive(FooterKey.compact, self.compact)
                child.set_class(self.compact, "-compact", update=False)
            yield child
