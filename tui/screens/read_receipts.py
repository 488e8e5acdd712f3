"""Who has read it (``i`` on one's own message in a chat): each reader and when."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from models import clock, conversations
from models.errors import DomainError
from models.views import ReadReceiptView
from tui.events import PeopleChanged
from tui.formatting import clock_time, day_label, plain
from tui.i18n import _
from tui.people_shown import rows_as_now
from tui.screens.modal_box import ModalBox


def receipt_row(receipt: ReadReceiptView) -> Text:
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append_text(plain(receipt.user.full_name, "bold"))
    text.append_text(plain(f"  @{receipt.user.login}", "dim"))
    if receipt.read_at is not None:
        day = day_label(receipt.read_at.date(), clock.now().date())
        when = f"{day[:1].lower()}{day[1:]} {clock_time(receipt.read_at)}"  # "read today 12:00"
        text.append("  " + _("read {when}").format(when=when), "dim")
    return text


class ReadReceiptsScreen(ModalBox[None]):
    """The members who have read my message ``message_id``, first readers first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i", "close", "Close", id="receipts.close"),
    ]

    DEFAULT_CSS = """
    ReadReceiptsScreen { align: center middle; }
    ReadReceiptsScreen > Vertical {
        width: 64;
        max-width: 95%;
        height: 20;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ReadReceiptsScreen #receipts-title { text-style: bold; padding-bottom: 1; }
    ReadReceiptsScreen OptionList { height: 1fr; }
    ReadReceiptsScreen #receipts-hint { color: $text-muted; }
    """

    def __init__(self, message_id: int) -> None:
        super().__init__()
        self.me_id = self.app.current_user.id
        self.message_id = message_id
        self.receipts: list[ReadReceiptView] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Who has read it"), id="receipts-title")
            yield OptionList(id="receipts-list")
            yield Static(_("esc closes"), id="receipts-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="receipts")
    def load(self) -> None:
        try:
            receipts = list(conversations.read_by(self.me_id, self.message_id))
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, receipts)

    def _show(self, receipts: list[ReadReceiptView]) -> None:
        self.receipts = receipts
        listing = self.query_one(OptionList)
        if receipts:
            listing.set_options(Option(receipt_row(r), id=f"reader-{r.user.id}") for r in receipts)
        else:
            listing.set_options([Option(Text(_("Nobody has read it yet."), style="dim"),
                                        disabled=True)])

    def on_people_changed(self, event: PeopleChanged) -> None:
        """A reader took a new name or login (``tui/live.py``): their row says
        it, in place."""
        rows_as_now(self.query_one(OptionList), self.receipts, event.people, receipt_row)

    def action_close(self) -> None:
        self.dismiss(None)
