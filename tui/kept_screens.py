"""Pushed screens kept and shown again, not composed afresh each time (issue 17,
every key painted within 50 ms; part of ``MessengerApp``).

Opening someone's profile pushed a new ``UserProfileScreen``: composing it,
styling and mounting its widgets and laying it out whole was 0.4–0.6 s of the
key on the shared 2-core machine, every time. The first one opened in a
session is now kept (installed, so Textual does not remove it when it is
popped) and the next opening shows it again, refilled for the new person by
the screen itself (``show_person``: nothing of the last person stays on it).
While the kept one is on a stack (a profile opened, then a chat, then another
profile from Dialogs) a new screen is made as before and thrown away when
closed. The profile screen is built out of sight after log-in, once the
sections are (``prepare_kept_screens``), so the first profile is a kept one
too; then a community's page, a group's members panel and the global search
(``show_kept``: nothing to read, refilled and shown at once). Log-out and a new language (``_reset_modes``) drop the kept screens.

A kept screen is pushed only once its data is read and on it
(``show_when_filled`` / ``screen_filled``): filled while out of sight, it is
laid out once as it is shown, not once emptied and again filled, and the
person sees the screen they were on a few milliseconds longer, never a
half-filled one. Keys read meanwhile wait for it (``KeyOrderMixin``), so they
land on the screen that opens, in order. A read slower than ``PUSH_WAIT``
shows the screen as it is then (emptied, "Loading…"), as before.
A community's page is kept the same way (``CommunityScreen.show_community``),
built out of sight after the profile screen, and once every kept screen is
built, filled out of sight with one of my communities
(``_fill_community_page``): the session's first community opened then
refills post cards mounted already, as every later one does (and the post
page, ``_fill_post_page``, its comment rows). So is a group's members
panel (``GroupMembersScreen.show_group``, its members read before it is
refilled, so it never shows the last group's for a frame). The global search
(``SearchScreen.start_afresh``) has nothing to read: it is emptied and shown
at once. A post with its comments is kept too (``PostScreen.show_post``,
tui/screens/post_kept.py), built out of sight last.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable
from functools import partial

from textual import messages
from textual._time import get_time
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets._toast import ToastRack

from .paint_now import paint_when_settled

PUSH_WAIT = 0.5  # seconds at most a kept screen waits for its data before it is shown
SETTLE_ROUNDS = 30  # turns of the loop at most a filled screen waits for its widgets


class KeptScreensMixin:
    """Mixed into ``MessengerApp``."""

    @property
    def _background_screens(self) -> list[Screen]:
        """The screens that show through the current one: none when it is
        opaque. Textual's list always holds the screen below it (it looks at
        each screen's opacity from the one below down, never the current
        one's), and the screen a push left is refreshed as it is left
        (``push_screen``): on its next update that refresh came back as a
        repaint of the whole new screen — a second full render (5–20 ms) a
        timer tick after the first frame of every community page, profile or
        post opened over a section. Left out, the screen below waits as any
        screen out of sight does, until it is shown again (repainted then)."""
        stack = self._screen_stack  # type: ignore[attr-defined]
        if stack and stack[-1].styles.background.a == 1:
            return []
        return super()._background_screens  # type: ignore[misc]

    def push_screen(self, screen, callback=None, wait_for_dismiss: bool = False):  # type: ignore[no-untyped-def]
        """Textual's, without the refresh it gives the screen left below: that
        screen looks the same suspended (no class marks it), yet behind a
        modal screen (the members panel over Dialogs) its refresh came back,
        on its next update, as a second whole render of the modal one, 30–50 ms
        after its first frame. A repaint it had asked for before stays."""
        stack = self._screen_stack  # type: ignore[attr-defined]
        below = stack[-1] if stack else None
        asked = below is not None and below._repaint_required
        pushed = super().push_screen(screen, callback, wait_for_dismiss)  # type: ignore[misc]
        if below is not None and not asked and not self.SUSPENDED_SCREEN_CLASS:  # type: ignore[attr-defined]
            below._repaint_required = False
        return pushed

    def _kept_screens(self) -> dict[str, Screen]:
        kept = self.__dict__.get("_kept")
        if kept is None:
            kept = self.__dict__["_kept"] = {}
        return kept

    def kept_screen(self, name: str) -> Screen | None:
        """The screen kept under ``name``, if it can be shown again now: mounted
        and on no screen stack."""
        screen = self._kept_screens().get(name)
        if screen is None or not screen.is_mounted or self._on_a_stack(screen):
            return None
        return screen

    def keep_screen(self, name: str, screen: Screen) -> Screen:
        """Keep ``screen`` under ``name`` unless one is kept already; returns it."""
        kept = self._kept_screens()
        if name not in kept:
            kept[name] = screen
            screen.kept_name = name
            self.install_screen(screen, name=f"kept-{name}")
        return screen

    def prepare_kept_screens(self) -> bool:
        """Build one pushed screen out of sight, empty, and keep it, if none of
        its kind is kept (``SessionMixin._prepare_next``, a quiet moment after
        the sections; one screen per moment): the profile, then a community's
        page, the global search, a group's members panel, a post's page. The session's first profile and first community are then filled
        and shown as a kept one is, not composed, mounted and laid out whole on
        their key (0.3–0.4 s each on the shared machine). Once all are built,
        the community page and then the post page are filled once, out of
        sight (``_fill_community_page``, ``_fill_post_page``). Returns whether
        it built or filled one now."""
        from .screens.community import CommunityScreen
        from .screens.group_members import GroupMembersScreen
        from .screens.post import PostScreen
        from .screens.search import SearchScreen
        from .screens.user_profile import UserProfileScreen

        for name, make in (("user-profile", partial(UserProfileScreen, None)),
                           ("community", partial(CommunityScreen, None)),
                           ("search", SearchScreen),
                           ("group-members", partial(GroupMembersScreen, None)),
                           ("post", partial(PostScreen, None))):
            if name in self._kept_screens():
                continue
            screen = make()
            screen._css_update_count = self._css_update_count  # styled as it mounts
            self.keep_screen(name, screen)
            self._get_screen(screen)  # mounted, on no stack
            # Its mini-player too, as a section built out of sight gets one:
            # mounted on its first showing, it laid the screen out again then.
            self._add_mini_player(screen)  # type: ignore[attr-defined]
            return True
        return self._fill_community_page() or self._fill_post_page()

    def _fill_community_page(self) -> bool:
        """The kept community page, built empty, filled out of sight once with
        one of my communities (else the first of all), so its first post cards
        are mounted before any key asks for them: the session's first
        community opened then refills cards in place as every later one does.
        Mounted and styled on that key, they took ~12 ms of it (issue 17).
        Nothing is marked read or seen by it. Returns whether it began now."""
        screen = self.kept_screen("community")
        stack = self._screen_stacks.get("communities")  # type: ignore[attr-defined]
        if screen is None or screen.community_id is not None or not stack:
            return False  # not kept, filled already (or on show), or no list to pick from
        shown = getattr(stack[0], "shown", {})
        found = shown.get("my") or shown.get("all")
        if not found:
            return False
        screen.show_community(found[0].id)
        return True

    def _fill_post_page(self) -> bool:
        """The kept post page, built empty, filled out of sight once with a
        post of the feed (the first with comments, else the first), so its
        comment rows are mounted before a post is opened, as for the
        community page (``_fill_community_page``). Its comments are not
        marked seen, nor watched live. Returns whether it began now."""
        from .widgets.post_list import PostList

        screen = self.kept_screen("post")
        stack = self._screen_stacks.get("feed")  # type: ignore[attr-defined]
        if screen is None or screen.post is not None or not stack:
            return False
        shown = [post for post_list in stack[0].query(PostList) for post in post_list.posts]
        post = next((p for p in shown if p.comment_count), shown[0] if shown else None)
        if post is None:
            return False
        screen.show_post(post, seen=False)
        return True

    def open_kept(self, name: str, refill: Callable[[Screen], None],
                  make: Callable[[], Screen], callback: Callable | None = None,
                  target: Hashable = None) -> None:
        """Show the screen kept under ``name``, refilled out of sight by
        ``refill`` and pushed once filled, when it is free; else push a new one
        from ``make``, kept from then on (a profile, a community page, a post).
        ``callback``: for the screen's result (``push_screen``). ``target``:
        what it shows (a person's id), if it may have been made ready for it
        already (``tui/ready_ahead.py``): then shown at once."""
        screen = self.kept_screen(name)
        if screen is not None and self.show_ready(name, screen, target, callback):
            return
        if screen is not None:
            refill(screen)
            self.show_when_filled(screen, callback)
            return
        self.push_screen(self.keep_screen(name, make()), callback)  # type: ignore[attr-defined]

    def show_ready(self, name: str, screen: Screen, target: Hashable,
                   callback: Callable | None = None) -> bool:
        return False  # (tui/ready_ahead.py)

    def show_kept(self, name: str, refill: Callable[[Screen], None],
                  make: Callable[[], Screen]) -> Screen:
        """Show the screen kept under ``name``, refilled by ``refill`` (which
        reads nothing: the global search emptied), laid out out of sight and
        pushed at once, when it is free; else push a new one from ``make``,
        kept from then on. Returns the screen shown."""
        screen = self.kept_screen(name)
        if screen is None:  # (the kept one on a stack: this one goes when closed)
            screen = self.keep_screen(name, make())
            self.push_screen(screen)  # type: ignore[attr-defined]
            return screen
        refill(screen)
        lay_out_out_of_sight(screen, self.size)  # type: ignore[attr-defined]
        self._push_painted(screen)
        return screen

    def show_when_filled(self, screen: Screen, callback: Callable | None = None) -> None:
        """Push ``screen`` (kept, refilled out of sight) on the current mode's
        stack once it calls ``screen_filled``, or after ``PUSH_WAIT`` in the
        state it is in then (its ``show_unfilled`` empties it first), with
        ``callback`` for its result (``push_screen``). Asked again while it
        waits (a second click), the first wait holds."""
        coming = self.__dict__.get("_coming")
        if coming is not None and coming[0] is screen:
            return
        self._drop_coming()
        timer = self.set_timer(PUSH_WAIT, partial(self._push_coming, screen, filled=False))
        self.__dict__["_coming"] = (screen, self.current_mode, timer, callback)

    @property
    def screen_coming(self) -> Screen | None:
        """A kept screen asked for and not yet shown: keys wait for it."""
        coming = self.__dict__.get("_coming")
        return None if coming is None else coming[0]

    def screen_filled(self, screen: Screen) -> None:
        """``screen`` shows its data now: pushed if it is the one coming."""
        self._push_coming(screen, filled=True)

    def _push_coming(self, screen: Screen, *, filled: bool) -> None:
        coming = self.__dict__.get("_coming")
        if coming is None or coming[0] is not screen:
            return
        if not filled and self.__dict__.get("_filled_coming") is screen:
            # Filled and being pushed (``_push_settled``): a wait's tick already
            # queued when its timer was stopped would empty what was just filled.
            return
        if not filled and getattr(screen, "filling", False):
            # Its data is being put on it (cards mounting): emptying it now would
            # leave it without them. Shown by screen_filled, or looked at again.
            timer = self.set_timer(PUSH_WAIT / 5, partial(self._push_coming, screen, filled=False))
            self.__dict__["_coming"] = (screen, coming[1], timer, coming[3])
            return
        if filled:
            coming[2].stop()  # filled: never shown emptied now
            self.__dict__["_filled_coming"] = screen
            lay_out_out_of_sight(screen, self.size)
            self.call_next(self._push_settled, screen)
            return
        mode, callback = coming[1], coming[3]
        self._drop_coming()
        if self._may_push(screen, mode):
            screen.show_unfilled()
            self._push_painted(screen, callback)

    async def _push_settled(self, screen: Screen) -> None:
        """Push ``screen``, laid out out of sight, once its widgets have handled
        what that layout sent them (``Resize``, ``Show``): handled after it was
        shown, their repaints came as a second frame 30–80 ms after the first
        (a kept community page on the shared machine). At most
        ``SETTLE_ROUNDS`` turns of the loop; a widget that asks for a layout
        meanwhile gets it out of sight too."""
        await settled(screen)
        coming = self.__dict__.get("_coming")
        if coming is None or coming[0] is not screen:
            return  # another screen asked for meanwhile
        mode, callback = coming[1], coming[3]
        self._drop_coming()
        if not self._may_push(screen, mode):
            return
        if asks_layout(screen):
            lay_out_out_of_sight(screen, self.size)
        self._push_painted(screen, callback)

    def _push_painted(self, screen: Screen, callback: Callable | None = None) -> None:
        """Push ``screen`` and paint it as soon as its widgets have handled
        being shown, not at its frame timer's next tick: a screen shown for the
        first time starts that timer then, and its first tick came a whole
        period later (17 ms of nothing in the session's first community, issue
        17); a timer that ticked lately waits up to two (``tui/paint_now.py``)."""
        self.push_screen(screen, callback)  # type: ignore[attr-defined]
        paint_when_settled(screen)

    def _may_push(self, screen: Screen, mode: str) -> bool:
        """Still wanted: else the person went elsewhere meanwhile (a click), or
        logged out."""
        return not (mode != self.current_mode or not screen.is_mounted
                    or self._on_a_stack(screen)
                    or self._kept_screens().get(getattr(screen, "kept_name", "")) is not screen)

    def _drop_coming(self) -> None:
        self.__dict__.pop("_filled_coming", None)
        coming = self.__dict__.pop("_coming", None)
        if coming is not None:
            coming[2].stop()

    def _on_a_stack(self, screen: Screen) -> bool:
        return any(screen in stack for stack in self._screen_stacks.values())

    def drop_kept_screens(self) -> None:
        """Before the sections are removed: every kept screen goes with them (one
        on a stack is removed with its stack, once no longer installed)."""
        self._drop_coming()
        kept = self._kept_screens()
        for name, screen in kept.items():
            self._installed_screens.pop(f"kept-{name}", None)
            if not self._on_a_stack(screen) and screen.is_attached:
                screen.remove()
        kept.clear()


def still_settling(screen: Screen) -> bool:
    """Whether ``screen`` or a widget of it has messages or callbacks still to handle."""
    return any(node._message_queue.qsize() or node._next_callbacks
               for node in screen.walk_children(with_self=True))


async def settled(screen: Screen) -> None:
    """Until ``screen``'s widgets have handled what they were sent
    (``still_settling``), ``SETTLE_ROUNDS`` turns of the loop at most."""
    for _ in range(SETTLE_ROUNDS):
        if not still_settling(screen):
            return
        await asyncio.sleep(0)


def asks_layout(screen: Screen) -> bool:
    """Whether ``screen`` or a widget of it asks to be laid out again."""
    return any(node._layout_required for node in screen.walk_children(with_self=True))


def built_whole(screen: Screen) -> bool:
    """Every widget of ``screen`` mounted, none with messages or callbacks
    still to handle or a rebuild pending: a layout or a drawing now meets no
    widget half-made (a tab strip sent its size before its underline was
    mounted failed)."""
    return screen.is_mounted and all(
        node.is_mounted and not node._recompose_required
        and not (node._message_queue.qsize() or node._next_callbacks)
        for node in screen.walk_children(with_self=True))


def render_out_of_sight(screen: Screen, size, *, laid_out: bool = False) -> bool:
    """Draw ``screen``, built out of sight and not shown yet, once out of sight:
    its widgets keep the lines drawn (each widget's lines are drawn again only
    once it changes), so the key that first shows it draws only what that key
    changed. Drawn first on that key, the header, footer, tabs and containers
    took 10-25 ms of a community page's first opening (issue 17). Nothing is
    written to the terminal. A translucent screen (a dialog box over another)
    is left: its background is the screen it is shown over. Returns whether
    it was drawn now. ``laid_out``: laid out at ``size`` already, nothing
    asking for another layout since."""
    from textual._context import visible_screen_stack

    if not size or not screen.is_mounted or screen.app.screen is screen:
        return False  # looked at again in a later quiet moment
    if not built_whole(screen):
        return False  # a widget half-made or with messages to handle: later
    screen.__dict__["_rendered_ahead"] = True
    if screen.styles.background.a < 1:
        return False
    if not laid_out:
        lay_out_out_of_sight(screen, size)
    token = visible_screen_stack.set([])
    try:
        screen._compositor.render_update(full=True)
    finally:
        visible_screen_stack.reset(token)
    return True


def lay_out_out_of_sight(screen: Screen, size) -> None:
    """Lay ``screen`` out now, before it is shown, until no widget asks again.

    Textual lays a screen out on its update timer, and a layout that changes a
    widget's size (each refilled post card's height) has that widget ask for
    another on its next idle: the kept profile was laid out twice after it was
    shown, a timer tick apart. Here the second layout follows the first at
    once, so the screen is shown laid out and only painted. A widget that asks
    (``_layout_required``) is handled as Textual's ``_check_refresh`` would
    (its ancestors' arrangements forgotten up to the first of fixed size).
    A request a widget had already sent the screen is covered too
    (``LaidOutOutOfSight``), and so are an ``OptionList``'s lines, counted at
    the width its scroll bar leaves, and the scroll bars' own requests."""
    if not size:
        return
    _toasts_as_shown(screen)
    for round_ in range(3):
        asking = [node for node in screen.walk_children(with_self=True)
                  if node._layout_required]
        if round_ and not asking:
            break
        for node in asking:
            node._layout_required = False
            for ancestor in node.ancestors:
                if not isinstance(ancestor, Widget):
                    break
                ancestor._clear_arrangement_cache()
                ancestor._layout_updates += 1
                if not ancestor.styles.auto_dimensions:
                    break
        screen._layout_required = False
        screen._refresh_layout(size)
        for node in screen.walk_children(OptionList):
            # Its lines counted at its laid-out width: counted as it is first
            # drawn, they would ask for a layout after the first paint.
            node._update_lines()
        for node in screen.walk_children(Widget):
            # A scroll bar sized by this layout asks for one more (it is no
            # child: walk_children misses it); it has nothing inside to arrange.
            for bar in (node._vertical_scrollbar, node._horizontal_scrollbar,
                        node._scrollbar_corner):
                if bar is not None:
                    bar._layout_required = False
        if not round_ and getattr(screen, "scroll_out_of_sight", lambda: False)():
            # Scrolled now its rows' places are known (the kept post's list
            # to its newest comment): laid out again with that offset, which
            # then asks for no scroll of its own after the first paint.
            screen._refresh_layout(size, scroll=True)
            for node in screen.walk_children(Widget):
                node._scroll_required = False
    screen.laid_out_at = get_time()


def _toasts_as_shown(screen: Screen) -> None:
    """The screen's toast rack shown or hidden now as it will be once the
    screen is shown: Textual hides an empty rack as it shows a screen
    (``App._refresh_notifications``), and on a screen shown the first time that
    set its ``display`` (hidden already by its CSS) as a style of its own: a
    whole layout and a second full frame after the first showing of each kept
    screen (the session's first community: ~25-55 ms)."""
    try:
        rack = screen.get_child_by_type(ToastRack)
    except NoMatches:
        return
    rack.display = bool(screen.app._notifications)


class LaidOutOutOfSight:
    """Mixed into a kept ``Screen``: a layout request (``messages.Layout``) sent
    before ``lay_out_out_of_sight`` laid the whole screen out is done with: the
    widget that sent it had its ancestors' arrangements forgotten as it sent
    it, so that layout took its change in. Without this, the refilled profile
    was laid out once more as it was shown, for the cards mounted or removed
    while it was filled."""

    laid_out_at = 0.0

    def _on_layout(self, message: messages.Layout) -> None:
        # Runs before Screen's own handler (Textual calls the handlers down the MRO).
        if message.time <= self.laid_out_at:
            message.stop()
            message.prevent_default()


async def footer_keys_out_of_sight(screen: Screen) -> None:
    """The footer of ``screen``, filled out of sight, rebuilt for its keys now
    (``AppFooter.rebuild_out_of_sight``), not after it is shown: a layout
    less after its first paint. ``screen.filling`` from now until the screen's
    ``_filled`` runs (it clears it), so a ``PUSH_WAIT`` that ends meanwhile —
    its timer runs in a task of its own, between this and ``_filled`` —
    does not empty the filled screen (``_push_coming``)."""
    from .widgets.footer import AppFooter

    screen.filling = True
    if screen.app.screen is not screen:
        await screen.query_one(AppFooter).rebuild_out_of_sight()


class RestyledOnlyWhenChanged:
    """Mixed into a kept ``Screen`` with ``RestylesOnlyWhenNeeded`` (and into
    every dialog box: ``tui/screens/modal_box.py``): styled by
    the current stylesheet as it mounts (built out of sight) and as it leaves,
    noted then, so that showing it again restyles none of its nodes unless the
    stylesheet, theme or app's classes changed meanwhile (Textual stamps only a
    mode's screens). Restyling the members panel as it was pushed was ~10 ms of
    Ctrl+B."""

    def _on_mount(self, event) -> None:  # type: ignore[no-untyped-def]
        self.note_styles()  # type: ignore[attr-defined]

    def _on_screen_suspend(self) -> None:
        self._css_update_count = self.app._css_update_count  # type: ignore[attr-defined]
        self.note_styles()  # type: ignore[attr-defined]
