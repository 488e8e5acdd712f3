"""The live poll: one thread for the whole session asks what changed.

Not a Textual worker: thread workers run on a shared pool, each on whichever
thread is free, and SQLite's ``PRAGMA data_version`` (the short-cut that makes
an idle poll cost one pragma) only means something on one connection — peewee
keeps one per thread. So the session owns one thread, and it talks to the UI
only through messages (``post_message`` is thread-safe), never by waiting on it.

The same thread keeps the person's presence (``models.presence``): a
heartbeat at log-in and every ``HEARTBEAT_EVERY`` seconds after — one short
write, never one per key — and, when the app quits, "offline" at once. On
SQLite it also tidies the search index every ``TIDY_EVERY`` seconds (one
bounded merge step: ``models.search_upkeep``), so searching stays quick as
people write. With it, what the player plays (tui/now_playing.py): written when it changes,
refreshed with the heartbeat, and taken away when the thread ends.

Between two polls the thread waits in ``models.listen.ChangeWaiter``: on SQLite
simply for the interval (an idle poll is one pragma, so it can be short); on
PostgreSQL on its own ``LISTEN`` connection too, so a NOTIFY from a writer
wakes it at once and the interval is only the fallback.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from textual.app import App
from textual.message import Message

from models.db import database, is_sqlite
from models.errors import DomainError

from .i18n import _

if TYPE_CHECKING:
    from models.views import LiveChanges, UserRef

# models.activity (the poll's queries, the tables, the views) is imported where it
# is first needed, at log-in: the Log in screen is painted without it.

SLOWEST_RETRY = 1.0  # seconds between polls while the database is away
SQLITE_POLL_INTERVAL = 0.15  # seconds: an idle poll costs one PRAGMA data_version
POSTGRES_POLL_INTERVAL = 1.0  # seconds: a fallback, NOTIFY wakes the poll at once
TIDY_EVERY = 300.0  # seconds between two steps of merging the search index (SQLite)
# After this many polls in a row that found nothing new, the poll waits up to
# QUIET_POLL_INTERVAL (twice SQLite's interval): an idle app on SQLite woke 400
# times a minute, half of its idle CPU (issue 17). A change, or the UI waking
# the poll (a key that shows a feed, a track played), brings the interval back;
# a message sent to an idle app waits at most that long to be read.
QUIET_POLLS = 20
QUIET_POLL_INTERVAL = 0.3  # seconds


def default_poll_interval() -> float:
    """The app's poll interval for the open database's backend."""
    return SQLITE_POLL_INTERVAL if is_sqlite() else POSTGRES_POLL_INTERVAL


class LiveChangesArrived(Message):
    """What one poll found for ``user_id`` (new posts counted in ``feed``)."""

    def __init__(
        self, user_id: int, changes: LiveChanges, feed: tuple[bool, int] | None
    ) -> None:
        super().__init__()
        self.user_id = user_id
        self.changes = changes
        self.feed = feed


class PollFailed(Message):
    """The first poll of an outage failed (later failures stay quiet)."""

    def __init__(self, user_id: int, error: Exception) -> None:
        super().__init__()
        self.user_id = user_id
        self.error = error


class PollRecovered(Message):
    """A poll worked again after ``PollFailed``."""

    def __init__(self, user_id: int) -> None:
        super().__init__()
        self.user_id = user_id


class PollThread(threading.Thread):
    """Polls for ``user_id`` every ``interval`` seconds until ``stop()``."""

    def __init__(self, app: App, user_id: int, interval: float) -> None:
        super().__init__(name=f"messenger-live-{user_id}", daemon=True)
        self.app = app
        self.user_id = user_id
        self.interval = interval
        from models.activity import LivePoller
        from models.listen import ChangeWaiter

        self.feed: tuple[bool, int] | None = None  # set by the UI thread: the feed on screen
        # set by the UI thread: the open post (id, newest comment shown)
        self.post: tuple[int, int] | None = None
        self.cards: tuple[int, ...] = ()  # set by the UI thread: posts on screen (their counts)
        self._poller = LivePoller(user_id)
        self.attempts = 0  # polls tried so far (tests wait for a few)
        self.started = threading.Event()  # set after the first poll that worked
        self._stopped = threading.Event()
        self.waiter = ChangeWaiter(user_id)
        self._next_beat = 0.0  # time.monotonic() of the next heartbeat: the first at once
        self._next_tidy = time.monotonic() + TIDY_EVERY  # not at log-in: it is busy enough
        self.offline_on_stop = False  # set when the app quits: "offline" as the thread ends
        self._now_playing: tuple[str, str] | None = None  # set by the UI thread
        self._published: tuple[str, str] | None = None  # what this thread wrote last
        self._next_refresh = 0.0  # time.monotonic() when what plays is written again
        self._retry_at = 0.0  # after a failed write: not before this
        self._unread_again = False  # set by the UI thread: report_unread_again
        self.quiet_polls = 0  # polls in a row that found nothing new (QUIET_POLLS)

    def stop(self, *, offline: bool = False) -> None:
        self.offline_on_stop = offline
        self._stopped.set()
        self.waiter.interrupt()

    def set_now_playing(self, wish: tuple[str, str] | None) -> None:
        """What others should see the player play (tui/now_playing.py): a change
        is written at once."""
        if wish != self._now_playing:
            self._now_playing = wish
            self.wake()

    def wake(self) -> None:
        """Poll now rather than at the next tick (a feed was put on screen),
        and at the usual interval again."""
        self.quiet_polls = 0
        self.waiter.interrupt()

    def report_unread_again(self) -> None:
        """Poll now and report the unread total whatever the last poll said:
        the screen just showed one read of its own (a dialog muted), and a poll
        that read before it may be reported after it. This poll reads after."""
        self._unread_again = True
        self.wake()

    def run(self) -> None:
        failing = False
        try:
            while not self._stopped.is_set():
                failing = self._poll_once(failing)
                self._beat()
                self._tidy()
                self._publish_now_playing()
                if self._stopped.is_set():
                    break
                self.waiter.wait(self._next_wait(failing))
        finally:
            self.waiter.close()
            if self._published is not None:
                self._now_playing, self._retry_at = None, 0.0
                self._publish_now_playing()
            if self.offline_on_stop:
                self._go_offline()
            self._close_connection()

    def _next_wait(self, failing: bool) -> float:
        if failing:
            return max(self.interval, SLOWEST_RETRY)
        if self.quiet_polls >= QUIET_POLLS:
            return max(self.interval, min(self.interval * 2, QUIET_POLL_INTERVAL))
        return self.interval

    def _beat(self) -> None:
        """The presence heartbeat, when it is due (a failure: next time round)."""
        from models.presence import HEARTBEAT_EVERY, heartbeat

        now = time.monotonic()
        if now < self._next_beat:
            return
        try:
            heartbeat(self.user_id)
        except DomainError:
            self._next_beat = now + SLOWEST_RETRY
            return
        self._next_beat = now + HEARTBEAT_EVERY

    def _tidy(self) -> None:
        """A step of merging the search index, when it is due (SQLite only)."""
        from models.search_upkeep import tidy_search_index

        now = time.monotonic()
        if now < self._next_tidy or not is_sqlite():
            return
        self._next_tidy = now + TIDY_EVERY
        try:
            tidy_search_index()
        except DomainError:
            pass  # the index is only slower to read; the next step tries again

    def _publish_now_playing(self) -> None:
        """Write what plays when it changed, or refresh it when due (a failure:
        tried again a second later)."""
        from models import now_playing

        wish, now = self._now_playing, time.monotonic()
        if now < self._retry_at:
            return
        if wish == self._published and (wish is None or now < self._next_refresh):
            return  # unchanged, and no refresh due
        try:
            if wish is None:
                now_playing.clear(self.user_id)
            else:
                now_playing.publish(self.user_id, *wish)
        except DomainError:
            self._retry_at = now + SLOWEST_RETRY
            return
        self._published = wish
        self._next_refresh = now + now_playing.REFRESH_EVERY

    def _go_offline(self) -> None:
        from models.presence import go_offline

        try:
            go_offline(self.user_id)
        except DomainError:
            pass  # the heartbeat stops anyway: offline within a minute or so

    def _poll_once(self, failing: bool) -> bool:
        """One poll; returns whether the database is failing now."""
        feed, post, cards = self.feed, self.post, self.cards
        if self._unread_again:
            self._unread_again = False
            self._poller.forget_unread()
        try:
            changes = self._poller.poll(feed, post, cards)
        except DomainError as exc:
            if not failing:
                self.app.post_message(PollFailed(self.user_id, exc))
            return True
        except Exception as exc:  # noqa: BLE001 - a bug must not end live updates
            self.app.log.error(f"live poll failed: {exc!r}")
            return failing
        finally:
            self.attempts += 1
        self.started.set()
        if self._stopped.is_set():
            return failing
        if failing:
            self.app.post_message(PollRecovered(self.user_id))
        if changes is not None:
            self.quiet_polls = 0
            self.app.post_message(LiveChangesArrived(self.user_id, changes, feed))
        else:
            self.quiet_polls += 1
        return False

    def _close_connection(self) -> None:
        db = database.obj
        if db is not None:
            try:
                db.close()  # this thread's connection only
            except Exception:  # noqa: BLE001 - closing a broken connection
                pass


class LiveUpdatesMixin:
    """``MessengerApp`` mixes this in: it runs the ``PollThread`` of the logged-in
    person and hands what the poll finds to the screens of the current mode (the
    one on top and the ones under it, so a chat under a confirmation still updates)."""

    _poll_thread: PollThread | None = None
    database_away = False  # the poll could not reach the database last time
    typing_now: tuple = ()  # models.views.TypingView: who types in my dialogs, last reported

    def _start_polling(self, user_id: int) -> None:
        self._stop_polling()
        self.database_away = False
        self.typing_now = ()
        interval = self.poll_interval or default_poll_interval()
        self._poll_thread = PollThread(self, user_id, interval)
        self._poll_thread.start()

    def _stop_polling(self, *, offline: bool = False) -> None:
        """Stop the poll thread; ``offline``: the app quits, so the person is
        offline now (a log-out says so itself)."""
        thread, self._poll_thread = self._poll_thread, None
        if thread is not None:
            thread.stop(offline=offline)
            thread.join(timeout=5)  # a poll finishes in milliseconds; a dead server may lag

    @property
    def live_thread(self) -> PollThread | None:
        """The running poll thread (``None`` before log-in)."""
        return self._poll_thread

    def set_live_feed(self, feed: tuple[bool, int] | None) -> None:
        """The feed on screen: (everyone?, newest post id shown), or ``None``."""
        thread = self._poll_thread
        if thread is not None and thread.feed != feed:
            thread.feed = feed
            thread.wake()

    def set_live_post(self, post: tuple[int, int] | None) -> None:
        """The post open on screen: (post id, newest comment id shown), or ``None``."""
        thread = self._poll_thread
        if thread is not None and thread.post != post:
            thread.post = post
            thread.wake()

    def report_unread_again(self) -> None:
        """After showing an unread total read by a screen: the poll reads and
        reports it again (``PollThread.report_unread_again``)."""
        thread = self._poll_thread
        if thread is not None:
            thread.report_unread_again()

    def set_live_cards(self, post_ids: tuple[int, ...]) -> None:
        """The posts whose cards are on screen: their comment counts are kept live."""
        thread = self._poll_thread
        if thread is not None and thread.cards != post_ids:
            thread.cards = post_ids

    def _current(self, user_id: int) -> bool:
        return self.current_user is not None and self.current_user.id == user_id

    def _tell_screens(self, message_type: type[Message], *args, everywhere: bool = False) -> None:
        """The screens of the section on screen; ``everywhere``: of every section built."""
        stacks = self._screen_stacks.values() if everywhere else (self.screen_stack,)
        for stack in stacks:
            for screen in stack:
                screen.post_message(message_type(*args))
        if everywhere:  # and the kept screens made ready out of sight (tui/ready_ahead.py)
            for screen in self.ready_screens():
                screen.post_message(message_type(*args))

    def on_live_changes_arrived(self, event: LiveChangesArrived) -> None:
        from models.activity import FRIEND_KINDS, PROFILE_CHANGED

        from .events import (
            CommentsArrived,
            CommentsChanged,
            FriendsChanged,
            MessagesArrived,
            MessagesChanged,
            NewPostsAvailable,
            ReadMarksMoved,
            TypingChanged,
            UnreadChanged,
        )

        if not self._current(event.user_id):
            return  # logged out meanwhile
        changes = event.changes
        if changes.messages:
            self._tell_screens(MessagesArrived, list(changes.messages))
            self.notify_messages(changes.messages, changes.muted_dialogs,  # tui/notifier.py
                                 dict(changes.group_titles))
        if changes.changed_messages:
            self._tell_screens(MessagesChanged, list(changes.changed_messages))
        if changes.changed_posts:
            self._show_changed_posts(list(changes.changed_posts))
        if changes.comment_counts:
            self._show_comment_counts(dict(changes.comment_counts))
        if changes.watched_comments:
            self._tell_screens(CommentsArrived, list(changes.watched_comments))
        if changes.changed_comments or changes.open_post or changes.gone_post:
            self._tell_screens(CommentsChanged, list(changes.changed_comments),
                               changes.open_post, changes.gone_post)
        if changes.comments_on_mine:
            self.comments_arrived(changes.comments_on_mine)  # tui/new_comments.py
        if changes.read_marks:
            self._tell_screens(ReadMarksMoved, dict(changes.read_marks))
        if changes.typing is not None:
            self.typing_now = changes.typing
            self._tell_screens(TypingChanged, changes.typing)
        about_friends = [a for a in changes.activity if a.kind in FRIEND_KINDS]
        if about_friends:
            self._tell_screens(FriendsChanged, about_friends)
            self.notify_friend_requests(about_friends)
        people = {a.actor.id: a.actor for a in changes.activity
                  if a.kind == PROFILE_CHANGED and a.actor is not None}
        if people:
            self.show_people(people)
        if changes.unread_total != self.unread_total:
            self.unread_total = changes.unread_total
            self._tell_screens(UnreadChanged, changes.unread_total)
        if changes.new_posts is not None and event.feed is not None:
            self._tell_screens(NewPostsAvailable, event.feed, changes.new_posts)

    def show_people(self, people: dict[int, UserRef]) -> None:
        """``people`` (by id) as they are now, a new name, login or avatar, on
        whatever shows them (``tui/people_shown.py``), in every section built so
        far and the screens opened over them: a section, an open chat or a page
        out of sight is not read again when shown, and would come back with the
        old name."""
        from .events import PeopleChanged
        from .widgets.post_actions import show_people_on_posts

        self._tell_screens(PeopleChanged, people, everywhere=True)
        show_people_on_posts(self, people)

    def watch_current_user(self, before: UserRef | None, now: UserRef | None) -> None:
        """My own new name, login or avatar (Edit profile, Account): shown on my
        posts, comments and messages as it is on everyone else's screens."""
        if before is not None and now is not None and before.id == now.id:
            self.show_people({now.id: now})

    def _show_changed_posts(self, changed) -> None:
        """Reactions on my posts: every card showing one, in every section built
        so far (the Feed is not read again when one comes back to it)."""
        from .widgets.post_actions import show_posts

        show_posts(self, changed)

    def _show_comment_counts(self, counts: dict[int, int]) -> None:
        """New comment counts on every card showing one of those posts."""
        from dataclasses import replace

        from .widgets.post_card import PostCard
        from .widgets.post_list import PostList

        for stack in self._screen_stacks.values():
            for screen in stack:
                for card in screen.query(PostCard):
                    count = counts.get(card.post.id)
                    if count is not None and count != card.post.comment_count:
                        card.show(replace(card.post, comment_count=count))
                for post_list in screen.query(PostList):  # its posts not on cards yet
                    post_list.replace_held({
                        post.id: replace(post, comment_count=counts[post.id])
                        for post in post_list.held if post.id in counts})

    def on_poll_failed(self, event: PollFailed) -> None:
        if self._current(event.user_id):
            self.database_away = True
            self.notify(_("Database unavailable — retrying"), title=_("Offline"),
                        severity="error", timeout=8)

    def on_poll_recovered(self, event: PollRecovered) -> None:
        from .events import DatabaseBack

        if self._current(event.user_id):
            self.database_away = False
            self.notify(_("Back online"))
            self._tell_screens(DatabaseBack)
