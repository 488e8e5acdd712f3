"""The `messenger` command as an operator uses it: help, version, demo, admin and
db subcommands, exit codes, and one-line errors instead of tracebacks.

Most tests call ``cli.main(argv)`` in-process (fast argon2 from conftest); the
ones about what a terminal shows run the installed console script.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import stat
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

import cli
from models import accounts, demo, recovery
from models.db import close_database, database, open_database
from music import synth

ROOT = Path(__file__).resolve().parents[1]


_demo_tunes = functools.cache(synth.demo_tracks)  # deterministic; synthesised once per run


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test has its own data folder and no MESSENGER_DB from outside."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MESSENGER_DB", raising=False)
    monkeypatch.setattr(synth, "demo_tracks", _demo_tunes)
    yield
    close_database()
    database.initialize(None)


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'm.db'}"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``messenger ARGV…`` in-process: (exit code, stdout, stderr)."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:  # argparse: --help, --version, usage errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def messenger_command() -> list[str]:
    script = Path(sys.executable).parent / "messenger"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def run_process(tmp_path, *argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``messenger ARGV…`` as a separate process, the way a terminal runs it."""
    full_env = {**os.environ, "MESSENGER_HOME": str(tmp_path / "home"),
                "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("MESSENGER_DB", None) if "MESSENGER_DB" not in (env or {}) else None
    return subprocess.run(
        [*messenger_command(), *argv], capture_output=True, text=True, env=full_env,
        timeout=120, cwd=tmp_path,
    )


# ---------------------------------------------------------------- help, version, usage

@pytest.mark.parametrize("command", [
    [], ["demo"], ["admin"], ["admin", "users"], ["admin", "reset-password"], ["db"],
    ["db", "upgrade"], ["db", "check"], ["db", "backup"], ["music"], ["music", "import"],
])
def test_every_command_explains_itself(capsys, command):
    """`messenger … --help` prints a usage line and a description and exits 0."""
    code, out, _err = run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith(f"usage: messenger {' '.join(command)}".rstrip())
    assert "--db URL" in out or command in (["admin"], ["db"], ["music"])


def test_version_comes_from_the_installed_package(capsys):
    """`messenger --version` prints the package version."""
    code, out, _err = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"messenger {metadata.version('messenger')}"


@pytest.mark.parametrize("argv", [["admin"], ["--lang", "fr"], ["db", "backup"], ["frobnicate"]])
def test_a_usage_mistake_exits_with_2(capsys, argv):
    """A missing or unknown argument prints usage and exits with 2."""
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert "usage: messenger" in err


def test_without_a_command_the_app_starts_on_the_chosen_database(capsys, url, monkeypatch):
    """`messenger --db URL --lang ru` opens (and creates) that database first, then
    runs the app made for that URL in Russian."""
    import tui.app

    started = []

    class FakeApp:
        return_code = 0  # as Textual's App after a clean exit

        def run(self):
            started.append("run")

    def fake_make_app(db_url, *, lang=None):
        started.append((db_url, lang, database.obj is not None))
        return FakeApp()

    monkeypatch.setattr(tui.app, "make_app", fake_make_app)
    code, _out, _err = run(capsys, "--db", url, "--lang", "ru")
    assert code == 0
    assert started == [(url, "ru", True), "run"]
    assert Path(url.removeprefix("sqlite:///")).is_file()


# ---------------------------------------------------------------- bad databases

def test_an_unhealthy_file_is_one_line_and_exit_1_never_a_traceback(tmp_path):
    """Starting the app on a text file prints one sentence, exits 1, keeps the file."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    for argv in (["--db", f"sqlite:///{notes}"], ["db", "check", "--db", f"sqlite:///{notes}"]):
        result = run_process(tmp_path, *argv)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "not a SQLite database" in lines[0]
    assert notes.read_text() == "not a database\n"


def test_a_database_from_a_newer_release_is_refused(capsys, url):
    """Every command refuses a database with a schema newer than it knows."""
    open_database(url)
    database.obj.execute_sql("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    close_database()
    for argv in (["admin", "users"], ["db", "upgrade"], ["db", "check"]):
        code, _out, err = run(capsys, *argv, "--db", url)
        assert code == 1
        assert "newer" in err and "999" in err and len(err.strip().splitlines()) == 1


def test_an_unsupported_url_is_explained(capsys):
    code, _out, err = run(capsys, "--db", "mysql://root@localhost/chat", "admin", "users")
    assert code == 1 and "postgresql://" in err


def test_messenger_db_environment_variable_picks_the_database(tmp_path):
    """With MESSENGER_DB set and no --db, commands use that database."""
    target = tmp_path / "from-env.db"
    result = run_process(tmp_path, "db", "upgrade", env={"MESSENGER_DB": f"sqlite:///{target}"})
    assert result.returncode == 0, result.stderr
    assert "from version 0 to" in result.stdout
    assert target.is_file() and not (tmp_path / "home" / "messenger.db").exists()


# ---------------------------------------------------------------- demo and admin

def test_demo_loads_and_prints_the_credentials(capsys, url):
    """`messenger demo` loads the community and prints the shared password, the
    logins and where they are documented; a second plain run refuses."""
    code, out, _err = run(capsys, "demo", "--db", url)
    assert code == 0
    assert demo.DEMO_PASSWORD in out
    assert "anna" in out and "michail" in out and "data/README.md" in out
    code, _out, err = run(capsys, "demo", "--db", url)
    assert code == 1 and "already loaded" in err


def test_demo_if_new_loads_once_then_does_nothing(capsys, url):
    """`messenger demo --if-new` (what `make run` calls) loads into an empty database
    and leaves a database with accounts alone."""
    code, out, _err = run(capsys, "--db", url, "demo", "--if-new", "--quiet")
    assert code == 0 and demo.DEMO_PASSWORD in out
    open_database(url)
    before = database.obj.execute_sql('SELECT COUNT(*) FROM "user"').fetchone()[0]
    close_database()
    code, out, _err = run(capsys, "demo", "--if-new", "--db", url)
    assert code == 0 and "not loaded" in out
    code, out, _err = run(capsys, "demo", "--if-new", "--quiet", "--db", url)
    assert code == 0 and out == ""
    open_database(url)
    assert database.obj.execute_sql('SELECT COUNT(*) FROM "user"').fetchone()[0] == before


def test_admin_users_lists_the_demo_people(capsys, url):
    """`messenger admin users` prints a table of every account with dates."""
    run(capsys, "demo", "--db", url)
    code, out, _err = run(capsys, "admin", "users", "--db", url)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "LOGIN", "NAME", "CREATED", "LAST", "SEEN"]
    assert len(lines) == 1 + len(demo.read_data("people"))
    anna = next(line for line in lines if " anna " in line)
    assert "Анна Иванова" in anna and re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", anna)
    alex = next(line for line in lines if " alex " in line)
    assert alex.rstrip().endswith("never")


def test_admin_users_on_an_empty_database(capsys, url):
    code, out, _err = run(capsys, "admin", "users", "--db", url)
    assert code == 0 and out.strip() == "No accounts yet."


def test_reset_password_prints_a_code_that_works_once(capsys, url):
    """The operator's code lets anna set a new password and log in with it; the
    same code does not work twice."""
    run(capsys, "demo", "--db", url)
    code, out, _err = run(capsys, "admin", "reset-password", "anna", "--db", url)
    assert code == 0 and "15 minutes" in out
    reset_code = re.search(r"One-time reset code for anna: (\S+)", out).group(1)
    open_database(url)
    recovery.reset_password_with_code("anna", reset_code, "a-brand-new-mountain-password")
    assert accounts.log_in("anna", "a-brand-new-mountain-password").login == "anna"
    with pytest.raises(Exception) as again:
        recovery.reset_password_with_code("anna", reset_code, "yet-another-long-password")
    assert type(again.value).__name__ == "AuthenticationError"


def test_reset_password_for_an_unknown_login(capsys, url):
    code, _out, err = run(capsys, "admin", "reset-password", "nobody", "--db", url)
    assert code == 1
    assert "nobody" in err and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- db

def test_db_upgrade_prints_from_and_to(capsys, url):
    """A new database is upgraded from 0; a second run says it is up to date."""
    from models.migrations import SCHEMA_VERSION

    code, out, _err = run(capsys, "db", "upgrade", "--db", url)
    assert code == 0 and out.strip() == f"Schema upgraded from version 0 to {SCHEMA_VERSION}."
    code, out, _err = run(capsys, "db", "upgrade", "--db", url)
    assert code == 0 and "up to date" in out


def test_db_check_healthy_and_corrupted(capsys, tmp_path, url):
    """`messenger db check` says healthy (exit 0) for a good database and lists the
    problems (exit 1) once a page of it is overwritten."""
    run(capsys, "demo", "--db", url)
    code, out, _err = run(capsys, "db", "check", "--db", url)
    assert code == 0 and "healthy" in out
    path = Path(url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'post'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size:root * page_size] = bytes(page_size)  # the posts are gone
    path.write_bytes(bytes(data))
    code, out, err = run(capsys, "db", "check", "--db", url)
    assert code == 1
    assert "problem" in out + err and "Traceback" not in err


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from models.db import open_database, writes
    from models.schema import Meta

    open_database(sys.argv[1])
    stop = Path(sys.argv[2])

    @writes
    def put(i):
        Meta.insert(key=f"w{i:06d}", value="x" * 500).execute()

    put(0)
    print("ready", flush=True)
    i = 1
    while not stop.exists():
        put(i)
        i += 1
    print(i, flush=True)
""")


