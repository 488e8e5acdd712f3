"""A tab strip's resize that comes after its parts are gone.

Textual 8.2.8's ``Tabs._on_resize`` looks up the strip's ``Underline`` and
raises ``NoMatches`` when it is no longer there. A section built out of sight
(``app_session._prepare_section``) is laid out while the person uses another
one, so its tab strips (Friends, Music) can be sent a ``Resize`` that is
handled only after the app started closing or logging out and removed them
(seen once under load at the end of a test: the app stopped on the error).
A strip without its underline has nothing to move: the resize is ignored.
"""

from __future__ import annotations

from textual.widgets import Tabs
from textual.widgets._tabs import Underline

_original = Tabs._on_resize


def _on_resize(self) -> None:
    if not self.query(Underline):
        return  # being removed (or not composed yet): nothing to highlight
    _original(self)


def install() -> None:
    if Tabs._on_resize is not _on_resize:
        Tabs._on_resize = _on_resize
