"""Notifications: what arrives while a person is not looking gets their attention.

A new message (or a mention of me, a friend request, a comment on my post) gives a toast in the app and, as the person's
settings say, the terminal bell and a desktop notification by the terminal's
escape (``tui/terminal_alerts.py``). Nothing for the chat I am reading in a
focused terminal (Textual's ``AppFocus``/``AppBlur``, from the terminal's focus
reporting, keep ``app.app_focus``); nothing from a dialog I muted, except a
mention when "mentions notify even when muted" is on; nothing at all under
"Do not disturb".

``MessengerApp`` mixes this in. ``decide`` says how one ``Incoming`` reaches the
person, ``_deliver`` shows a batch (one bell for it), ``_alert`` writes to the
terminal. A comment on my post is an ``Incoming`` of kind ``COMMENT`` and no
dialog, handed to ``notify_incoming`` (tui/new_comments.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.text import clean_line

from .i18n import _, translate_message
from .terminal_alerts import BEL, desktop_notification, escape_kinds, in_tmux

if TYPE_CHECKING:
    from models.settings import Settings
    from models.views import ActivityView, MessageView, UserRef

MESSAGE, MENTION, FRIEND_REQUEST = "message", "mention", "friend_request"
COMMENT = "comment"  # a comment on my post (tui/new_comments.py)
PREVIEW = 80  # characters of a message in a toast
DESKTOP_PER_POLL = 3  # desktop notifications for one batch; the rest in the app only


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing that may notify: its kind, who (title) and what (body); the
    dialog it belongs to (``None`` for what is not in a dialog)."""

    kind: str
    title: str
    body: str
    dialog_id: int | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    toast: bool = False
    bell: bool = False
    desktop: bool = False


NOTHING = Delivery()


def mentions_me(message: MessageView, me: UserRef) -> bool:
    """Whether ``message`` mentions me: the group's stored mention (models/mentions.py),
    else ``@mylogin`` as a word (any case, as logins are)."""
    if getattr(message, "mentions_me", False):
        return True
    pattern = r"(?<![\w@.-])@" + re.escape(me.login) + r"(?![\w-]|\.[\w-])"
    return re.search(pattern, message.text, re.IGNORECASE) is not None


def decide(
    item: Incoming, settings: Settings, *, muted: bool, on_screen: bool, focused: bool
) -> Delivery:
    """How ``item`` reaches the person (see the module docstring)."""
    if settings.do_not_disturb:
        return NOTHING
    if item.dialog_id is not None:
        if on_screen and focused:
            return NOTHING  # being read right now
        if muted and not (item.kind == MENTION and settings.mentions_when_muted):
            return NOTHING
    return Delivery(toast=True, bell=settings.notify_bell, desktop=settings.notify_desktop)


def preview(text: str) -> str:
    line = clean_line(text)
    return line if len(line) <= PREVIEW else line[: PREVIEW - 1] + "…"


def message_preview(message: MessageView) -> str:
    """A message's text, or for one of attachments only what they are ("🖼 Picture")."""
    if message.text:
        return preview(message.text)
    from models.message_views import attachment_preview

    return preview(translate_message(attachment_preview(message.attachments)))


class NotifierMixin:
    """For ``MessengerApp``: turns what the live poll found into notifications."""

    def notify_messages(self, messages: tuple[MessageView, ...], muted: frozenset[int],
                        group_titles: dict[int, str] | None = None) -> None:
        """``group_titles``: {dialog id: title} of the messages' dialogs that are
        groups; a group's message is titled with the group too ("Michail in
        Поход"), so it is not taken for one written to me alone."""
        me = self.current_user  # type: ignore[attr-defined]
        if me is None:
            return
        groups = group_titles or {}
        batch = []
        for message in messages:
            if message.sender.id == me.id or message.deleted or message.kind == "system":
                continue
            kind = MENTION if mentions_me(message, me) else MESSAGE
            title = clean_line(message.sender.full_name)
            if message.dialog_id in groups:
                title = _("{name} in {group}").format(
                    name=title, group=clean_line(groups[message.dialog_id]))
            item = Incoming(kind, title, message_preview(message), message.dialog_id)
            batch.append((item, decide(
                item, self.settings,  # type: ignore[attr-defined]
                muted=message.dialog_id in muted,
                on_screen=self._dialog_on_screen(message),
                focused=self.app_focus,  # type: ignore[attr-defined]
            )))
        self._deliver(batch)

    def notify_friend_requests(self, items: list[ActivityView]) -> None:
        from models.activity import FRIEND_ACCEPTED
        from models.activity import FRIEND_REQUEST as REQUESTED

        requests: list[Incoming] = []
        batch = []
        for activity in items:
            if activity.actor is None:
                continue
            name = clean_line(activity.actor.full_name)
            if activity.kind == REQUESTED:
                requests.append(Incoming(FRIEND_REQUEST, _("Friend request"),
                                         _("{name} wants to be your friend").format(name=name)))
            elif activity.kind == FRIEND_ACCEPTED and not self.settings.do_not_disturb:  # type: ignore[attr-defined]
                text = _("{name} accepted your friend request").format(name=name)
                batch.append((Incoming("friend_accepted", "", text), Delivery(toast=True)))
        self._deliver(batch)
        self.notify_incoming(requests)

    def notify_incoming(self, items: list[Incoming]) -> None:
        """Notify of things outside dialogs (friend requests, comments on my posts)."""
        self._deliver([
            (item, decide(item, self.settings,  # type: ignore[attr-defined]
                          muted=False, on_screen=False, focused=True))
            for item in items
        ])

    def _dialog_on_screen(self, message: MessageView) -> bool:
        """Whether ``message``'s chat is the one open on the screen shown."""
        peer = self.open_peer_id  # type: ignore[attr-defined]  # None unless Dialogs shows
        group = self.open_dialog_id  # type: ignore[attr-defined]  # ... or a group there
        if group is not None:
            return group == message.dialog_id
        if peer is None:
            return False
        shown = getattr(self.screen, "dialog_id", None)  # type: ignore[attr-defined]
        if shown is not None:
            return shown == message.dialog_id
        return message.sender.id == peer  # a dialog whose first message this is

    def _deliver(self, batch: list[tuple[Incoming, Delivery]]) -> None:
        bell = False
        desktop = 0
        for item, delivery in batch:
            if delivery.toast:
                if item.kind in (MESSAGE, MENTION, COMMENT):
                    self.notify(item.body, title=item.title, markup=False)  # type: ignore[attr-defined]
                else:
                    self.notify(item.body, markup=False)  # type: ignore[attr-defined]
            bell = bell or delivery.bell
            if delivery.desktop and desktop < DESKTOP_PER_POLL:
                desktop += 1
                self._alert(desktop_notification(
                    item.title, item.body, kinds=escape_kinds(), tmux=in_tmux()))
        if bell:
            self._alert(BEL)

    def _alert(self, sequence: str) -> None:
        """Write ``sequence`` to the terminal (nothing when there is none: tests)."""
        driver = self._driver  # type: ignore[attr-defined]
        if not self.is_headless and driver is not None:  # type: ignore[attr-defined]
            driver.write(sequence)
