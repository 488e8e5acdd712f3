"""One chat message drawn as a bubble: a Rich renderable the chat pane turns into lines.

The chat pane (``ChatView``) is a Line-API scroll view, so a message is not a
widget: it is this renderable, rendered once per width and cached as strips.
Everything the sender typed goes through ``plain()`` — never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich._wrap import divide_line
from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from models.views import MessageView
from tui.formatting import clock_time, plain, preview_line
from tui.i18n import _

PENDING = "pending"
FAILED = "failed"
SENT = "sent"


@dataclass(frozen=True, slots=True)
class BubbleStyles:
    """Rich styles taken from the chat pane's component classes (so themes apply)."""

    mine: Style
    theirs: Style
    meta: Style
    quote: Style
    selected: Style
    failed: Style


def quote_line(preview: str, limit: int = 80) -> str:
    """The first line of a replied message, shortened for the quote bar."""
    first = (preview or "").split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


class MessageBubble:
    """A message as the reader sees it: sender and time, the quote it replies to, the text.

    Own messages lean right (indented on the left), the peer's lean left.
    """

    def __init__(
        self,
        message: MessageView,
        *,
        mine: bool,
        state: str,
        selected: bool,
        styles: BubbleStyles,
    ) -> None:
        self.message = message
        self.mine = mine
        self.state = state
        self.selected = selected
        self.styles = styles

    def header(self) -> Text:
        msg = self.message
        head = Text(end="")
        name = _("You") if self.mine else msg.sender.full_name
        head.append_text(plain(name, "bold"))
        head.append("  ")
        meta = [clock_time(msg.created_at)]
        if msg.edited_at is not None and not msg.deleted:
            meta.append(_("edited"))
        if self.state == PENDING:
            meta.append(_("sending…"))
        elif self.state == FAILED:
            head.append(" · ".join(meta), self.styles.meta)
            head.append("  ")
            head.append(_("not sent — ctrl+r to retry"), self.styles.failed)
            return head
        elif self.mine:
            meta.append("✓✓" if msg.read_by_peer else "✓")
        head.append(" · ".join(meta), self.styles.meta)
        return head

    def body(self) -> Text:
        msg = self.message
        if msg.deleted:
            return Text(_("message deleted"), style=self.styles.meta + Style(italic=True))
        text = plain(msg.text)
        text.overflow = "fold"
        return text

    def lean(self, width: int) -> int:
        """Cells left empty on the other side (own messages lean right)."""
        return max(2, min(12, width // 6))

    def parts(self) -> Text:
        """Header, the quote it replies to, and the text: what the bubble wraps."""
        parts = Text(end="")
        parts.append_text(self.header())
        if self.message.reply_preview is not None and not self.message.deleted:
            parts.append("\n")
            quote = plain("▎ " + quote_line(preview_line(self.message.reply_preview)))
            quote.stylize(self.styles.quote)
            parts.append_text(quote)
        parts.append("\n")
        parts.append_text(self.body())
        parts.overflow = "fold"
        return parts

    def line_count(self, width: int) -> int | None:
        """How many lines the bubble takes at ``width``, without drawing it: each
        paragraph word-wrapped as Rich wraps it (``divide_line``, folding long
        words) inside the lean and the padding. None when only drawing can tell
        (tabs, a pane too narrow)."""
        inner = width - self.lean(width) - 2
        plain_text = self.parts().plain
        if inner < 1 or "\t" in plain_text:
            return None
        paragraphs = plain_text.split("\n")
        lines = sum(len(divide_line(paragraph, inner, fold=True)) + 1 for paragraph in paragraphs)
        # Drawn, the wrapped lines are joined by newlines: an empty last line
        # leaves only a final newline, which ends the line before it.
        return lines - 1 if len(paragraphs) > 1 and not paragraphs[-1] else lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lean = self.lean(width)
        base = self.styles.mine if self.mine else self.styles.theirs
        if self.selected:
            base = base + self.styles.selected
        pad = (0, 0, 0, lean) if self.mine else (0, lean, 0, 0)
        inner = Padding(Padding(self.parts(), (0, 1), style=base, expand=True), pad, expand=True)
        yield inner
