"""Log in and log out of the app: the sections are built per person and
thrown away when they leave (part of ``MessengerApp``)."""

from __future__ import annotations

from functools import partial
from time import monotonic
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from models.errors import DomainError

from .screens.login import LoginScreen
from .sections import SECTIONS

# The sections built out of sight after log-in, in this order (the Feed is shown).
STATEMENTS_BUDGET = 0.01  # seconds of SQL built in one quiet moment (about a third of it all)
PREPARED = ("dialogs", "friends", "people", "communities", "profile", "music")

if TYPE_CHECKING:
    from models.settings import Settings
    from models.views import UserRef


class SessionMixin:
    """``logged_in`` / ``log_out`` and the modes they add and remove."""

    def logged_in(self, user: UserRef, settings: Settings | None = None) -> None:
        """Called by the log-in and register screens once a person is in, with
        their stored settings (read first in a worker when not given)."""
        if settings is None:
            self._read_settings_then_enter(user)
            return
        self._apply_settings(settings)  # before the sections are built: their language
        self.write_post_drafts_now()  # (the last person's, if they did not log out)
        self.current_user = user
        self._forget_what_was_shown()
        self.start_post_drafts(user.id)
        self._start_polling(user.id)
        self.switch_mode("feed")
        self.collected_after_building = False
        prepare = partial(self._prepare_next, user)
        if self.PREPARE_AFTER > 0:
            self._prepare_timer = self.set_timer(self.PREPARE_AFTER, prepare)
        else:
            self.call_after_refresh(prepare)  # tests: as soon as the feed is painted

    def _forget_what_was_shown(self) -> None:
        """Counts, notices, unsent posts, what was typed in boxes and the open
        chat belong to one person."""
        self.unread_total = 0
        self.new_comments = ()
        self.post_draft = ("", ())
        self.wall_draft = ""
        self.community_drafts = {}
        self.comment_drafts = {}
        self.typed_in_boxes = {}
        self.open_peer_id = None
        self.open_dialog_id = None
        self.forget_carried()

    def _prepare_next(self, user: UserRef) -> None:
        """Build the next section not built yet out of sight, one per quiet moment.

        Every section is built after log-in (``PREPARED``, Dialogs first), and
        once its data is in, laid out at the terminal's size (a second quiet
        moment), so a first visit only shows it. A build takes the UI thread for 0.1–0.4 s, so
        it waits for a quiet moment: no key or click for ``PREPARE_GAP`` seconds,
        no worker running (the last build's reads included), nothing held back
        or waiting to be painted. One section per moment, then the app is free
        again for whatever came meanwhile. Then the kept screens
        (``prepare_kept_screens``), Dialogs' first rows drawn
        (``_draw_dialog_rows_ahead``) and the SQL of the statements not called
        yet built (``models.prepared.build_ahead``, ``STATEMENTS_BUDGET`` at a
        time: the session's first group opened built two, 5 ms of its key).
        In the quiet moment after the last, one full garbage collection
        (``collect_after_building``)."""
        self._prepare_timer = None
        if self.current_user != user:
            return
        if self._quiet():
            unlaid = self._built_not_laid_out()
            if unlaid is not None:  # its data is in (no worker runs): laid out next
                unlaid.lay_out_out_of_sight(self.size)
            elif todo := self._not_built():
                self._prepare_section(todo[0], user)
            elif self.prepare_kept_screens():
                pass  # the profile or community screen built out of sight: the first opened is kept
            elif self._render_ahead():
                pass  # a screen built out of sight drawn once out of sight: its lines kept
            elif self._draw_dialog_rows_ahead():
                pass  # Dialogs' first rows drawn: a chat opened from elsewhere scrolls to drawn rows
            elif self._build_statements_ahead():
                pass  # statements' SQL built, a few at a time: no first call builds it on a key
            else:  # all built and laid out: what building left, collected now (quiet_gc)
                self.collect_after_building()
                return
        if not self.collected_after_building:
            self._prepare_timer = self.set_timer(self.PREPARE_GAP, partial(self._prepare_next, user))

    def _render_ahead(self) -> bool:
        """One screen built out of sight (a section, then a kept screen) drawn
        once, out of sight, if none was yet (``kept_screens.render_out_of_sight``);
        whether one was drawn now."""
        from .kept_screens import render_out_of_sight

        screens = [stack[0] for name in PREPARED
                   if (stack := self._screen_stacks.get(name))
                   and stack is not self._screen_stacks.get(self._current_mode)]
        screens += list(self._kept_screens().values())
        return any(render_out_of_sight(screen, self.size) for screen in screens
                   if not screen.__dict__.get("_rendered_ahead"))

    def _draw_dialog_rows_ahead(self) -> bool:
        """Dialogs' first rows drawn out of sight (``DialogList.draw_rows_ahead``);
        whether any were drawn now (none once they are, or before the list is read)."""
        from .widgets.dialog_list import DialogList

        stack = self._screen_stacks.get("dialogs")
        if not stack or not stack[0].is_mounted:
            return False
        lists = stack[0].query(DialogList)
        return bool(lists) and lists.first().draw_rows_ahead() > 0

    def _build_statements_ahead(self) -> bool:
        """Some statements' SQL built (``models.prepared.build_ahead``); whether
        any was left to build. Imported here: not before log-in's first frame."""
        from models.prepared import build_ahead

        return build_ahead(STATEMENTS_BUDGET) > 0

    def _not_built(self) -> list[str]:
        return [name for name in PREPARED if name not in self._screen_stacks]

    def _built_not_laid_out(self) -> Screen | None:
        for name in PREPARED:
            stack = self._screen_stacks.get(name)
            if (stack and stack is not self._screen_stacks.get(self._current_mode)
                    and getattr(stack[0], "built_out_of_sight", False)
                    and not stack[0].laid_out_out_of_sight):
                return stack[0]
        return None

    @property
    def sections_prepared(self) -> bool:
        """Whether every section has been built and laid out (out of sight or visited)."""
        return not self._not_built() and self._built_not_laid_out() is None

    def note_input(self) -> None:
        """A key or a click came: the next out-of-sight build waits its gap again,
        and no full garbage collection runs until keys stop (tui/quiet_gc.py)."""
        self._last_input = monotonic()
        self.hold_collections()

    def _no_input_lately(self) -> bool:
        return monotonic() - self._last_input >= self.PREPARE_GAP

    def _quiet(self) -> bool:
        return self._no_input_lately() and self._settled_now()

    def _settled_now(self) -> bool:
        """Nothing under way: no worker running, nothing held back or waiting to
        be painted (what the last key did is on screen), no kept screen being
        filled out of sight to be shown (``screen_coming``: its cards mount
        between its read and its push while the screen below is settled, so a
        full collection held back by the key could be released inside it)."""
        stack = self._screen_stacks.get(self._current_mode)
        if not stack:
            return False  # between modes (a log-out, the app closing)
        screen = stack[-1]
        return (
            getattr(self, "screen_coming", None) is None
            and not self._batch_count
            and self._message_queue.empty()  # e.g. a focus a new screen asked for
            and not any(worker.is_running for worker in self.workers)
            and not (screen._layout_required or screen._dirty_widgets)
        )

    def _prepare_section(self, name: str, user: UserRef) -> None:
        """Build a section's screen out of sight, so its first visit only shows it.

        Building the Dialogs screen (its widgets, their styles, the dialog list
        and the mini-player) made the first F3 after log-in cost about three
        times a later one. It is built as Textual builds a mode's screen on its
        first switch, but without switching: the person stays on the feed while
        the screen is composed, laid out and its list read. A visit before this
        runs builds it then, as before. (Live updates go to the section on
        screen only, so a section built out of sight reads its data again when
        first shown: ``SectionScreen.built_out_of_sight``.)
        """
        if self.current_user != user or name in self._screen_stacks:
            return
        self._init_mode(name)
        screen = self._screen_stacks[name][0]
        screen.built_out_of_sight = True
        self._add_mini_player(screen)

    def log_out(self) -> None:
        """Back to Log in; every section starts fresh for the next person."""
        user = self.current_user
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
            self._prepare_timer = None
        self._stop_polling()
        self.close_player()
        self.write_post_drafts_now()  # before they are forgotten: back at the next log-in
        self.current_user = None
        self._forget_what_was_shown()
        self._forget_settings()
        self._reset_modes()
        if user is not None:
            self._record_log_out(user.id)

    def _reset_modes(self) -> None:
        self.drop_kept_screens()  # a kept profile: the last person's, in the old language
        self.remove_mode("login")
        self.add_mode("login", partial(self._new_screen, LoginScreen))
        self.switch_mode("login")
        for name in SECTIONS:
            self.remove_mode(name)
        self._add_modes(sections_only=True)

    def rebuild_sections(self) -> None:
        """Every section anew, the person staying where they are (a new language),
        with what they had open and typed (``tui/carry_over.py``)."""
        section = self.current_mode
        self.carry_over_sections()
        self._reset_modes()
        self.switch_mode(section)

    def _add_modes(self, *, sections_only: bool = False) -> None:
        if not sections_only:
            self.add_mode("login", partial(self._new_screen, LoginScreen))
        for name in SECTIONS:
            self.add_mode(name, partial(self._new_section_screen, name))

    def _new_section_screen(self, name: str) -> Screen:
        return self._new_screen(SECTIONS[name])

    def _new_screen(self, screen_class: type[Screen]) -> Screen:
        """A mode's base screen, marked as styled by the current stylesheet.

        Textual re-parses every stylesheet and restyles every node the first
        time it switches to a mode (twice: once for the screen it leaves), only
        to learn that the new screen is up to date — which it is, since each of
        its widgets gets the current styles as it mounts. That was about 0.2 s of
        start-up and 0.3 s of the first visit of each section. A theme change
        still counts: it bumps the app's count and restyles on the next switch.
        """
        screen = screen_class()
        screen._css_update_count = self._css_update_count
        return screen

    @work(thread=True, group="log_out", exit_on_error=False)
    def _record_log_out(self, user_id: int) -> None:
        from models import accounts

        try:
            accounts.log_out(user_id)
        except DomainError:
            pass  # the last-seen time is a nicety; the person is logged out anyway
