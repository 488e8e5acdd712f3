"""Pasted text is cleaned before any field sees it.

A bracketed paste hands the app the clipboard as it is: copied from a web
page or a log it may hold ESC sequences (``ESC ]2;…`` retitles the terminal,
``ESC [2J`` clears it), NUL or bidi controls, and a text field draws what it
holds straight to the terminal. So the app cleans every paste as it cleans
stored text (``models.text.clean_text``: newlines kept, the rest of the
controls removed) before forwarding it to the focused widget.
"""

from __future__ import annotations

from textual import events

from models.text import clean_text


class CleanPasteMixin:
    """``MessengerApp`` mixes this in (before ``App``)."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = clean_text(event.text)
        await super().on_event(event)  # type: ignore[misc]
