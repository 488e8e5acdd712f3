"""Comments on my posts: a toast (and bell / desktop notification, as my
settings say: tui/notifier.py) and "💬 3 new comments" in the header, which
leads to them (a click on it opens the post with the newest).

``MessengerApp`` mixes this in; the live poll hands it the comments others
wrote under my posts (``LiveChanges.comments_on_mine``). A comment on the post
I am reading right now is not counted as new.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from models.errors import DomainError
from models.text import clean_line

from .i18n import _
from .notifier import COMMENT, Incoming, preview

if TYPE_CHECKING:
    from models.views import CommentView


class NewCommentsMixin:
    """For ``MessengerApp`` (whose reactive ``new_comments`` the header shows)."""

    def comments_arrived(self, arrived: tuple[CommentView, ...]) -> None:
        me = self.current_user  # type: ignore[attr-defined]
        if me is None:
            return
        fresh = [c for c in arrived if c.author.id != me.id and not c.deleted]
        open_post = getattr(self.screen, "post_id", None)  # type: ignore[attr-defined]
        unseen = [c for c in fresh if c.post_id != open_post]
        if unseen:
            self.new_comments = (*self.new_comments, *unseen)  # type: ignore[attr-defined]
        self.notify_incoming([  # type: ignore[attr-defined]
            Incoming(COMMENT, _("Comment on your post"),
                     f"{clean_line(c.author.full_name)}: {preview(c.text)}")
            for c in unseen
        ])

    def seen_comments_of(self, post_id: int) -> None:
        """The post is open: its comments are not new any more."""
        left = tuple(c for c in self.new_comments if c.post_id != post_id)  # type: ignore[attr-defined]
        if left != self.new_comments:  # type: ignore[attr-defined]
            self.new_comments = left  # type: ignore[attr-defined]

    def open_new_comments(self) -> None:
        """Open the post of the newest new comment (the header's notice)."""
        me = self.current_user  # type: ignore[attr-defined]
        if me is not None and self.new_comments:  # type: ignore[attr-defined]
            self._open_commented(me.id, self.new_comments[-1].post_id)  # type: ignore[attr-defined]

    def open_post(self, post_id: int) -> None:
        """Open a post with its comments (a comment found by the search)."""
        me = self.current_user  # type: ignore[attr-defined]
        if me is not None:
            self._open_commented(me.id, post_id)

    @work(thread=True, exclusive=True, group="open-commented")
    def _open_commented(self, user_id: int, post_id: int) -> None:
        from models import posts

        try:
            found = posts.posts_by_id(user_id, [post_id])
        except DomainError as exc:
            self.call_from_thread(self.show_error, exc)  # type: ignore[attr-defined]
            return
        if not found:
            self.call_from_thread(self.seen_comments_of, post_id)
            return
        self.call_from_thread(self._push_post, found[0])

    def _push_post(self, post) -> None:
        self.show_post(post)  # type: ignore[attr-defined]
