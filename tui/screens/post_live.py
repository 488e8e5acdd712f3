"""For ``PostScreen``: what happens to the open post while it is on screen.

The app's poll (tui/live.py, models/post_watch.py) brings others' new
comments (``CommentsArrived``) and the shown ones edited, deleted, liked or
reacted to, with the post as it now is or the news that it was deleted
(``CommentsChanged``). A deleted comment leaves the list, whoever deleted it,
and replies quoting it then say "deleted comment". Someone's new name or login
(``PeopleChanged``) shows on the post and the comments naming them. The post's and the
comments' times ("5 min ago") are kept true as time goes by
(``tui/relative_times.py``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual.widgets import Input, Static

from models.views import CommentView, Page, PostView

from ..events import CommentsArrived, CommentsChanged, PeopleChanged
from ..i18n import _
from ..people_shown import People, comment_as_now, post_as_now
from ..relative_times import first_change, times_shown, words
from ..widgets.comment_item import CommentItem
from ..widgets.post_card import post_moments


class PostLiveMixin:
    """Needs ``post``, ``comment_list``, ``shown``, ``_after_change``, ``_watch``,
    ``_show_post``, ``_opening`` and ``_loading_older`` of ``PostScreen``."""

    post_gone = False  # the post was deleted while open
    top_words: tuple[str, ...] = ()  # the post's times as ``#post-top`` says them

    def next_time_change(self, now) -> datetime | None:  # type: ignore[no-untyped-def]
        moments = [] if self.post is None or self.post_gone else list(post_moments(self.post))
        moments += [item.comment.created_at for item in self.comment_list.children
                    if isinstance(item, CommentItem)]
        return first_change(moments, now)

    def show_times_again(self, now) -> None:  # type: ignore[no-untyped-def]
        """The post on top and each comment drawn again where a time reads otherwise now."""
        if (self.post is not None and not self.post_gone
                and words(post_moments(self.post), now) != self.top_words):
            self.query_one("#post-top", Static).update(self.post_top())
        for item in self.comment_list.children:
            if isinstance(item, CommentItem):
                item.show_times_again(now)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.post_gone and action in ("compose", "view_pictures", "play_track"):
            return False
        return super().check_action(action, parameters)

    async def on_comments_arrived(self, event: CommentsArrived) -> None:
        await self.add_comments([c for c in event.comments if c.post_id == self.post.id])

    async def add_comments(self, new: list[CommentView]) -> None:
        """Comments to show at the end (live, or my own just sent), once each.

        The post's comment count is not counted here: it is only ever shown as
        read (the poll's post, or the one read with my own comment). Adding to
        it raced the poll, whose reads are not one snapshot: it could read the
        post with my new comment counted but not the comment, and my comment
        added after that counted it twice."""
        known = {c.id for c in self.shown}
        fresh = [c for c in new if c.id not in known]
        if not fresh or self.post_gone:
            return
        view = self.comment_list
        at_end = view.index is None or view.index >= len(view.children) - 1
        await view.extend([CommentItem(c) for c in fresh])
        if at_end:
            self.cursor_to(len(view.children) - 1)  # the newest wholly in sight
        self._after_change()
        times_shown(self)
        self._watch()  # the poll reads the post again, with its count (``on_comments_changed``)

    async def on_comments_changed(self, event: CommentsChanged) -> None:
        if self.post_gone:
            return
        if event.gone == self.post.id:
            await self._post_deleted()
            return
        if event.post is not None and event.post.id == self.post.id:
            self._show_post(event.post)
        for comment in event.comments:
            if comment.post_id != self.post.id:
                continue
            if comment.deleted:
                await self.drop_comment(comment.id)
            else:
                self._replace(comment)

    _renamed_meanwhile: People = {}  # new names told while comments were read

    def on_people_changed(self, event: PeopleChanged) -> None:
        """The post (its author, a shared post's) and each comment (its author,
        the one it quotes) name them as they are now; the rows stay where
        they are, the same one highlighted. Comments being read may have been
        read before the new name: they take it as they come
        (``comments_as_now``)."""
        people = event.people
        if self._opening or self._loading_older:
            self._renamed_meanwhile = {**self._renamed_meanwhile, **people}
        if self.post is not None and not self.post_gone:
            self._show_post(post_as_now(self.post, people))
        self._held = [comment_as_now(c, people) for c in self._held]
        for item in self.comment_list.children:
            if isinstance(item, CommentItem):
                comment = comment_as_now(item.comment, people)
                if comment is not item.comment:
                    item.show(comment)

    def comments_as_now(self, post: PostView, page: Page[CommentView]
                        ) -> tuple[PostView, Page[CommentView]]:
        """``post`` and a ``page`` of its comments, read before someone's new
        name came (``on_people_changed`` while they were read), naming them
        as they are now."""
        renamed, self._renamed_meanwhile = self._renamed_meanwhile, {}
        if not renamed:
            return post, page
        return post_as_now(post, renamed), Page(
            tuple(comment_as_now(comment, renamed) for comment in page.items), page.next_cursor)

    def _replace(self, comment: CommentView) -> None:
        self._held = [comment if c.id == comment.id else c for c in self._held]
        for item in self.comment_list.children:
            if isinstance(item, CommentItem) and item.comment.id == comment.id:
                if item.comment != comment:
                    item.show(comment)

    async def drop_comment(self, comment_id: int) -> bool:
        """Take a deleted comment off the list; replies quoting it say it was
        deleted. Returns whether it was shown."""
        view = self.comment_list
        held = len(self._held)
        self._held = [_quoted_gone(c, comment_id) for c in self._held if c.id != comment_id]
        dropped = len(self._held) < held
        for index, item in enumerate(list(view.children)):
            if isinstance(item, CommentItem) and item.comment.id == comment_id:
                await view.pop(index)
                dropped = True
                break
        for item in view.children:
            if isinstance(item, CommentItem):
                said = _quoted_gone(item.comment, comment_id)
                if said is not item.comment:
                    item.show(said)
        if not view.children and self._held:  # no row left to reach the held ones from
            held, self._held = self._held, []
            await view.extend([CommentItem(c) for c in held])
            self.cursor_to(len(held) - 1)
        self._after_change()
        return dropped

    async def _post_deleted(self) -> None:
        """The post was deleted while open: say so; nothing more can be written."""
        self.post_gone = True
        self._held = []
        await self.comment_list.clear()
        self._top_drawn = None
        self.query_one("#post-top", Static).update(_("The post was deleted"))
        field = self.query_one("#comment-input", Input)
        field.disabled = True
        self.refresh_bindings()
        self.query_one("#comment-bar", Static).remove_class("-shown")
        self._after_change()
        self.comment_list.focus()


def _quoted_gone(comment: CommentView, comment_id: int) -> CommentView:
    """``comment``, saying "deleted comment" where it quotes ``comment_id``."""
    quote = comment.reply_to
    if quote is None or quote.id != comment_id or quote.deleted:
        return comment
    return replace(comment, reply_to=replace(quote, text="", deleted=True))
