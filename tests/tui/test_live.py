"""Live updates: what another person does shows up without a key press.

Анна's app runs (logged in, polling every 0.1 s); the test plays Michail, Olga or
Mallory by calling the domain functions directly — another connection, as
another terminal would be. Nothing here presses a key to make a change appear.
The database file is also taken away and put back while the app runs.
"""

from __future__ import annotations

import asyncio
import os
import queue
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from models import dialogs, friends, messages, posts
from models.db import close_database, open_database, sqlite_path
from tests.tui.conftest import settle, type_text
from tui import live
from tui.screens.dialogs import DialogsScreen
from tui.screens.feed import FeedScreen
from tui.screens.friends import FriendsScreen
from tui.widgets.chat_view import ChatView
from tui.widgets.dialog_list import DialogList
from tui.widgets.post_list import PostList

POLL = 0.1


def run(app, scenario, size=(100, 30)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert await until(pilot, lambda: app.live_thread.started.is_set())
            await scenario(pilot)

    asyncio.run(main())


async def until(pilot, condition, rounds: int = 80, *, workers: bool = True) -> bool:
    """Let the app run (polls, workers, repaints) until ``condition()`` holds, for
    at most ``rounds`` poll intervals; returns whether it held. ``workers``:
    each round waits for the app's workers too (not while one is held on
    purpose: ``held_back``)."""
    for _ in range(rounds):
        if condition():
            return True
        await pilot.pause(POLL)
        if workers:
            await settle(pilot, rounds=1)
    return condition()


async def open_chat(pilot, peer_id: int) -> ChatView:
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DialogsScreen)
    pilot.app.open_dialog(peer_id)
    await settle(pilot)
    return pilot.app.screen.query_one(ChatView)


def notes(app, severity=None) -> list[str]:
    return [n.message for n in app._notifications if severity is None or n.severity == severity]


# ---------------------------------------------------------------- the open chat

def test_the_peer_reading_my_message_turns_its_tick_double(app_db, logged_in_app):
    """Анна's last message shows ✓ (sent); Michail reads it in his terminal: it
    turns ✓✓ in Анна's open chat by itself."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        mine = chat.items[-1]
        assert mine.text == "Yes, see you at seven." and not mine.read_by_peer
        assert "✓✓" not in chat.render_lines_text()
        dialogs.mark_read(app_db.michail.id, app_db.anna.id, mine.seq)
        assert await until(pilot, lambda: chat.items[-1].read_by_peer)
        assert "✓✓" in chat.render_lines_text()

    run(app, scenario)


def test_an_edit_by_the_peer_shows_in_the_open_chat(app_db, logged_in_app):
    """Michail corrects his message: Анна's open chat shows the new text, marked
    edited, in the same place."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        first = chat.items[0]
        messages.edit_message(app_db.michail.id, first.id, "Привет! Chess at seven?")
        assert await until(pilot, lambda: chat.items[0].text == "Привет! Chess at seven?")
        assert [m.id for m in chat.items] == [first.id, chat.items[1].id]
        assert chat.items[0].edited_at is not None
        shown = chat.render_lines_text()
        assert "Chess at seven?" in shown and "Are you coming tonight?" not in shown

    run(app, scenario)


def test_a_deletion_by_the_peer_shows_in_the_open_chat(app_db, logged_in_app):
    """Michail deletes his message: its text leaves Анна's screen, its place says
    "message deleted", and the dialog list keeps up."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        first = chat.items[0]
        messages.delete_message(app_db.michail.id, first.id)
        assert await until(pilot, lambda: chat.items[0].deleted)
        shown = chat.render_lines_text()
        assert "Are you coming tonight?" not in shown and "message deleted" in shown
        assert len(chat.items) == 2

    run(app, scenario)


def test_a_new_message_in_another_dialog_moves_it_up_with_a_badge(app_db, logged_in_app):
    """While Анна reads Michail, Olga writes: a toast says so, Olga's dialog comes
    first in the list with one unread, and the header count is one."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        messages.send_message(app_db.olga.id, app_db.anna.id, "Hi Анна!", "olga-1")
        listing = app.screen.query_one(DialogList)

        def olga_on_top():
            peers = [s.peer.id for s in listing.summaries if s.peer.id != app_db.anna.id]
            return peers[:1] == [app_db.olga.id]

        assert await until(pilot, olga_on_top)
        assert listing.summary_for(app_db.olga.id).unread_count == 1
        assert app.unread_total == 1
        assert "Hi Анна!" in notes(app)

    run(app, scenario)


# ---------------------------------------------------------------- friends

