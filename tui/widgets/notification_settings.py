"""Account's "Notifications": four switches kept with the person's settings.

Each change is kept at once (``app.remember_settings``, which writes from a
worker); ``tui/notifier.py`` reads them for every notification.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Static

from ..i18n import _

# setting → its label (English; shown through _())
SWITCHES = {
    "notify_bell": "Ring the terminal bell",
    "notify_desktop": "Desktop notification (by the terminal)",
    "do_not_disturb": "Do not disturb (no notifications at all)",
    "mentions_when_muted": "Mentions notify even when muted",
}


class NotificationSettings(Vertical):
    """The switches, set from ``app.settings`` when shown."""

    DEFAULT_CSS = """
    NotificationSettings { height: auto; margin-bottom: 1; }
    NotificationSettings Checkbox, NotificationSettings Checkbox:focus {
        border: none; padding: 0; background: transparent;
    }
    """

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        yield Static(_("Notifications"), classes="form-title", markup=False)
        yield Static(
            _("For messages, mentions and friend requests that arrive while you look "
              "elsewhere. m mutes a dialog on Dialogs."),
            classes="form-hint", markup=False,
        )
        for key, label in SWITCHES.items():
            yield Checkbox(Text(_(label)), getattr(settings, key), id=f"setting-{key}")

    @on(Checkbox.Changed)
    def _changed(self, event: Checkbox.Changed) -> None:
        key = (event.checkbox.id or "").removeprefix("setting-")
        if key in SWITCHES and getattr(self.app.settings, key) != event.value:
            self.app.remember_settings(**{key: event.value})