def test_db_backup_while_another_process_writes(tmp_path, url):
    """A backup taken while another process keeps writing is a healthy database
    with the same tables, private to its owner; an existing file is never overwritten."""
    assert run_process(tmp_path, "db", "upgrade", "--db", url).returncode == 0
    stop = tmp_path / "stop-writing"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(stop)], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path,
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        dest = tmp_path / "backup.db"
        result = run_process(tmp_path, "db", "backup", str(dest), "--db", url)
    finally:
        stop.touch()
        written = writer.stdout.readline().strip()
        writer.wait(timeout=60)
    assert writer.returncode == 0 and written.isdigit()
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600

    def schema(path):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            return (conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
                    .fetchall(), conn.execute("SELECT COUNT(*) FROM meta").fetchone()[0])
        finally:
            conn.close()

    backup_schema, backup_rows = schema(dest)
    live_schema, live_rows = schema(Path(url.removeprefix("sqlite:///")))
    assert backup_schema == live_schema
    assert 2 <= backup_rows <= live_rows

    again = run_process(tmp_path, "db", "backup", str(dest), "--db", url)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr


# ---------------------------------------------------------------- music

def _person(url: str, login: str = "anna") -> None:
    open_database(url)
    accounts.register(login, "Анна", "Иванова", demo.DEMO_PASSWORD)
    close_database()


