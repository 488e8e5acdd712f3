"""Idle cost: the CPU time of a logged-in app that nobody touches (issue 17).

    python -m bench.idle                       # 60 s per case, SQLite (+ PostgreSQL)
    python -m bench.idle --seconds 10          # quicker
    python -m bench.idle --case dialogs:stopped --profile   # cProfile of the UI thread

Each case is a fresh process running the real app on the demo community (anna
logged in) with the painting driver of ``bench/painting.py`` (every frame is
turned into terminal codes, only the final write is dropped): it opens a
section — Dialogs with a chat open and the composer focused, its cursor
blinking — sets the mini-player (none, stopped, paused, playing), waits a few
seconds for the section to settle, then measures the process's CPU time (all
threads: ``getrusage``) over ``--seconds`` of wall time, beside the frames
written, the timer callbacks that ran and the live polls made. PostgreSQL runs
when ``MESSENGER_BENCH_PG`` or ``MESSENGER_TEST_PG`` names a server (the demo
is loaded into a database of its own there).

"Playing" uses SDL's dummy audio driver when the machine has no sound device
(the mixer runs and the mini-player counts; the report says so).
Targets: ≤ 0.5 % of a core idle, ≤ 2 % while a track plays.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCH-IDLE "
SECTIONS = ("feed", "dialogs", "friends", "people", "communities", "profile", "music")
PLAYER_STATES = ("none", "stopped", "paused", "playing")
IDLE_TARGET, PLAYING_TARGET = 0.5, 2.0  # % of one core
SETTLE = 3.0  # seconds after the case is set up (and every section built) before the window
BUILT_WITHIN = 60.0  # seconds at most to wait for the sections built out of sight after log-in
LOGIN = "anna"


def default_cases() -> list[tuple[str, str]]:
    """Every section with nothing played, and Dialogs with each player state."""
    cases = [(section, "none") for section in SECTIONS]
    cases += [("dialogs", state) for state in PLAYER_STATES[1:]]
    return cases


def audio_device() -> str:
    """The SDL audio driver a case plays with: the machine's, else ``dummy``."""
    probe = ("import os, pygame; pygame.mixer.init(); "
             "print(pygame.mixer.get_init() and os.environ.get('SDL_AUDIODRIVER', 'default'))")
    env = dict(os.environ, PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.pop("SDL_AUDIODRIVER", None)
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, timeout=60)
    return "default" if done.returncode == 0 and done.stdout.strip() else "dummy"


# ---------------------------------------------------------------- the child

def child(args) -> dict:
    import asyncio
    import resource
    from collections import Counter

    from textual.timer import Timer
    from textual.widget import Widget

    from tui.app import make_app

    from .painting import painting_driver
    from .workers import workers_done

    ticks: Counter = Counter()
    window: list = []  # non-empty while the idle window runs
    refreshes: Counter = Counter()
    original_tick, original_refresh = Timer._tick, Widget.refresh

    async def counted_tick(self, *, next_timer, count):
        callback = self._callback
        name = getattr(callback, "__qualname__", None) or f"{self.name} on {type(self._target()).__name__}"
        ticks[name] += 1
        await original_tick(self, next_timer=next_timer, count=count)

    def counted_refresh(self, *regions, **kwargs):
        refreshes[type(self).__name__] += 1
        if os.environ.get("BENCH_IDLE_WHY") == type(self).__name__ and window:
            import traceback

            with open(Path(tempfile.gettempdir()) / "messenger-idle-why.txt", "a") as out:
                traceback.print_stack(limit=14, file=out)
        return original_refresh(self, *regions, **kwargs)

    Timer._tick, Widget.refresh = counted_tick, counted_refresh
    driver_cls = painting_driver()
    app = make_app(args.db, lang="en", driver_class=driver_cls)
    result: dict = {"section": args.section, "player": args.player}

    async def settle(pilot) -> None:
        await workers_done(app)
        await pilot.pause()

    async def pilot_run(pilot) -> None:
        from models import maintenance, settings, tracks

        await settle(pilot)
        user = maintenance.user_by_login(LOGIN)
        logged_in = resource.getrusage(resource.RUSAGE_SELF), asyncio.get_running_loop().time()
        app.logged_in(user, settings.user_settings(user.id))
        await settle(pilot)
        await asyncio.sleep(1.0)  # Dialogs is built out of sight meanwhile
        if args.player != "none":
            app.play_tracks(tracks.all_tracks(user.id), 0)
            await asyncio.sleep(1.0)
            await settle(pilot)
            if args.player == "paused":
                app.action_player("pause")
            elif args.player == "stopped":
                app.action_player("stop")
        app.action_section(args.section)
        await settle(pilot)
        if args.section == "dialogs":
            screen = app.screen
            first = next(s for s in screen.query_one("DialogList").summaries if s.peer)
            app.open_dialog(first.peer.id)
            await settle(pilot)
            result["focused"] = type(app.focused).__name__ if app.focused else None
        # Every section (and the profile page) is built out of sight after
        # log-in, one per quiet moment (tui/app_session.py): a one-time cost,
        # reported beside the idle figure, not inside its window.
        for _ in range(int(BUILT_WITHIN / 0.1)):
            if app.collected_after_building:
                break
            await asyncio.sleep(0.1)
        built = resource.getrusage(resource.RUSAGE_SELF), asyncio.get_running_loop().time()
        result.update(
            built_after_login=app.collected_after_building,
            building_s=round(built[1] - logged_in[1], 2),
            building_cpu_s=round(built[0].ru_utime - logged_in[0].ru_utime
                                 + built[0].ru_stime - logged_in[0].ru_stime, 3))
        await asyncio.sleep(SETTLE)
        ticks.clear()
        refreshes.clear()
        window.append(True)
        poll = app.live_thread
        polls, frames = poll.attempts, driver_cls.frames
        profile = None
        if args.profile:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        before, started = resource.getrusage(resource.RUSAGE_SELF), asyncio.get_running_loop().time()
        await asyncio.sleep(args.seconds)
        after, ended = resource.getrusage(resource.RUSAGE_SELF), asyncio.get_running_loop().time()
        if profile is not None:
            profile.disable()
        wall = ended - started
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        player = app.player_state
        result.update(
            seconds=round(wall, 2), cpu_s=round(cpu, 3), cpu_percent=round(100 * cpu / wall, 3),
            frames=driver_cls.frames - frames, polls=poll.attempts - polls,
            timer_ticks=dict(ticks.most_common(12)), refreshes=dict(refreshes.most_common(12)),
            player_status=player.status.name.lower() if player else None,
            player_error=player.error if player else None,
        )
        if profile is not None:
            import io
            import pstats

            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
            result["profile"] = out.getvalue()
        app.exit()

    app.run(size=(100, 30), auto_pilot=pilot_run)
    return result


