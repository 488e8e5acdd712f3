"""The Post screen kept and shown again for the next post (part of
``PostScreen``; issue 17, every key painted within 50 ms: ``tui/kept_screens.py``).

Opening a post pushed a new ``PostScreen``: composed, styled and mounted, shown
empty, then laid out again for the post's top, for its comments as they
mounted and once more for the cursor on the last one: four layouts and five
frames, 120–160 ms for a post with 60 comments. The app now builds one out of
sight after log-in and refills it for each post opened (``show_post``): the
post and its comments are read, put on it out of sight (the comment rows kept,
only their text replaced, rows added or removed for a longer or shorter
page), laid out once scrolled to the newest, and then shown. Of the first
page's 30 comments only as many as the screen can show (and a few more) are
put on the list (``rows_at_once``); the older ones come when the cursor
reaches the top, as older pages do.

A comment half written under a post stays with that post (``comment_drafts``
of the app) when the post is left, by Escape or anything else, and is back in
the field when the post is opened again; a comment being edited is not a
draft (the draft is back once the edit is sent or given up).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from models.views import CommentView, PostView

from ..kept_screens import lay_out_out_of_sight
from ..key_order import leaves
from ..widgets.comment_item import CommentItem


class KeptPostMixin:
    """Mixed into ``PostScreen`` (its ``post``, ``comment_list``, ``_load``,
    ``_show_post``, ``_clear_mode``)."""

    filling = False  # its comments being put on it (tui/kept_screens.py)
    _reads = 0  # the post's reads asked for; a read's answer for an older one is dropped
    _opening = False  # shown for a post whose comments are not on it yet
    _watched = False  # its comments read and shown: watched live while it is open

    filled_unseen = False  # filled out of sight only, never opened (``show_post``'s ``seen``)

    def show_post(self, post: PostView, *, seen: bool = True) -> None:
        """This screen, kept by the app and out of sight, is to show ``post``
        next: read now and put on it in place of the last post (``_opened``),
        and the app shows it then. Nothing of the last post stays: its top,
        its comments (emptied first if it is shown before the read ends:
        ``show_unfilled``), a reply or an edit begun, a read for it still under
        way; the new post's draft comes back into the field. ``seen=False``:
        filled out of sight only, for its comment rows to be mounted before a
        post is opened (``KeptScreensMixin._fill_post_page``): its comments
        are not marked seen and not watched live."""
        self.filled_unseen = not seen
        self.keep_comment_draft()
        self.post = post
        self.post_gone = False
        self._older = None
        self._held = []
        self._loading_older = False
        self._community_owner = None
        self._reply_to = self._editing = None
        self._clear_mode()
        field = self.query_one("#comment-input", Input)
        field.disabled = False
        field.value = self.app.comment_drafts.get(post.id, "")
        self._show_post(post)
        self.set_focus(self.comment_list)
        if seen:
            self.app.seen_comments_of(post.id)
        self.refresh_bindings()
        self.read_post()

    def read_post(self) -> None:
        me = self.app.current_user
        if me is not None:
            self._reads += 1
            self._opening = True
            self._watched = False
            self._load(me.id, self._reads)

    def show_unfilled(self) -> None:
        """Shown before its post's comments are read (a slow read): "Loading…"
        and none of the last post's comments; ``_opened`` fills it."""
        self.loading_shown = True
        self._after_change()

    def holds_key(self, event: events.Event, focused: object) -> bool:
        """Shown before its comments were read: the keys after the one that
        opened it wait for them (r, e, d act on the highlighted comment), but
        for the ones that leave (tui/key_order.py)."""
        return self._opening and not leaves(event)

    async def show_comments(self, shown: list[CommentView]) -> None:
        """``shown`` on the list in place of what it holds: rows kept and given
        the new comments' text, rows added or removed for the difference."""
        view = self.comment_list
        items = [item for item in view.children if isinstance(item, CommentItem)]
        for item, comment in zip(items, shown, strict=False):
            if item.comment != comment:
                item.show(comment)
        if len(shown) > len(items):
            await view.extend([CommentItem(c) for c in shown[len(items):]])
        elif len(items) > len(shown):
            await view.remove_items(range(len(shown), len(items)))

    def hold_scroll(self) -> None:
        """The list's cursor moved without scrolling to it: its rows' places
        are those of the last post's, or none for rows just mounted, until it
        is laid out. ``scroll_out_of_sight`` scrolls it once they are known:
        as the page filled out of sight is shown (``lay_out_out_of_sight``),
        or at once when it was shown before its comments came
        (``scroll_as_shown``). Not held, ``ListView`` scrolled to a row just
        mounted once its own queue was done, which on a busy host came before
        the layout: the session's first post, a new screen, was shown
        scrolled to its oldest comment, the newest out of sight."""
        self.comment_list.holds_scroll = True

    def scroll_as_shown(self) -> None:
        """Shown before its comments came (a new screen, a wait run out): laid
        out now and scrolled to the newest, before its next frame; on no size
        yet, scrolled once its queue is done, as ``ListView`` would."""
        lay_out_out_of_sight(self, self.app.size)  # type: ignore[arg-type]
        view = self._scroll_released()
        if view is not None:
            view.call_after_refresh(view.scroll_end, animate=False, x_axis=False)

    def _scroll_released(self):  # type: ignore[no-untyped-def]
        """The list, if its scroll was held (and is not any more), else None."""
        view = self.comment_list
        if not view.holds_scroll:
            return None
        view.holds_scroll = False
        return view

    def scroll_out_of_sight(self) -> bool:
        """Called by ``lay_out_out_of_sight`` after a layout: the list
        scrolled to its newest comment if its scroll was held. Returns
        whether it scrolled (the screen is laid out again with it)."""
        view = self._scroll_released()
        if view is None:
            return False
        view.scroll_end(animate=False, immediate=True, x_axis=False)
        return True

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Shown without being laid out out of sight (a wait that ran out).
        view = self._scroll_released()
        if view is not None and view.index is not None:
            view.call_after_refresh(view.scroll_end, animate=False, x_axis=False)

    # -------------------------------------------------------------- drafts

    def keep_comment_draft(self) -> None:
        """What the field holds, kept for this post (not a comment being
        edited: its draft was kept as the edit began)."""
        post = self.post
        if post is None or self._editing is not None or self.post_gone:
            return
        text = self.query_one("#comment-input", Input).value
        drafts = self.app.comment_drafts
        if text.strip():
            drafts[post.id] = text
        else:
            drafts.pop(post.id, None)

    def draft_back(self) -> None:
        """The field shows this post's draft again (an edit ended)."""
        if self.post is not None:
            self.query_one("#comment-input", Input).value = self.app.comment_drafts.get(
                self.post.id, "")

    def on_screen_suspend(self) -> None:
        self.keep_comment_draft()
