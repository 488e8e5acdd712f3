"""The Textual app: sections as modes, log in / log out, live polling (tui/live.py).

``make_app(db_url)`` is the factory that ``cli`` and every test call. Before a
log-in the app is in the "login" mode (Log in, Register, Forgot password);
afterwards the sections are modes switched with F2…F7. Log out throws every
section's screens away, so the next person starts fresh.
"""

from __future__ import annotations

import gc

# No garbage collection while the app's modules load: what they make lives as
# long as the process, so scanning it is wasted (young collections during the
# imports, then a full one that scanned all of it: bench/README.md, the
# fourteenth round). At the end of this module it is all frozen, out of every
# later collection, and collection goes on (the imports below follow this on
# purpose).
gc.disable()

import sys
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.events import DescendantFocus
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from models.db import database, open_database
from models.errors import DomainError
from models.text import clean_line, clean_text

from . import hangup
from .app_commands import AppCommandsMixin
from .app_session import SessionMixin
from .carry_over import CarryOverMixin
from .clean_paste import CleanPasteMixin
from .cursor_rest import CursorRestMixin
from .i18n import _, detect_language, set_language, translate_error
from .kept_screens import KeptScreensMixin
from .key_order import KeyOrderMixin
from .keys import LocalisedBindings
from .live import LiveUpdatesMixin
from .new_comments import NewCommentsMixin
from .notifier import NotifierMixin
from .now_playing import NowPlayingMixin
from .palette import PALETTE_BINDING, PaletteMixin
from .playback import PLAYER_BINDINGS, PlaybackMixin
from .post_drafts import PostDraftsMixin
from .quiet_gc import QuietCollectionMixin, give_back_after_full_collections
from .ready_ahead import ReadyAheadMixin
from .relative_times import TimesInWordsMixin
from .rich_no_room import install as install_folding_without_room
from .sections import SECTION_TITLES, SECTIONS  # noqa: F401 - tui.app.SECTIONS is used widely
from .terminal import screen_owns_terminal
from .textual_esc_keys import install as install_esc_keys
from .textual_focus import install as install_focus_without_repaint
from .textual_full_map import install as install_full_map_kept
from .textual_input_bytes import install as install_lenient_input
from .textual_joiners import install as install_typed_joiners
from .textual_memory import install as install_strip_caches
from .textual_paste import install as install_paste_kept_whole
from .textual_pending_paint import install as install_pending_paint
from .textual_scrollbars import install as install_scrollbars_repainted_when_changed
from .textual_tabs import install as install_tab_resize_guard
from .themes import DEFAULT_THEME, register_themes
from .thumbnails import Thumbnails
from .user_settings import UserSettingsMixin
from .watchers import forget_watchers
from .worker_answers import WorkerAnswersMixin

install_strip_caches()  # Textual's Strip caches sized for memory (tui/textual_memory.py)
give_back_after_full_collections()  # freed pages back to the system (tui/quiet_gc.py)
install_tab_resize_guard()  # a tab strip resized after its removal (tui/textual_tabs.py)
install_focus_without_repaint()  # a focus change redraws two widgets (tui/textual_focus.py)
install_scrollbars_repainted_when_changed()  # not after every layout (tui/textual_scrollbars.py)
install_pending_paint()  # a layout's frame paints the repaints asked (tui/textual_pending_paint.py)
install_full_map_kept()  # a layout's map not arranged again (tui/textual_full_map.py)
install_paste_kept_whole()  # an ESC in a paste types no keys (tui/textual_paste.py)
install_esc_keys()  # ESC CR is Alt+Enter, ESC a is Esc then a (tui/textual_esc_keys.py)
install_typed_joiners()  # typed spaces, joiners, new emoji reach fields (tui/textual_joiners.py)
install_folding_without_room()  # a terminal squeezed to a column (tui/rich_no_room.py)

if TYPE_CHECKING:
    from models.views import UserRef

    from .carry_over import Typed
    from .web_session import WebSession


