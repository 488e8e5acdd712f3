"""A second app in a real process, for tests of what survives a SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def python_child(script: str, *args: str) -> Iterator[subprocess.Popen]:
    """``python -c script args…`` with this checkout importable and its stdout
    readable as text; killed at the end if it still runs."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", script, *args],
                             stdout=subprocess.PIPE, env=env, text=True)
    try:
        yield child
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def kill_hard(child: subprocess.Popen) -> None:
    """SIGKILL: the process ends without a chance to write anything."""
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
