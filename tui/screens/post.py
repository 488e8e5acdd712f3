"""A post with its comments: the post on top, its comments below (newest
last, older ones loaded when the cursor reaches the top), a composer at the
bottom. On a comment: r reply (quoted), e edit, d delete, l like, + react.
Others' new comments, edits and deletions arrive live (tui/screens/post_live.py)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, ListView, Static

from models import comments, communities, posts, reactions
from models.errors import DomainError
from models.text import clean_line
from models.views import CommentView, Page, PostView

from ..i18n import _
from ..keys import LocalisedBindings
from ..widgets.app_header import AppHeader
from ..widgets.comment_item import CommentItem
from ..widgets.footer import AppFooter
from ..widgets.row_list import RowList
from .post_attachments import PostAttachmentsMixin
from .post_live import PostLiveMixin


class CommentList(RowList):
    """The comments; its keys act on the highlighted one."""

    BINDINGS = [
        Binding("r", "reply", "Reply", id="post.reply"),
        Binding("e", "edit", "Edit", id="post.edit"),
        Binding("d,delete", "delete", "Delete", id="post.delete"),
        Binding("l", "like", "Like", id="post.like"),
        Binding("plus", "react", "React", id="post.react"),
        Binding("w", "reactors", "Who reacted", show=False, id="post.reactors"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.highlighted_child
        screen = self.screen
        if action in ("reply", "edit", "delete", "like", "react", "reactors"):
            if not isinstance(item, CommentItem) or not isinstance(screen, PostScreen):
                return False
            if action == "edit":
                return screen.is_mine(item.comment)
            if action == "delete":
                return screen.may_delete(item.comment)
        return True

    def _act(self, name: str) -> None:
        item = self.highlighted_child
        if isinstance(item, CommentItem) and isinstance(self.screen, PostScreen):
            getattr(self.screen, name)(item)

    def action_reply(self) -> None:
        self._act("start_reply")

    def action_edit(self) -> None:
        self._act("start_edit")

    def action_delete(self) -> None:
        self._act("ask_delete")

    def action_like(self) -> None:
        self._act("toggle_like")

    def action_react(self) -> None:
        self._act("pick_reaction")

    def action_reactors(self) -> None:
        self._act("show_reactors")


class PostScreen(PostLiveMixin, PostAttachmentsMixin, LocalisedBindings, Screen[PostView | None]):
    """Dismisses with the post as it now is (its counts), for the card it came from."""

    DEFAULT_CSS = """
    PostScreen #post-top {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border-bottom: solid $primary 40%;
    }
    PostScreen CommentList { height: 1fr; background: $surface; }
    PostScreen #comments-empty { color: $text-muted; padding: 1 2; display: none; }
    PostScreen.-empty #comments-empty { display: block; }
    PostScreen #comment-bar { display: none; height: 1; padding: 0 1; color: $text-muted; }
    PostScreen #comment-bar.-shown { display: block; }
    PostScreen #comment-input { dock: bottom; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="post.back"),
        Binding("c", "compose", "Comment", id="post.compose"),
        Binding("v", "view_pictures", "View pictures", id="post.view_pictures"),
        Binding("p", "play_track", "Play the track", id="post.play_track"),
    ]

    def __init__(self, post: PostView) -> None:
        super().__init__()
        self.post = post
        self._older: object | None = None
        self._loading_older = False
        self._reply_to: CommentView | None = None
        self._editing: CommentView | None = None
        self._community_owner: int | None = None

    @property
    def post_id(self) -> int:
        return self.post.id

    def compose(self) -> ComposeResult:
        yield AppHeader(_("Post"))
        yield Static(self.post_top(), id="post-top")
        yield CommentList()
        yield Static(_("No comments yet. Press c to write the first one."),
                     id="comments-empty", markup=False)
        yield Static("", id="comment-bar", markup=False)
        yield Input(placeholder=_("Write a comment… (Enter sends)"), id="comment-input")
        yield AppFooter()

    @property
    def comment_list(self) -> CommentList:
        return self.query_one(CommentList)

    @property
    def shown(self) -> list[CommentView]:
        return [c.comment for c in self.comment_list.children if isinstance(c, CommentItem)]

    def on_mount(self) -> None:
        self.comment_list.focus()
        self.app.seen_comments_of(self.post.id)
        me = self.app.current_user
        if me is not None:
            self._load(me.id)

    def on_unmount(self) -> None:
        self.app.set_live_post(None)

    # -------------------------------------------------------------- who may

    def _me(self) -> int | None:
        me = self.app.current_user
        return None if me is None else me.id

    def is_mine(self, comment: CommentView) -> bool:
        return comment.author.id == self._me()

    def may_delete(self, comment: CommentView) -> bool:
        return comments.may_delete(
            self._me(), comment.author.id, self.post.author.id, self._community_owner
        )

    # -------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="post-open")
    def _load(self, user_id: int) -> None:
        try:
            post = posts.posts_by_id(user_id, [self.post.id])
            page = comments.comments_page(user_id, self.post.id)
            owner = None
            if self.post.community_id is not None:
                owner = communities.get_community(user_id, self.post.community_id).owner.id
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._opened, post[0] if post else self.post, page, owner)

    async def _opened(self, post: PostView, page: Page[CommentView], owner: int | None) -> None:
        self._community_owner = owner
        self._show_post(post)
        await self.comment_list.extend([CommentItem(c) for c in page.items])
        self._older = page.next_cursor
        self._after_change()
        if page.items:
            self.comment_list.index = len(page.items) - 1
        self.refresh_bindings()  # r / e / d follow the highlighted comment, read just now
        self._watch()

    def _watch(self) -> None:
        newest = max((c.id for c in self.shown), default=0)
        self.app.set_live_post((self.post.id, newest))

    def _show_post(self, post: PostView) -> None:
        self.post = post
        self.query_one("#post-top", Static).update(self.post_top())

    def _after_change(self) -> None:
        self.set_class(not self.comment_list.children, "-empty")

    @on(ListView.Highlighted)
    def _near_top(self, event: ListView.Highlighted) -> None:
        self.refresh_bindings()  # e / d only on a comment I may change
        if self.comment_list.index == 0 and self._older is not None and not self._loading_older:
            me = self._me()
            if me is not None:
                self._loading_older = True
                self._load_older(me, self._older)

    @work(thread=True, group="post-older")
    def _load_older(self, user_id: int, cursor: object) -> None:
        try:
            page = comments.comments_page(user_id, self.post.id, cursor)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show_older, page)

    async def _show_older(self, page: Page[CommentView]) -> None:
        known = {c.id for c in self.shown}
        items = [CommentItem(c) for c in page.items if c.id not in known]
        view = self.comment_list
        if items:
            await view.insert(0, items)
            view.index = len(items)
        self._older = page.next_cursor
        self._loading_older = False

    # -------------------------------------------------------------- writing

    def action_compose(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        if self._reply_to is not None or self._editing is not None:
            self._clear_mode()
            return
        if self.query_one(Input).has_focus:
            self.comment_list.focus()
            return
        self.dismiss(None if self.post_gone else self.post)

    def _clear_mode(self) -> None:
        self._reply_to = self._editing = None
        self.query_one("#comment-bar", Static).remove_class("-shown")

    def _bar(self, text: str) -> None:
        bar = self.query_one("#comment-bar", Static)
        bar.update(text)
        bar.add_class("-shown")
        self.query_one(Input).focus()

    def start_reply(self, item: CommentItem) -> None:
        self._editing = None
        self._reply_to = item.comment
        quote = clean_line(item.comment.text)[:60]
        self._bar(_("Reply to {name}: {text} (Escape cancels)").format(
            name=clean_line(item.comment.author.full_name), text=quote))

    def start_edit(self, item: CommentItem) -> None:
        self._reply_to = None
        self._editing = item.comment
        field = self.query_one(Input)
        field.value = item.comment.text
        self._bar(_("Editing your comment (Escape cancels)"))

    @on(Input.Submitted, "#comment-input")
    def _send(self, event: Input.Submitted) -> None:
        me = self._me()
        if me is None or not event.value.strip():
            return
        editing = self._editing.id if self._editing else None
        reply_to = self._reply_to.id if self._reply_to else None
        self._write(me, event.value, editing, reply_to)

    @work(thread=True, group="post-write")
    def _write(self, user_id: int, text: str, editing: int | None, reply_to: int | None) -> None:
        try:
            if editing is not None:
                comment = comments.edit_comment(user_id, editing, text)
            else:
                comment = comments.add_comment(user_id, self.post.id, text, reply_to)
        except DomainError as exc:  # the text stays in the composer
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._written, comment, editing is not None)

    async def _written(self, comment: CommentView, edited: bool) -> None:
        self.query_one(Input).value = ""
        self._clear_mode()
        if edited:
            self._replace(comment)
        else:
            await self.add_comments([comment])

    def ask_delete(self, item: CommentItem) -> None:
        from .confirm import ConfirmScreen

        comment_id = item.comment.id

        def answered(yes: bool | None) -> None:
            me = self._me()
            if yes and me is not None:
                self._delete(me, comment_id)

        self.app.push_screen(
            ConfirmScreen(_("Delete this comment?"), confirm_label=_("Delete")), answered)

    @work(thread=True, group="post-write")
    def _delete(self, user_id: int, comment_id: int) -> None:
        try:
            comments.delete_comment(user_id, comment_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._deleted, comment_id)

    async def _deleted(self, comment_id: int) -> None:
        if await self.drop_comment(comment_id):
            self._show_post(posts_with_count(self.post, -1))

    def toggle_like(self, item: CommentItem) -> None:
        me = self._me()
        if me is not None:
            self._like(me, item.comment.id, not item.comment.liked_by_me)

    @work(thread=True, group="post-like")
    def _like(self, user_id: int, comment_id: int, like: bool) -> None:
        try:
            if like:
                comment = comments.like_comment(user_id, comment_id)
            else:
                comment = comments.unlike_comment(user_id, comment_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._replace, comment)

    def pick_reaction(self, item: CommentItem) -> None:
        from .reaction_picker import ReactionPicker

        current = next((r.emoji for r in item.comment.reactions if r.mine), None)
        comment_id = item.comment.id

        def chosen(emoji: str | None) -> None:
            me = self._me()
            if emoji is not None and me is not None:
                self._react(me, comment_id, emoji)

        self.app.push_screen(ReactionPicker(current), chosen)

    @work(thread=True, group="post-react")
    def _react(self, user_id: int, comment_id: int, emoji: str) -> None:
        try:
            comment = reactions.react_to_comment(user_id, comment_id, emoji)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._replace, comment)

    def show_reactors(self, item: CommentItem) -> None:
        from .reactors import ReactorsScreen

        me, comment_id = self._me(), item.comment.id
        if me is not None:
            self.app.push_screen(
                ReactorsScreen(lambda: reactions.comment_reactors(me, comment_id)))


def posts_with_count(post: PostView, delta: int) -> PostView:
    """``post`` with ``delta`` more comments (what this screen just saw happen)."""
    from dataclasses import replace

    return replace(post, comment_count=max(0, post.comment_count + delta))
