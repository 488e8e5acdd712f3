"""Every key painted within 50 ms (issue 17): key → the frame showing its result.

    python -m bench.keys --scale 0.1 --samples 5

Each sample is a fresh process (``bench.keys_child``) on a run's copy of the
community (``bench/generate.py``): log in as person 1, let the feed settle,
then the first visit of each section (F3 … F8), F2 … F8 twice between built
sections, a profile opened from People (the session's first), from the feed
and from People again (all three on the screen built out of sight after log-in and kept:
``tui/kept_screens.py``), a community and another (both on the page built
out of sight after log-in and kept), a post with 60 comments from the feed
and the next one (the post page kept); three of these again after the
cursor rested on their line (the profile from the feed, the first community,
the first post: what the line opens made ready meanwhile,
``tui/ready_ahead.py``; every other key comes before a rest could make its
screen ready), the 500-member group and its
members panel (Ctrl+B), the next unread chat (Ctrl+G), and the global search
(Ctrl+F, then its first results for a typed query); then, in a fresh process
of its own, Music with 10 000 tracks in My music (``bench/keys_music.py``:
F8 the first time and built, Ctrl+L to All tracks, its search for a typed
query). p95 over the samples (both
rounds of the built sections pooled). Targets: ≤ 100 ms a first visit, ≤ 50 ms
anything built once. ``--gap 0.5`` leaves half a second without a key after
each timed key, as a person looking at its result would (by default the next
key comes at once: a full garbage collection held back while keys come then
runs in a key, see ``tui/quiet_gc.py``).

Beside each row, the same frames painted by a bare Textual app
(``bench/keys_bare.py``, a third fresh process per sample): the first
sample's processes capture what each key's frame showed, and the bare app
paints it with one line-API widget per widget of the app's frame, doing what
the key did (a screen pushed, refilled, shown again, or its widgets given
new text). That is Textual's own cost of the frame; the app's figure less it
is what Messenger adds (reading, building its widgets, their layout).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from .keys_child import GENERATED_PEOPLE, ORDER, RESULT_MARK

ROOT = Path(__file__).resolve().parent.parent
FIRST_TARGET, BUILT_TARGET = 100.0, 50.0  # ms, p95

ROWS = (  # (row, label, sample keys, target)
    *((f"first_{s}", f"first visit: {s}", (f"first_{s}",), FIRST_TARGET) for s in ORDER[1:]),
    *((f"built_{s}", f"F-key to {s}, built", (f"built_{s}_0", f"built_{s}_1"), BUILT_TARGET)
      for s in ORDER),
    ("profile_from_people", "profile from People, first", ("profile_from_people",),
     FIRST_TARGET),
    ("profile_from_feed", "profile from the feed, kept", ("profile_from_feed",), BUILT_TARGET),
    ("profile_again", "profile from People again, kept", ("profile_again",), BUILT_TARGET),
    ("profile_from_feed_read", "profile from the feed, its post read first",
     ("profile_from_feed_read",), BUILT_TARGET),
    ("open_post", "a post with 60 comments, from the feed", ("open_post",), FIRST_TARGET),
    ("open_post_again", "the next one, kept", ("open_post_again",), BUILT_TARGET),
    ("open_post_read", "the first one again, its card read first", ("open_post_read",),
     BUILT_TARGET),
    ("community", "open a community", ("community",), FIRST_TARGET),
    ("community_again", "another community, kept", ("community_again",), BUILT_TARGET),
    ("community_read", "the first again, its line read first", ("community_read",),
     BUILT_TARGET),
    ("open_group", "open the 500-member group", ("open_group",), BUILT_TARGET),
    ("members_panel", "its members panel (Ctrl+B)", ("members_panel",), FIRST_TARGET),
    ("next_unread", "next unread (Ctrl+G)", ("next_unread",), BUILT_TARGET),
    ("search_open", "global search opened (Ctrl+F)", ("search_open",), FIRST_TARGET),
    ("search_results", "its first results, typed query", ("search_results",), FIRST_TARGET),
    ("music_first", "music, 10 000 tracks: first visit", ("music_first",), FIRST_TARGET),
    ("music_built", "music, 10 000 tracks: F8, built", ("music_built",), BUILT_TARGET),
    ("music_all", "  all tracks (Ctrl+L), first time", ("music_all",), FIRST_TARGET),
    ("music_search", "  its search, typed query", ("music_search",), FIRST_TARGET),
    ("music_mine", "  back to my music (1)", ("music_mine",), BUILT_TARGET),
    ("music_all_again", "  all tracks again (Ctrl+L)", ("music_all_again",), BUILT_TARGET),
)


def _unread_again(db: Path) -> None:
    """Leave the last message of three of person 1's dialogs unread again (a
    sample's next-unread key reads one), so every sample finds one: the three
    of the generated community (a peer ``user<id>``) with the newest messages
    and the last one the peer's (my own last message leaves nothing unread),
    on the list's first page whatever other benches wrote since. The memory bench's
    own dialog of 240 pictures is not one: opening pictures is
    ``bench/pictures.py``'s figure, and the key's figure stays comparable:
    it is left read."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute(
                "UPDATE dialog_member SET last_read_seq = (SELECT last_seq FROM dialog"
                " WHERE dialog.id = dialog_member.dialog_id) WHERE user_id = 1 AND dialog_id IN"
                " (SELECT id FROM dialog WHERE kind = 'pair' AND user_lo_id = 1"
                f" AND user_hi_id NOT IN ({GENERATED_PEOPLE}))")
            conn.execute(
                "UPDATE dialog_member SET last_read_seq = (SELECT MAX(last_seq - 1, 0) FROM dialog"
                " WHERE dialog.id = dialog_member.dialog_id) WHERE user_id = 1 AND dialog_id IN"
                " (SELECT id FROM dialog WHERE kind = 'pair' AND user_lo_id = 1 AND last_seq > 1"
                f" AND user_hi_id IN ({GENERATED_PEOPLE})"
                " AND (SELECT sender_id FROM message WHERE id = dialog.last_message_id) <> 1"
                " ORDER BY last_message_id DESC LIMIT 3)")
    finally:
        conn.close()


