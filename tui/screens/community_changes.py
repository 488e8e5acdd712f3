"""Joining, leaving and deleting the community a page shows
(``tui/screens/community.py``), leave and delete asked first."""

from __future__ import annotations

from textual import work

from models import communities
from models.errors import DomainError
from tui.i18n import _


class CommunityChangesMixin:
    """For ``CommunityScreen``: needs its ``community_id``, ``community``,
    ``me``, ``load`` and ``_drafts``."""

    def change(self, verb: str) -> None:
        """Join, leave or delete the community on the page now."""
        self._change(verb, self.community_id)

    @work(thread=True, exclusive=True, group="community-change")
    def _change(self, verb: str, community_id: int) -> None:
        try:
            if verb == "join":
                communities.join(self.me.id, community_id)
            elif verb == "leave":
                communities.leave(self.me.id, community_id)
            elif verb == "delete":
                communities.delete_community(self.me.id, community_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        if verb == "delete":
            self.app.call_from_thread(self.dismiss_page, community_id)
            return
        self.app.call_from_thread(self._changed, community_id)

    def _changed(self, community_id: int) -> None:
        if community_id == self.community_id:  # else the page shows another one by now
            self.load()

    def dismiss_page(self, community_id: int | None = None) -> None:
        community_id = self.community_id if community_id is None else community_id
        self._drafts().pop(community_id, None)  # nowhere to publish it now
        self.notify(_("The community was deleted."))
        if self.app.screen is self and community_id == self.community_id:
            self.app.pop_screen()

    def action_join(self) -> None:
        self.change("join")

    def action_leave(self) -> None:
        """Asks first: ctrl+l attaches a track in every post box, so a press
        meant for that on the list must not take me out of the community."""
        self._change_after_asking("leave", _("Leave the community {name}?"), _("Leave"))

    def action_delete(self) -> None:
        self._change_after_asking("delete", _("Delete the community {name} with all its posts?"),
                                  _("Delete"))

    def _change_after_asking(self, what: str, question: str, confirm_label: str) -> None:
        """``change(what)`` once the person confirms ``question`` (``{name}``: the community's)."""
        from tui.screens.confirm import ConfirmScreen

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.change(what)

        name = self.community.name if self.community else ""
        self.app.push_screen(ConfirmScreen(question.format(name=name), confirm_label=confirm_label),
                             done)
