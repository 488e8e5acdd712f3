"""A healthy database that this person may read but not write — its folder or the
file itself read-only — is refused with what is true (read-only, so Messenger
could read it but not write), never called damaged or "not a database"; the
file stays as it was.

Tests run as root here, where permission bits do not stop anyone, so the check
runs in a forked child that has dropped to the ``nobody`` user (every module it
needs is imported before the fork); as another user, the child keeps its user.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

import cli
from models.db import close_database, database, open_database

NOBODY = pwd.getpwnam("nobody")


def _as_another_user(call) -> tuple[int, str]:
    """Run ``call()`` in a forked child as ``nobody`` (when we are root); returns
    (the child's exit code, what it wrote to its pipe)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 3
        try:
            os.close(read_end)
            if os.getuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY.pw_gid)
                os.setuid(NOBODY.pw_uid)
            code, text = call()
            os.write(write_end, text.encode())
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            os.write(write_end, f"child failed: {type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode()


@pytest.fixture
def shared_dir(monkeypatch):
    """A folder outside root's private tmp_path, so that `nobody` can reach it."""
    base = Path(tempfile.mkdtemp(prefix="messenger-ro-"))
    base.chmod(0o755)
    monkeypatch.setenv("MESSENGER_HOME", str(base / "home"))
    monkeypatch.delenv("MESSENGER_DB", raising=False)
    yield base
    for path in [base, *base.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(base)
    close_database()
    database.initialize(None)


def _healthy_database(folder: Path) -> Path:
    folder.mkdir(mode=0o755)
    path = folder / "m.db"
    open_database(f"sqlite:///{path}")
    close_database()
    database.initialize(None)
    os.chown(folder, NOBODY.pw_uid, NOBODY.pw_gid)
    os.chown(path, NOBODY.pw_uid, NOBODY.pw_gid)
    return path


def _read_only_folder(base: Path) -> Path:
    path = _healthy_database(base / "db")
    os.chown(path.parent, 0, 0)  # the folder is root's: nobody may not add -wal/-shm there
    path.parent.chmod(0o755)
    if os.getuid() != 0:
        path.parent.chmod(0o555)
    return path


def _read_only_file(base: Path) -> Path:
    path = _healthy_database(base / "db")
    path.chmod(0o400)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("make", "words"), [
    (_read_only_folder, "The folder"), (_read_only_file, "is read-only for you"),
])
@pytest.mark.parametrize("argv", [[], ["db", "check"], ["demo"]])
def test_a_read_only_database_is_called_read_only(shared_dir, make, words, argv):
    path = make(shared_dir)
    before = _sha(path)
    files_before = sorted(p.name for p in path.parent.iterdir())
    (shared_dir / "home").mkdir(mode=0o777)
    (shared_dir / "home").chmod(0o777)

    def run_cli():
        import contextlib
        import io

        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main([*argv, "--db", f"sqlite:///{path}"])
        return code, err.getvalue()

    cli.build_parser()  # what the child imports lazily is imported here, as root
    import models.demo  # noqa: F401
    import models.maintenance  # noqa: F401

    code, err = _as_another_user(run_cli)
    assert not err.startswith("child failed"), err
    assert code == 1, err
    assert words in err and "read-only" in err and "can read it" in err.replace(
        "can read the database in it", "can read it")
    assert "damaged" not in err and "not a database" not in err
    assert _sha(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == files_before


def test_the_owner_still_opens_it(shared_dir):
    """The same folder and file are fine for someone who may write them."""
    path = _read_only_file(shared_dir)
    path.chmod(0o600)
    open_database(f"sqlite:///{path}")
