"""Typing while the chat has the focus goes into the composer.

The chat's letters are commands (r reply, e edit, d delete …); any other
printable key pressed there is text someone meant to write: it was dropped.
It now moves to the composer, where it is typed, as in the messengers people
know."""

from __future__ import annotations

from textual import events


class TypesIntoComposer:
    """For the chat (``ChatView``): an unbound printable key goes to the
    screen's ``Composer`` (when it takes text)."""

    def _on_key(self, event: events.Key) -> None:
        if not event.is_printable or not event.character:
            return
        if any(event.key in node._bindings.key_to_bindings
               for node in self.ancestors_with_self):  # type: ignore[attr-defined]
            return  # a command of the chat, the screen or the app
        if event.key in self.app._bindings.key_to_bindings:  # type: ignore[attr-defined]
            return
        from .composer import Composer

        found = self.screen.query(Composer)  # type: ignore[attr-defined]
        composer = found.first() if found else None
        if composer is None or not composer.focusable or composer.read_only:
            return
        event.stop()
        event.prevent_default()
        composer.insert(event.character)
        composer.focus()
