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
of the app, and the database: ``tui/post_drafts.py``) when the post is left,
by Escape or anything else, and is back in the field when the post is opened
again, after a restart or a new log-in too; a comment being edited is not a
draft (the draft is back once the edit is sent or given up).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from models.views import CommentView, PostView

from ..carry_over import BringBack, app_opens, reopened
from ..kept_screens import lay_out_out_of_sight
from ..key_order import leaves
from ..relative_times import times_shown
from ..widgets.comment_item import CommentItem
from ..widgets.text_input import TextInput


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
        field = self.query_one("#comment-input", TextInput)
        field.disabled = False
        field.put(self.app.comment_drafts.get(post.id, ""))
        self._show_post(post)
        self.set_focus(self.comment_list)
        if seen:
            self.app.seen_comments_of(post.id)
        self.refresh_bindings()
        self.read_post()

    def shown_ready(self, read_again: bool) -> None:
        """Filled out of sight while the cursor rested on its post
        (``tui/ready_ahead.py``, filled unseen) and shown now: its comments
        are seen now and watched live from here on; ``read_again``: filled a
        while ago, so read again behind the frame first."""
        self.filled_unseen = False
        self.app.seen_comments_of(self.post.id)
        if read_again:
            self.call_after_refresh(self.read_post)
        elif not self.post_gone:
            self._watch()

    def read_post(self) -> None:
        me = self.app.current_user
        if me is not None:
            self._reads += 1
            self._opening = True
            self._renamed_meanwhile = {}  # a new name told before this read is in it
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
        times_shown(self)

    def cursor_to(self, index: int) -> None:
        """The list's cursor on row ``index``, rows having just been put on it
        or taken off, and scrolled to it once their places are known.
        ``ListView`` scrolls to the cursor's row where it was last laid out
        (the last post's places for a kept row), and to a row just mounted
        (no place yet) once the list's queue is done, which came before the
        layout: on a busy host for the session's first post (a new screen,
        shown at its oldest comment), and always for a comment come live (the
        newest cut off) and for older ones put above the cursor's row (that
        row pushed out of sight). So the scroll is held
        (``CommentList.holds_scroll``) and done once the screen is laid out:
        at once when it is shown, else as it is shown (``lay_out_out_of_sight``
        calls ``scroll_out_of_sight``; ``_on_screen_resume``)."""
        view = self.comment_list
        view.holds_scroll = True
        view.index = index
        if self.app.screen is self:
            self._scroll_now()

    def _scroll_now(self) -> None:
        """Laid out now and scrolled to the cursor, before the next frame; and
        once more when the list's queue is done, after a scroll it had queued
        (Home's to the top, as the cursor reaching the top brought the older
        comments above it), or on no size to lay out at yet."""
        lay_out_out_of_sight(self, self.app.size)  # type: ignore[arg-type]
        self._scroll_released()
        view = self.comment_list
        view.call_after_refresh(_scroll_to_cursor, view)

    def _scroll_released(self):  # type: ignore[no-untyped-def]
        """The list, if its scroll was held (and is not any more), else None."""
        view = self.comment_list
        if not view.holds_scroll:
            return None
        view.holds_scroll = False
        return view

    def scroll_out_of_sight(self) -> bool:
        """Called by ``lay_out_out_of_sight`` after a layout: the list
        scrolled to its cursor if its scroll was held. Returns whether it
        scrolled (the screen is laid out again with it)."""
        view = self._scroll_released()
        if view is None:
            return False
        _scroll_to_cursor(view, immediate=True)
        return True

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Shown without being laid out out of sight (a wait that ran out), or
        # come back to with comments put on it meanwhile (its section left).
        if self.comment_list.holds_scroll:
            self._scroll_now()

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

    def on_input_changed(self, event: Input.Changed) -> None:
        """What is typed is this post's draft at once (Ctrl+Q or a closed
        terminal keep it too), written to the database a moment later
        (``tui/post_drafts.py``). A named handler: a mixin's ``@on`` is never
        collected."""
        if event.input.id == "comment-input" and self._editing is None:
            self.keep_comment_draft()
            self.app.post_drafts_changed()

    def post_drafts_read(self) -> None:
        """The drafts came from the database after this post was opened: its
        comment draft is put in the field, unless something is typed there."""
        field = self.query_one("#comment-input", TextInput)
        if self.post is not None and self._editing is None and not field.value:
            self.draft_back()

    def draft_back(self) -> None:
        """The field shows this post's draft again (an edit ended)."""
        if self.post is not None:
            self.query_one("#comment-input", TextInput).put(
                self.app.comment_drafts.get(self.post.id, ""))

    def on_screen_suspend(self) -> None:
        self.keep_comment_draft()

    def carry_over(self) -> BringBack | None:
        """A new language opens the post again, its comment kept as a draft."""
        if self.post is None:
            return None
        self.keep_comment_draft()
        return reopened(app_opens("show_post", self.post))


def _scroll_to_cursor(view, immediate: bool = False) -> None:  # type: ignore[no-untyped-def]
    """``view`` (the comment list) scrolled to its cursor's row: to its end
    for the last (the newest comment wholly in sight)."""
    if view.index is None or not view.children:
        return
    if view.index >= len(view.children) - 1:
        view.scroll_end(animate=False, immediate=immediate, x_axis=False)
    else:
        view.scroll_to_widget(view.children[view.index], animate=False, immediate=immediate)