def test_a_friend_request_arrives_with_a_toast_and_in_the_list(app_db, logged_in_app):
    """Анна is on Friends; Mallory (whose name is markup) asks to be friends: a toast
    names them literally and the Incoming tab lists them without a key press."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FriendsScreen)
        assert [p.id for p in screen.people["incoming"]] == [app_db.olga.id]
        friends.send_request(app_db.mallory.id, app_db.anna.id)
        assert await until(
            pilot, lambda: app_db.mallory.id in [p.id for p in screen.people["incoming"]]
        )
        assert "[bold red]x[/] Markup wants to be your friend" in notes(app)

    run(app, scenario)


def test_an_accepted_request_moves_to_friends_live(app_db, logged_in_app):
    """Анна asked Mallory earlier; Mallory accepts while Анна looks at Friends: a
    toast says so and Mallory moves from Outgoing to Friends."""
    friends.send_request(app_db.anna.id, app_db.mallory.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert [p.id for p in screen.people["outgoing"]] == [app_db.mallory.id]
        friends.accept_request(app_db.mallory.id, app_db.anna.id)
        assert await until(
            pilot, lambda: app_db.mallory.id in [p.id for p in screen.people["friends"]]
        )
        assert screen.people["outgoing"] == []
        assert "[bold red]x[/] Markup accepted your friend request" in notes(app)

    run(app, scenario)


# ---------------------------------------------------------------- the feed

def _bar(app):
    return app.screen.query_one("#new-posts-bar")


def _texts(app) -> list[str]:
    return [p.text for p in app.screen.query_one("#following-posts", PostList).posts]


def test_new_posts_wait_behind_a_bar_until_asked_for(app_db, logged_in_app):
    """Анна reads her feed; Olga (not a friend) and then Michail post: the bar says
    one new post (Olga's is not in Following), the list under her cursor does not
    move; r shows Michail's post on top and the bar goes."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        assert isinstance(app.screen, FeedScreen)
        before = _texts(app)
        view = app.screen.query_one("#following-posts PostListView")
        await pilot.press("down")
        cursor = view.index
        posts.create_post(app_db.olga.id, "Olga's news")
        posts.create_post(app_db.michail.id, "Chess moved to Saturday")
        assert await until(pilot, lambda: _bar(app).has_class("-shown"))
        assert str(_bar(app).render()) == "New posts: 1 — press r or click to show"
        assert _texts(app) == before and view.index == cursor
        await pilot.press("r")
        assert await until(pilot, lambda: _texts(app)[:1] == ["Chess moved to Saturday"])
        assert not _bar(app).has_class("-shown")
        assert "Olga's news" not in _texts(app)

    run(app, scenario)


def test_clicking_the_bar_shows_the_new_posts(app_db, logged_in_app):
    """The bar can be clicked instead of pressing r."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        posts.create_post(app_db.michail.id, "Clicked into view")
        assert await until(pilot, lambda: _bar(app).has_class("-shown"))
        await pilot.click("#new-posts-bar")
        assert await until(pilot, lambda: _texts(app)[:1] == ["Clicked into view"])
        assert not _bar(app).has_class("-shown")

    run(app, scenario)


def test_snapshot_feed_with_new_posts_bar(app_db, logged_in_app, snap_compare):
    """The Feed with "New posts: 2 — press r or click to show" above the tabs."""

    async def run_before(pilot):
        app = pilot.app
        await settle(pilot)
        assert await until(pilot, lambda: app.live_thread.started.is_set())
        posts.create_post(app_db.michail.id, "First new post")
        posts.create_post(app_db.anna.id, "Second new post")
        assert await until(pilot, lambda: "2" in str(_bar(app).render()))
        await settle(pilot)

    app = logged_in_app("anna", poll_interval=POLL)
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


# ---------------------------------------------------------------- the database goes away

def _move(path: Path, to: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            os.rename(f"{path}{suffix}", f"{to}{suffix}")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # a file to take away
def test_the_database_taken_away_and_back(app_db, logged_in_app, monkeypatch):
    """The database file is moved away (a folder in its place) while Анна chats:
    one notice says "Database unavailable — retrying" and the poll then stays
    quiet however often it tries; her message is kept, marked not sent. The file
    comes back: "Back online", ctrl+r sends the message once, and Michail's
    answer appears live — no restart."""
    monkeypatch.setattr(live, "SLOWEST_RETRY", POLL)  # retry as often as it polls
    path = sqlite_path(app_db.url)
    away = path.with_name("away.db")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        _move(path, away)
        path.mkdir()
        assert await until(pilot, lambda: "Database unavailable — retrying" in notes(app))
        tried = app.live_thread.attempts
        assert await until(pilot, lambda: app.live_thread.attempts >= tried + 5)
        assert notes(app).count("Database unavailable — retrying") == 1

        await type_text(pilot, "Are you there?")
        await pilot.press("enter")
        assert await until(pilot, lambda: chat.state_of(chat.items[-1]) == "failed")
        assert chat.items[-1].text == "Are you there?"
        assert "not sent" in chat.render_lines_text()

        path.rmdir()
        _move(away, path)
        assert await until(pilot, lambda: "Back online" in notes(app))
        await pilot.press("ctrl+r")
        assert await until(pilot, lambda: chat.state_of(chat.items[-1]) == "sent")
        texts = [m.text for m in dialogs.history(app_db.anna.id, app_db.michail.id)]
        assert texts.count("Are you there?") == 1
        messages.send_message(app_db.michail.id, app_db.anna.id, "Yes, back again", "back-1")
        assert await until(pilot, lambda: chat.items[-1].text == "Yes, back again")
        assert notes(app).count("Database unavailable — retrying") == 1

    run(app, scenario)


def test_every_live_string_is_in_russian():
    """The notices of live updates and the new-posts bar have Russian texts."""
    import re

    from tui.i18n import LOCALE_DIR, parse_po

    catalogue = {}
    for po in (LOCALE_DIR / "ru" / "LC_MESSAGES").glob("*.po"):
        catalogue.update(parse_po(po.read_text(encoding="utf-8")))
    root = Path(__file__).resolve().parents[2]
    missing = []
    for name in ("tui/live.py", "tui/screens/feed.py"):
        source = (root / name).read_text(encoding="utf-8")
        found = re.findall(r'_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', source)
        missing += [text for text in found if text not in catalogue]
    assert missing == []


# ---------------------------------------------------------------- how often, and NOTIFY

def test_the_default_poll_interval_is_short_on_sqlite(app_db, logged_in_app):
    """Nobody chose an interval: on SQLite the app polls every 0.15 s (an idle poll
    is one PRAGMA), so a message shows well within half a second."""
    app = logged_in_app("anna", poll_interval=None)

    async def scenario(pilot):
        assert app.live_thread.interval == live.SQLITE_POLL_INTERVAL == 0.15
        assert not app.live_thread.waiter.listening

    run(app, scenario)


class _Inbox:
    """Stands in for the app: collects what the poll thread posts."""

    def __init__(self) -> None:
        self.posted: queue.Queue = queue.Queue()
        self.log = SimpleNamespace(error=lambda *args: None)

    def post_message(self, message) -> bool:
        self.posted.put(message)
        return True

    def next_messages(self, timeout: float = 60):
        """The first posted LiveChangesArrived that carries messages."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = self.posted.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                break
            if isinstance(event, live.LiveChangesArrived) and event.changes.messages:
                return event
        return None


def _until(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


@pytest.mark.postgresql
def test_on_postgresql_a_notification_wakes_the_poll_thread(empty_pg_url, make_user_factory):
    """On PostgreSQL the poll thread waits on LISTEN: with an hour between timed
    polls, Michail's message still reaches Анна's app as soon as it commits."""
    open_database(empty_pg_url)
    anna, michail = make_user_factory("anna"), make_user_factory("michail")
    assert live.default_poll_interval() == live.POSTGRES_POLL_INTERVAL
    inbox = _Inbox()
    thread = live.PollThread(inbox, anna, interval=3600)
    thread.start()
    try:
        # The first poll, then LISTEN and the poll after it; now it only waits.
        assert _until(lambda: thread.waiter.listening and thread.attempts >= 2)
        messages.send_message(michail, anna, "Are you there?", "notify-1")
        arrived = inbox.next_messages()
        assert arrived is not None
        assert [m.text for m in arrived.changes.messages] == ["Are you there?"]
        assert thread.waiter.notified >= 1
    finally:
        thread.stop()
        thread.join(30)
        close_database()
    assert not thread.is_alive()


def test_an_idle_poll_waits_longer_and_a_message_brings_the_interval_back(
        app_db, logged_in_app):
    """Nothing new for ``QUIET_POLLS`` polls: the poll waits twice its interval
    (an idle app on SQLite woke 400 times a minute). Olga's message is still
    delivered, and the poll is back at its interval after it; the UI waking the
    poll (a feed shown, a track played) brings it back too."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        thread = app.live_thread
        assert await until(pilot, lambda: thread.quiet_polls >= live.QUIET_POLLS)
        assert thread._next_wait(False) == 2 * POLL
        messages.send_message(app_db.olga.id, app_db.anna.id, "Still there?", "olga-idle")
        assert await until(pilot, lambda: "Still there?" in notes(app))
        assert thread.quiet_polls < live.QUIET_POLLS and thread._next_wait(False) == POLL
        assert await until(pilot, lambda: thread.quiet_polls >= live.QUIET_POLLS)
        thread.wake()
        assert thread._next_wait(False) == POLL

    run(app, scenario)
