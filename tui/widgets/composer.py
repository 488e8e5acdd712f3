"""The message composer: a text area where Enter sends and ctrl+j / alt+enter add a line.

Shift+enter reaches few terminals as anything but Enter, so the new-line key is
ctrl+j (the terminal's line feed, which Textual reports as ``ctrl+j``) or
alt+enter (ESC then CR). The composer never clears itself: its screen clears
it once the message is safely handed over, so nothing typed is ever lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from tui.keys import LocalisedBindings
from tui.mentions import completions, word_being_typed

from .text_limit import HoldsAtMost


class Composer(HoldsAtMost, LocalisedBindings, TextArea):
    """Where a message (or a post) is written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+j,alt+enter", "newline", "New line", id="composer.newline"),
        # Only after "@" (else Tab moves the focus on, as in every field).
        Binding("tab", "complete_mention", "Complete @login", show=False,
                id="composer.complete_mention"),
    ]

    DEFAULT_CSS = """
    Composer {
        height: auto;
        min-height: 3;
        max-height: 10;
        border: round $primary 50%;
    }
    Composer:focus { border: round $primary; }
    """

    class Submitted(Message):
        """Enter was pressed: ``text`` is what the person wrote (unchanged)."""

        def __init__(self, composer: Composer, text: str) -> None:
            super().__init__()
            self.composer = composer
            self.text = text

        @property
        def control(self) -> Composer:
            return self.composer

    class EditLastRequested(Message):
        """Up was pressed in an empty composer: edit my last message."""

    class Cancelled(Message):
        """Escape was pressed while replying or editing."""

    class Typed(Message):
        """The person changed the text (a key, a paste, undo) — not the app
        filling or emptying it (``set_text``, ``load_text``, ``clear``)."""

    def __init__(self, *, placeholder: str = "", id: str | None = None,
                 cancellable: bool = False) -> None:
        super().__init__(
            "",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
            id=id,
        )
        self.cancellable = cancellable
        self._had_text = False
        # Who "@" completes to (a group's members); empty: Tab only moves the focus.
        self.mention_logins: list[str] = []
        # Called once when an "@" is first in the text (the group's members are
        # read then, not as the chat opens); None: nothing to ask for.
        self.wants_mentions: Callable[[], None] | None = None
        self.in_group = False  # Tab after an "@word" stays in the field, members read or not
        self._completing: tuple[tuple[int, int], list[str], int] | None = None
        self._filling = False

    async def _on_key(self, event: events.Key) -> None:
        if event.key != "tab":
            self._completing = None  # a Tab after anything else starts a new completion
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if event.key == "up" and not self.text:
            event.stop()
            event.prevent_default()
            self.post_message(self.EditLastRequested())
            return
        if event.key == "escape" and self.cancellable:
            event.stop()
            event.prevent_default()
            self.post_message(self.Cancelled())
            return
        await super()._on_key(event)

    def get_content_height(self, container, viewport, width: int) -> int:
        """Tall enough for the whole placeholder while empty: in a narrow pane it
        wraps, and a one-line composer cut it after "ctrl+j —"."""
        height = super().get_content_height(container, viewport, width)
        if not self.text and self.placeholder and width > 0:  # no room at all: a tiny terminal
            height = max(height, len(Content.from_text(self.placeholder).wrap(width)))
        return height

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.wants_mentions is not None and "@" in self.text:
            asked, self.wants_mentions = self.wants_mentions, None
            asked()
        if bool(self.text) != self._had_text:
            self._had_text = bool(self.text)
            self.refresh(layout=True)  # the placeholder's lines come or go

    def watch_placeholder(self) -> None:
        self.refresh(layout=True)

    def action_complete_mention(self) -> None:
        """Tab after "@an": "@anna " from the members; Tab again: the next match."""
        row, column = self.cursor_location
        if self._completing is not None and self._completing[0][0] == row:
            start, matches, index = self._completing
            index = (index + 1) % len(matches)
        else:
            prefix = word_being_typed(self.document.get_line(row)[:column])
            matches = completions(prefix, self.mention_logins) if prefix is not None else []
            if not matches:
                if prefix is not None and (self.mention_logins or self.in_group):
                    self.app.bell()  # an @word no member's login starts with: stay here
                    return
                raise SkipAction()  # no @word: Tab moves the focus
            start, index = (row, column - len(prefix) - 1), 0
        self.replace(f"@{matches[index]} ", start, self.cursor_location,
                     maintain_selection_offset=False)
        self._completing = (start, matches, index)
    def edit(self, edit):
        result = super().edit(edit)
        if not self._filling:
            self.post_message(self.Typed())
        return result

    def clear(self):
        self._filling = True  # the app empties it (a message went): not typing
        try:
            return super().clear()
        finally:
            self._filling = False

    def action_undo(self) -> None:
        super().action_undo()
        self.post_message(self.Typed())

    def action_redo(self) -> None:
        super().action_redo()
        self.post_message(self.Typed())

    def action_newline(self) -> None:
        start, end = self.selection
        self.replace("\n", start, end, maintain_selection_offset=False)

    def set_text(self, text: str) -> None:
        """Put ``text`` in the composer with the cursor at its end.

        The same text again (an empty composer going to a chat without a
        draft) is not loaded again, nor the cursor set again where it is:
        either repaints the composer, a frame of its own before the chat's
        (the session's first chat: its worker read the chat meanwhile, sharing
        the interpreter with that paint). Only its undo history goes, as
        loading would take it."""
        if text == self.text:
            self.history.clear()
            if self.selection != Selection.cursor(self.document.end):
                # (set again, the cursor where it was repaints the composer too)
                self.move_cursor(self.document.end)
            return
        self.load_text(text)
        self.move_cursor(self.document.end)


def take_out_published(box: TextArea, published: str) -> None:
    """Take ``published`` out of ``box`` once it is stored, keeping what was typed since.

    The box stays open for typing while a post is on its way: emptying it
    then would throw away whatever the person wrote meanwhile. A text changed
    meanwhile is left whole (nothing is lost; the person sees it again)."""
    text = box.text
    if text == published:
        box.clear()
    elif text.startswith(published):
        box.load_text(text[len(published):].lstrip("\n"))
        box.move_cursor(box.document.end)
