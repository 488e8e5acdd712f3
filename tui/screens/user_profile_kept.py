"""The profile screen kept and shown again for the next person (part of
``UserProfileScreen``; issue 17, every key painted within 50 ms:
``tui/kept_screens.py``)."""

from __future__ import annotations

from textual import events
from textual.widgets import Button, Static

from ..carry_over import BringBack, app_opens, reopened
from ..i18n import _
from ..key_order import leaves
from ..widgets.post_list import PostList
from ..widgets.profile_card import ProfileCard


class KeptProfileMixin:
    """Mixed into ``UserProfileScreen`` (its ``_read``, ``_shown`` and the
    person's state)."""

    _fresh = False  # filled for a person and not yet shown: its resume reads nothing again
    filling = False  # its posts are being put on it

    def show_person(self, user_id: int) -> None:
        """This screen, kept by the app (``tui/kept_screens.py``) and out of
        sight, is to show ``user_id`` next: their card, relation and first
        posts are read now and put on it in place of the last person's
        (``_show``), and the app shows it then. Nothing of the last person
        stays in what it knows (their relation, name, a read still under way
        for them); what is on its widgets is replaced before it is shown, and
        emptied first if it is shown before the read ends (``show_unfilled``)."""
        self.user_id = user_id
        self.relation = None
        self.blocked = None
        self.person_name = ""
        self._shown = None
        self._fresh = True
        self.query_one("#profile-side").scroll_home(animate=False, immediate=True)
        self.query_one(PostList).start_afresh()
        self._read()

    def shown_ready(self, read_again: bool) -> None:
        """Filled out of sight while the cursor rested on a post of this
        person's (``tui/ready_ahead.py``) and shown now, as it was filled;
        ``read_again``: filled a while ago, so their card, relation and posts
        are read again behind the frame and put on it if they changed."""
        if read_again:
            self.call_after_refresh(self._read)

    def carry_over(self) -> BringBack | None:
        """A new language opens the person's profile again."""
        if self.user_id is None:
            return None
        return reopened(app_opens("open_profile", self.user_id))

    def show_unfilled(self) -> None:
        """Shown before its person's data is read (a slow read): as when it was
        composed, "Loading…" and none of the last person's card, relation,
        buttons or posts; ``_show`` fills it when the data comes."""
        self.query_one(ProfileCard).clear()
        said = self.query_one("#relation", Static)
        said.update("")
        said.display = True
        for button, label in (("#friend", _("Add friend (f)")), ("#unfriend", _("Remove (x)")),
                              ("#block", _("Block (b)"))):
            shown = self.query_one(button, Button)
            shown.label = label
            shown.display = True
        self.query_one(PostList).blank()
        self._fresh = False

    def holds_key(self, event: events.Event, focused: object) -> bool:
        """Shown before its data was read (a slow read): the keys after the one
        that opened it wait for it (f, x, b act on the relation it reads), but
        for the ones that leave (tui/key_order.py)."""
        return self._shown is None and not leaves(event) and any(
            worker.node is self and worker.group == "user-profile" and not worker.is_finished
            for worker in self.app.workers)

