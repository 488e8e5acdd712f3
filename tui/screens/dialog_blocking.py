"""The Dialogs screen and blocking (models/blocks.py).

The chat with someone I blocked says so in its title, and its composer says
how to write to them again. A message refused because of a block (mine to
them, or theirs to me: "This person does not accept your messages") is not
left in the chat as "failed" to retry in vain: its text goes back into the
composer, whose border says why. Nothing typed is lost.
"""

from __future__ import annotations

from rich.text import Text
from textual import work

from models import blocks
from models.errors import DomainError, PermissionDeniedError, ValidationError
from tui.formatting import plain
from tui.i18n import _, translate_error
from tui.widgets.composer import Composer

COMPOSER_PLACEHOLDER = "Write a message… (enter sends, ctrl+j new line)"
BLOCKED_PLACEHOLDER = "You blocked this person. To write to them, unblock them on their profile (b)."

# The refusals whose text goes back to the composer: the text itself was
# refused, or the person cannot be written to; a retry would fail the same way.
TEXT_GOES_BACK = (ValidationError, PermissionDeniedError)


def blocked_here(me_id: int, peer_id: int) -> bool:
    """Whether I blocked ``peer_id`` (never in saved notes). Runs in a worker."""
    return peer_id != me_id and blocks.is_blocked(me_id, peer_id)


class DialogBlockingMixin:
    """For ``DialogsScreen``: shows whether the open chat's person is blocked."""

    _titled_as: Text | None = None  # the open chat's title without the mark
    _peer_blocked = False

    def _show_block_state(self, title: Text | None, blocked: bool) -> None:
        """Draw the chat title (``title``, or the last one) and the composer for
        a peer I blocked or not; a refusal shown before goes."""
        if title is not None:
            self._titled_as = title
        self._peer_blocked = blocked
        self._draw_title(self._titled_as or Text())
        composer = self.query_one(Composer)
        if not getattr(self, "read_only", False):  # a group's read-only line stays
            composer.placeholder = _(BLOCKED_PLACEHOLDER if blocked else COMPOSER_PLACEHOLDER)
        composer.border_title = None

    def _draw_title(self, title: Text) -> None:
        """Draw ``title`` (name, status) with the block mark while I block them."""
        self._titled_as = title
        shown = title.copy()
        if self._peer_blocked:
            shown.append_text(plain("  " + _("You blocked this person"), "bold red"))
        self._marked_title = shown
        self._show_chat_muted()  # draws the title, with "muted" while it is

    def _show_refusal(self, exc: DomainError) -> None:
        """The composer says why the text it holds again was not sent."""
        if isinstance(exc, PermissionDeniedError):
            composer = self.query_one(Composer)
            composer.border_title = Text(translate_error(exc), style="bold red")

    @work(thread=True, exclusive=True, group="chat-blocked")
    def recheck_blocked(self, peer_id: int) -> None:
        """Back on the screen: I may have blocked or unblocked them meanwhile."""
        try:
            blocked = blocked_here(self.me.id, peer_id)
        except DomainError:
            return  # the open chat keeps what it showed; the next open reads again
        self.app.call_from_thread(self._rechecked, peer_id, blocked)

    def _rechecked(self, peer_id: int, blocked: bool) -> None:
        if peer_id == self.peer_id and self._titled_as is not None and (
            blocked != self._peer_blocked
        ):
            self._show_block_state(None, blocked)
