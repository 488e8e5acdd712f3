"""Feed: posts of the people I follow (friends), or of everyone."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ListView, Static, TabbedContent, TabPane

from models import posts
from models.views import PostView

from ..carry_over import reopens
from ..events import NewPostsAvailable
from ..i18n import _
from ..keys import SWITCH_TAB
from ..ready_ahead import profile_wanted
from ..widgets.app_header import AppHeader
from ..widgets.footer import AppFooter
from ..widgets.post_actions import show_new_post
from ..widgets.post_card import PostCard
from ..widgets.post_list import PostList
from .section import SectionScreen, closed_before_mount


class FeedScreen(SectionScreen):
    """Two tabs of posts, newest first; ``n`` writes a post.

    Posts published meanwhile are never slipped in under the reader's cursor: a
    bar says how many there are, and ``r`` (or a click on it) shows them.
    """

    DEFAULT_CSS = """
    FeedScreen #new-posts-bar {
        display: none;
        height: 1;
        padding: 0 1;
        background: $accent 30%;
        color: $foreground;
        text-style: bold;
    }
    FeedScreen #new-posts-bar.-shown { display: block; }
    """

    BINDINGS = [
        Binding("n", "new_post", "New post", id="feed.new_post"),
        Binding("r", "refresh", "Refresh", id="feed.refresh"),
        Binding("1", "tab('following')", "Following", show=False, id="feed.following"),
        Binding("2", "tab('everyone')", "Everyone", show=False, id="feed.everyone"),
        *SWITCH_TAB,
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader(_("Feed"), "feed")
        yield Static("", id="new-posts-bar", markup=False)
        with TabbedContent(id="feed-tabs"):
            with TabPane(_("Following"), id="following"):
                yield PostList(
                    self._following,
                    empty_text=_(
                        "Nothing here yet. Posts of your friends appear here — "
                        "find people with F5, or press n to write the first post."
                    ),
                    deletable=True,
                    accepts=lambda post: True,  # mine, wherever written: I follow myself
                    id="following-posts",
                )
            with TabPane(_("Everyone"), id="everyone"):
                yield PostList(
                    self._everyone,
                    empty_text=_("Nobody has posted yet. Press n to write the first post."),
                    deletable=True,
                    accepts=lambda post: True,
                    id="everyone-posts",
                )
        yield AppFooter()

    _feed: tuple[bool, int] | None = None  # what the app's poll counts new posts of

    def on_mount(self) -> None:
        if closed_before_mount(self, "#following-posts"):
            return
        for post_list in self.query(PostList):
            post_list.reload()
        self.query_one("#following-posts PostListView").focus()

    def _following(self, cursor: object | None):
        return posts.feed_following(self.app.current_user.id, cursor)

    def _everyone(self, cursor: object | None):
        return posts.feed_everyone(self.app.current_user.id, cursor)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-posts PostListView").focus()

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id
        if pane:
            self.query_one(f"#{pane}-posts PostListView").focus()
        self._show_new_posts(0)
        self._watch_feed()
        self._ready_ahead(self._active_list().list_view.highlighted_child)

    def action_refresh(self) -> None:
        self._feed = None  # counts made for the lists being replaced no longer apply
        self._show_new_posts(0)
        for post_list in self.query(PostList):
            post_list.reload()

    # -------------------------------------------------------------- new posts bar

    def _watch_feed(self) -> None:
        """Ask the app's live poll to count posts newer than the active tab's newest."""
        if self.app.screen is not self:
            return
        post_list = self._active_list()
        if not post_list.loaded:
            return
        self._feed = (post_list.id == "everyone-posts", post_list.newest_id)
        self.app.set_live_feed(self._feed)

    @on(PostList.Shown)
    def _list_shown(self) -> None:
        self._watch_feed()

    def on_screen_resume(self) -> None:
        self._watch_feed()
        self._ready_ahead(self._active_list().list_view.highlighted_child)

    def _active_list(self) -> PostList:
        return self.query_one(f"#{self.query_one(TabbedContent).active or 'following'}-posts",
                              PostList)

    def on_screen_suspend(self) -> None:
        self._feed = None
        self.app.set_live_feed(None)

    def on_new_posts_available(self, event: NewPostsAvailable) -> None:
        if event.feed == self._feed:  # not a count made for a tab or a list since left
            self._show_new_posts(event.count)

    def _show_new_posts(self, count: int) -> None:
        bar = self.query_one("#new-posts-bar", Static)
        if count > 0:
            shown = "99+" if count >= 100 else str(count)
            bar.update(_("New posts: {count} — press r or click to show").format(count=shown))
        bar.set_class(count > 0, "-shown")

    def on_click(self, event: events.Click) -> None:
        if event.widget is not None and event.widget.id == "new-posts-bar":
            self.action_refresh()

    def action_new_post(self) -> None:
        from .composer import ComposerScreen

        def published(post: PostView | None) -> None:
            if post is not None:
                show_new_post(self.app, post)  # My profile's list too, and a community's
                self.notify(_("Post published."))

        self.app.push_screen(reopens(ComposerScreen(), FeedScreen.action_new_post), published)

    @on(PostList.AuthorOpened)
    def _open_author(self, event: PostList.AuthorOpened) -> None:
        self.app.open_profile(event.user_id)

    @on(ListView.Highlighted)
    def _highlighted(self, event: ListView.Highlighted) -> None:
        if event.list_view.parent is self._active_list():  # (not the other tab's, refilled)
            self._ready_ahead(event.item)

    def _ready_ahead(self, card: object) -> None:
        """The post the cursor rests on with its comments, and its author's
        profile, made ready out of sight, so Enter and ``u`` only show them
        (``tui/ready_ahead.py``)."""
        if not isinstance(card, PostCard) or self.app.screen is not self:
            return
        post = card.post
        self.app.ready_soon(("post", post.id, lambda screen: screen.show_post(post, seen=False)),
                            *profile_wanted(self.app, post.author.id))
