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
from ..kept_screens import LaidOutOutOfSight, RestyledOnlyWhenChanged, footer_keys_out_of_sight
from ..keys import LocalisedBindings
from ..relative_times import shows_times, times_shown
from ..widgets.app_header import AppHeader
from ..widgets.comment_item import CommentItem
from ..widgets.footer import AppFooter
from ..widgets.row_list import RowList, rows_at_once
from ..widgets.text_input import TextInput
from .post_attachments import PostAttachmentsMixin
from .post_kept import KeptPostMixin
from .post_live import PostLiveMixin
from .section import BlinksOnlyWhenShown, RestylesOnlyWhenNeeded, closed_before_mount


class CommentList(RowList):
    """The comments; its keys act on the highlighted one."""

    holds_scroll = False  # rows put on it not laid out yet: no scroll to the cursor (``KeptPostMixin.cursor_to``)

    def scroll_to_widget(self, widget, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        # ``ListView.watch_index`` scrolls to the highlighted row at once, by
        # where it was last laid out (the last post's rows), or, a row just
        # mounted, once the list's queue is done: held, it is scrolled to
        # once laid out (``KeptPostMixin.cursor_to``).
        if self.holds_scroll:
            return False
        return super().scroll_to_widget(widget, *args, **kwargs)

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


class PostScreen(KeptPostMixin, PostLiveMixin, PostAttachmentsMixin, LaidOutOutOfSight,
                 BlinksOnlyWhenShown, RestyledOnlyWhenChanged, RestylesOnlyWhenNeeded,
                 LocalisedBindings, Screen[PostView | None]):
    """Dismisses with the post as it now is (its counts), for the card it came
    from. Kept by the app and refilled for the next post (``show_post``)."""

    loading_shown = False  # "Loading…" in place of the comments (``show_unfilled``)

    DEFAULT_CSS = """
    PostScreen #post-top {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border-bottom: solid $primary 40%;
    }
    PostScreen CommentList { height: 1fr; background: $surface; }
    PostScreen #comments-empty { color: $text-muted; padding: 1 2; display: none; }
    PostScreen #comments-loading { color: $text-muted; padding: 1 2; display: none; }
    PostScreen #comment-bar { display: none; height: 1; padding: 0 1; color: $text-muted; }
    PostScreen #comment-bar.-shown { display: block; }
    """

    # Its footer's keys follow its bindings only while it is shown; refilled
    # out of sight, they are rebuilt once, for what it shows (tui/widgets/footer.py).
    KEYS_REBUILT_WHEN_SHOWN = True

    BINDINGS = [
        Binding("escape", "back", "Back", id="post.back"),
        Binding("c", "compose", "Comment", id="post.compose"),
        Binding("v", "view_pictures", "View pictures", id="post.view_pictures"),
        Binding("p", "play_track", "Play the track", id="post.play_track"),
    ]

    def __init__(self, post: PostView | None) -> None:
        """``post`` None: built out of sight by the app, for the first post opened."""
        super().__init__()
        self.post = post
        self._older: object | None = None
        self._loading_older = False
        self._reply_to: CommentView | None = None
        self._editing: CommentView | None = None
        self._community_owner: int | None = None
        self._held: list[CommentView] = []  # the first page's older comments, not on the list yet
        self._top_drawn: PostView | None = post  # what #post-top shows

    @property
    def post_id(self) -> int | None:
        return None if self.post is None else self.post.id

    def compose(self) -> ComposeResult:
        yield AppHeader(_("Post"))
        yield Static(self.post_top(), id="post-top")
        yield CommentList()
        yield Static(_("No comments yet. Press c to write the first one."),
                     id="comments-empty", markup=False)
        yield Static(_("Loading…"), id="comments-loading", markup=False)
        yield Static("", id="comment-bar", markup=False)
        yield TextInput(placeholder=_("Write a comment… (Enter sends)"), id="comment-input")
        yield AppFooter()

    @property
    def comment_list(self) -> CommentList:
        return self.query_one(CommentList)

    @property
    def shown(self) -> list[CommentView]:
        return [c.comment for c in self.comment_list.children if isinstance(c, CommentItem)]

    def on_mount(self) -> None:
        if closed_before_mount(self, "CommentList"):
            return
        self.comment_list.focus()
        shows_times(self)  # the post's and the comments' (``PostLiveMixin.show_times_again``)
        if self.post is None:  # built out of sight, for the first post opened
            return  # (its styles noted by RestyledOnlyWhenChanged as it mounted)
        self.draft_back()
        self.app.seen_comments_of(self.post.id)
        self.read_post()

    def on_screen_suspend(self) -> None:
        # (KeptPostMixin's, called by Textual too, keeps its draft.) Closed:
        # no longer watched. Under a picker, or its section left with an
        # F-key (it is there when the person comes back), it stays watched.
        if not self.app._on_a_stack(self):
            self.app.set_live_post(None)

    def on_screen_resume(self) -> None:
        if self._watched and not self.post_gone:
            self._watch()  # (another post may have been watched meanwhile)

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
    def _load(self, user_id: int, read: int) -> None:
        shown = self.post
        try:
            post = posts.posts_by_id(user_id, [shown.id])
            page = comments.comments_page(user_id, shown.id)
            owner = None
            if shown.community_id is not None:
                owner = communities.get_community(user_id, shown.community_id).owner.id
        except DomainError as exc:
            self.app.call_from_thread(self._failed, read, exc)
            return
        self.app.call_from_thread(self._opened, read, post[0] if post else shown, page, owner)

    async def _failed(self, read: int, exc: DomainError) -> None:
        """The error said; none of the last post's comments left on the list."""
        if read != self._reads:
            return  # read for the post shown before (show_post)
        self._opening = False  # the keys held for it go on
        self._watched = False  # nothing shown to watch from
        self._held = []
        await self.show_comments([])
        self.loading_shown = False
        self._after_change()
        if self.app.screen_coming is self:
            self.app.screen_filled(self)  # shown now, with the error
        if not self.app.making_ready(self):  # (made ready for a rest: its key says it)
            self.app.show_error(exc)

    async def _opened(self, read: int, post: PostView, page: Page[CommentView],
                      owner: int | None) -> None:
        if read != self._reads:
            return  # read for the post shown before (show_post)
        # Not emptied meanwhile (tui/kept_screens.py): until ``_filled``.
        self.filling = True
        try:
            post, page = self.comments_as_now(post, page)
            self._community_owner = owner
            self._show_post(post)
            rows = self.rows_at_once()
            shown, self._held = page.items[-rows:], list(page.items[:-rows])
            await self.show_comments(shown)
            if read != self._reads:
                self.filling = False
                return  # shown for another post while the comments were mounted
            self._older = page.next_cursor
            self.loading_shown = False
            self._after_change()
            self._opening = False
            if shown:
                self.cursor_to(len(shown) - 1)  # scrolled once laid out, shown or not
            self.refresh_bindings()  # r / e / d follow the highlighted comment, read just now
            if not self.filled_unseen:
                self._watch()
            await footer_keys_out_of_sight(self)  # before it is shown, when out of sight
        except BaseException:
            self.filling = False
            raise
        # Shown (when kept and waiting out of sight) once what the rows'
        # mounting and removal queued has run.
        self.app.call_next(self._filled, read)

    def _filled(self, read: int) -> None:
        self.filling = False  # filled: a wait that ends now may show it
        if read == self._reads:
            self.app.screen_filled(self)

    def _watch(self) -> None:
        self._watched = True
        newest = max((c.id for c in self.shown), default=0)
        self.app.set_live_post((self.post.id, newest))

    def _show_post(self, post: PostView) -> None:
        """``post`` in ``#post-top``; not drawn again as it is (the post read
        as it was opened, the live poll's first look at it): a new layout of
        the whole screen each time."""
        if post == self._top_drawn and post == self.post:
            return
        self.post = post
        self._top_drawn = post
        self.query_one("#post-top", Static).update(self.post_top())

    def _after_change(self) -> None:
        """"Loading…", "No comments yet" or the comments, as the screen stands:
        each one's ``display`` set. A class on the screen restyled every
        comment on it each time it changed (a kept post screen opened for a
        post without comments after one with them, and back: issue 17)."""
        loading = self.loading_shown
        self.query_one("#comments-loading").display = loading
        self.query_one("#comments-empty").display = (
            not loading and not self.comment_list.children)
        self.comment_list.display = not loading

    def rows_at_once(self) -> int:
        """How many of the first page's comments are put on the list as the
        post opens (``row_list.rows_at_once``); the page's older ones wait in
        ``_held`` until the cursor reaches the top, as older pages do: all 30
        laid out were half of opening a post."""
        return rows_at_once(self.app)

    @on(ListView.Highlighted)
    def _near_top(self, event: ListView.Highlighted) -> None:
        self.refresh_bindings()  # e / d only on a comment I may change
        if self.comment_list.index != 0 or self._loading_older:
            return
        if self._held:
            self._loading_older = True
            held, self._held = self._held, []
            self.call_later(self._show_older, self.post.id, Page(tuple(held), self._older))
        elif self._older is not None:
            me = self._me()
            if me is not None:
                self._loading_older = True
                self._load_older(me, self.post.id, self._older)

    @work(thread=True, group="post-older")
    def _load_older(self, user_id: int, post_id: int, cursor: object) -> None:
        try:
            page = comments.comments_page(user_id, post_id, cursor)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show_older, post_id, page)

    async def _show_older(self, post_id: int, page: Page[CommentView]) -> None:
        if post_id != self.post.id:
            return  # read for the post shown before (show_post)
        _post, page = self.comments_as_now(self.post, page)
        known = {c.id for c in self.shown}
        items = [CommentItem(c) for c in page.items if c.id not in known]
        view = self.comment_list
        if items:
            await view.insert(0, items)
            self.cursor_to(len(items))  # the row it was on, in sight
            times_shown(self)
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
        editing = self._editing is not None
        self._reply_to = self._editing = None
        self.query_one("#comment-bar", Static).remove_class("-shown")
        if editing:
            self.draft_back()  # what was being written before the edit

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
        self.keep_comment_draft()  # back in the field once the edit ends
        self._editing = item.comment
        self.query_one(TextInput).put(item.comment.text)
        self._bar(_("Editing your comment (Escape cancels)"))

    @on(Input.Submitted, "#comment-input")
    def _send(self, event: Input.Submitted) -> None:
        me = self._me()
        if me is None or not event.value.strip():
            return
        editing = self._editing.id if self._editing else None
        reply_to = self._reply_to.id if self._reply_to else None
        self._write(me, self.post.id, event.value, editing, reply_to)

    @work(thread=True, group="post-write")
    def _write(self, user_id: int, post_id: int, text: str, editing: int | None,
               reply_to: int | None) -> None:
        try:
            if editing is not None:
                comment = comments.edit_comment(user_id, editing, text)
            else:
                comment = comments.add_comment(user_id, post_id, text, reply_to)
        except DomainError as exc:  # the text stays in the composer
            self.app.call_from_thread(self.app.show_error, exc)
            return
        post = None if editing is not None else _read_post(user_id, post_id)  # (an edit counts none)
        self.app.call_from_thread(self._written, comment, editing is not None, text, post)

    async def _written(self, comment: CommentView, edited: bool, text: str,
                       post: PostView | None) -> None:
        drafts = self.app.comment_drafts
        if not edited and drafts.get(comment.post_id) == text:
            del drafts[comment.post_id]  # sent: no draft any more (kept as the post was left)
            self.app.post_drafts_changed()
        if comment.post_id != self.post.id:
            return  # sent from a post left meanwhile: this one's field is another's
        self.query_one(Input).value = ""
        self._clear_mode()
        if edited:
            self._replace(comment)
        else:
            await self.add_comments([comment])
        self._show_read_post(post)

    def ask_delete(self, item: CommentItem) -> None:
        from .confirm import ConfirmScreen

        comment_id, post_id = item.comment.id, item.comment.post_id

        def answered(yes: bool | None) -> None:
            me = self._me()
            if yes and me is not None:
                self._delete(me, comment_id, post_id)

        self.app.push_screen(
            ConfirmScreen(_("Delete this comment?"), confirm_label=_("Delete")), answered)

    @work(thread=True, group="post-write")
    def _delete(self, user_id: int, comment_id: int, post_id: int) -> None:
        try:
            comments.delete_comment(user_id, comment_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        post = _read_post(user_id, post_id)
        self.app.call_from_thread(self._deleted, comment_id, post)

    async def _deleted(self, comment_id: int, post: PostView | None) -> None:
        await self.drop_comment(comment_id)
        self._show_read_post(post)

    def _show_read_post(self, post: PostView | None) -> None:
        """``post``, read just after my own write, with its comment count (the
        count is never added to: the poll's reads are not one snapshot, and may
        already count my comment). A comment written moves the newest shown, so
        the poll reads the post again after this read (models/post_watch.py)."""
        if post is not None and not self.post_gone and post.id == self.post.id:
            self._show_post(post)

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


def _read_post(user_id: int, post_id: int) -> PostView | None:
    """The post as it is now (its comment count), or None if it cannot be read:
    the comment was written; the poll brings the post then."""
    try:
        found = posts.posts_by_id(user_id, [post_id])
    except DomainError:
        return None
    return found[0] if found else None
