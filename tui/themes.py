"""The app's own colour themes, registered at start-up.

"messenger" (dark) is the default: a calm blue primary with enough contrast for
long reading in a terminal; "messenger-light" is its daylight twin. Textual's
built-in themes stay available through the command palette. With ``NO_COLOR``
set, Textual renders everything monochrome whatever the theme.
"""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme

DEFAULT_THEME = "messenger"

MESSENGER_DARK = Theme(
    name="messenger",
    primary="#4C9EEB",
    secondary="#7AA2F7",
    accent="#E0AF68",
    warning="#E0AF68",
    error="#F7768E",
    success="#9ECE6A",
    foreground="#D8DEE9",
    background="#15171C",
    surface="#1D2027",
    panel="#262A33",
    dark=True,
)

MESSENGER_LIGHT = Theme(
    name="messenger-light",
    primary="#1F6FC5",
    secondary="#3D59A1",
    accent="#B15C00",
    warning="#B15C00",
    error="#C0303F",
    success="#2E7D32",
    foreground="#1B1E24",
    background="#F7F8FA",
    surface="#ECEFF4",
    panel="#DDE2EA",
    dark=False,
)


def register_themes(app: App) -> None:
    for theme in (MESSENGER_DARK, MESSENGER_LIGHT):
        app.register_theme(theme)
