"""The app as a whole at community scale, each figure beside a bare Textual app.

    python -m bench.app                       # scale 1, 15 samples of each
    python -m bench.app --scale 0.01 --samples 5 --writer-seconds 5

Every timed sample runs in a fresh Python process (``python -m bench.app
--child …``), so the Messenger app and the bare app pay the same interpreter
start and ``import textual``. Both apps draw through the same driver
(``PaintingDriver``): Textual's headless driver with the terminal output
turned back on, so every frame is composed *and* turned into the escape
sequences a terminal would get — only the final ``write`` is dropped. "Painted"
means: the screen has processed everything pending and refreshed (a callback
scheduled with ``call_after_refresh`` has run), and at least one frame was
written since the action began.

Measured (issue 6, "for the app as a whole"):

* start-up: process start to the first painted Log in screen, and to a bare
  app's one painted label;
* opening a chat to the first paint of its newest page (the 200 000-message
  dialog and a 20-message one), cold (straight after log-in: the Dialogs
  section built for it), first-settled (the long one, once the app has built
  Dialogs out of sight after log-in, as when a person reads the feed first) and
  warm (Dialogs already open, another chat chosen), beside a bare app mounting
  50 ``Static`` lines;
* Enter in the composer to the message painted in one's own chat (as
  "sending…"), and to it painted as sent (after the durable commit);
* RSS after scrolling back through the history: all of a 1 000-message
  dialog, and 10 000 messages of the 200 000-message one;
* 4 writer processes sending for 20 s (``bench/writers.py``).

Writes go into the cached community database (``bench/generate.py``): person
1's dialog with person 3 gets the sent messages (as in ``bench.run``), and
once, person 1's dialog with their lowest-numbered other peer is topped up to
1 000 messages for the memory figure. Results: a table, and
``bench/results/<timestamp>-app-s<scale>.json`` beside the domain report.
"""

from __future__ import annotations

import time

CHILD_STARTED = time.time()  # before anything else is imported in a child

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCH-RESULT "
SIZE = (100, 30)  # the terminal of every sample
ME = 1
SEND_PEER = 3  # as bench.run: person 1's dialog with person 3 receives the sends
SHORT_LENGTH = 20  # "a 20-message chat"
MEDIUM_LENGTH = 1_000  # the dialog scrolled back whole for the memory figure
SCROLL_BACK = 10_000  # messages scrolled back in the long dialog
CHILD_TIMEOUT = 300  # seconds; a sample that takes longer is a hang

TARGETS = {
    "startup": "≤ 1.5× bare",
    "open_chat": "≤ 1.5× bare",
    "send_painted": "p95 ≤ 50 ms",
    "memory": "≤ 150 MB, flat",
    "writers": "0 errors",
}


# ---------------------------------------------------------------- shared with children

def rss_mb() -> dict:
    """Resident memory of this process now and at its peak, in MB (Linux)."""
    out = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return {"rss_mb": out.get("VmRSS"), "peak_mb": out.get("VmHWM")}


def _painting_driver():
    from textual.drivers.headless_driver import HeadlessDriver

    class PaintingDriver(HeadlessDriver):
        """Headless input, but the app renders every frame to terminal codes."""

        frames = 0
        chars = 0
        listeners: list = []  # called after each frame is written

        @property
        def is_headless(self) -> bool:
            return False

        def write(self, data: str) -> None:
            PaintingDriver.frames += 1
            PaintingDriver.chars += len(data)
            for listener in list(PaintingDriver.listeners):
                listener()

    return PaintingDriver


class _Clock:
    """Marks of a child: milliseconds since a start, and an event per mark."""

    def __init__(self):
        import asyncio

        self.marks: dict[str, float] = {}
        self.events: dict[str, asyncio.Event] = {}
        self.started: dict[str, float] = {}

    def event(self, name: str):
        import asyncio

        return self.events.setdefault(name, asyncio.Event())

    def start(self, name: str) -> None:
        self.started[name] = time.perf_counter()

    def mark(self, name: str) -> None:
        self.marks[name] = (time.perf_counter() - self.started[name]) * 1000
        self.event(name).set()

    async def wait(self, name: str, timeout: float = 120) -> float:
        import asyncio

        await asyncio.wait_for(self.event(name).wait(), timeout)
        return self.marks[name]


