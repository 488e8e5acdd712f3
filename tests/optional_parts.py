"""Outside tools some tests need, and what a machine without them skips.

A test whose tool is missing skips with a one-line reason naming the package
to install; ``make test`` lists at the end what ran (tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil

SSHD = "/usr/sbin/sshd"
CHROMIUM = "/usr/bin/chromium"


def openssh_missing() -> str | None:
    """Why the SSH login tests cannot run here, or None when they can."""
    if not os.access(SSHD, os.X_OK):
        return "OpenSSH server not installed: apt-get install openssh-server"
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            return f"OpenSSH client ({tool}) not installed: apt-get install openssh-client"
    return None


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not os.access(CHROMIUM, os.X_OK):
        return "Chromium not installed: apt-get install chromium"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python not installed: pip install playwright (the test extra)"
    return None


def optional_parts() -> list[str]:
    """One line per optional part of the suite: ran, or skipped and why."""
    ssh = openssh_missing()
    chromium = chromium_missing()
    return [
        "SSH login tests (tests/test_ssh_forcecommand.py): "
        + (f"skipped — {ssh}" if ssh else f"ran against {SSHD} on loopback"),
        "Browser tests (tests/web/): "
        + (f"skipped — {chromium}" if chromium else f"ran in {CHROMIUM} through Playwright"),
    ]