def test_music_import_reports_imported_duplicate_and_failed(capsys, tmp_path, url):
    """`messenger music import FOLDER FILE… --user anna` says, file by file, what
    was imported, what was already there and what failed and why."""
    _person(url)
    folder = tmp_path / "albums"
    folder.mkdir()
    (folder / "la.wav").write_bytes(synth.tone(440.0, 0.5))
    (folder / "mi.wav").write_bytes(synth.tone(660.0, 0.5))
    (folder / "broken.wav").write_text("this is not audio")
    (folder / "cover.txt").write_text("liner notes")
    code, out, _err = run(capsys, "music", "import", str(folder), "--user", "anna", "--db", url)
    assert code == 0
    assert "imported   “la”" in out and "imported   “mi”" in out
    failed = [line for line in out.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and "broken.wav" in failed[0] and len(failed[0]) > 40
    assert "cover.txt" not in out
    assert out.splitlines()[-1] == "2 imported, 0 already there, 1 failed."

    code, out, _err = run(capsys, "music", "import", str(folder / "la.wav"),
                          str(tmp_path / "missing.wav"), "--user", "ANNA", "--db", url)
    assert code == 0
    assert out.splitlines()[0].startswith("duplicate  “la”")
    assert out.splitlines()[1].startswith(f"failed     {tmp_path / 'missing.wav'}")
    assert out.splitlines()[-1] == "0 imported, 1 already there, 1 failed."


def test_music_import_refuses_an_unknown_person_and_all_failures(capsys, tmp_path, url):
    """An unknown --user is one line and exit 1; when every file fails, exit 1 too."""
    _person(url)
    junk = tmp_path / "junk.mp3"
    junk.write_text("not audio")
    code, _out, err = run(capsys, "music", "import", str(junk), "--user", "nobody", "--db", url)
    assert code == 1 and "nobody" in err and len(err.strip().splitlines()) == 1
    code, out, _err = run(capsys, "music", "import", str(junk), "--user", "anna", "--db", url)
    assert code == 1 and out.splitlines()[-1] == "0 imported, 0 already there, 1 failed."
