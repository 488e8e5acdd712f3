"""Memory after an hour of use (issue 17): RSS of the real app, twice the same hour.

    python -m bench.memory                       # scale 1, the issue's sizes
    python -m bench.memory --scale 0.01 --scroll 500 --chats 20 --play 5 \
        --open-profiles 20 --images 40           # quick
    python -m bench.memory --profile             # + tracemalloc growth, pass 1 → 2

Generates (or reuses) the community database of ``bench/generate.py``, adds
what it lacks once (``bench/memory_setup.py``: avatars, a dialog of pictures,
tracks of real audio), then runs ``bench/memory_child.py`` in a fresh process:
the app logged in as person 1 goes twice through scrolling 10 000 messages,
opening 200 chats, playing 50 tracks (SDL's dummy audio driver unless
``SDL_AUDIODRIVER`` is set), opening 500 profiles with avatars and viewing
1 000 pictures. VmRSS after each phase and each pass. Targets: ≤ 150 MB after
the hour, and the second pass adds < 5 MB. The JSON goes to
``bench/results/<timestamp>-memory-s<scale>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from .app_child import RESULT_MARK
from .memory_child import PHASES

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 150.0
GROWTH_MB = 5.0
TARGET = f"≤ {LIMIT_MB:g} MB after the hour, second pass adds < {GROWTH_MB:g} MB"
CHILD_TIMEOUT = 3 * 3600  # the full sizes, twice, on a loaded machine


def _child(db: Path, data, options: list[str], profile: bool) -> dict:
    command = [sys.executable, "-m", "bench.memory_child", "--db", str(db),
               "--pictures-peer", str(data.pictures_peer),
               "--profiles", *map(str, data.avatar_people),
               "--tracks", *map(str, data.track_ids), *options]
    if profile:
        command.append("--profile")
    with tempfile.TemporaryDirectory(prefix="messenger-memory-") as home:
        env = dict(os.environ, MESSENGER_HOME=home, PYTHONPATH=os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
        env.setdefault("SDL_AUDIODRIVER", "dummy")
        env.pop("TEXTUAL", None)
        # The child's stderr goes through: a line after each phase (progress of a
        # long run), the tracemalloc report of --profile, a traceback.
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
                              timeout=CHILD_TIMEOUT)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            result = json.loads(line[len(RESULT_MARK):])
            result["audio_driver"] = env["SDL_AUDIODRIVER"]
            return result
    raise RuntimeError(f"bench.memory_child failed ({done.returncode}); its stderr is above")


def judge(result: dict) -> dict:
    """The figures against the targets."""
    passes = result["passes"]
    final = passes[-1]["rss_mb"]
    growth = round(final - passes[0]["rss_mb"], 1) if len(passes) > 1 else None
    met = final <= LIMIT_MB and (growth is None or growth < GROWTH_MB)
    return {"final_mb": final, "growth_mb": growth, "target": TARGET, "met": met}


def _cell(phase: dict) -> str:
    cpu = phase.get("cpu_seconds")
    cpu = "" if cpu is None else f", cpu {cpu:.0f} s"
    return f"{phase['rss_mb']:>8} ({phase['count']}, {phase['seconds']:.0f} s{cpu})"


def table(result: dict) -> str:
    passes = result["passes"]
    head = f"{'after':<34}" + "".join(f"{'pass ' + str(i + 1):>26}" for i in range(len(passes)))
    lines = ["Memory after an hour of use (VmRSS, MB; count, seconds; CPU seconds of the"
             " process, all threads)", head,
             f"{'log-in':<34}{result['after_log_in_mb']:>26}"]
    names = {"scroll": "scroll back (messages)", "chats": "open chats",
             "tracks": "play tracks", "profiles": "open profiles with avatars",
             "pictures": "view pictures"}
    for phase in PHASES:
        cells = "".join(_cell(p["phases"][phase]).rjust(26) for p in passes)
        lines.append(f"{names[phase]:<34}{cells}")
    lines.append(f"{'end of pass':<34}" + "".join(f"{p['rss_mb']:>26}" for p in passes))
    verdict = result["verdict"]
    growth = "–" if verdict["growth_mb"] is None else f"{verdict['growth_mb']:+.1f} MB"
    lines.append(f"peak {result['peak_mb']} MB; second pass {growth}; target {TARGET}: "
                 f"{'met' if verdict['met'] else 'NOT MET'}")
    lines.append(f"audio driver {result['audio_driver']}"
                 + (f" ({result['player_error']})" if result.get("player_error") else ""))
    return "\n".join(lines)


def run(scale: float, options: list[str], *, profile: bool = False,
        data_dir: Path | None = None, results_dir: Path | None = None,
        quiet: bool = False, setup: dict | None = None) -> tuple[dict, Path]:
    """Generate (or reuse) the community, add the memory data (``setup``: the
    sizes of ``memory_setup.ensure``), run the child; (report, JSON path)."""
    from . import memory_setup
    from .app import found_sound
    from .generate import for_a_run, generate
    from .report import machine, write_report

    generated = for_a_run(generate(scale, data_dir, quiet=quiet))
    found_sound(generated.path)  # as bench.app: the child starts as a later start of the day
    data = memory_setup.ensure(f"sqlite:///{generated.path}", **(setup or {}))
    from models.db import close_database, database

    close_database()
    database.initialize(None)
    result = _child(generated.path, data, options, profile)
    result["verdict"] = judge(result)
    report = {"when": datetime.now().isoformat(timespec="seconds"), "machine": machine(),
              "scale": scale, "data": {"path": generated.cached.name,
                                       "avatars": len(data.avatar_people),
                                       "tracks": len(data.track_ids)},
              "memory": result}
    return report, write_report(report, results_dir, f"memory-s{scale:g}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    for name, default in (("scroll", 10_000), ("chats", 200), ("play", 50),
                          ("open-profiles", 500), ("images", 1000), ("passes", 2)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--profile", action="store_true",
                        help="tracemalloc: the biggest growths from pass 1 to the last")
    parser.add_argument("--dir", type=Path, default=None, help="data directory")
    parser.add_argument("--results", type=Path, default=None, help="where the JSON goes")
    args = parser.parse_args(argv)
    options = [f"--{name}={getattr(args, name.replace('-', '_'))}" for name in
               ("scroll", "chats", "play", "open-profiles", "images", "passes")]
    report, path = run(args.scale, options, profile=args.profile, data_dir=args.dir,
                       results_dir=args.results)
    load = report["machine"].get("load_average")
    print(f"\nscale {args.scale:g}, load {load}\n" + table(report["memory"]))
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