def _after_paint(widget, done, driver_cls, frames_before: int, ready=lambda: True) -> None:
    """Call ``done`` once the screen has refreshed with ``ready()`` true and a
    frame has been written since ``frames_before``.

    Checked after the next refresh, and again after every frame written until
    it holds (never in a busy loop: a check that fails waits for a frame).
    """
    state = {"finished": False, "queued": True}

    def check() -> None:
        state["queued"] = False
        if state["finished"]:
            return
        if driver_cls.frames > frames_before and ready():
            state["finished"] = True
            driver_cls.listeners.remove(on_frame)
            done()

    def on_frame() -> None:
        if not state["finished"] and not state["queued"]:
            state["queued"] = True
            widget.call_after_refresh(check)

    driver_cls.listeners.append(on_frame)
    widget.call_after_refresh(check)


def _first_screen_hook(predicate, on_painted, driver_cls) -> None:
    """The first mounted screen for which ``predicate`` holds calls ``on_painted``
    after its first refresh. The same hook serves both apps."""
    from textual.screen import Screen

    original = Screen._on_mount
    fired = []

    def _on_mount(self, event):
        original(self, event)
        if not fired and predicate(self):
            fired.append(self)
            _after_paint(self, on_painted, driver_cls, driver_cls.frames)

    Screen._on_mount = _on_mount


def _spawned_ms(spawned: float, wall_now: float) -> float:
    return round((wall_now - spawned) * 1000, 2)


# ---------------------------------------------------------------- child: bare app

def child_bare(args) -> dict:
    """A bare Textual app: one label painted, then 50 static lines mounted."""
    imported_at = time.time()
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Label, Static

    driver_cls = _painting_driver()
    clock = _Clock()
    result: dict = {}

    def started() -> None:
        now = time.time()
        result["start_from_spawn_ms"] = _spawned_ms(args.spawned, now)
        result["start_from_import_ms"] = _spawned_ms(imported_at, now)
        clock.event("start").set()

    _first_screen_hook(lambda screen: True, started, driver_cls)

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
        _after_paint(app.screen, lambda: clock.mark("mount50"), driver_cls, frames,
                     lambda: len(lines.children) == 50 and lines.region.height > 0)
        result["mount50_ms"] = round(await clock.wait("mount50"), 2)
        result["frames"] = driver_cls.frames
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    return result


# ---------------------------------------------------------------- child: Messenger

def _messenger(args):
    """The real app on the bench database, with its driver and chat hooks."""
    from textual.screen import Screen

    from tui.app import make_app
    from tui.screens.login import LoginScreen
    from tui.widgets.chat_view import ChatView

    driver_cls = _painting_driver()
    app = make_app(f"sqlite:///{args.db}", lang="en")
    app.driver_class = driver_cls
    return app, driver_cls, ChatView, LoginScreen, Screen


def _chat_shown(chat, peer_id: int, newest_seq: int):
    """The chat holds the newest page of this dialog, laid out at its width."""

    def ready() -> bool:
        screen = chat.screen
        return (
            chat.app.open_peer_id == peer_id
            and bool(chat.items)
            and max(m.seq for m in chat.items if m.id) == newest_seq
            and chat._width == chat.scrollable_content_region.width > 0
            and chat.virtual_size.height == chat._offsets[-1] > 0
            and chat.is_vertical_scroll_end
            and not screen._layout_required
            and not screen._dirty_widgets
        )

    return ready


def _last_seq(db: str, peer_id: int) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT last_seq FROM dialog WHERE user_lo_id = ? AND user_hi_id = ?",
            (min(ME, peer_id), max(ME, peer_id)),
        ).fetchone()[0]
    finally:
        conn.close()


