"""A keyset-paged list of posts: like, react, open the author, delete one's own post.

The screen gives a ``loader(cursor) -> Page[PostView]`` (run in a worker
thread); the list asks for the next page when the cursor nears the end or the
list is scrolled to the bottom. A list shown afresh puts on cards only the
first page's posts the screen can show (``cards_at_once``); the others are
held, kept current, and come the same way before the next page is read.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from datetime import datetime

from rich.console import RenderableType
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ListView, Static

from models import reactions
from models.errors import DomainError
from models.views import Page, PostView, UserRef

from ..i18n import _
from ..relative_times import first_change, shows_times, times_shown
from .avatar import mini_avatars
from .post_actions import PostActionsMixin, drop_post
from .post_card import AVATAR_WIDTH, CARD_GUTTER, PostCard, least_height, post_moments
from .post_list_refill import RefillsPostList
from .row_list import RowList, rows_at_once
from .track_card import shared_tracks

Loader = Callable[[object | None], Page[PostView]]

# Every mounted post list (``post_lists_on_stacks``): looking for them in
# every screen's widgets walked them all, a message list's too (~10 ms of each
# community page opened).
_MOUNTED: weakref.WeakSet[PostList] = weakref.WeakSet()


def post_lists_on_stacks(app) -> list[PostList]:
    """The post lists of every screen on a stack: the sections built so far
    (shown or not) and the screens opened over them; and of a kept screen
    made ready out of sight (``tui/ready_ahead.py``), shown as it is on its
    key. Another kept screen on no stack (a profile, a community page) reads
    its posts again before it is shown."""
    on_stacks = {id(screen) for stack in app._screen_stacks.values() for screen in stack}
    on_stacks.update(id(screen) for screen in getattr(app, "ready_screens", list)())
    return [lst for lst in list(_MOUNTED) if lst.is_attached and id(lst.screen) in on_stacks]


class PostListView(RowList):
    BINDINGS = [
        Binding("l", "toggle_like", "Like", id="posts.like"),
        Binding("d,delete", "delete_post", "Delete", id="posts.delete"),
        Binding("o", "open_link", "Open link", show=False, id="posts.open_link"),
        Binding("plus", "react", "React", id="posts.react"),
        Binding("w", "reactors", "Who reacted", show=False, id="posts.reactors"),
        Binding("v", "view_pictures", "View pictures", id="posts.view_pictures"),
        Binding("enter", "select_cursor", "Open post and comments", show=False, id="posts.open"),
        Binding("s", "repost", "Repost", id="posts.repost"),
        Binding("u", "open_author", "Author", show=False, id="posts.author"),
        # On a post with a shared track: p plays it (Enter opens the post);
        # a adds it to my music, or y where the screen keeps a for itself (Profile).
        Binding("p", "track('play')", "Play the track", id="posts.play_track"),
        Binding("a", "track('add')", "To my music", id="posts.add_track"),
        Binding("y", "track('add_y')", "To my music", id="posts.add_track_y"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        owner = self.parent
        card = self.highlighted_child
        if action == "track":
            return self._track_key_enabled(parameters)
        if action in ("toggle_like", "open_link", "react", "reactors", "repost", "open_author"):
            return isinstance(card, PostCard)
        if action == "view_pictures":
            return isinstance(card, PostCard) and any(
                a.kind == "image" for a in card.post.attachments)
        if action == "delete_post":
            me = getattr(self.app, "current_user", None)
            return (
                isinstance(owner, PostList)
                and owner.deletable
                and isinstance(card, PostCard)
                and me is not None
                and card.post.author.id == me.id
            )
        return True

    def _card_track(self):
        card = self.highlighted_child
        found = shared_tracks(card.post.attachments) if isinstance(card, PostCard) else []
        return found[0] if found and found[0] is not None else None

    def _track_key_enabled(self, parameters: tuple[object, ...]) -> bool:
        """A post with a track; ``a`` unless the screen binds it (then ``y``)."""
        if self._card_track() is None:
            return False
        if parameters == ("play",):
            return True
        screen_has_a = "a" in self.screen._bindings.key_to_bindings
        return screen_has_a if parameters == ("add_y",) else not screen_has_a

    def action_track(self, what: str) -> None:
        from .. import track_actions

        track = self._card_track()
        if track is not None:
            (track_actions.play_now if what == "play" else track_actions.add_to_my_music)(
                self.app, track.id)

    def action_toggle_like(self) -> None:
        card = self.highlighted_child
        if isinstance(card, PostCard) and isinstance(self.parent, PostList):
            self.parent.toggle_like(card)

    def action_open_link(self) -> None:
        from ..links import offer_links

        card = self.highlighted_child
        if isinstance(card, PostCard):
            offer_links(self.app, card.post.text)

    def action_react(self) -> None:
        card = self.highlighted_child
        if isinstance(card, PostCard) and isinstance(self.parent, PostList):
            self.parent.pick_reaction(card)

    def action_reactors(self) -> None:
        card = self.highlighted_child
        me = getattr(self.app, "current_user", None)
        if isinstance(card, PostCard) and me is not None:
            from ..screens.reactors import ReactorsScreen

            post_id = card.post.id
            self.app.push_screen(ReactorsScreen(lambda: reactions.post_reactors(me.id, post_id)))

    def action_view_pictures(self) -> None:
        card = self.highlighted_child
        if isinstance(card, PostCard):
            from ..screens.picture_viewer import PictureViewerScreen

            self.app.push_screen(PictureViewerScreen(card.post.attachments))

    def action_repost(self) -> None:
        card = self.highlighted_child
        if isinstance(card, PostCard) and isinstance(self.parent, PostList):
            self.parent.ask_repost(card)

    def action_open_author(self) -> None:
        card = self.highlighted_child
        if isinstance(card, PostCard) and isinstance(self.parent, PostList):
            self.parent.post_message(PostList.AuthorOpened(card.post.author.id))

    def action_delete_post(self) -> None:
        card = self.highlighted_child
        if isinstance(card, PostCard) and isinstance(self.parent, PostList):
            self.parent.ask_delete(card)


class PostList(RefillsPostList, PostActionsMixin, Vertical):
    """Posts with paging, an empty-state text and the post actions."""

    DEFAULT_CSS = """
    PostList {
        height: 1fr;
    }
    PostList > ListView {
        height: 1fr;
        background: $surface;
        /* the scroll bar's place kept: cards wrap alike whether the list
           scrolls or not (a list grown past the screen laid out again) */
        scrollbar-gutter: stable;
    }
    PostList > .empty {
        padding: 1 2;
        color: $text-muted;
        display: none;
    }
    """

    class AuthorOpened(Message):
        def __init__(self, user_id: int) -> None:
            super().__init__()
            self.user_id = user_id

    class Shown(Message):
        """The list was (re)loaded or got a post on top: its newest post may differ."""

        def __init__(self, post_list: PostList) -> None:
            super().__init__()
            self.post_list = post_list

        @property
        def control(self) -> PostList:
            return self.post_list

    def __init__(
        self, loader: Loader, *, empty_text: str, deletable: bool = False, id: str | None = None,
        accepts: Callable[[PostView], bool] | None = None,
    ) -> None:
        super().__init__(id=id)
        self.accepts = accepts  # which of my new posts (reposts too) it shows at once
        self.loader = loader
        self.empty_text = empty_text
        self.deletable = deletable
        self._next_cursor: object | None = None
        self._loading = False
        self._loaded_once = False
        self._avatars: dict[int, RenderableType] = {}
        self._shows = 0  # counts start_afresh: a page read for an earlier one is not shown
        self._held: list[PostView] = []  # the first page's later posts, not on cards yet
        # Posts written or deleted while a page was being read: the page may
        # have been read before them (``_as_of_now``).
        self._written_meanwhile: dict[int, PostView] = {}
        self._dropped_meanwhile: set[int] = set()
        self._renamed_meanwhile: dict[int, UserRef] = {}  # new names told while a page was read

    def compose(self) -> ComposeResult:
        yield PostListView()
        yield Static(self.empty_text, classes="empty", markup=False)

    @property
    def list_view(self) -> PostListView:
        return self.query_one(PostListView)

    def show_empty(self, empty: bool) -> None:
        """The empty-state text instead of the list, or the list. Each one's
        ``display`` is set: a class on the list would restyle every card under
        it (~10 ms, twice, when a kept profile of someone with no posts is
        refilled with someone's posts: issue 17)."""
        self.list_view.display = not empty
        self.query_one(".empty").display = empty

    @property
    def empty_shown(self) -> bool:
        return bool(self.query_one(".empty").display)

    @property
    def posts(self) -> list[PostView]:
        """Every post the list holds, in order: on its cards, then the ones
        held until the cursor comes near (``cards_at_once``)."""
        return self._card_posts() + self._held

    def _card_posts(self) -> list[PostView]:
        return [card.post for card in self.list_view.children
                if isinstance(card, PostCard) and not card._pruning]  # not the ones going

    def _card(self, post: PostView) -> PostCard:
        return PostCard(post, self._avatars.get(post.author.id))

    def cards_at_once(self, posts: Sequence[PostView] = ()) -> int:
        """How many of a first page's ``posts`` are put on cards as the list
        is shown afresh: as many as fill the list's height as it was last laid
        out (each counted at the fewest lines its card can take:
        ``post_card.least_height``) and two to spare, at most
        ``row_list.rows_at_once`` (what the terminal's height can show of the
        shortest cards, with two to spare; also before the list was ever laid
        out, or when the terminal's size changed since). The page's later
        ones wait in ``_held`` until the cursor nears the end or the list is
        scrolled to it, as the next page does: each card on the list is
        mounted and laid out with the screen (half of opening a community;
        the kept profile mounted cards it did not show)."""
        most = rows_at_once(self.app)
        view = self.list_view
        size = view.size  # its content, as last laid out
        if not posts or not size.height or self.screen.size != self.app.size:
            return most
        room = size.width - CARD_GUTTER - AVATAR_WIDTH - 1
        filled = 0
        for count, post in enumerate(posts, 1):
            filled += least_height(post, room)
            if filled >= size.height:
                return min(most, count + 2)
        return most

    @property
    def held(self) -> tuple[PostView, ...]:
        """The first page's posts not on cards yet (``cards_at_once``)."""
        return tuple(self._held)

    def replace_held(self, by_id: dict[int, PostView]) -> None:
        """Posts changed meanwhile (a like, a reaction, a comment count) as
        they now are, where they wait to be put on cards."""
        if self._held:
            self._held = [by_id.get(post.id, post) for post in self._held]

    def _put_held_on_cards(self) -> None:
        """The next held posts on cards: a screenful (``rows_at_once``) at a
        time, so that the key that brings them mounts no more than a page
        opening does; the cursor or a scroll nearing the end brings more."""
        batch = rows_at_once(self.app)
        coming, self._held = self._held[:batch], self._held[batch:]
        self.list_view.extend([self._card(post) for post in coming])
        times_shown(self)

    @property
    def loaded(self) -> bool:
        """Whether the first page has been shown (so ``newest_id`` means something)."""
        return self._loaded_once

    @property
    def newest_id(self) -> int:
        """The id of the newest post shown (0 when none)."""
        return max((post.id for post in self.posts), default=0)

    # -------------------------------------------------------------- loading

    def reload(self) -> None:
        self._loading = True
        self._load(None, replace=True, color=not self.app.no_color, shows=self._shows)

    def load_more(self) -> None:
        if self._held:  # the first page's later posts first: read already
            self._put_held_on_cards()
            return
        if self._loading or self._next_cursor is None:
            return
        self._loading = True
        self._load(self._next_cursor, replace=False, color=not self.app.no_color,
                   shows=self._shows)

    @work(thread=True, exclusive=True, group="post-page")
    def _load(self, cursor: object | None, *, replace: bool, color: bool, shows: int) -> None:
        try:
            page = self.loader(cursor)
            faces = mini_avatars(
                (p.author for p in page.items if p.author.id not in self._avatars), color=color
            )
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._show_page, page, faces, replace, shows)

    def _failed(self, exc: DomainError) -> None:
        self._loading = False
        self._written_meanwhile, self._dropped_meanwhile = {}, set()
        self._renamed_meanwhile = {}
        if not getattr(self.app, "making_ready", lambda screen: False)(self.screen):
            self.app.show_error(exc)  # (made ready for a rest: its key says it)

    async def _show_page(
        self, page: Page[PostView], faces: dict[int, RenderableType], replace: bool, shows: int
    ) -> None:
        if shows != self._shows:
            return  # read for the posts shown before start_afresh
        page = self.page_as_now(self._as_of_now(page, replace), faces)
        self._avatars.update(faces)
        view = self.list_view
        if replace and self._loaded_once and list(page.items) == self.posts and not faces:
            # Read again, nothing changed (no post, count or author new): the
            # cards stay as they are (a rebuild mounts them all).
            self._next_cursor = page.next_cursor
            self._loading = False
            self.post_message(self.Shown(self))
            return
        if replace:
            fresh = not self._loaded_once
            # Only what the screen can show is laid out as it opens; read
            # again, the list keeps as many cards as it had.
            shown = self.cards_at_once(page.items)
            if not fresh:
                shown = max(shown, len(self._card_posts()))
            self._held = list(page.items[shown:])
            await self._refill(Page(page.items[:shown], page.next_cursor), fresh=fresh)
        else:
            known = {post.id for post in self.posts}
            cards = [self._card(p) for p in page.items if p.id not in known]
            if cards:
                await view.extend(cards)
        self._next_cursor = page.next_cursor
        self._loading = False
        self._loaded_once = True
        self._watch_counts()
        self.show_empty(not view.children)
        times_shown(self)
        if replace:
            self.post_message(self.Shown(self))

    def _as_of_now(self, page: Page[PostView], replace: bool) -> Page[PostView]:
        """``page`` with the posts written since it began to be read on top
        (a first page, read as a section was built after log-in, came back
        without the post written on the Feed meanwhile, and replaced the card
        that showed it) and without those deleted meanwhile."""
        dropped, self._dropped_meanwhile = self._dropped_meanwhile, set()
        written, self._written_meanwhile = self._written_meanwhile, {}
        items = [post for post in page.items if post.id not in dropped]
        if replace:
            read = {post.id for post in items}
            items[:0] = sorted((post for post in written.values() if post.id not in read),
                               key=lambda post: post.id, reverse=True)
        if len(items) == len(page.items) and not dropped:
            return page
        return Page(tuple(items), page.next_cursor)

    MAX_WATCHED = 200  # cards whose comment counts the live poll keeps current

    def _watch_counts(self) -> None:
        """Tell the live poll which posts the lists of every section built so far
        show (the newest first): a section one comes back to is not read again."""
        if hasattr(self.app, "set_live_cards"):
            ids = {p.id for lst in post_lists_on_stacks(self.app) for p in lst.posts}
            self.app.set_live_cards(tuple(sorted(ids, reverse=True)[: self.MAX_WATCHED]))

    def add_post(self, post: PostView) -> None:
        """Show a post just written at the top (once: a list read meanwhile may
        hold it already)."""
        if self._loading:  # a page being read may have been read before it
            self._written_meanwhile[post.id] = post
        self._add_first(post)

    @work(thread=True, group="post-add")
    def _add_first(self, post: PostView) -> None:
        faces = mini_avatars([post.author], color=not self.app.no_color)
        self.app.call_from_thread(self._insert_first, post, faces)

    async def _insert_first(self, post: PostView, faces: dict[int, RenderableType]) -> None:
        self._avatars.update(faces)
        if any(shown.id == post.id for shown in self.posts):
            return
        view = self.list_view
        await view.insert(0, [self._card(post)])
        self.show_empty(False)
        view.index = 0
        times_shown(self)
        self.post_message(self.Shown(self))

    @on(ListView.Highlighted)
    def _near_end(self, event: ListView.Highlighted) -> None:
        view = self.list_view
        view.refresh_bindings()  # the track keys follow the highlighted post
        if view.index is not None and view.index >= len(view.children) - 3:
            self.load_more()

    def on_mount(self) -> None:
        _MOUNTED.add(self)
        shows_times(self)
        self.watch(self.list_view, "scroll_y", self._scrolled, init=False)

    def on_unmount(self) -> None:
        _MOUNTED.discard(self)

    def next_time_change(self, now) -> datetime | None:  # type: ignore[no-untyped-def]
        """When a time on its cards reads otherwise (``tui/relative_times.py``)."""
        return first_change((moment for card in self.list_view.children
                             if isinstance(card, PostCard)
                             for moment in post_moments(card.post)), now)

    def show_times_again(self, now) -> None:  # type: ignore[no-untyped-def]
        for card in self.list_view.children:
            if isinstance(card, PostCard):
                card.show_times_again(now)

    def on_resize(self) -> None:
        """A taller terminal than the held posts were counted for: they are
        put on cards, as the screen may show them now (nothing to scroll to
        would bring them)."""
        if self._held and len(self.list_view.children) < self.cards_at_once(self.posts):
            self._put_held_on_cards()

    def _scrolled(self, scroll_y: float) -> None:
        view = self.list_view
        if view.max_scroll_y and scroll_y >= view.max_scroll_y - 1:
            self.load_more()

    # -------------------------------------------------------------- actions

    @on(ListView.Selected)
    def _open_post(self, event: ListView.Selected) -> None:
        """Enter: the post with its comments (tui/screens/post.py)."""
        event.stop()
        if isinstance(event.item, PostCard):
            opened = event.item.post.id

            async def back(post: PostView | None) -> None:
                if post is not None:
                    self._show_everywhere(post)
                else:  # deleted while it was open
                    await drop_post(self.app, opened)

            self.app.show_post(event.item.post, back)

    def shows_mine(self, post: PostView) -> bool:
        """Whether a post I just wrote or shared belongs at the top of this
        list (the screen says which through ``accepts``)."""
        return self.accepts is not None and self.accepts(post)

    async def _removed(self, post_id: int) -> None:
        """My post, deleted from this list: it leaves every list that holds it."""
        await drop_post(self.app, post_id)
        self.app.notify(_("Post deleted."))

    async def drop(self, post_id: int) -> None:
        """The post leaves this list, if it holds it."""
        self._held = [post for post in self._held if post.id != post_id]
        self._written_meanwhile.pop(post_id, None)
        if self._loading:
            self._dropped_meanwhile.add(post_id)
        view = self.list_view
        for index, card in enumerate(view.children):
            if isinstance(card, PostCard) and card.post.id == post_id:
                await view.pop(index)
                break
        if not view.children and self._held:  # no card left to reach the held ones from
            self._put_held_on_cards()
        self.show_empty(not view.children)
