"""What runs in a child process of ``bench.app``: one timed sample.

    python -m bench.app_child app --db community.db --peers 2 7 --spawned <time>

``bench.app`` starts each sample as a fresh interpreter running this module,
so the Messenger app and the bare Textual app pay the same interpreter start
and ``import textual``; the sample prints one line, ``BENCH-RESULT`` and its
JSON, which the parent reads. Kinds: ``bare`` (a bare app: one label painted,
then 50 statics mounted), ``app`` (start-up to the painted Log in screen, then
chats opened cold and warm), ``send`` (Enter to the message painted as sending
and as sent) and ``memory`` (RSS after scrolling back through a history).

Both apps draw through the painting driver of ``bench/painting.py``.
"""

from __future__ import annotations

import time

CHILD_STARTED = time.time()  # before anything else is imported in a child

import argparse  # noqa: E402
import json  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402

from .painting import (  # noqa: E402
    Clock,
    after_paint,
    first_screen_hook,
    painting_driver,
    rss_mb,
    spawned_ms,
)
from .workers import workers_done  # noqa: E402

RESULT_MARK = "BENCH-RESULT "
SIZE = (100, 30)  # the terminal of every sample
ME = 1
SCROLL_BACK = 10_000  # messages scrolled back in the long dialog


# ---------------------------------------------------------------- child: bare app

def child_bare(args) -> dict:
    """A bare Textual app: one label painted, then 50 static lines mounted."""
    imported_at = time.time()
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Label, Static

    driver_cls = painting_driver()
    clock = Clock()
    result: dict = {}

    def started() -> None:
        now = time.time()
        result["start_from_spawn_ms"] = spawned_ms(args.spawned, now)
        result["start_from_import_ms"] = spawned_ms(imported_at, now)
        clock.event("start").set()

    first_screen_hook(lambda screen: True, started, driver_cls)

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Messenger")

    app = BareApp(driver_class=driver_cls)

    async def pilot_run(pilot) -> None:
        await clock.event("start").wait()
        await pilot.pause()
        frames = driver_cls.frames
        clock.start("mount50")
        lines = VerticalScroll(*(Static(f"line {i}: a static line of text") for i in range(50)))
        await app.screen.mount(lines)
        after_paint(app.screen, lambda: clock.mark("mount50"), driver_cls, frames,
                     lambda: len(lines.children) == 50 and lines.region.height > 0)
        result["mount50_ms"] = round(await clock.wait("mount50"), 2)
        result["frames"] = driver_cls.frames
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    return result


# ---------------------------------------------------------------- child: Messenger

def _messenger(args, *, chat: bool = True):
    """The real app on the bench database, with its driver (and the chat hook,
    unless ``chat`` is false: then ``_chat_class()`` installs it later, so the
    start-up figure does not include importing the chat)."""
    from textual.screen import Screen

    from tui.app import make_app
    from tui.screens.login import LoginScreen

    driver_cls = painting_driver()
    # Given to the constructor, as the bare app does: Textual then never
    # imports the terminal driver it would otherwise pick.
    app = make_app(f"sqlite:///{args.db}", lang="en", driver_class=driver_cls)
    return app, driver_cls, _chat_class() if chat else None, LoginScreen, Screen


def _chat_class():
    from tui.widgets.chat_view import ChatView

    if not getattr(ChatView, "_bench_watched", False):
        _watch_chat_drawing(ChatView)
        ChatView._bench_watched = True
    return ChatView


# The chat being waited for: ``ready(chat)``, and whether the chat drew its lines
# in that state since (set while the compositor renders, before the frame is written).
_CHAT_WATCH: dict = {"ready": None, "drawn": False}


def _watch_chat_drawing(chat_cls) -> None:
    original = chat_cls.render_line

    def render_line(self, y):
        strip = original(self, y)
        ready = _CHAT_WATCH["ready"]
        if ready is not None and not _CHAT_WATCH["drawn"] and ready(self):
            _CHAT_WATCH["drawn"] = True
        return strip

    chat_cls.render_line = render_line


def _chat_shown(peer_id: int, newest_seq: int):
    """The chat holds the newest page of this dialog, laid out at its width and
    scrolled to the end (checked as it draws a line)."""

    def ready(chat) -> bool:
        return (
            chat.app.open_peer_id == peer_id
            and bool(chat.items)
            and max(m.seq for m in chat.items if m.id) == newest_seq
            and chat._width == chat.scrollable_content_region.width > 0
            and chat.virtual_size.height == chat._offsets[-1] > 0
            and chat.is_vertical_scroll_end
        )

    return ready