async def _open_chat(app, pilot, driver_cls, chat_cls, clock: _Clock, name: str, peer_id: int,
                     newest_seq: int) -> float:
    """``app.open_dialog(peer)`` to the newest page painted, in ms."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    frames = driver_cls.frames
    clock.start(name)
    app.open_dialog(peer_id)

    def arm() -> None:
        chat = app.screen.query_one(chat_cls)
        _after_paint(app.screen, lambda: clock.mark(name), driver_cls, frames,
                     _chat_shown(chat, peer_id, newest_seq))

    app.call_later(arm)  # the Dialogs screen exists once the mode switch has run
    return round(await clock.wait(name), 2)


def child_app(args) -> dict:
    """Start-up to the painted Log in screen, then log in and open chats."""
    imported_at = time.time()
    app, driver_cls, chat_cls, login_cls, _ = _messenger(args)
    from models import accounts

    clock = _Clock()
    result: dict = {"import_ms": _spawned_ms(imported_at, time.time())}

    def started() -> None:
        now = time.time()
        result["start_from_spawn_ms"] = _spawned_ms(args.spawned, now)
        result["start_from_import_ms"] = _spawned_ms(imported_at, now)
        clock.event("start").set()

    _first_screen_hook(lambda screen: isinstance(screen, login_cls), started, driver_cls)
    first, second = args.peers
    seqs = {peer: _last_seq(args.db, peer) for peer in args.peers}

    async def pilot_run(pilot) -> None:
        await asyncio_wait(clock.event("start"))
        # The log-in screen's own path once the password is checked.
        app.logged_in(accounts.get_user(ME))
        await pilot.pause()
        if args.settled:
            await _settled(app, pilot)
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
    """Wait as a person reading the feed would: until the app has built the
    Dialogs section out of sight after log-in (``MessengerApp.PREPARE_AFTER``)
    and that screen's list is read. Not timed."""
    import asyncio

    deadline = time.monotonic() + timeout
    while True:
        stack = app._screen_stacks.get("dialogs")
        lists = list(stack[0].query("DialogList")) if stack and stack[0].is_mounted else []
        if lists and lists[0].option_count:
            break
        if time.monotonic() > deadline:
            raise RuntimeError("the Dialogs section was not prepared after log-in")
        await asyncio.sleep(0.05)
    await app.workers.wait_for_complete()
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
    clock = _Clock()
    peer = args.peers[0]
    pending_ms: list[float] = []
    sent_ms: list[float] = []
    state = {"text": None, "frames": 0}

    original_pending, original_confirm = chat_cls.add_pending, chat_cls.confirm

    def add_pending(self, message):
        original_pending(self, message)
        if message.text == state["text"]:
            client_id = message.client_id
            _after_paint(self, lambda: clock.mark("pending"), driver_cls, state["frames"],
                         lambda: self.items and self.items[-1].client_id == client_id
                         and self.is_vertical_scroll_end)

    def confirm(self, client_id, message):
        original_confirm(self, client_id, message)
        if message.text == state["text"]:
            frames = driver_cls.frames
            _after_paint(self, lambda: clock.mark("sent"), driver_cls, frames,
                         lambda: self.state_of(message) == "sent")

    chat_cls.add_pending, chat_cls.confirm = add_pending, confirm

    async def pilot_run(pilot) -> None:
        await _open_chat(app, pilot, driver_cls, chat_cls, clock, "open", peer,
                         _last_seq(args.db, peer))
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
            await app.workers.wait_for_complete()
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    return {"pending_ms": pending_ms, "sent_ms": sent_ms}


def child_memory(args) -> dict:
    """Open a chat and scroll back through ``args.scroll`` messages (Home, page by page)."""
    app, driver_cls, chat_cls, _, _ = _messenger(args)
    from models import accounts

    app.start_user = accounts.get_user(ME)
    clock = _Clock()
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
                                             peer, _last_seq(args.db, peer))
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


def child_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=sorted(CHILDREN))
    parser.add_argument("--db")
    parser.add_argument("--spawned", type=float, default=CHILD_STARTED)
    parser.add_argument("--peers", type=int, nargs="*", default=[])
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--scroll", type=int, default=SCROLL_BACK)
    parser.add_argument("--settled", action="store_true",
                        help="app: first chat open once the app has settled after log-in")
    args = parser.parse_args(argv)
    result = CHILDREN[args.kind](args)
    sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------- parent

