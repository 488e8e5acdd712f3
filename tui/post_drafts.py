"""Posts and comments written and not sent outlive the app (part of
``MessengerApp``), as a dialog's drafts do (``tui/draft_keeper.py``).

While the app runs they are the app's: the New post box's (``post_draft``,
text and chips), My profile's box (``wall_draft``), a community page's
(``community_drafts``) and the comment field under each post
(``comment_drafts``). Their text also goes to the database
(``models.post_drafts``): a moment after the typing stops (from a worker),
at log-out and when the app ends (Ctrl+Q, a closed terminal: ``tui/hangup.py``),
and comes back at the next log-in of the same person, to the boxes open or
opened then. The chips (pictures prepared from files, tracks) stay for the
session only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.timer import Timer

if TYPE_CHECKING:
    from .post_draft_keeper import Key, PostDraftKeeper

POST_DRAFT_SAVE_DELAY = 0.8  # seconds after the last key before the drafts are written


class PostDraftsMixin:
    """``MessengerApp`` mixes this in: the keeper of the person logged in."""

    wall_draft: str = ""  # My profile's box, written and not published
    _post_drafts: PostDraftKeeper | None = None
    _post_draft_timer: Timer | None = None

    def start_post_drafts(self, user_id: int) -> None:
        """At log-in: the person's drafts are read, and put where nothing was
        written in this run yet."""
        from .post_draft_keeper import PostDraftKeeper

        self._post_drafts = PostDraftKeeper(user_id)
        self._read_post_drafts(self._post_drafts)

    @work(thread=True, group="post-drafts-read")
    def _read_post_drafts(self, keeper: PostDraftKeeper) -> None:
        from models import post_drafts
        from models.errors import DomainError

        try:
            found = post_drafts.post_drafts_for(keeper.user_id)
        except DomainError as exc:
            self.call_from_thread(self.show_error, exc)
            return
        keeper.note_stored(found)
        self.call_from_thread(self._post_drafts_read, keeper, found)

    def _post_drafts_read(self, keeper: PostDraftKeeper, found: dict[Key, str]) -> None:
        from models.post_drafts import COMMENT, COMMUNITY, POST, WALL

        if keeper is not self._post_drafts:
            return  # logged out meanwhile
        for (box, target), text in found.items():
            if box == POST and not self.post_draft[0].strip() and not self.post_draft[1]:
                self.post_draft = (text, ())
            elif box == WALL and not self.wall_draft.strip():
                self.wall_draft = text
            elif box == COMMUNITY:
                self.community_drafts.setdefault(target, (text, ()))
            elif box == COMMENT:
                self.comment_drafts.setdefault(target, text)
        keeper.want(self._post_drafts_held())
        keeper.read = True
        for screen in self._screens_held():
            if hasattr(screen, "post_drafts_read"):
                screen.post_drafts_read()

    def _screens_held(self) -> list:
        screens = [screen for stack in self._screen_stacks.values() for screen in stack]
        return screens + [s for s in self._kept_screens().values() if s not in screens]

    def _post_drafts_held(self) -> dict[Key, str]:
        """The drafts' text as the app holds it now, by (box, target)."""
        from models.post_drafts import COMMENT, COMMUNITY, POST, WALL

        held = {}
        if self.post_draft[0].strip():
            held[POST, 0] = self.post_draft[0]
        if self.wall_draft.strip():
            held[WALL, 0] = self.wall_draft
        for community_id, (text, _chips) in self.community_drafts.items():
            if text.strip():
                held[COMMUNITY, community_id] = text
        for post_id, text in self.comment_drafts.items():
            if text.strip():
                held[COMMENT, post_id] = text
        return held

    def post_drafts_changed(self) -> None:
        """A post or comment box changed: its draft is written a moment later."""
        if self._post_drafts is None:
            return
        if self._post_draft_timer is not None:
            self._post_draft_timer.stop()
        self._post_draft_timer = self.set_timer(POST_DRAFT_SAVE_DELAY, self._write_post_drafts)

    def _write_post_drafts(self) -> None:
        self._post_draft_timer = None
        keeper = self._post_drafts
        if keeper is not None:
            keeper.want(self._post_drafts_held())
            if keeper.unsaved():
                self._flush_post_drafts(keeper)

    @work(thread=True, group="post-drafts-save")
    def _flush_post_drafts(self, keeper: PostDraftKeeper) -> None:
        from models.errors import DomainError

        try:
            keeper.flush()
        except DomainError as exc:
            self.call_from_thread(self.show_error, exc)

    def write_post_drafts_now(self) -> None:
        """Log-out, or the app ends: its workers would be cancelled."""
        if self._post_draft_timer is not None:
            self._post_draft_timer.stop()
            self._post_draft_timer = None
        keeper, self._post_drafts = self._post_drafts, None
        if keeper is None:
            return
        from models.errors import DomainError

        keeper.want(self._post_drafts_held())
        try:
            if keeper.unsaved():
                keeper.flush()
        except DomainError:
            pass  # nothing to show it on any more; the text was in its box until now
