"""A person's avatar and details, as shown on a profile."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from models import clock
from models.views import Profile

from ..formatting import plain
from ..i18n import _
from ..presence_text import presence_text
from .user_row import now_playing_text

AVATAR_WIDTH, AVATAR_HEIGHT = 16, 8


def profile_details(profile: Profile) -> Text:
    user = profile.user
    text = Text()
    text.append_text(plain(user.full_name, "bold"))
    text.append("\n")
    text.append_text(plain(f"@{user.login}", "dim"))
    if profile.restricted:
        return text  # they blocked the viewer: the name, and nothing that says why
    seen = profile.presence  # someone else's, as I may see it: "online", "last seen …"
    if seen is not None:
        text.append("\n")
        text.append_text(plain(presence_text(seen, clock.now()), "green" if seen.online else "dim"))
    if profile.now_playing is not None:  # what they listen to, if they show it to me
        text.append("\n")
        text.append_text(now_playing_text(profile.now_playing))
    rows = []
    if profile.city:
        rows.append((_("City"), profile.city))
    if profile.birthday:
        rows.append((_("Birthday"), profile.birthday.isoformat()))
    rows.append((_("Member since"), profile.created_at.date().isoformat()))
    for label, value in rows:
        text.append("\n")
        text.append(f"{label}: ", style="dim")
        text.append_text(plain(value))
    if profile.about:
        text.append("\n\n")
        text.append_text(plain(profile.about))
    return text


class ProfileCard(Vertical):
    DEFAULT_CSS = """
    ProfileCard {
        width: 34;
        height: auto;
        padding: 1 1;
    }
    ProfileCard #profile-avatar {
        width: auto;
        height: auto;
        margin-bottom: 1;
    }
    ProfileCard #profile-details {
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="profile-avatar")
        yield Static(_("Loading…"), id="profile-details", markup=False)

    def clear(self) -> None:
        """As composed: no picture, "Loading…"."""
        self.query_one("#profile-avatar", Static).update("")
        self.query_one("#profile-details", Static).update(_("Loading…"))

    def show(self, profile: Profile, picture: RenderableType) -> None:
        self.query_one("#profile-avatar", Static).update(picture)
        self.query_one("#profile-details", Static).update(profile_details(profile))
