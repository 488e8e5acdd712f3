"""The open post, live: its new comments, and what changed in those shown.

New comments are found by id (``comments.comments_after``). An edit, a
deletion (by the comment's author, the post's author or the community's
owner), a like or a reaction changes a comment already on someone's screen,
and its writer cannot know who has the post open, so no activity row can be
addressed to them. Instead the poll (models/activity.py), when something was
committed, reads the open post's newest ``WINDOW`` comments up to the newest
shown (one range search of the (post, id) index, deleted ones included, and
one batched read of their reactions) and the post itself, and reports what
differs from the last read; the post also whenever the newest comment shown
moved (the screen shows its comment count only as read, and a read asked for
after the screen changed is at least as new as any it shows). Comments older
than the window are not watched: a person who scrolled that far back sees
their changes on reopening.

The first read of a post reports its whole window and the post: the screen
read its page before the poll took this first look, and anything that changed
between the two would otherwise be lost. The screen ignores what it already
shows as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import comments, posts
from .errors import NotFoundError
from .views import CommentView, PostView

WINDOW = 100  # newest comments of the open post whose changes are reported


@dataclass(frozen=True, slots=True)
class PostChanges:
    """What one poll found about the open post."""

    new: tuple[CommentView, ...] = ()  # comments newer than the newest shown, oldest first
    changed: tuple[CommentView, ...] = ()  # shown ones as they are now (deleted: flagged)
    post: PostView | None = None  # the post as it is now, when that changed
    gone: int | None = None  # the post's id, once it was deleted (or hidden from me)


class PostWatch:
    """The last read of the open post, for one poller (not thread-safe)."""

    def __init__(self) -> None:
        self._post_id: int | None = None
        self._watched: tuple[int, int] | None = None  # (post id, newest comment shown) last read
        self._post: PostView | None = None
        self._window: dict[int, CommentView] = {}
        self._gone = False

    def read(self, viewer_id: int, watched: tuple[int, int]) -> _Read | None:
        """Read the open post ``watched`` = (post id, newest comment id shown);
        returns what it found (``changes`` to report), or None. Changes nothing of its own state: the
        caller calls ``keep`` once the whole poll worked."""
        post_id, newest = watched[0], watched[1]
        first = post_id != self._post_id
        if self._gone and not first:
            return None
        try:
            new = comments.comments_after(viewer_id, post_id, newest)
            window = comments.comment_window(viewer_id, post_id, newest, WINDOW)
            found = posts.posts_by_id(viewer_id, [post_id])
        except NotFoundError:
            found = []
        if not found:
            return _Read(post_id, None, {}, PostChanges(gone=post_id), gone=True)
        post = found[0]
        views = {c.id: c for c in window}
        if first:
            changed = tuple(window)
        else:
            changed = tuple(
                c for c in window if c.id in self._window and self._window[c.id] != c
            )
        # The post too when the newest comment shown moved (a comment added on
        # screen, mine or another's): the screen shows the count as read, and
        # this read, asked for after it, is at least as new as the one it shows.
        moved = watched != self._watched
        report = PostChanges(
            new=tuple(new), changed=changed,
            post=post if post != self._post or moved else None,
        )
        return _Read(post_id, post, views, report, watched=watched)

    def keep(self, read: _Read | None, watched: tuple[int, int] | None) -> None:
        """Remember ``read`` (None: nothing was read; no ``watched``: no post open)."""
        if watched is None:  # closed: a post opened again starts with a first look
            self._post_id, self._post, self._window, self._gone = None, None, {}, False
            self._watched = None
            return
        if read is None:
            return
        self._post_id, self._post, self._gone = read.post_id, read.post, read.gone
        self._watched = read.watched
        self._window = read.window


@dataclass(frozen=True, slots=True)
class _Read:
    post_id: int
    post: PostView | None
    window: dict[int, CommentView]
    changes: PostChanges
    gone: bool = False
    watched: tuple[int, int] | None = None

    @property
    def reportable(self) -> bool:
        c = self.changes
        return bool(c.new or c.changed or c.post is not None or c.gone is not None)


def live_fields(read: _Read | None) -> dict:
    """The open post's part of ``views.LiveChanges``."""
    if read is None:
        return {}
    found = read.changes
    return {
        "watched_comments": found.new, "changed_comments": found.changed,
        "open_post": found.post, "gone_post": found.gone,
    }
