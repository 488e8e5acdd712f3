"""A post list read and refilled from its screen's worker (part of ``PostList``;
issue 17, the kept profile screen: ``tui/kept_screens.py``)."""

from __future__ import annotations

from rich.console import RenderableType

from models.views import Page, PostView

from .avatar import mini_avatars


class RefillsPostList:
    """Mixed into ``PostList`` (its ``loader``, ``_avatars``, ``_shows``,
    ``_show_page`` and ``list_view``)."""

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
        """Empty, as when composed: a screen kept and shown again for other posts
        (someone else's profile) shows none of the last ones, not even from a
        page still being read for them."""
        self._shows += 1
        self._next_cursor = None
        self._loading = False
        self._loaded_once = False
        self._avatars.clear()
        self.remove_class("-empty")
        view = self.list_view
        for card in view.children:
            card.display = False  # gone from the next frame, whenever the removal ends
        view.clear()