def last_seq(db: str, peer_id: int) -> int:
    """The newest ``seq`` of person 1's dialog with ``peer_id`` (read without the app)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT last_seq FROM dialog WHERE user_lo_id = ? AND user_hi_id = ?",
            (min(ME, peer_id), max(ME, peer_id)),
        ).fetchone()[0]
    finally:
        conn.close()


async def _open_chat(app, pilot, driver_cls, chat_cls, clock: Clock, name: str, peer_id: int,
                     newest_seq: int) -> float:
    """``app.open_dialog(peer)`` to the first frame written in which the chat drew
    the newest page at its final size (the first paint of the chat), in ms."""
    await workers_done(app)
    await pilot.pause()
    _CHAT_WATCH.update(ready=_chat_shown(peer_id, newest_seq), drawn=False)

    def on_frame() -> None:
        if _CHAT_WATCH["drawn"] and _CHAT_WATCH["ready"] is not None:
            _CHAT_WATCH["ready"] = None
            driver_cls.listeners.remove(on_frame)
            clock.mark(name)

    driver_cls.listeners.append(on_frame)
    clock.start(name)
    app.open_dialog(peer_id)
    return round(await clock.wait(name), 2)


async def _switch(app, pilot, driver_cls, clock: Clock, section: str) -> float:
    """``app.action_section(section)`` (its F-key) to the section painted, in ms."""
    await workers_done(app)
    await pilot.pause()
    frames = driver_cls.frames
    clock.start(section)
    app.action_section(section)

    def shown() -> bool:
        screen = app.screen
        return (app.current_mode == section and screen.is_mounted
                and not screen._layout_required and not screen._dirty_widgets)

    app.call_later(lambda: after_paint(app.screen, lambda: clock.mark(section), driver_cls,
                                       frames, shown))
    return round(await clock.wait(section), 2)


def child_app(args) -> dict:
    """Start-up to the painted Log in screen, then log in and open chats."""
    imported_at = time.time()
    app, driver_cls, _, login_cls, _ = _messenger(args, chat=False)
    clock = Clock()
    result: dict = {"import_ms": spawned_ms(imported_at, time.time())}

    def started() -> None:
        now = time.time()
        result["start_from_spawn_ms"] = spawned_ms(args.spawned, now)
        result["start_from_import_ms"] = spawned_ms(imported_at, now)
        clock.event("start").set()

    first_screen_hook(lambda screen: isinstance(screen, login_cls), started, driver_cls)
    first, second = args.peers

    async def pilot_run(pilot) -> None:
        await asyncio_wait(clock.event("start"))
        # What the samples below need, loaded once Log in is painted (not timed).
        from models import accounts, settings

        chat_cls = _chat_class()
        seqs = {peer: last_seq(args.db, peer) for peer in args.peers}
        # The log-in screen's own path once the password is checked (with the
        # settings its worker reads).
        app.logged_in(accounts.get_user(ME), settings.user_settings(ME))
        await pilot.pause()
        if args.settled:
            # As a person: read the feed a moment, press F3, then choose the chat.
            await _settled(app, pilot)
            result["switch_ms"] = await _switch(app, pilot, driver_cls, clock, "dialogs")
            result[f"first_{first}_ms"] = await _open_chat(
                app, pilot, driver_cls, chat_cls, clock, "first", first, seqs[first])
        else:
            # Straight after log-in, Dialogs and the chat in one step (open_dialog).
            result[f"cold_{first}_ms"] = await _open_chat(
                app, pilot, driver_cls, chat_cls, clock, "cold", first, seqs[first])
        result[f"warm_{second}_ms"] = await _open_chat(
            app, pilot, driver_cls, chat_cls, clock, "warm1", second, seqs[second])
        result[f"warm_{first}_ms"] = await _open_chat(
            app, pilot, driver_cls, chat_cls, clock, "warm2", first, seqs[first])
        result["frames"] = driver_cls.frames
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    return result


async def _settled(app, pilot, timeout: float = 30) -> None:
    """Wait as a person reading the feed would: until the app has built every
    section out of sight after log-in (``MessengerApp.PREPARE_AFTER``, one per
    quiet moment), collected what building left (``tui/quiet_gc.py``) and the
    Dialogs screen's list is read. Not timed."""
    import asyncio

    deadline = time.monotonic() + timeout
    while True:
        stack = app._screen_stacks.get("dialogs")
        lists = list(stack[0].query("DialogList")) if stack and stack[0].is_mounted else []
        if lists and lists[0].option_count and app.sections_prepared and getattr(
                app, "collected_after_building", True) and not any(
                w.is_running for w in app.workers):
            break
        if time.monotonic() > deadline:
            raise RuntimeError("the Dialogs section was not prepared after log-in")
        await asyncio.sleep(0.05)
    await workers_done(app)
    await pilot.pause()


