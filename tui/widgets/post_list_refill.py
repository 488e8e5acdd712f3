"""A post list read and refilled from its screen's worker (part of ``PostList``;
issue 17, the kept profile screen: ``tui/kept_screens.py``)."""

from __future__ import annotations

from rich.console import RenderableType
from textual.widgets import ListView

from models.views import Page, PostView

from .avatar import mini_avatars
from .post_card import PostCard


class RefillsPostList:
    """Mixed into ``PostList`` (its ``loader``, ``_avatars``, ``_shows``,
    ``_show_page``, ``_card`` and ``list_view``)."""

    # A screen that reads the first page in its own worker, with the rest it
    # shows, and shows it all in one call (one layout, not one per worker):
    # first_page_reading() on the UI thread, read_first_page() in the worker,
    # show_first_page() back on the UI thread.
    def first_page_reading(self) -> int:
        self._loading = True
        return self._shows

    def read_first_page(self, color: bool) -> tuple[Page[PostView], dict[int, RenderableType]]:
        page = self.loader(None)
        faces = mini_avatars(
            (p.author for p in page.items if p.author.id not in self._avatars), color=color)
        return page, faces

    async def show_first_page(self, page: Page[PostView], faces: dict[int, RenderableType],
                              shows: int) -> None:
        await self._show_page(page, faces, True, shows)

    def start_afresh(self) -> None:
        """For other posts (a kept screen shown again for someone else): no
        page still being read for the last ones is shown, and the next page
        shown refills the cards from the top (``_refill``). The cards on it
        stay until then, out of sight (``blank`` empties it when the screen is
        shown before the page is read)."""
        self._shows += 1
        self._next_cursor = None
        self._loading = False
        self._loaded_once = False
        self._held = []
        self._written_meanwhile = {}
        self._dropped_meanwhile = set()
        self._renamed_meanwhile = {}
        self._avatars.clear()

    def blank(self) -> None:
        """Empty, as when composed: none of the last posts on it."""
        self.show_empty(False)
        self._held = []
        view = self.list_view
        for card in view.children:
            card.display = False  # gone from the next frame, whenever the removal ends
        view.clear()

    async def _refill(self, page: Page[PostView], *, fresh: bool) -> None:
        """The list holds ``page`` now: its cards refilled in place, in order,
        the ones left over removed, the missing ones mounted. Removing every
        card and mounting new ones laid the screen out again as each rendered
        (a kept profile: three layouts of ~50 ms on the shared machine).
        ``fresh``: other posts than before (someone else's), so the first one
        is highlighted and the list scrolled to the top; else the highlight
        stays where it was, within the list."""
        view = self.list_view
        cards = [card for card in view.children
                 if isinstance(card, PostCard) and not card._pruning and card.display]
        posts = list(page.items)
        for card, post in zip(cards, posts, strict=False):
            card.refill(post, self._avatars.get(post.author.id))
        if len(cards) > len(posts):
            await view.remove_children(cards[len(posts):])
        elif len(posts) > len(cards):
            await view.extend([self._card(post) for post in posts[len(cards):]])
        if not posts:
            return
        index = view.index
        wanted = 0 if fresh or index is None else min(index, len(posts) - 1)
        if fresh:
            view.scroll_home(animate=False, immediate=True)
        if wanted != index:
            view.index = wanted  # tells who follows the highlight (ListView.Highlighted)
        else:  # the same row, another post on it: the keys offered may differ
            view.post_message(ListView.Highlighted(view, view.highlighted_child))
