"""The app's one-line field: an ``Input`` that keeps its text when focused,
and keeps every line of what is pasted into it."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from ..i18n import _


class TextInput(Input):
    """Textual's ``Input`` selects all of its text as it gets the focus (Tab
    into it, a key that focuses it, a form brought back over a new language),
    so the next key typed replaced everything in it: a half-written comment,
    Esc, c, Z, and the comment was "Z"; Tab into Edit profile's city and its
    first letter was the whole city. Here the text stays and the cursor is
    where it was left (at the end of text put in).

    A paste of several lines kept only the first (a pasted paragraph became
    its first line in a comment); here the lines join with a space. A paste
    longer than the field takes was dropped without a word; here it is
    refused with a message, and the clipboard still holds it."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def put(self, text: str) -> None:
        """``text`` in the field, put there by the app (a comment to edit, a
        draft back), the cursor at its end: a value set keeps the cursor where
        it was, and with nothing selected the first key typed went in front."""
        self.value = text
        self.cursor_position = len(text)

    def _on_paste(self, event: events.Paste) -> None:
        if self.password or not event.text:
            return  # Input's own: a password's first line, as typed
        event.prevent_default()
        event.stop()
        text = " ".join(part for part in (line.strip() for line in event.text.splitlines())
                        if part)
        start, end = sorted(self.selection)
        room = self.max_length - (len(self.value) - (end - start)) if self.max_length else None
        if room is not None and len(text) > room:
            self.notify(_("Too long to paste here: this field takes at most {n} characters.")
                        .format(n=self.max_length), severity="warning")
            return
        self.replace(text, start, end)
