"""A community page's post box (``tui/screens/community.py``): its draft,
kept per community as it is typed and put back when the page shows that
community again, and publishing it, the page left or not.

The page's ``@on`` handlers call these (Textual gathers handlers only from
the screen's own classes, not from a plain mixin)."""

from __future__ import annotations

from textual import work

from models import communities
from models.errors import DomainError
from models.views import PostView
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.composer import Composer, take_out_published
from tui.widgets.post_actions import show_new_post
from tui.widgets.post_box import nothing_to_publish, take_out_published_chips


class CommunityPostBoxMixin:
    """For ``CommunityScreen``: needs its ``community_id``, ``me``, its
    ``#post-composer`` and ``#post-chips``."""

    def _show_draft(self) -> None:
        """The community's draft in the post box (emptied if none)."""
        text, entries = self._drafts().get(self.community_id, ("", ()))
        composer = self.query_one("#post-composer", Composer)
        if composer.text != text:
            composer.set_text(text)
        chips = self.query_one("#post-chips", AttachmentChips)
        if list(chips.entries) != list(entries):
            chips.set_entries(entries)

    def _drafts(self) -> dict:
        """The app's unpublished community posts: {community id: (text, chips)}."""
        return self.app.community_drafts

    def _keep_draft(self) -> None:
        """What is written (and attached) here outlives leaving the page, as the
        modal composer's post does: it is back when the page opens again."""
        text = self.query_one("#post-composer", Composer).text
        entries = tuple(self.query_one("#post-chips", AttachmentChips).entries)
        if text.strip() or entries:
            self._drafts()[self.community_id] = (text, entries)
        else:
            self._drafts().pop(self.community_id, None)
        self.app.post_drafts_changed()  # and to the database (tui/post_drafts.py)

    def post_drafts_read(self) -> None:
        """The drafts came from the database after this page was opened: its
        community's is put in the box, unless something is written there."""
        if self.community_id is None:
            return
        text, _entries = self._drafts().get(self.community_id, ("", ()))
        composer = self.query_one("#post-composer", Composer)
        if text and not composer.text:
            composer.set_text(text)

    def action_publish(self) -> None:
        """Ctrl+S publishes, as in every form (Enter in the post box does too)."""
        self._publish_box(self.query_one("#post-composer", Composer).text)

    def _publish_box(self, text: str) -> None:
        chips = self.query_one("#post-chips", AttachmentChips)
        if refusal := nothing_to_publish(text, chips):
            self.notify(refusal, severity="warning")
            return
        self.publish(text, chips.items)

    def publish(self, text: str, attached: tuple = ()) -> None:
        self._publish_to(self.community_id, text, attached)

    @work(thread=True, exclusive=True, group="community-post")
    def _publish_to(self, community_id: int, text: str, attached: tuple) -> None:
        # One transaction: a refused picture stores nothing; text and chips stay.
        try:
            post = communities.post_to_community(self.me.id, community_id, text,
                                                 attachments=attached)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._published, community_id, post, text, attached)

    def _published(self, community_id: int, post: PostView, text: str, attached: tuple) -> None:
        # On this page if it still shows that community (``_shows_here``), on
        # My profile and the Feed, wherever the person is now.
        show_new_post(self.app, post)
        if self not in self.app.screen_stack or community_id != self.community_id:
            # The page was left meanwhile (the screen may show another
            # community by now): what was published leaves its draft.
            kept = self._drafts().get(community_id)
            if kept is not None and kept[0] == text and tuple(i for i, _l in kept[1]) == attached:
                del self._drafts()[community_id]
            return
        take_out_published(self.query_one("#post-composer", Composer), text)
        take_out_published_chips(self.query_one("#post-chips", AttachmentChips), attached)


def hide_chips(chips: AttachmentChips, hidden: bool) -> None:
    """The post box's pictures hidden while a community is read or for a
    non-member, shown (if it has any: ``-some``) otherwise. An inline rule,
    not a class: a class restyled the bar and its chips each time another
    community opened (~9 ms of the kept page's opening on the shared machine)."""
    if hidden:
        chips.styles.display = "none"
    elif chips.styles.clear_rule("display"):  # the stylesheet's display again
        chips.refresh(layout=True)
