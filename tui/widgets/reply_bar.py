"""The bar above the composer saying which message is being replied to or edited."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from models.views import MessageView
from tui.formatting import plain
from tui.i18n import _

from .message_bubble import quote_line


class ReplyBar(Static):
    """Hidden unless a reply or an edit is in progress; escape cancels it."""

    DEFAULT_CSS = """
    ReplyBar {
        display: none;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
        border-left: thick $accent;
    }
    ReplyBar.-active { display: block; }
    """

    def show_reply(self, message: MessageView, sender_name: str) -> None:
        line = Text(end="", no_wrap=True, overflow="ellipsis")
        line.append(_("Replying to") + " ", "bold")
        line.append_text(plain(sender_name, "bold"))
        line.append(": ")
        line.append_text(plain(quote_line(message.text, 60)))
        line.append("  " + _("(esc cancels)"), "dim")
        self.update(line)
        self.add_class("-active")

    def show_edit(self) -> None:
        line = Text(end="", no_wrap=True, overflow="ellipsis")
        line.append(_("Editing a message"), "bold")
        line.append("  " + _("(enter saves, esc cancels)"), "dim")
        self.update(line)
        self.add_class("-active")

    def hide(self) -> None:
        self.update("")
        self.remove_class("-active")
