"""The bar above the composer saying which message is being replied to or edited."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from models.views import MessageView
from tui.formatting import plain, quoted_text
from tui.i18n import _

from .message_bubble import quote_line


def fit_line(parts: list[Text], cuts: list[tuple[int, int]], width: int) -> Text:
    """``parts`` on one line of ``width`` cells, shortened by ``cuts`` until they fit.

    A cut ``(index, keep)`` shortens ``parts[index]`` as far as needed but not below
    ``keep`` cells, with an ellipsis; ``keep`` 0 leaves the part out whole (and the
    others are fitted again without it). Cuts are made in the order given; a part
    no cut names is never shortened.
    """
    pieces = [part.copy() for part in parts]
    excess = sum(piece.cell_len for piece in pieces) - width
    for index, keep in cuts:
        if excess <= 0:
            break
        if keep == 0:
            rest = [Text(end="") if i == index else part for i, part in enumerate(parts)]
            return fit_line(rest, [cut for cut in cuts if cut[0] != index], width)
        piece = pieces[index]
        if piece.cell_len <= keep:
            continue
        left = max(keep, piece.cell_len - excess)
        excess -= piece.cell_len - left
        piece.truncate(left, overflow="ellipsis")
    line = Text(end="", no_wrap=True, overflow="ellipsis")
    for piece in pieces:
        line.append_text(piece)
    return line


# Replying: the quote gives way first (to a few words), then the "Replying to"
# label, then the rest of the quote, then the name; the Esc hint never.
_REPLY_CUTS = [(3, 12), (0, 0), (3, 1), (1, 1)]


class ReplyBar(Static):
    """Hidden unless a reply or an edit is in progress; escape cancels it.

    The key hint at the end ("esc cancels") is never cut: when the line is too
    long for the pane, the quoted text gives way first (see ``_REPLY_CUTS``).
    """

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

    _parts: list[Text] = []
    _cuts: list[tuple[int, int]] = []

    def show_reply(self, message: MessageView, sender_name: str) -> None:
        self._parts = [
            Text(_("Replying to") + " ", "bold", end=""),
            plain(sender_name, "bold"),
            Text(": ", end=""),
            plain(quote_line(quoted_text(message))),
            Text("  " + _("(esc cancels)"), "dim", end=""),
        ]
        self._cuts = _REPLY_CUTS
        self._show()

    def show_edit(self) -> None:
        self._parts = [
            Text(_("Editing"), "bold", end=""),
            Text("  " + _("(enter saves, esc cancels)"), "dim", end=""),
        ]
        self._cuts = [(0, 1)]
        self._show()

    def hide(self) -> None:
        if not self._parts and not self.has_class("-active"):
            return  # hidden already: no update, so no layout of the chat it leaves
        self._parts = []
        self.update("")
        self.remove_class("-active")

    def _show(self) -> None:
        self.refresh()
        self.add_class("-active")

    def line(self, width: int | None = None) -> Text:
        """The bar's text fitted to ``width`` cells (its own width by default)."""
        return fit_line(self._parts, self._cuts, self.size.width if width is None else width)

    def render(self):
        # Fitted when drawn, at the width the bar has then (a resize redraws it).
        return self.line() if self._parts else super().render()
