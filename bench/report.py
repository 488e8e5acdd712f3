"""The JSON report of a bench run: the machine it ran on, and where it is written."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
from datetime import datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def machine() -> dict:
    """CPU model, cores, RAM, OS, Python and SQLite versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    import peewee

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "peewee": peewee.__version__,
        # Other work on the machine skews timings; the load says how much there was.
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg")
        else None,
    }


def write_report(report: dict, results_dir: Path | None, suffix: str = "",
                 prefix: str = "") -> Path:
    """Write ``report`` as ``<prefix><timestamp>[-<suffix>].json`` in ``results_dir``
    (default ``bench/results``), never over an earlier one; the path."""
    results_dir = RESULTS_DIR if results_dir is None else results_dir
    results_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{prefix}{datetime.now().strftime('%Y%m%dT%H%M%S')}"
    stem += f"-{suffix}" if suffix else ""
    path = results_dir / f"{stem}.json"
    n = 1
    while path.exists():
        n += 1
        path = results_dir / f"{stem}-{n}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return path
