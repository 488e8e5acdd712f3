"""Opening chats in Dialogs timed many times in one process (issue 17, every key painted).

    python -m bench.chats_repeat --db .bench/community-v5-s0.02.db --group 1001 --times 12

``bench.keys`` times the 500-member group's opening and the next unread chat
once per fresh process. This opens, in one process after log-in and the
sections are built, ``--group`` and the long dialog with person 2 in turn,
``--times`` each, from the action (the list's selection, as Enter on a row)
to the frame that shows the chat (as ``bench.keys_child`` times it), half a
second apart. Then ``--times`` Ctrl+G (next unread) from the group: before
each, person ``UNREAD_FROM`` writes to person 1 (live delivery shows it in
the list, given a second and a half), and Ctrl+G opens that chat at its
first unread message, marks it read and reads the list again (all counted:
the key ends when no worker runs). ``--profile FILE`` writes a cProfile of
the timed keys. Prints JSON: the milliseconds of each.

A key ends with a frame written and no worker running (``quiet_on``); the
check runs after each frame and every 10 ms (``after_paint``), and here also
as each worker ends (``check_as_workers_end``): a chat painted before its
worker thread got back to end measured up to 10 ms more than it took.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os

from .keys_child import SIZE, quiet_on
from .keys_repeat import log_in_settled, timer
from .painting import Clock, painting_driver
from .workers import workers_done

UNREAD_FROM = 3  # who writes to person 1 before each Ctrl+G


def measure(db: str, group: int, times: int, profile: str | None = None) -> dict:
    from tui.app import make_app

    driver_cls = painting_driver()
    app = make_app(f"sqlite:///{db}", lang="en", driver_class=driver_cls)
    clock = Clock()
    found: dict = {"group": [], "dialog": [], "next_unread": []}
    profiler = cProfile.Profile() if profile else None

    timed = timer(app, clock, driver_cls, profiler)
    check_as_workers_end(driver_cls)

    async def pilot_run(pilot) -> None:
        from tui.chats import group_key, peer_key

        await log_in_settled(app, pilot)
        app.action_section("dialogs")
        await asyncio.sleep(0.5)
        dialogs = app.screen
        for i in range(times):
            for name, key, shown in (
                    ("group", group_key(group), lambda: app.open_dialog_id == group),
                    ("dialog", peer_key(2), lambda: app.open_peer_id == 2)):
                found[name].append(await timed(
                    pilot, f"{name}_{i}", lambda key=key: dialogs.select_chat(key),
                    lambda shown=shown: quiet_on(app, "DialogsScreen")() and shown()))
        for i in range(times):
            wanted = await unread_waiting(app, dialogs, group, i)
            found["next_unread"].append(await timed(
                pilot, f"next_unread_{i}", dialogs.action_next_unread,
                lambda wanted=wanted: quiet_on(app, "DialogsScreen")()
                and dialogs.chat == wanted))
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    if profiler:
        profiler.dump_stats(profile)
    return found | {"load": os.getloadavg()}


def check_as_workers_end(driver_cls) -> None:
    """A timed key's check (``after_paint`` listens for frames) runs as each
    worker ends too: the last thing a key waits for may be a worker ending
    after its frame."""
    from textual.worker import Worker

    run = Worker._run

    async def _run(worker, app) -> None:
        try:
            await run(worker, app)
        finally:
            for listener in list(driver_cls.listeners):
                listener()

    Worker._run = _run


async def unread_waiting(app, dialogs, group: int, i: int) -> str:
    """The group open, and a message from ``UNREAD_FROM`` unread in the list
    (so there is always a chat to go to); the key of the chat Ctrl+G goes to
    (the first unread after the group in the list's order: that one or
    another left unread in the data)."""
    from models import messages
    from tui.chats import group_key

    dialogs.select_chat(group_key(group))
    await workers_done(app)
    messages.send_message(UNREAD_FROM, 1, f"Unread {i}", f"bench-unread-{os.getpid()}-{i}",
                          None, ())
    await asyncio.sleep(1.5)  # the live poll brings it, the list shows it unread
    await workers_done(app)
    wanted = dialogs.query_one("DialogList").next_unread(dialogs.chat)
    if wanted is None:
        raise SystemExit("bench: no unread chat after the message written")
    return wanted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--group", type=int, required=True)
    parser.add_argument("--times", type=int, default=12)
    parser.add_argument("--profile", help="write a cProfile of the timed openings here")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db, args.group, args.times, args.profile)))


if __name__ == "__main__":
    main()
