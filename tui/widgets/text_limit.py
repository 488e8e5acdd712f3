"""A text area that holds at most so many characters, saying so when a paste would pass it."""

from __future__ import annotations

from ..i18n import _


class HoldsAtMost:
    """Mixed into a ``TextArea`` (before it): a paste (or a key) that would make
    its text longer than ``max_length`` is refused whole and says so, as a
    one-line field does (``TextInput``); the text it held stays as it was, and
    the clipboard still holds the paste. A box whose text is kept as a draft
    holds what the draft can keep: 300 000 characters pasted into a chat's
    composer could not be written as its draft, and were gone after a restart."""

    max_length: int | None = None  # None: no bound

    def _replace_via_keyboard(self, insert: str, start, end):  # type: ignore[no-untyped-def]
        limit = self.max_length
        if limit is not None and insert:
            replaced = len(self.get_text_range(*sorted((start, end))))  # type: ignore[attr-defined]
            if len(self.text) - replaced + len(insert) > limit:  # type: ignore[attr-defined]
                self.notify(  # type: ignore[attr-defined]
                    _("Too long to paste here: this field takes at most {n} characters.")
                    .format(n=limit), severity="warning")
                return None
        return super()._replace_via_keyboard(insert, start, end)  # type: ignore[misc]
