"""The list of my dialogs: saved notes first, then by newest message, with unread badges."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from models.views import DialogSummary
from tui.formatting import plain, relative_time
from tui.i18n import _


def dialog_title(summary: DialogSummary, me_id: int) -> str:
    return _("Saved notes") if summary.peer.id == me_id else summary.peer.full_name


def preview_text(summary: DialogSummary) -> Text:
    first = summary.last_message_preview.split("\n", 1)[0]
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    if not summary.last_message_at:
        text.append(_("No messages yet"), "italic")
        return text
    if summary.last_message_from_me:
        text.append(_("You: "), "bold")
    text.append_text(plain(first))
    return text


class DialogList(OptionList):
    """Dialogs as two-line entries: name and time, then a preview and the unread count."""

    DEFAULT_CSS = """
    DialogList {
        height: 1fr;
        border: none;
        padding: 0;
    }
    DialogList > .option-list--option { padding: 0 1; }
    """

    class Opened(Message):
        """The person chose the dialog with ``peer_id``."""

        def __init__(self, peer_id: int) -> None:
            super().__init__()
            self.peer_id = peer_id

    def __init__(self, me_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.me_id = me_id
        self.summaries: list[DialogSummary] = []

    def _prompt(self, summary: DialogSummary) -> Group:
        top = Table.grid(expand=True)
        top.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        top.add_column(justify="right", no_wrap=True)
        name = plain(dialog_title(summary, self.me_id), "bold")
        name.no_wrap = True
        name.overflow = "ellipsis"
        top.add_row(name, Text(relative_time(summary.last_message_at), style="dim"))
        bottom = Table.grid(expand=True)
        bottom.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        bottom.add_column(justify="right", no_wrap=True)
        badge = Text("")
        if summary.unread_count:
            badge = Text(f" {summary.unread_count} ", style="bold reverse")
        bottom.add_row(preview_text(summary), badge)
        return Group(top, bottom)

    def set_dialogs(self, summaries: list[DialogSummary], selected_peer: int | None) -> None:
        """Show ``summaries`` (notes first), keeping the highlight on ``selected_peer``."""
        notes = [s for s in summaries if s.peer.id == self.me_id]
        others = [s for s in summaries if s.peer.id != self.me_id]
        self.summaries = notes + others
        highlight_peer = selected_peer
        if highlight_peer is None and self.highlighted is not None and self.highlighted < self.option_count:
            current = self.get_option_at_index(self.highlighted).id
            highlight_peer = int(current.removeprefix("peer-")) if current else None
        self.set_options(
            Option(self._prompt(s), id=f"peer-{s.peer.id}") for s in self.summaries
        )
        if highlight_peer is not None:
            self.highlight_peer(highlight_peer)
        elif self.summaries:
            self.highlighted = 0

    def highlight_peer(self, peer_id: int) -> None:
        for index, summary in enumerate(self.summaries):
            if summary.peer.id == peer_id:
                self.highlighted = index
                return

    def summary_for(self, peer_id: int) -> DialogSummary | None:
        return next((s for s in self.summaries if s.peer.id == peer_id), None)

    def next_unread_peer(self, after_peer: int | None) -> int | None:
        """The next dialog below ``after_peer`` (wrapping round) with unread messages."""
        if not self.summaries:
            return None
        ids = [s.peer.id for s in self.summaries]
        start = ids.index(after_peer) + 1 if after_peer in ids else 0
        for step in range(len(ids)):
            summary = self.summaries[(start + step) % len(ids)]
            if summary.unread_count and summary.peer.id != after_peer:
                return summary.peer.id
        return None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(int(event.option.id.removeprefix("peer-"))))