# ---------------------------------------------------------------- the parent

def _demo(url: str, home: Path) -> None:
    env = dict(os.environ, MESSENGER_HOME=str(home), PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "cli", "--db", url, "demo", "--quiet", "--if-new"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)


def run_case(url: str, home: Path, section: str, player: str, seconds: float, *,
             audio: str, profile: bool = False) -> dict:
    env = dict(os.environ, MESSENGER_HOME=str(home), PYTHONPATH=str(ROOT),
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.pop("TEXTUAL", None)
    if audio == "dummy":
        env["SDL_AUDIODRIVER"] = "dummy"
    command = [sys.executable, "-m", "bench.idle", "--child", "--db", url, "--section", section,
               "--player", player, "--seconds", str(seconds)] + (["--profile"] if profile else [])
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=seconds + 300)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    raise RuntimeError(f"bench.idle {section}/{player} failed ({done.returncode}):\n"
                       f"{done.stderr[-3000:]}")


def _backends(home: Path) -> list[tuple[str, str]]:
    backends = [("sqlite", f"sqlite:///{home / 'idle-demo.db'}")]
    pg = os.environ.get("MESSENGER_BENCH_PG") or os.environ.get("MESSENGER_TEST_PG")
    if pg and pg != "off":
        backends.append(("postgresql", _fresh_pg(pg)))
    return backends


def _fresh_pg(url: str) -> str:
    """A database of its own on the server ``url`` names, emptied, for the demo."""
    from urllib.parse import urlsplit

    import psycopg2
    from psycopg2 import sql

    name = "messenger_bench_idle"
    parts = urlsplit(url)  # with or without a database name: the server is what counts
    server = f"{parts.scheme}://{parts.netloc}"
    admin = psycopg2.connect(server + "/postgres")  # the given database need not exist
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    return server + "/" + name


def measure(seconds: float = 60.0, cases: list[tuple[str, str]] | None = None, *,
            profile: bool = False, log=print) -> dict:
    """Every case on every backend; the figures with targets and met / not met."""
    cases = cases or default_cases()
    audio = audio_device() if any(p != "none" for _, p in cases) else "unused"
    rows = []
    with tempfile.TemporaryDirectory(prefix="messenger-idle-") as tmp:
        home = Path(tmp)
        for backend, url in _backends(home):
            _demo(url, home)
            for section, player in cases:
                row = run_case(url, home, section, player, seconds, audio=audio, profile=profile)
                target = PLAYING_TARGET if row.get("player_status") == "playing" else IDLE_TARGET
                row.update(backend=backend, load=os.getloadavg(), target_percent=target,
                           met=row["cpu_percent"] <= target)
                rows.append(row)
                if log is not None:
                    log(_line(row))
                    if profile:
                        log(row["profile"])
    return {"seconds": seconds, "audio_driver": audio, "cases": rows}


def _line(row: dict) -> str:
    load = "/".join(f"{x:.1f}" for x in row["load"])
    status = row.get("player_status") or "–"
    if row.get("player_error"):
        status += f" ({row['player_error']})"
    return (f"{row['backend']:<10} {row['section']:<12} player {row['player']:<8}→ {status:<10} "
            f"CPU {row['cpu_percent']:6.2f} % (target ≤ {row['target_percent']} %: "
            f"{'met' if row['met'] else 'NOT met'})  frames {row['frames']:>4}  "
            f"polls {row['polls']:>4}  load {load}  "
            f"(log-in → all built: {row.get('building_s')} s, {row.get('building_cpu_s')} s CPU)  "
            f"timers {row['timer_ticks']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="idle window per case")
    parser.add_argument("--case", action="append", default=[],
                        help="SECTION:PLAYER (e.g. dialogs:stopped); repeatable")
    parser.add_argument("--profile", action="store_true", help="cProfile of the UI thread")
    parser.add_argument("--results", type=Path, default=None, help="write the JSON here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--section", default="dialogs", help=argparse.SUPPRESS)
    parser.add_argument("--player", default="none", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(RESULT_MARK + json.dumps(child(args)), flush=True)
        return
    cases = [tuple(c.split(":", 1)) for c in args.case] or None
    report = measure(args.seconds, cases, profile=args.profile)
    if args.results:
        args.results.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
