"""The pushed screens' keys timed many times in one process (issue 17, every key painted).

    python -m bench.keys_repeat --db .bench/community-v5-s0.02.db --group 1001 --times 12

``bench.keys`` times each key once per fresh process; on the shared machine
its load swings were larger than the differences to measure. This times, in
one process after log-in and the sections are built, ``--times`` openings of
a community (two in turn: the session's first, then kept ones) and then of
the members panel of ``--group`` (Ctrl+B), then of the global search (Ctrl+F)
and its first results (the query set at once, as ``bench.keys_child`` does), each from its action to the frame
that shows it (as ``bench.keys_child`` does), half a second apart. Run it from
each side's checkout in turn. Prints JSON: the milliseconds of each opening.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os

from .keys_child import SIZE, _pick, quiet_on
from .painting import Clock, after_paint, painting_driver
from .workers import workers_done


def timer(app, clock: Clock, driver_cls, profiler=None):
    """``timed(pilot, key, act, ready)``: run ``act`` (what a key runs) once the
    app is idle and return the milliseconds to the frame written with
    ``ready()`` true (as ``bench.keys_child`` times a key), then half a second
    of no key; ``profiler`` (a ``cProfile.Profile``) profiles just that."""

    async def timed(pilot, key: str, act, ready) -> float:
        await workers_done(app)
        await pilot.pause()
        clock.start(key)
        after_paint(app, lambda: clock.mark(key), driver_cls, driver_cls.frames, ready)
        app.note_input()
        if profiler is not None:
            profiler.enable()
        act()
        took = await clock.wait(key)
        if profiler is not None:
            profiler.disable()
        await asyncio.sleep(0.5)
        return round(took, 1)

    return timed


async def log_in_settled(app, pilot) -> None:
    """Log person 1 in and wait until every section is built and quiet."""
    from models import accounts, settings

    from .app_child import _settled

    await pilot.pause()
    app.logged_in(accounts.get_user(1), settings.user_settings(1))
    await _settled(app, pilot)


def measure(db: str, group: int, times: int) -> dict:
    from tui.app import make_app

    driver_cls = painting_driver()
    app = make_app(f"sqlite:///{db}", lang="en", driver_class=driver_cls)
    clock, picked = Clock(), _pick(db)
    found: dict = {"community": [], "members_panel": [], "search_open": [],
                   "search_results": []}

    def quiet(name: str):
        return quiet_on(app, name)

    timed = timer(app, clock, driver_cls)

    async def pilot_run(pilot) -> None:
        from tui.chats import group_key

        await log_in_settled(app, pilot)
        app.action_section("communities")
        await asyncio.sleep(0.5)
        for i in range(times):
            wanted = picked["community_again" if i % 2 else "community"]
            found["community"].append(await timed(
                pilot, f"community_{i}", lambda wanted=wanted: app.open_community(wanted),
                lambda wanted=wanted: quiet("CommunityScreen")()
                and app.screen.community is not None and app.screen.community.id == wanted))
            app.pop_screen()
            await asyncio.sleep(0.3)
        app.action_section("dialogs")
        await asyncio.sleep(0.5)
        dialogs = app.screen
        dialogs.select_chat(group_key(group))
        await asyncio.sleep(1.5)
        for i in range(times):
            found["members_panel"].append(await timed(
                pilot, f"members_{i}", dialogs.action_members, quiet("GroupMembersScreen")))
            app.pop_screen()
            await asyncio.sleep(0.3)
        from textual.widgets import Input, OptionList

        from .keys_child import SEARCH_QUERY

        for i in range(times):
            found["search_open"].append(await timed(
                pilot, f"search_{i}", app.action_search_everything, quiet("SearchScreen")))
            search = app.screen

            def results(search=search) -> bool:
                return quiet("SearchScreen")() and search.query_one(OptionList).option_count > 0

            found["search_results"].append(await timed(
                pilot, f"search_results_{i}",
                lambda search=search: setattr(search.query_one(Input), "value", SEARCH_QUERY),
                results))
            app.pop_screen()
            await asyncio.sleep(0.3)
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    return found | {"load": os.getloadavg()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--group", type=int, required=True)
    parser.add_argument("--times", type=int, default=12)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db, args.group, args.times)))


if __name__ == "__main__":
    main()
