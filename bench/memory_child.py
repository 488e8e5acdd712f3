"""The child process of ``bench.memory``: an hour of use, twice, in the real app.

    python -m bench.memory_child --db community.db --pictures-peer 1001 \
        --profiles 2 3 4 --tracks 5 6 [--scroll 10000 --chats 200 ...] [--profile]

The Messenger app runs headless (the painting driver of ``bench/painting.py``,
terminal 100×30), logged in as person 1, and goes through the real screens
and widgets; each pass does, in order:

* ``scroll``: open the long dialog (person 2) and press Home page by page
  until ``--scroll`` older messages were loaded (or its history ends);
* ``chats``: open ``--chats`` chats of person 1's, one after another
  (``app.open_dialog``, each waited for until painted);
* ``tracks``: Music, My music, the cursor on a generated track and Enter,
  ``--play`` times (the mini-player shows it playing; SDL's dummy driver);
* ``profiles``: open ``--open-profiles`` profiles with avatars (pushed, the
  avatar and posts read) and Esc back;
* ``pictures``: the pictured dialog, each message's pictures in the viewer
  (→ through them, Esc back) until ``--images`` pictures were viewed.

VmRSS is read after each phase, after a ``gc.collect()``. ``--profile``
traces allocations (``tracemalloc``) and prints the biggest growths between
the end of pass 1 and the end of the last pass.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
import time

from .app_child import _CHAT_WATCH, RESULT_MARK, SIZE, _messenger, asyncio_wait
from .painting import Clock, rss_mb

ME = 1
LONG_PEER = 2
PHASES = ("scroll", "chats", "tracks", "profiles", "pictures")


async def until(pilot, ready, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"bench.memory_child: timed out waiting for {what}")
        await pilot.pause(0.01)


def _showing(app, peer: int):
    """The chat shows a page of the dialog with ``peer``, laid out at its width."""
    from tui.chats import peer_key

    def ready(chat) -> bool:
        screen = chat.screen
        return (app.open_peer_id == peer and getattr(screen, "chat", None) == peer_key(peer)
                and getattr(screen, "peer", None) is not None and screen.peer.id == peer
                and bool(chat.items) and chat._width == chat.scrollable_content_region.width > 0)

    return ready


async def settle(pilot) -> None:
    """Until no worker runs (cancelled ones included: an exclusive worker
    cancels the one before it), then a frame."""
    app = pilot.app
    await until(pilot, lambda: not any(w.is_running for w in app.workers), what="workers")
    await pilot.pause()


def chat_peers(db: str, count: int, skip: set[int]) -> list[int]:
    """Person 1's pair dialogs' peers, oldest dialog first (``count`` at most)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT CASE WHEN user_lo_id = ? THEN user_hi_id ELSE user_lo_id END FROM dialog"
            " WHERE (user_lo_id = ? OR user_hi_id = ?) AND user_lo_id != user_hi_id"
            " ORDER BY id LIMIT ?", (ME, ME, ME, count + len(skip))).fetchall()
    finally:
        conn.close()
    return [peer for (peer,) in rows if peer not in skip][:count]