class MessengerApp(
    SessionMixin, CarryOverMixin, QuietCollectionMixin, ReadyAheadMixin, KeptScreensMixin, AppCommandsMixin,
    KeyOrderMixin, PostDraftsMixin,
    CleanPasteMixin, CursorRestMixin, LiveUpdatesMixin, NotifierMixin, NewCommentsMixin,
    NowPlayingMixin, PlaybackMixin, UserSettingsMixin, PaletteMixin, LocalisedBindings,
    WorkerAnswersMixin, TimesInWordsMixin, App[None],
):
    """Messenger in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "Messenger"
    DEFAULT_MODE = "login"  # the modes are added per app in __init__ (see _add_modes)

    # F-keys are priority bindings: the app sees them before the focused widget
    # (TextArea binds F6 / F7) and over a modal screen, so they work everywhere.
    BINDINGS = [
        Binding("f2", "section('feed')", "Feed", show=False, priority=True, id="section.feed"),
        Binding("f3", "section('dialogs')", "Dialogs", show=False, priority=True,
                id="section.dialogs"),
        Binding("f4", "section('friends')", "Friends", show=False, priority=True,
                id="section.friends"),
        Binding("f5", "section('people')", "People", show=False, priority=True,
                id="section.people"),
        Binding("f6", "section('communities')", "Communities", show=False, priority=True,
                id="section.communities"),
        Binding("f7", "section('profile')", "Profile", show=False, priority=True,
                id="section.profile"),
        Binding("f8", "section('music')", "Music", show=False, priority=True,
                id="section.music"),
        *PLAYER_BINDINGS,
        Binding("f1", "help", "Help", priority=True, id="app.help"),
        # Ctrl+F: TextArea and Input leave it free, so it needs no priority; a
        # screen's own Ctrl+F (Log in: forgot password) comes first.
        Binding("ctrl+f", "search_everything", "Search everything", show=False,
                id="app.search"),
        Binding("question_mark", "help", "Help", show=False, id="app.help_when_not_typing"),
        Binding("escape", "back", "Back", show=False, id="app.back"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit"),
        PALETTE_BINDING,
    ]

    PREPARE_AFTER = 0.5  # seconds after log-in: Dialogs is built while the feed is read
    PREPARE_GAP = 0.3  # seconds without a key or a click before the next section is built

    # The app draws nothing itself: its watchers repaint what shows these, so
    # setting one need not repaint the whole screen (Textual's default).
    current_user: reactive[UserRef | None] = reactive(None, init=False, repaint=False)
    unread_total: reactive[int] = reactive(0, init=False, repaint=False)
    # comments others wrote under my posts since I last opened them (tui/new_comments.py)
    new_comments: reactive[tuple] = reactive((), init=False, repaint=False)
    # a post written and closed unpublished: (text, chips), back in the next composer
    post_draft: tuple[str, tuple] = ("", ())
    # community posts written on a page and left unpublished: {community id: (text, chips)}
    community_drafts: dict[int, tuple[str, tuple]]
    # comments written under a post and left unsent: {post id: text}
    comment_drafts: dict[int, str]
    # (their text, and My profile's box's, outlives the app: tui/post_drafts.py)
    # what was typed in a box and closed unsent, by box (tui/kept_typing.py)
    typed_in_boxes: dict[tuple, Typed]

    def __init__(
        self, *, poll_interval: float | None = None, cursor_blink: bool = True,
        driver_class: type | None = None,
    ) -> None:
        super().__init__(driver_class=driver_class)
        install_lenient_input(self.driver_class)  # bytes not UTF-8 (tui/textual_input_bytes.py)
        self.poll_interval = poll_interval
        self.cursor_blink = cursor_blink
        self.community_drafts = {}
        self.comment_drafts = {}
        self.typed_in_boxes = {}
        self.open_peer_id: int | None = None  # set by DialogsScreen: the chat on screen
        self.open_dialog_id: int | None = None  # ... when that chat is a group
        self.start_user: UserRef | None = None  # open already logged in (tests, trusted hosts)
        self.web_session: WebSession | None = None  # a browser tab's app (tui/web_session.py)
        self.thumbnails = Thumbnails(self)  # pictures in bubbles and cards (tui/thumbnails.py)
        self._prepare_timer: Timer | None = None
        self._last_input = 0.0  # monotonic time of the last key or click (note_input)
        self._showing_built_screen = False
        self._catch_signals = False  # run in a terminal (tui/hangup.py)
        self._init_playback()
        self._init_settings()
        self._add_modes()
        register_themes(self)
        self._start_in_theme(DEFAULT_THEME)

    def run(self, *args, **kwargs):
        """Run with the terminal kept for Textual alone: SDL/ALSA write to /dev/null."""
        fd = hangup.terminal_fd()
        if fd is not None and not kwargs.get("headless"):
            hangup.watch_for_hangup(self, fd)  # a closed connection ends the app
            self._catch_signals = True
        with screen_owns_terminal():
            # Textual prints a crash report through a Rich console on sys.stderr,
            # which is /dev/null now: it goes to the terminal's own copy instead.
            self.error_console.file = sys.__stderr__
            try:
                return super().run(*args, **kwargs)
            finally:
                self.error_console.file = None  # back to sys.stderr
                hangup.app_ended(self)

    def _start_in_theme(self, name: str) -> None:
        """Start in our theme the way Textual starts in its default one.

        Setting ``theme`` once mounted (the usual way) queues a re-parse of
        every stylesheet and a restyle of the Log in screen just after it is
        built — about 0.1 s of start-up. Here the theme is in place before
        anything is styled: the reactive is set without its watcher, and this
        does what the watcher would do before mount (classes, the ANSI colour
        filter, the CSS variables).
        """
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{theme.name}", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def on_mount(self) -> None:
        if self.web_session is None and self.is_web:  # served some other way: no files
            from .web_session import WebSession

            self.web_session = WebSession()
        if self._catch_signals:
            hangup.catch_signals(self)  # SIGHUP, SIGTERM: drafts written, then the end
        self.screen_change_signal.subscribe(self, self._add_mini_player, immediate=True)
        self._keep_times_true()  # "5 min ago" on the screen shown (tui/relative_times.py)
        self._watch_theme_for_settings()
        if self.start_user is not None:
            self.logged_in(self.start_user)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.Paste)):
            self.note_input()  # sections wait to be built out of sight (app_session)
        await super().on_event(event)

    # ------------------------------------------------------------ sections

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("section", "player", "search_everything"):
            return self.current_user is not None
        if action == "back":
            return len(self.screen_stack) > 1
        return True

    def _showing_help(self) -> bool:
        # Help not opened yet, its module is not imported either: the first
        # F-key of a session imported it only to ask (4 ms of its first visit).
        help_module = sys.modules.get(f"{__package__}.screens.help")
        return help_module is not None and isinstance(self.screen, help_module.HelpScreen)

    def action_section(self, name: str) -> None:
        self._close_help_and_palette()
        self.switch_mode(name)

    def _close_help_and_palette(self) -> None:
        """Help and the command palette (and help over the palette) describe
        the screen being left: a section key closes them before it switches.
        A palette left open on a section's screens stayed there, and Ctrl+P in
        another section then opened a second palette with the same id: the
        app stopped with an error (Ctrl+P, F5, Ctrl+P). A dialog box under
        them stays, with what was typed in it."""
        from .palette import LocalisedPalette

        while len(self.screen_stack) > 1:
            if isinstance(self.screen, LocalisedPalette):
                self.screen.close()
            elif self._showing_help():
                self.pop_screen()
            else:
                return

    def switch_mode(self, mode: str):
        """Textual's mode switch, without its 50 ms blackout for a section already built.

        Textual holds every update back for 50 ms after a switch (``delay_update``)
        so a screen still being built never shows half-made. A section visited
        before, or built out of sight after log-in, is whole: it is painted at
        once (half of what F3 cost). What a new language carried for the
        section comes back as it is shown (``tui/carry_over.py``)."""
        self._showing_built_screen = mode in self._screen_stacks
        try:
            shown = super().switch_mode(mode)
        finally:
            self._showing_built_screen = False
        self.bring_back(mode)
        return shown

    def delay_update(self, delay: float = 0.05) -> None:
        if not self._showing_built_screen:
            super().delay_update(delay)

    def action_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if self._showing_help():
            self.pop_screen()  # F1 again closes help (F1 reaches the app first: see BINDINGS)
        else:
            self.push_screen(HelpScreen(self.screen))

    def open_profile(self, user_id: int) -> None:
        """Show someone's profile (my own profile section for myself): the
        profile screen opened before, refilled for them out of sight and shown
        once filled, when it is free (``tui/kept_screens.py``)."""
        from .screens.user_profile import UserProfileScreen

        if self.current_user is not None and user_id == self.current_user.id:
            self.switch_mode("profile")
            return
        self.open_kept("user-profile", lambda screen: screen.show_person(user_id),
                       lambda: UserProfileScreen(user_id), target=user_id)

    def open_dialog(self, peer_id: int, at_message_id: int | None = None) -> None:
        """Switch to Dialogs with the conversation with ``peer_id`` selected (opened
        at the message ``at_message_id`` when given: a search result)."""
        from .chats import peer_key  # the domain comes with it: not before log-in

        self.open_chat(peer_key(peer_id), at_message_id)

    def open_chat(self, key: str, at_message_id: int | None = None) -> None:
        """Switch to Dialogs with the chat ``key`` (a dialog or a group: ``tui.chats``)
        selected, opened at the message ``at_message_id`` when given."""
        self.switch_mode("dialogs")
        self._screen_stacks["dialogs"][0].select_chat(key, at_message_id=at_message_id)

    def show_post(self, post, callback=None) -> None:  # type: ignore[no-untyped-def]
        """A post with its comments: the post screen opened before, refilled
        for it out of sight and shown once filled, when it is free
        (``tui/kept_screens.py``); ``callback`` gets the post as it is when
        closed (its counts), or None if it was deleted meanwhile."""
        from .screens.post import PostScreen

        self.open_kept("post", lambda screen: screen.show_post(post),
                       lambda: PostScreen(post), callback, target=post.id)

    def open_community(self, community_id: int) -> None:
        """A community's page: the one opened before, refilled for it out of
        sight and shown once filled, when it is free (``tui/kept_screens.py``)."""
        from .screens.community import CommunityScreen

        self.open_kept("community", lambda screen: screen.show_community(community_id),
                       lambda: CommunityScreen(community_id), target=community_id)

    def section_title(self, mode: str | None = None) -> str:
        return _(SECTION_TITLES.get(mode or self.current_mode, ""))

    # ------------------------------------------------------------ errors

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification, whoever raises it (screens and widgets call this
        too), is drawn without control characters: it may quote a name, a track
        title or a file name that came from outside the app."""
        super().notify(clean_text(str(message)), title=clean_line(str(title)),
                       severity=severity, timeout=timeout, markup=markup)

    def show_error(self, exc: Exception) -> None:
        """A notification with the reason, never a traceback."""
        if isinstance(exc, DomainError):
            text = translate_error(exc)
        else:
            text = _("Something went wrong: {error}").format(error=clean_line(str(exc)))
        self.notify(text, title=_("Error"), severity="error", markup=False)

    # ------------------------------------------------------------ music

    def _add_mini_player(self, screen: Screen) -> None:
        """Every screen after log-in (not the dialogs over them) gets a mini-player."""
        from .widgets.mini_player import MiniPlayer

        # Any widget of a screen gone that watched the app (Textual's own, on
        # ``theme``) would be kept until that value changes (tui/watchers.py).
        forget_watchers(self)

        if (
            self.current_user is None
            or self.current_mode == "login"
            or isinstance(screen, ModalScreen)
        ):
            return
        shown = screen.query(MiniPlayer)
        if shown:  # a screen shown again: its mini-player catches up (it skips states out of sight)
            shown.first().catch_up()
            return
        screen.mount(MiniPlayer())

    def on_unmount(self) -> None:
        self.write_post_drafts_now()  # Ctrl+Q, a closed terminal: the posts being written kept
        self._stop_polling(offline=True)
        self.close_player()
        self._end_hold()  # CPython's thresholds back (tui/quiet_gc.py)

    # ------------------------------------------------------------ details

    @on(DescendantFocus)
    def _apply_cursor_blink(self, event: DescendantFocus) -> None:
        field = event.widget
        if not self.cursor_blink and hasattr(field, "cursor_blink"):
            field.cursor_blink = False
        elif (hasattr(field, "_pause_blink") and field.is_mounted
              and field.screen is not self.screen):
            # Focused on a screen out of sight (a section or page built or
            # refilled before it is shown): its cursor waits to be shown
            # (BlinksOnlyWhenShown starts it) instead of waking the app twice
            # a second for a field nobody sees.
            field._pause_blink()


def make_app(
    db_url: str,
    *,
    lang: str | None = None,
    poll_interval: float | None = None,
    cursor_blink: bool = True,
    driver_class: type | None = None,
) -> MessengerApp:
    """The app on the database at ``db_url`` (opened here unless already open).
    ``poll_interval`` None: the backend's default (tui/live.py); ``driver_class``
    None: Textual's driver for this terminal."""
    _freeze_start_up_objects()  # first: the start-up's own collections skip them too
    set_language(detect_language(lang))
    if database.obj is None:
        open_database(db_url)
    return MessengerApp(poll_interval=poll_interval, cursor_blink=cursor_blink,
                        driver_class=driver_class)


_frozen = False


def _freeze_start_up_objects() -> None:
    """Keep what start-up imported (modules, classes, CSS rules) out of every
    later garbage collection, once per process: they live as long as it does,
    and re-scanning them in each full collection was ~15 ms of painting Log in.
    ``tui.app`` freezes what was imported when its own import ends; this
    catches what came between (the caller's imports), before the database is
    opened and the app made, where a full collection scanned all of it."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


# The start-up's modules, classes and CSS rules: out of every later collection.
gc.freeze()
gc.enable()
