"""Is every domain figure flat as the community grows? Scale 1 beside scale 10.

    python -m bench.scaling                      # scales 1 and 10, 200 runs each
    python -m bench.scaling --scales 0.01 0.1 --runs 50
    python -m bench.scaling --rounds 1           # one pass per scale (quicker, noisier)
    python -m bench.scaling --only search_people # some operations (repeatable)
    python -m bench.scaling --cold               # each call with the CPU's caches emptied
    python -m bench.scaling --alternate          # app and floor calls in turn, as bench.run

Scale 10 is 1 000 000 people, 10 000 000 messages, 5 000 000 posts and 20 000
groups; what one person has (person 1's 1 000 dialogs, the 200 000-message
dialog, 150 friends, 41 groups, the 500-member group's 100 000 messages) stays
as at scale 1 (bench/generate_community.py, ``Sizes.at``), so the ratio shows what the
community's size alone costs. Each scale's database is built once and cached
(bench/generate.py; scale 10 takes about an hour on 2 cores).

The domain operations of bench/run.py run at each scale in turn, ``--rounds``
times (1, 10, 1, 10 …: a slow minute of a shared machine then lands on both),
and each operation's best p95 over the rounds is compared: target scale 10 ≤
1.2× scale 1. The app's calls of an operation are timed in a block of their
own, then its floor's: alternated, a floor's reads push the app's data out of
the CPU's caches, more of them at the larger scale when the floor's work grows
with it, and the app's call measured slower there for work it did not do
(bench/README.md, "a page of namesakes"). Printed as a table and written to
``bench/results/<timestamp>-scaling.json`` with the database sizes and build
times.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime
from pathlib import Path

from .report import machine, write_report
from .run import run

TARGET = 1.2


def measure(scales: list[float], runs: int, rounds: int, data_dir: Path | None,
            log=print, only: set[str] | None = None, cold: bool = False,
            alternate: bool = False) -> dict:
    per_scale: dict[float, dict] = {s: {"rounds": []} for s in scales}
    for index in range(rounds):
        for scale in scales:
            if log:
                log(f"round {index + 1}/{rounds}: scale {scale:g} …")
            # bench.run writes one JSON per call; this module's report is the one kept
            with tempfile.TemporaryDirectory(prefix="bench-scaling-") as scratch:
                report, _path = run(scale, runs, data_dir=data_dir, quiet=log is None,
                                    results_dir=Path(scratch), only=only, cold=cold,
                                    apart=not alternate)
            data = report["data"]
            entry = per_scale[scale]
            entry["rounds"].append({r["name"]: r for r in report["operations"]})
            entry["database_bytes"] = data["sizes"]["database_bytes"]
            entry["counts"] = data["counts"]
            if not data["reused"]:
                entry["generated_seconds"] = data["generated_seconds"]
    base, top = scales[0], scales[-1]
    rows = []
    for name, first in per_scale[base]["rounds"][0].items():
        best = {s: _best(per_scale[s]["rounds"], name) for s in (base, top)}
        if best[base] is None or best[top] is None:
            continue
        ratio = best[top]["p95_ms"] / best[base]["p95_ms"] if best[base]["p95_ms"] else None
        rows.append({
            "name": name,
            "label": first["label"],
            "base": best[base],
            "top": best[top],
            "ratio_p95": None if ratio is None else round(ratio, 2),
            "met": None if ratio is None else ratio <= TARGET,
        })
    return {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "scales": scales,
        "rounds": rounds,
        "runs": runs,
        "only": sorted(only) if only else None,
        "cold": cold,
        "alternate": alternate,
        "target": f"scale {top:g} p95 ≤ {TARGET}× scale {base:g} p95",
        "data": {f"{s:g}": {k: v for k, v in per_scale[s].items() if k != "rounds"}
                 for s in scales},
        "operations": rows,
    }


def _best(rounds: list[dict], name: str) -> dict | None:
    """The round with the lowest p95 for ``name`` (its median and p95)."""
    found = [r[name]["app"] for r in rounds if name in r]
    return min(found, key=lambda s: s["p95_ms"]) if found else None


def printed(report: dict) -> str:
    base, top = (f"{s:g}" for s in (report["scales"][0], report["scales"][-1]))
    head = (f"{'operation':<44} {'p95 s' + base:>9} {'p95 s' + top:>9} {'ratio':>6}  "
            f"{'target':<8} met")
    lines = [head, "-" * len(head)]
    for r in report["operations"]:
        mark = {True: "yes", False: "NO", None: "-"}[r["met"]]
        ratio = "-" if r["ratio_p95"] is None else f"{r['ratio_p95']:.2f}"
        lines.append(f"{r['label']:<44} {r['base']['p95_ms']:>9.3f} {r['top']['p95_ms']:>9.3f} "
                     f"{ratio:>6}  ≤ {TARGET}×    {mark}")
    timed = ("between its floor's calls" if report.get("alternate")
             else "apart from its floor's")
    lines.append(f"times in ms, best p95 of {report['rounds']} round(s) of "
                 f"{report['runs']} runs, the app's calls {timed}; "
                 f"ratio = scale {top} / scale {base}")
    for scale, data in report["data"].items():
        built = data.get("generated_seconds")
        built = f", built in {built:,.0f} s" if built else ""
        counts = data.get("counts", {})
        lines.append(f"scale {scale}: database {data['database_bytes'] / 2**20:,.0f} MB"
                     f"{built}; {counts.get('users', 0):,} people, "
                     f"{counts.get('messages', 0):,} messages, {counts.get('posts', 0):,} posts, "
                     f"{counts.get('groups', 0):,} groups")
    met = [r["met"] for r in report["operations"] if r["met"] is not None]
    lines.append(f"flat at scale {top}: {sum(met)} of {len(met)} operations within "
                 f"{TARGET}×" + (" — met" if met and all(met) else " — NOT MET"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs=2, default=[1.0, 10.0],
                        metavar=("BASE", "LARGE"))
    parser.add_argument("--runs", type=int, default=200, help="timed calls per operation")
    parser.add_argument("--rounds", type=int, default=2, help="passes over both scales")
    parser.add_argument("--dir", type=Path, default=None, help="data directory")
    parser.add_argument("--results", type=Path, default=None, help="where the JSON goes")
    parser.add_argument("--only", action="append",
                        help="operation name (repeatable; the searches only read the databases)")
    parser.add_argument("--cold", action="store_true",
                        help="empty the CPU's caches before every timed call (bench/timing.py)")
    parser.add_argument("--alternate", action="store_true",
                        help="time each app call between floor calls, as bench.run does "
                             "(by default the app's calls run apart from the floor's)")
    args = parser.parse_args(argv)
    report = measure(list(args.scales), args.runs, args.rounds, args.dir,
                     only=set(args.only) if args.only else None, cold=args.cold,
                     alternate=args.alternate)
    print(printed(report))
    path = write_report(report, args.results, "scaling")
    print(f"\nwritten: {path}")


if __name__ == "__main__":
    main()