def _child(kind: str, db: Path | None = None, *extra: str) -> dict:
    """Run one sample in a fresh interpreter; its JSON result."""
    command = [sys.executable, "-m", "bench.app", "--child", kind]
    if db is not None:
        command += ["--db", str(db)]
    command += list(extra)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    env.pop("TEXTUAL", None)  # no devtools
    spawned = time.time()
    done = subprocess.run(command + ["--spawned", repr(spawned)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    raise RuntimeError(f"bench.app {kind} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def choose_peers(db: Path, medium_length: int) -> dict:
    """Person 1's peers: the long dialog, a ~20-message one, and the one kept at
    ``medium_length`` messages (the lowest other peer id, topped up once)."""
    from .generate import BIG_PEER

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT dm.peer_id, d.last_seq FROM dialog_member dm JOIN dialog d ON d.id = "
            "dm.dialog_id WHERE dm.user_id = ? AND dm.peer_id NOT IN (?, ?, ?) "
            "ORDER BY dm.peer_id", (ME, ME, BIG_PEER, SEND_PEER)).fetchall()
    finally:
        conn.close()
    if len(rows) < 2:
        raise RuntimeError("the bench person needs at least 4 dialogs")
    medium, medium_seq = rows[0]
    short = min(rows[1:], key=lambda row: (abs(row[1] - SHORT_LENGTH), row[0]))
    return {"big": BIG_PEER, "short": short[0], "short_length": short[1],
            "medium": medium, "medium_length": medium_seq}


def ensure_tables(db: Path) -> list[str]:
    """Create any of the app's tables missing from a cached community (one made
    before a table joined schema version 1); returns their names."""
    from models.db import close_database, database, open_database
    from models.schema import ALL_TABLES

    open_database(f"sqlite:///{db}")
    try:
        conn = database.obj
        missing = [t._meta.table_name for t in ALL_TABLES
                   if not conn.table_exists(t._meta.table_name)]
        if missing:
            conn.create_tables(ALL_TABLES, safe=True)
    finally:
        close_database()
        database.initialize(None)
    return missing


def top_up(db: Path, peer_id: int, length: int) -> int:
    """Send person 1 ↔ ``peer_id`` messages in one transaction until the dialog
    holds ``length``; returns how many were added (0 once done)."""
    from models import messages
    from models.db import close_database, database, open_database, writes

    @writes
    def fill(count: int) -> None:
        for i in range(count):
            sender, receiver = (ME, peer_id) if i % 2 else (peer_id, ME)
            messages.send_message(sender, receiver, f"bench: history {i}",
                                  messages.new_client_id())

    missing = length - _last_seq(str(db), peer_id)
    if missing > 0:
        open_database(f"sqlite:///{db}")
        try:
            fill(missing)
        finally:
            close_database()
            database.initialize(None)
    return max(0, missing)


def _stats(values: list[float]) -> dict:
    from .run import summary

    return summary(values)


def _ratio(app: dict, bare: dict, key: str) -> float | None:
    return round(app[key] / bare[key], 2) if bare.get(key) else None


def _byte_compile() -> None:
    """Compile the app's modules once, as installing it does. Otherwise, with
    ``PYTHONDONTWRITEBYTECODE`` set (as in CI shells) or a file changed since
    its ``.pyc`` was written, every child compiles them again from source
    (about 0.1 s of start-up the bare app never pays)."""
    import compileall

    for package in ("tui", "models", "music"):
        compileall.compile_dir(ROOT / package, quiet=1)


def measure(db: Path, *, samples: int, sends: int, scroll_back: int, medium_length: int,
            writer_processes: int, writer_seconds: float, progress=lambda text: None) -> dict:
    """Every app-level figure on the database ``db`` (the cached community)."""
    from . import writers

    _byte_compile()
    created = ensure_tables(db)
    peers = choose_peers(db, medium_length)
    peers["medium_added"] = top_up(db, peers["medium"], medium_length)
    peers["medium_length"] = max(peers["medium_length"], medium_length)
    big, short = peers["big"], peers["short"]

    raw: dict[str, list[float]] = {k: [] for k in (
        "bare_start", "bare_start_import", "bare_mount50", "app_start", "app_start_import",
        "open_big_cold", "open_short_cold", "open_big_settled", "open_big_warm",
        "open_short_warm")}
    for i in range(samples):
        progress(f"sample {i + 1}/{samples}")
        # Alternate which chat is opened first, and interleave with the bare app,
        # so a burst of other work on the machine falls on every side alike.
        order = ((big, short), (short, big)) if i % 2 else ((short, big), (big, short))
        for first, second in order:
            bare = _child("bare")
            raw["bare_start"].append(bare["start_from_spawn_ms"])
            raw["bare_start_import"].append(bare["start_from_import_ms"])
            raw["bare_mount50"].append(bare["mount50_ms"])
            app = _child("app", db, "--peers", str(first), str(second))
            raw["app_start"].append(app["start_from_spawn_ms"])
            raw["app_start_import"].append(app["start_from_import_ms"])
            name = {big: "big", short: "short"}
            raw[f"open_{name[first]}_cold"].append(app[f"cold_{first}_ms"])
            raw[f"open_{name[second]}_warm"].append(app[f"warm_{second}_ms"])
            raw[f"open_{name[first]}_warm"].append(app[f"warm_{first}_ms"])
        # The first open as a person meets it: log in, read the feed a moment, open a chat.
        settled = _child("app", db, "--settled", "--peers", str(big), str(short))
        raw["open_big_settled"].append(settled[f"cold_{big}_ms"])
    stats = {k: _stats(v) for k, v in raw.items()}

    progress("send")
    send = _child("send", db, "--peers", str(SEND_PEER), "--count", str(sends))
    progress("memory")
    memory = {
        "medium": _child("memory", db, "--peers", str(peers["medium"]),
                         "--scroll", str(medium_length)),
        "big": _child("memory", db, "--peers", str(big), "--scroll", str(scroll_back)),
    }
    progress("writers")
    written = writers.run_writers(db, processes=writer_processes, seconds=writer_seconds)

    bare_start, bare_mount = stats["bare_start"], stats["bare_mount50"]
    figures = {
        "startup": {
            "label": "start-up to painted Log in ÷ bare app, one label",
            "app": stats["app_start"], "bare": bare_start,
            "ratio_median": _ratio(stats["app_start"], bare_start, "median_ms"),
            "ratio_p95": _ratio(stats["app_start"], bare_start, "p95_ms"),
            "from_import": {"app": stats["app_start_import"],
                            "bare": stats["bare_start_import"]},
        },
    }
    kinds = {"cold": "cold", "settled": "first, settled", "warm": "warm"}
    for size, kind in (("big", "cold"), ("big", "settled"), ("big", "warm"),
                       ("short", "cold"), ("short", "warm")):
        app = stats[f"open_{size}_{kind}"]
        figures[f"open_{size}_{kind}"] = {
            "label": f"open {'200 000' if size == 'big' else str(peers['short_length'])}"
                     f"-message chat ({kinds[kind]}) ÷ bare, 50 statics",
            "app": app, "bare": bare_mount,
            "ratio_median": _ratio(app, bare_mount, "median_ms"),
            "ratio_p95": _ratio(app, bare_mount, "p95_ms"),
        }
    for figure in figures.values():
        figure["target"] = TARGETS["startup"]
        figure["met"] = figure["ratio_median"] is not None and figure["ratio_median"] <= 1.5
    pending, sent = _stats(send["pending_ms"]), _stats(send["sent_ms"])
    figures["send_painted"] = {
        "label": "Enter → message painted (sending…)", "app": pending, "target":
        TARGETS["send_painted"], "met": pending["p95_ms"] <= 50.0,
        "confirmed": sent, "samples": send,
    }
    after = {k: v["after_scroll"]["rss_mb"] for k, v in memory.items()}
    figures["memory"] = {
        "label": "RSS after scrolling back", "detail": memory, "target": TARGETS["memory"],
        # "Flat": the long history costs at most 10 % (or 10 MB) more than the short one.
        "met": all(v is not None and v <= 150 for v in after.values())
        and after["big"] - after["medium"] <= max(10.0, 0.1 * after["medium"]),
    }
    figures["writers"] = {
        "label": f"{writer_processes} writer processes, {writer_seconds:g} s",
        "detail": written, "target": TARGETS["writers"],
        "met": written["errors"] == 0 and written["lost_or_duplicated"] == 0,
    }
    return {"peers": peers, "tables_created": created, "figures": figures, "raw": raw}


def table(figures: dict) -> str:
    head = (f"{'figure':<52} {'app med':>9} {'app p95':>9} {'bare med':>9} {'bare p95':>9} "
            f"{'ratio':>6}  {'target':<16} met")
    lines = [head, "-" * len(head)]
    mark = {True: "yes", False: "NO", None: "-"}
    for name, f in figures.items():
        if "bare" in f:
            lines.append(
                f"{f['label']:<52} {f['app']['median_ms']:>9.1f} {f['app']['p95_ms']:>9.1f} "
                f"{f['bare']['median_ms']:>9.1f} {f['bare']['p95_ms']:>9.1f} "
                f"{f['ratio_median']:>6.2f}  {f['target']:<16} {mark[f['met']]}")
        elif name == "send_painted":
            c = f["confirmed"]
            lines.append(
                f"{f['label']:<52} {f['app']['median_ms']:>9.1f} {f['app']['p95_ms']:>9.1f} "
                f"{'':>9} {'':>9} {'':>6}  {f['target']:<16} {mark[f['met']]}")
            lines.append(f"{'  … painted as sent (after the commit)':<52} "
                         f"{c['median_ms']:>9.1f} {c['p95_ms']:>9.1f}")
        elif name == "memory":
            parts = []
            for key, m in f["detail"].items():
                parts.append(f"{m['scrolled_messages']:,} of the {key} dialog: "
                             f"{m['after_scroll']['rss_mb']} MB (peak {m['after_scroll']['peak_mb']},"
                             f" open {m['after_open']['rss_mb']})")
            lines.append(f"{f['label']:<52} {'; '.join(parts)}  {f['target']} "
                         f"{mark[f['met']]}")
        elif name == "writers":
            w = f["detail"]
            lines.append(
                f"{f['label']:<52} {w['messages']:,} messages, {w['per_second']:.0f}/s, "
                f"{w['errors']} errors, send p50 {w['latency']['median_ms']:.1f} / p95 "
                f"{w['latency']['p95_ms']:.1f} ms, lost/duplicated "
                f"{w['lost_or_duplicated']}  {f['target']} {mark[f['met']]}")
    lines.append("times in ms; ratio = app median / bare median; each sample a fresh process")
    return "\n".join(lines)


def run(scale: float = 1.0, *, samples: int = 15, sends: int = 20,
        scroll_back: int = SCROLL_BACK, medium_length: int = MEDIUM_LENGTH,
        writer_processes: int = 4, writer_seconds: float = 20.0,
        data_dir: Path | None = None, results_dir: Path | None = None,
        quiet: bool = False) -> tuple[dict, Path]:
    """Generate (or reuse) the community, measure, write the JSON; (report, path)."""
    from .generate import generate
    from .run import RESULTS_DIR, machine

    generated = generate(scale, data_dir, quiet=quiet)
    say = (lambda text: None) if quiet else (lambda text: print(f"bench.app: {text}",
                                                               file=sys.stderr, flush=True))
    measured = measure(generated.path, samples=samples, sends=sends, scroll_back=scroll_back,
                       medium_length=medium_length, writer_processes=writer_processes,
                       writer_seconds=writer_seconds, progress=say)
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "scale": scale,
        "terminal": list(SIZE),
        "samples": samples,
        "data": {"path": generated.path.name, "counts": generated.counts},
        **measured,
    }
    results_dir = RESULTS_DIR if results_dir is None else results_dir
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    path = results_dir / f"{stamp}-app-s{scale:g}.json"
    n = 1
    while path.exists():
        n += 1
        path = results_dir / f"{stamp}-app-s{scale:g}-{n}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return report, path


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--samples", type=int, default=15,
                        help="fresh processes per start-up / chat figure (each twice)")
    parser.add_argument("--sends", type=int, default=20)
    parser.add_argument("--scroll", type=int, default=SCROLL_BACK,
                        help="messages scrolled back in the long dialog")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--writer-seconds", type=float, default=20.0)
    parser.add_argument("--dir", type=Path, default=None, help="data directory")
    parser.add_argument("--results", type=Path, default=None, help="where the JSON goes")
    args = parser.parse_args(argv)
    report, path = run(args.scale, samples=args.samples, sends=args.sends,
                       scroll_back=args.scroll, writer_processes=args.writers,
                       writer_seconds=args.writer_seconds, data_dir=args.dir,
                       results_dir=args.results)
    m = report["machine"]
    print(f"\n{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; "
          f"Python {m['python']}, SQLite {m['sqlite']}; terminal {SIZE[0]}×{SIZE[1]}, "
          f"load {m['load_average']}")
    print(f"data: {report['data']['path']}; peers {report['peers']}\n")
    print(table(report["figures"]))
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
