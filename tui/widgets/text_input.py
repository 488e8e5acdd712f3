"""The app's one-line field: an ``Input`` that keeps its text when focused."""

from __future__ import annotations

from textual.widgets import Input


class TextInput(Input):
    """Textual's ``Input`` selects all of its text as it gets the focus (Tab
    into it, a key that focuses it, a form brought back over a new language),
    so the next key typed replaced everything in it: a half-written comment,
    Esc, c, Z, and the comment was "Z"; Tab into Edit profile's city and its
    first letter was the whole city. Here the text stays and the cursor is
    where it was left (at the end of text put in)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def put(self, text: str) -> None:
        """``text`` in the field, put there by the app (a comment to edit, a
        draft back), the cursor at its end: a value set keeps the cursor where
        it was, and with nothing selected the first key typed went in front."""
        self.value = text
        self.cursor_position = len(text)