def _child(module: str, *args: str) -> dict:
    """Run ``module`` as a fresh process and return the JSON it printed."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    env.pop("TEXTUAL", None)
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    raise RuntimeError(f"{module} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def _sample(db: Path, group: int, gap: float = 0.0, music: Path | None = None,
            frames: Path | None = None) -> dict:
    """One sample: the app's keys in a fresh process (and Music's in another);
    with ``frames``, the bare app's too (``bench/keys_bare.py``, a third
    process), painting the frames captured into ``frames`` the first time."""
    _unread_again(db)
    capture = frames is not None and not frames.exists()
    app_frames = frames.with_suffix(".app.json") if frames is not None else None
    music_frames = frames.with_suffix(".music.json") if frames is not None else None
    found = _child("bench.keys_child", "--db", str(db), "--group", str(group), "--gap", str(gap),
                   *(("--capture", str(app_frames)) if capture else ()))
    if music is not None:  # Music's keys on a library of 10 000 tracks (bench/keys_music.py)
        found |= _child("bench.keys_music", "--db", str(music),
                        *(("--capture", str(music_frames)) if capture else ()))
    if capture:
        both = json.loads(app_frames.read_text())
        if music is not None:
            both |= json.loads(music_frames.read_text())
        frames.write_text(json.dumps(both))
    if frames is not None:
        found["bare"] = _child("bench.keys_bare", "--frames", str(frames))
    return found


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(db: Path, group: int, samples: int = 10, log=print, gap: float = 0.0) -> dict:
    from .app import found_sound
    from .keys_music import library

    found_sound(db)  # the samples start as a day's later starts do (no check beside the keys)

    music = library(db.parent)
    raw: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-keys-") as scratch:
        frames = Path(scratch) / "frames.json"
        for i in range(samples):
            raw.append(_sample(db, group, gap, music, frames))
            if log is not None:
                log(f"keys: sample {i + 1}/{samples}, load {os.getloadavg()[0]:.1f}")
    rows = []
    for name, label, keys, target in ROWS:
        values = [sample[k] for sample in raw for k in keys if k in sample]
        median = sorted(values)[len(values) // 2] if values else None
        p95 = _p95(values) if values else None
        row = {"name": name, "label": label, "median_ms": median, "p95_ms": p95,
               "n": len(values), "target_p95_ms": target,
               "met": p95 <= target if values else None}
        # The same frames painted by a bare Textual app (bench/keys_bare.py).
        painted = [sample["bare"][k] for sample in raw for k in keys
                   if k in sample.get("bare", {})]
        if painted:
            row["bare_median_ms"] = sorted(painted)[len(painted) // 2]
            row["bare_p95_ms"] = _p95(painted)
        rows.append(row)
    full = [ms for sample in raw for found in sample.get("gc_full_ms", {}).values()
            for ms in found]
    return {"samples": samples, "gap": gap, "load": os.getloadavg(), "rows": rows, "raw": raw,
            "gc_full_in_keys": {"count": len(full), "ms": sorted(full)}}


def table(report: dict) -> str:
    bare = any("bare_median_ms" in r for r in report["rows"])
    lines = [f"{'key → painted':<40} {'median':>8} {'p95':>8} {'target':>8}  met    "
             + (f"{'bare median':>11} {'p95':>6}" if bare else "")]
    for r in report["rows"]:
        if not r["n"]:
            lines.append(f"{r['label']:<40} {'–':>8} {'–':>8}  (not measured)")
            continue
        painted = (f"{r['bare_median_ms']:>11.1f} {r['bare_p95_ms']:>6.1f}"
                   if "bare_median_ms" in r else "")
        lines.append(f"{r['label']:<40} {r['median_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                     f"{'≤ ' + format(r['target_p95_ms'], 'g'):>8}  "
                     f"{'met    ' if r['met'] else 'NOT met'}{painted}".rstrip())
    full = report.get("gc_full_in_keys")
    if full is not None:
        lines.append(f"full garbage collections inside timed keys: {full['count']}"
                     + (f" ({', '.join(map(str, full['ms']))} ms)" if full["ms"] else ""))
    load = "/".join(f"{x:.1f}" for x in report["load"])
    gap = report.get("gap") or 0
    lines.append(f"({report['samples']} fresh processes; {gap:g} s after each timed key;"
                 f" load average {load})")
    if bare:
        lines.append("(bare: the same frame painted by a bare Textual app, one line-API widget per"
                     " widget of the app's frame: bench/keys_bare.py)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from .generate import for_a_run, generate

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--dir", type=Path, default=None, help="data directory")
    parser.add_argument("--results", type=Path, default=None, help="write the JSON here")
    parser.add_argument("--gap", type=float, default=0.0,
                        help="seconds of no key after each timed key (a person reading what it "
                             "showed; 0: the next key at once)")
    args = parser.parse_args(argv)
    generated = for_a_run(generate(args.scale, args.dir))
    report = measure(generated.path, generated.counts["big_group_id"], args.samples,
                     gap=args.gap)
    print(table(report))
    if args.results:
        args.results.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