class Hour:
    """One pass's phases on a running app."""

    def __init__(self, app, pilot, driver_cls, chat_cls, args) -> None:
        self.app, self.pilot, self.driver_cls, self.chat_cls = app, pilot, driver_cls, chat_cls
        self.args = args
        self.clock = Clock()
        self.pages = {"messages": 0}
        self.peers = chat_peers(args.db, args.chats, {ME})
        original = chat_cls.prepend_older
        pages, clock = self.pages, self.clock

        def prepend_older(chat, newest_first):
            original(chat, newest_first)
            pages["messages"] += len(newest_first)
            clock.event("page").set()

        chat_cls.prepend_older = prepend_older

    async def open_chat(self, peer: int) -> None:
        """``app.open_dialog(peer)``, then wait for the first frame in which the chat
        drew that dialog's page (at its first unread message, if it has one)."""
        app = self.app
        if app.current_mode == "dialogs" and _showing(app, peer)(self.chat()):
            return  # already on screen: open_dialog would draw nothing new
        await settle(self.pilot)
        _CHAT_WATCH.update(ready=_showing(app, peer), drawn=False)
        drawn = self.clock.event("open")
        drawn.clear()

        def on_frame() -> None:
            if _CHAT_WATCH["drawn"] and _CHAT_WATCH["ready"] is not None:
                _CHAT_WATCH["ready"] = None
                self.driver_cls.listeners.remove(on_frame)
                drawn.set()

        self.driver_cls.listeners.append(on_frame)
        app.open_dialog(peer)
        await asyncio_wait(drawn)

    def chat(self):
        return self.app.screen.query_one(self.chat_cls)

    async def scroll(self) -> int:
        if self.app.current_mode == "dialogs" and self.app.open_peer_id == LONG_PEER:
            await self.open_chat(self.args.pictures_peer)  # to open it afresh, at the newest
        await self.open_chat(LONG_PEER)
        chat = self.chat()
        chat.focus()
        self.pages["messages"] = 0
        while self.pages["messages"] < self.args.scroll and chat.has_older:
            self.clock.event("page").clear()
            await self.pilot.press("home")
            await asyncio_wait(self.clock.event("page"))
        return self.pages["messages"]

    async def chats(self) -> int:
        peers = self.peers or [LONG_PEER]
        opened = 0
        for i in range(self.args.chats):
            peer = peers[i % len(peers)]
            if self.app.open_peer_id == peer:  # one peer only: go away and back
                await self.open_chat(self.args.pictures_peer if peer != self.args.pictures_peer
                                     else LONG_PEER)
            await self.open_chat(peer)
            opened += 1
        return opened

    async def tracks(self) -> int:
        from tui.widgets.track_table import TrackTable

        app, pilot = self.app, self.pilot
        app.action_section("music")
        await until(pilot, lambda: app.current_mode == "music" and app.screen.is_mounted
                    and app.screen.query("#mine-table"), what="Music")
        table = app.screen.query_one("#mine-table", TrackTable)
        wanted = set(self.args.tracks)
        await until(pilot, lambda: wanted <= {t.id for t in table.tracks}, what="my music")
        rows = [i for i, t in enumerate(table.tracks) if t.id in wanted]
        for n in range(self.args.play):
            row = rows[n % len(rows)]
            table.focus()
            table.move_cursor(row=row, animate=False)
            await pilot.pause()
            await pilot.press("enter")
            track_id = table.tracks[row].id

            def playing(track_id=track_id) -> bool:
                state = app.player_state
                return (state is not None and state.track is not None
                        and state.track.id == track_id and (state.playing or bool(state.error)))

            await until(pilot, playing, what="the track playing")
            await pilot.pause()
        app.action_player("stop")
        await pilot.pause()
        return self.args.play

    async def profiles(self) -> int:
        from tui.screens.user_profile import UserProfileScreen

        app, pilot = self.app, self.pilot
        people = self.args.profiles
        for n in range(self.args.open_profiles):
            app.open_profile(people[n % len(people)])
            await until(pilot, lambda: isinstance(app.screen, UserProfileScreen)
                        and app.screen._shown is not None, what="a profile")
            screen = app.screen
            await settle(pilot)
            await pilot.press("escape")
            await until(pilot, lambda screen=screen: app.screen is not screen, what="back")
        return self.args.open_profiles

    async def pictures(self) -> int:
        from tui.screens.picture_viewer import PictureViewerScreen

        app, pilot = self.app, self.pilot
        await self.open_chat(self.args.pictures_peer)
        dialogs = app.screen
        pictured = [m for m in self.chat().items if m.attachments]
        thumbs = app.thumbnails
        viewed = 0
        while viewed < self.args.images:
            message = pictured[(viewed // 4) % len(pictured)]
            dialogs.view_pictures(message.attachments)  # what Enter / v on it does
            await until(pilot, lambda: isinstance(app.screen, PictureViewerScreen)
                        and app.screen.is_mounted, what="the viewer")
            viewer = app.screen
            for step in range(len(viewer.pictures)):
                if step:
                    await pilot.press("right")

                def shown(viewer=viewer) -> bool:
                    placed = viewer._placed()
                    return thumbs.idle and thumbs._key(placed) in thumbs._cache

                await until(pilot, shown, what="a picture rendered")
                await pilot.pause()
                viewed += 1
                if viewed >= self.args.images:
                    break
            await pilot.press("escape")
            await until(pilot, lambda viewer=viewer: app.screen is not viewer, what="back")
        return viewed


def alive_screens() -> dict[str, int]:
    """Pushed screens still in memory after a collection (all were popped: a
    count above 0 is a screen kept alive by something that outlived it)."""
    from tui.screens.picture_viewer import PictureViewerScreen
    from tui.screens.user_profile import UserProfileScreen

    gc.collect()
    kinds = (UserProfileScreen, PictureViewerScreen)
    return {kind.__name__: sum(isinstance(o, kind) for o in gc.get_objects()) for kind in kinds}


def type_counts() -> dict[str, int]:
    """Live objects by type name, after a collection (``--profile``)."""
    from collections import Counter

    gc.collect()
    return dict(Counter(type(o).__name__ for o in gc.get_objects()))


def trimmed_mb() -> float | None:
    """VmRSS after glibc's ``malloc_trim(0)`` (what the allocator could give back)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return None
    return rss_mb()["rss_mb"]


def measured() -> float | None:
    gc.collect()
    return rss_mb()["rss_mb"]


def run(args) -> dict:
    import tracemalloc

    if args.profile:
        tracemalloc.start(1)  # a frame each: the lines that allocate, and not too slow
    app, driver_cls, chat_cls, _, _ = _messenger(args)
    from models import accounts

    app.start_user = accounts.get_user(ME)
    result: dict = {"passes": [], "size": list(SIZE)}
    snapshots, counts = [], []

    async def pilot_run(pilot) -> None:
        await until(pilot, lambda: app.current_user is not None, what="log-in")
        await pilot.pause()
        result["after_log_in_mb"] = measured()
        print(f"log-in: {result['after_log_in_mb']} MB", file=sys.__stderr__, flush=True)
        if args.profile:
            snapshots.append(tracemalloc.take_snapshot())
            counts.append(type_counts())
        hour = Hour(app, pilot, driver_cls, chat_cls, args)
        for _ in range(args.passes):
            phases = {}
            for phase in PHASES:
                started, cpu = time.perf_counter(), time.process_time()
                count = await getattr(hour, phase)()
                await settle(pilot)
                phases[phase] = {"count": count, "rss_mb": measured(),
                                 "seconds": round(time.perf_counter() - started, 2),
                                 "cpu_seconds": round(time.process_time() - cpu, 2)}
                print(f"pass {len(result['passes']) + 1} {phase}: {phases[phase]}",
                      file=sys.__stderr__, flush=True)  # Textual captures sys.stderr
            result["passes"].append({"phases": phases, "rss_mb": measured()})
            if args.profile:
                snapshots.append(tracemalloc.take_snapshot())
                counts.append(type_counts())
                result["passes"][-1]["trimmed_mb"] = trimmed_mb()
        result["peak_mb"] = rss_mb()["peak_mb"]
        result["screen_stack"] = len(app.screen_stack)
        result["thumbnails"] = len(app.thumbnails)
        result["alive"] = alive_screens()
        player = app.player_state
        result["player_error"] = player.error if player else None
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    if len(snapshots) >= 3:  # log-in, pass 1, …, last pass
        growth = snapshots[-1].compare_to(snapshots[1], "lineno")[:25]
        result["tracemalloc_growth"] = [str(stat) for stat in growth]
        for stat in growth:
            print(stat, file=sys.stderr)
    if snapshots:
        print("held since log-in:", file=sys.stderr)
        for stat in snapshots[-1].compare_to(snapshots[0], "lineno")[:25]:
            print(stat, file=sys.stderr)
    if counts:
        top = sorted(counts[-1].items(), key=lambda item: -item[1])[:20]
        result["objects_by_type"] = dict(top)
        print("live objects by type, last pass (growth since log-in, since pass 1):",
              file=sys.stderr)
        first = counts[1] if len(counts) > 2 else counts[0]
        for name, count in top:
            print(f"  {name:<28}{count:>9}{count - counts[0].get(name, 0):>+9}"
                  f"{count - first.get(name, 0):>+9}", file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--pictures-peer", type=int, required=True)
    parser.add_argument("--profiles", type=int, nargs="+", required=True,
                        help="people with avatars whose profiles are opened")
    parser.add_argument("--tracks", type=int, nargs="+", required=True,
                        help="person 1's tracks with real audio")
    parser.add_argument("--scroll", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--play", type=int, default=50)
    parser.add_argument("--open-profiles", type=int, default=500)
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    result = run(args)
    sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
