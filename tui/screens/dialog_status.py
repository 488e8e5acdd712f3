"""The Dialogs screen's live status: the chat header says "online", "last seen
…" or "Анна is typing…", the dialog list has a green dot for online friends,
and my own typing reaches the others.

Presence is read with the data it goes with — the open chat's peer with the
chat, the list's people with the list (one batched query) — and again every
``PRESENCE_REFRESH`` seconds, so "online" turns into "last seen" by itself.
Who types comes with the live poll (``TypingChanged``); a sign goes by itself
when its time passes, with no poll needed.

My typing: every key that changes the composer's text (not a draft put back,
not an edit of a sent message) goes to ``TypingThrottle``; what it says to
write is written from a worker, under ``typing_lock``, which the send holds
too, so a typing write can never land after the message that ends it.
"""

from __future__ import annotations

import threading
from datetime import datetime

from rich.text import Text
from textual import work
from textual.timer import Timer

from models import clock, presence, typing_signal
from models.errors import DomainError
from models.typing_signal import TypingThrottle
from models.views import DialogSummary, Presence
from tui.events import TypingChanged
from tui.formatting import plain
from tui.presence_text import presence_text, typing_text
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList

PRESENCE_REFRESH = 30.0  # seconds between two readings of the shown people's presence


class DialogStatusMixin:
    """For ``DialogsScreen``: presence and typing (see the module docstring)."""

    _title_summary: DialogSummary | None = None
    _peer_presence: Presence | None = None
    _typing_timer: Timer | None = None  # the throttle's owed write
    _typing_expiry: Timer | None = None  # the next shown sign to go

    def _init_status(self) -> None:
        self._throttle = TypingThrottle()
        self._typing_dialog: int | None = None  # the dialog the throttle counts for
        self._typing_round = 0  # a send or a dialog change starts a new round
        self.typing_lock = threading.Lock()

    def _start_status(self) -> None:
        """On mount: presence is read again now and then."""
        self.set_interval(PRESENCE_REFRESH, self._refresh_presence)

    # ------------------------------------------------------------ the header

    def _paint_title(self, summary: DialogSummary | None = None,
                     seen: Presence | None | bool = False) -> None:
        """The chat's header: name, login, then typing or presence. ``summary`` /
        ``seen`` replace what it showed (``seen=False``: keep it)."""
        if summary is not None:
            self._title_summary = summary
        if seen is not False:
            self._peer_presence = seen
        summary = self._title_summary
        if summary is None:
            return
        title = Text(end="", no_wrap=True, overflow="ellipsis")  # one line: the status may be cut
        title.append_text(self._chat_title(summary))  # name and login, or a group's title
        if summary.peer is None or summary.peer.id != self.me.id:
            status, style = self._status(clock.now(), group=summary.peer is None)
            if status:
                title.append("  ")
                title.append_text(plain(status, style))
        self._draw_title(title)  # with the block and muted marks
        self._expire_typing_later()

    def _status(self, now: datetime, group: bool = False) -> tuple[str, str]:
        typing = typing_text(self._typists(now))
        if typing:
            return typing, "italic"
        if group:
            return "", ""
        seen = self._peer_presence
        return presence_text(seen, now), "green" if seen is not None and seen.online else "dim"

    def _typists(self, now: datetime) -> list[str]:
        if self.dialog_id is None:
            return []
        return [t.user.first_name for t in self.app.typing_now
                if t.dialog_id == self.dialog_id and t.until > now]

    def on_typing_changed(self, event: TypingChanged) -> None:
        self._paint_title()

    def _expire_typing_later(self) -> None:
        """Paint again when the next sign's time has passed."""
        if self._typing_expiry is not None:
            self._typing_expiry.stop()
            self._typing_expiry = None
        now = clock.now()
        ends = [t.until for t in self.app.typing_now if t.until > now]
        if ends:
            delay = (min(ends) - now).total_seconds() + 0.05
            self._typing_expiry = self.set_timer(delay, self._typing_expired)

    def _typing_expired(self) -> None:
        self._typing_expiry = None
        self._paint_title()

    # ------------------------------------------------------------ presence

    def _show_list_presence(self, seen: dict[int, Presence], *, repaint: bool = True) -> None:
        """Dots for the online friends among ``seen``; ``repaint=False``: the rows
        are about to be set anew, and take them then."""
        online = {uid for uid, p in seen.items() if p.online and p.friend}
        listing = self.query_one(DialogList)
        if repaint:
            listing.set_online(online)
        else:
            listing.online = frozenset(online)

    def _refresh_presence(self) -> None:
        if not self.is_current:
            return  # out of sight: the list (presence included) is read again on return
        listing = self.query_one(DialogList)
        people = [s.peer.id for s in listing.summaries if s.peer is not None]  # not groups
        if self.peer_id is not None:
            people.append(self.peer_id)
        if people:
            self._read_presence(people)

    @work(thread=True, exclusive=True, group="presence")
    def _read_presence(self, people: list[int]) -> None:
        try:
            seen = presence.presence_of(self.me.id, people)
        except DomainError:
            return  # the poll tells of an outage; the next refresh tries again
        self.app.call_from_thread(self._presence_read, seen)

    def _presence_read(self, seen: dict[int, Presence], asked: set[int] | None = None) -> None:
        """Show what was read about the people in ``asked`` (default: all of them):
        the list's dots, and the header when the open chat's peer was asked."""
        self._show_list_presence(seen)
        if self.peer_id is not None and self._title_summary is not None and (
            self._title_summary.peer is not None and self._title_summary.peer.id == self.peer_id
        ) and (asked is None or self.peer_id in asked):
            self._paint_title(seen=seen.get(self.peer_id))

    # ------------------------------------------------------------ my typing

    def on_composer_typed(self, event: Composer.Typed) -> None:
        # By name, not @on: a mixin's @on handlers are not collected (Textual
        # gathers them from the class body of a MessagePump subclass only).
        dialog_id = self.dialog_id
        if dialog_id is None or self.editing is not None or self.peer_id == self.me.id:
            return  # no dialog yet, an edit, or saved notes: nobody to tell
        if dialog_id != self._typing_dialog:
            self._typing_left()
            self._typing_dialog = dialog_id
        until = self._throttle.key(clock.now())
        if until is not None:
            self._write_typing(dialog_id, until, self._typing_round)
        elif self._typing_timer is None:
            due = self._throttle.due_at()
            if due is not None:
                delay = max(0.0, (due - clock.now()).total_seconds())
                self._typing_timer = self.set_timer(delay, self._typing_due)

    def _typing_due(self) -> None:
        self._typing_timer = None
        until = self._throttle.flush(clock.now())
        if until is not None and self._typing_dialog is not None:
            self._write_typing(self._typing_dialog, until, self._typing_round)
            return
        due = self._throttle.due_at()
        if due is not None:  # the timer ran a moment early: the write is still owed
            delay = max(0.01, (due - clock.now()).total_seconds())
            self._typing_timer = self.set_timer(delay, self._typing_due)

    def _typing_left(self) -> None:
        """A message went, or another dialog opened: nothing more owed here."""
        self._typing_round += 1
        self._throttle.reset()
        self._typing_dialog = None
        if self._typing_timer is not None:
            self._typing_timer.stop()
            self._typing_timer = None

    @work(thread=True, group="typing")
    def _write_typing(self, dialog_id: int, until: datetime, round_: int) -> None:
        with self.typing_lock:
            if round_ != self._typing_round:
                return  # the message went meanwhile: its send took the sign away
            try:
                typing_signal.set_typing(self.me.id, dialog_id, until)
            except DomainError:
                pass  # a sign missed is no loss; the message itself is what counts
