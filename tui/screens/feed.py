"""Feed: posts of the people I follow (friends), or of everyone."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane

from models import posts
from models.views import PostView

from ..i18n import _
from ..keys import LocalisedBindings
from ..widgets.app_header import AppHeader
from ..widgets.post_list import PostList


class FeedScreen(LocalisedBindings, Screen):
    """Two tabs of posts, newest first; ``n`` writes a post."""

    BINDINGS = [
        Binding("n", "new_post", "New post", id="feed.new_post"),
        Binding("r", "refresh", "Refresh", id="feed.refresh"),
        Binding("1", "tab('following')", "Following", show=False, id="feed.following"),
        Binding("2", "tab('everyone')", "Everyone", show=False, id="feed.everyone"),
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader(_("Feed"), "feed")
        with TabbedContent(id="feed-tabs"):
            with TabPane(_("Following"), id="following"):
                yield PostList(
                    self._following,
                    empty_text=_(
                        "Nothing here yet. Posts of your friends appear here — "
                        "find people with F5, or press n to write the first post."
                    ),
                    deletable=True,
                    id="following-posts",
                )
            with TabPane(_("Everyone"), id="everyone"):
                yield PostList(
                    self._everyone,
                    empty_text=_("Nobody has posted yet. Press n to write the first post."),
                    deletable=True,
                    id="everyone-posts",
                )
        yield Footer()

    def on_mount(self) -> None:
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

    def action_refresh(self) -> None:
        for post_list in self.query(PostList):
            post_list.reload()

    def action_new_post(self) -> None:
        from .composer import ComposerScreen

        def published(post: PostView | None) -> None:
            if post is not None:
                for post_list in self.query(PostList):
                    post_list.add_post(post)
                self.notify(_("Post published."))

        self.app.push_screen(ComposerScreen(), published)

    @on(PostList.AuthorOpened)
    def _open_author(self, event: PostList.AuthorOpened) -> None:
        self.app.open_profile(event.user_id)