async def asyncio_wait(event, timeout: float = 120) -> None:
    import asyncio

    await asyncio.wait_for(event.wait(), timeout)


def child_send(args) -> dict:
    """Enter in the composer to the message painted as sending, then as sent."""
    app, driver_cls, chat_cls, _, _ = _messenger(args)
    from models import accounts
    from tui.widgets.composer import Composer

    app.start_user = accounts.get_user(ME)
    clock = Clock()
    peer = args.peers[0]
    pending_ms: list[float] = []
    sent_ms: list[float] = []
    state = {"text": None, "frames": 0}

    original_pending, original_confirm = chat_cls.add_pending, chat_cls.confirm

    def add_pending(self, message):
        original_pending(self, message)
        if message.text == state["text"]:
            client_id = message.client_id
            after_paint(self, lambda: clock.mark("pending"), driver_cls, state["frames"],
                         lambda: self.items and self.items[-1].client_id == client_id
                         and self.is_vertical_scroll_end)

    def confirm(self, client_id, message):
        original_confirm(self, client_id, message)
        if message.text == state["text"]:
            frames = driver_cls.frames
            after_paint(self, lambda: clock.mark("sent"), driver_cls, frames,
                         lambda: self.state_of(message) == "sent")

    chat_cls.add_pending, chat_cls.confirm = add_pending, confirm

    async def pilot_run(pilot) -> None:
        await _open_chat(app, pilot, driver_cls, chat_cls, clock, "open", peer,
                         last_seq(args.db, peer))
        composer = app.screen.query_one(Composer)
        for i in range(args.count):
            text = f"bench: sent message {i} at {time.time():.3f}"
            composer.focus()
            composer.load_text(text)
            await pilot.pause()
            for name in ("pending", "sent"):
                clock.event(name).clear()
            state["text"], state["frames"] = text, driver_cls.frames
            clock.start("pending")
            clock.started["sent"] = clock.started["pending"]
            await pilot.press("enter")
            pending_ms.append(round(await clock.wait("pending"), 2))
            sent_ms.append(round(await clock.wait("sent"), 2))
            await workers_done(app)
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    return {"pending_ms": pending_ms, "sent_ms": sent_ms}


def child_memory(args) -> dict:
    """Open a chat and scroll back through ``args.scroll`` messages (Home, page by page)."""
    app, driver_cls, chat_cls, _, _ = _messenger(args)
    from models import accounts

    app.start_user = accounts.get_user(ME)
    clock = Clock()
    peer = args.peers[0]
    loaded = {"messages": 0, "pages": 0}
    original_prepend = chat_cls.prepend_older

    def prepend_older(self, newest_first):
        original_prepend(self, newest_first)
        loaded["messages"] += len(newest_first)
        loaded["pages"] += 1
        clock.event("page").set()

    chat_cls.prepend_older = prepend_older
    result: dict = {}

    async def pilot_run(pilot) -> None:
        result["open_ms"] = await _open_chat(app, pilot, driver_cls, chat_cls, clock, "open",
                                             peer, last_seq(args.db, peer))
        result["after_open"] = rss_mb()
        chat = app.screen.query_one(chat_cls)
        chat.focus()
        started = time.perf_counter()
        while loaded["messages"] < args.scroll and chat.has_older:
            clock.event("page").clear()
            await pilot.press("home")
            await asyncio_wait(clock.event("page"))
        await pilot.pause()
        result["scroll_seconds"] = round(time.perf_counter() - started, 2)
        result["scrolled_messages"] = loaded["messages"]
        result["pages"] = loaded["pages"]
        result["window_messages"] = len(chat.items)
        result["after_scroll"] = rss_mb()
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    return result


CHILDREN = {"bare": child_bare, "app": child_app, "send": child_send, "memory": child_memory}


def main(argv: list[str] | None = None) -> None:
    """Run one sample (``KIND`` and its options) and print its result line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=sorted(CHILDREN))
    parser.add_argument("--db")
    parser.add_argument("--spawned", type=float, default=CHILD_STARTED)
    parser.add_argument("--peers", type=int, nargs="*", default=[])
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--scroll", type=int, default=SCROLL_BACK)
    parser.add_argument("--settled", action="store_true",
                        help="app: first chat open once the app has settled after log-in")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    result = CHILDREN[args.kind](args)
    sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
