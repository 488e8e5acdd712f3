"""`make test` on a machine with nothing installed by hand: the PostgreSQL half runs
on a throw-away server of the session's own, a missing outside tool skips with a
reason naming its package, and the run ends by saying what ran."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import optional_parts

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _throw_away_servers() -> set[str]:
    found = subprocess.run(["pgrep", "-f", "messenger-test-pg-"], capture_output=True, text=True)
    return set(found.stdout.split())


ONE_DOMAIN_TEST = "tests/models/test_people.py::test_search_paging_returns_every_match_once"


def _env_naming_no_server() -> dict:
    """This process's environment as a fresh ``make test`` sees it: no server
    named, not an xdist worker, none of this run's pytest options."""
    return {k: v for k, v in os.environ.items()
            if k not in ("MESSENGER_TEST_PG", "PYTEST_XDIST_WORKER", "PYTEST_ADDOPTS")}


def _run_one_domain_test(env: dict) -> tuple[int, str]:
    """A domain test run in its own pytest, on both backends: its exit code and output."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-v",
         ONE_DOMAIN_TEST],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


def test_missing_sshd_skips_with_the_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(optional_parts, "SSHD", str(tmp_path / "no-sshd"))
    reason = optional_parts.openssh_missing()
    assert reason == "OpenSSH server not installed: apt-get install openssh-server"
    assert any("skipped — " + reason in line for line in optional_parts.optional_parts())


def test_missing_chromium_skips_the_browser_tests_with_the_package_to_install(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(optional_parts, "CHROMIUM", str(tmp_path / "no-chromium"))
    reason = optional_parts.chromium_missing()
    assert reason == "Chromium not installed: apt-get install chromium"
    assert any("Browser tests (tests/web/): skipped — " + reason in line
               for line in optional_parts.optional_parts())


def test_without_a_configured_server_the_postgresql_half_runs_on_its_own():
    """A domain test run with MESSENGER_TEST_PG unset passes on both backends, and the
    summary names the PostgreSQL it started; the server is gone afterwards."""
    env = _env_naming_no_server()
    before = _throw_away_servers()
    returncode, out = _run_one_domain_test(env)
    assert returncode == 0, out
    assert "[sqlite] PASSED" in out and "[postgresql] PASSED" in out, out
    assert "backends: SQLite; PostgreSQL " in out and "a throw-away server from" in out, out
    assert _throw_away_servers() <= before, "the throw-away server still runs"


def test_off_runs_the_sqlite_half_and_says_so():
    env = _env_naming_no_server()
    env["MESSENGER_TEST_PG"] = "off"
    returncode, out = _run_one_domain_test(env)
    assert returncode == 0, out
    assert "[sqlite] PASSED" in out and "[postgresql]" not in out.split("what ran")[0], out
    assert "PostgreSQL: not run (MESSENGER_TEST_PG=off)" in out, out


def test_as_root_with_a_plain_path_the_server_still_starts():
    """Root's PATH without the sbin folders (``env -i``, cron): the server runs
    as its own user all the same (Python switches to it; ``runuser`` is in
    /usr/sbin, and the run once stopped before any test without it)."""
    env = _env_naming_no_server()
    env["PATH"] = "/usr/bin:/bin"
    before = _throw_away_servers()
    returncode, out = _run_one_domain_test(env)
    assert returncode == 0, out
    assert "[postgresql] PASSED" in out, out
    assert _throw_away_servers() <= before, "the throw-away server still runs"


def test_with_no_account_to_run_it_as_the_message_says_what_to_do(monkeypatch):
    """No ``postgres`` account, none can be added, and no ``nobody``: a message
    naming what to do, not a bare KeyError."""
    from tests import pg_server

    def no_account(name):
        raise KeyError(name)

    monkeypatch.setattr(pg_server.pwd, "getpwnam", no_account)
    monkeypatch.setattr(pg_server, "_system_tool", lambda name: None)
    with pytest.raises(RuntimeError, match="MESSENGER_TEST_PG"):
        pg_server._server_user()


def test_where_no_account_can_be_added_the_server_runs_as_nobody(monkeypatch):
    from tests import pg_server

    real = pg_server.pwd.getpwnam

    def only_nobody(name):
        if name != pg_server.LAST_RESORT_USER:
            raise KeyError(name)
        return real(name)

    monkeypatch.setattr(pg_server.pwd, "getpwnam", only_nobody)
    monkeypatch.setattr(pg_server, "_system_tool", lambda name: None)
    assert pg_server._server_user() == "nobody"
    as_nobody = pg_server._as_user("nobody")
    assert as_nobody["user"] == real("nobody").pw_uid and as_nobody["user"] != 0
