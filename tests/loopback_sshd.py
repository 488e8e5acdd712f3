"""A throw-away OpenSSH server on loopback and a terminal (pty) to reach it with.

``LoopbackSshd`` writes everything it needs (host key, client key,
authorized_keys, sshd_config, pid file, log) into one folder, listens on a
free port of 127.0.0.1 and runs one ``ForceCommand`` for the account that runs
the tests. ``PtyTerminal`` starts a command on a pseudo-terminal of a fixed size
and reads what it draws, so a test can wait for words on the screen and type.
"""

from __future__ import annotations

import fcntl
import getpass
import os
import re
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path

from .optional_parts import SSHD  # Debian's openssh-server; .ci/run installs it when missing

INSTALL_HINT = (
    f"{SSHD} is missing: install Debian's openssh-server "
    "(apt-get install -y openssh-server; .ci/run does it on a fresh machine)"
)

# CSI (cursor moves, colours, modes), OSC (titles, clipboard), and the short
# two-byte escapes: what is left is the text the program drew.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1bP[^\x1b]*\x1b\\"
    r"|\x1b[()*+][0-9A-Za-z]"
    r"|\x1b[0-9=>A-Za-z]"
)


def screen_text(raw: bytes) -> str:
    """The characters in a terminal byte stream, escape sequences removed."""
    return _ESCAPES.sub("", raw.decode("utf-8", errors="replace"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LoopbackSshd:
    """``sshd -D`` on 127.0.0.1 that lets one key in, as the user running the tests,
    and runs ``force_command`` (a shell command line) instead of a shell."""

    def __init__(self, folder: Path, force_command: str) -> None:
        self.folder = folder
        self.force_command = force_command
        self.user = getpass.getuser()
        self.port = 0
        self.client_key = folder / "client_ed25519"
        self.log = folder / "sshd.log"
        self.process: subprocess.Popen | None = None

    # ------------------------------------------------------------ set-up

    def start(self, timeout: float = 10.0) -> None:
        if not os.access(SSHD, os.X_OK):
            raise RuntimeError(INSTALL_HINT)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._keys()
        if os.geteuid() == 0:
            # sshd running as root insists on its privilege-separation directory;
            # Debian's package creates it at boot, a container may not have booted one.
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        for _attempt in range(5):  # a free port can be taken between asking and binding
            self.port = _free_port()
            config = self._write_config()
            with open(self.log, "ab") as log:
                self.process = subprocess.Popen(
                    [SSHD, "-D", "-e", "-f", str(config)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                    start_new_session=True,
                )
            if self._wait_listening(timeout):
                return
            self.stop()
        raise RuntimeError(f"sshd did not start; its log says:\n{self.log.read_text()}")

    def _keys(self) -> None:
        host_key = self.folder / "host_ed25519"
        for key in (host_key, self.client_key):
            if not key.exists():
                subprocess.run(
                    ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key.name, "-f", str(key)],
                    check=True, stdin=subprocess.DEVNULL,
                )
        public = (self.folder / "client_ed25519.pub").read_text().strip()
        # The same key options the README gives the shared account: a terminal, nothing else.
        (self.folder / "authorized_keys").write_text(f"restrict,pty {public}\n")

    def _write_config(self) -> Path:
        config = self.folder / "sshd_config"
        config.write_text(
            "\n".join([
                "ListenAddress 127.0.0.1",
                f"Port {self.port}",
                f"HostKey {self.folder / 'host_ed25519'}",
                f"AuthorizedKeysFile {self.folder / 'authorized_keys'}",
                f"PidFile {self.folder / 'sshd.pid'}",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                f"AllowUsers {self.user}",
                "LogLevel VERBOSE",
                f"Match User {self.user}",
                f"    ForceCommand {self.force_command}",
                "    PermitTTY yes",
                "    AllowTcpForwarding no",
                "    AllowStreamLocalForwarding no",
                "    X11Forwarding no",
                "    AllowAgentForwarding no",
                "    PermitTunnel no",
                "    PermitUserRC no",
                "",
            ])
        )
        return config

    def _wait_listening(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        """Kill sshd and every session it started (they share its process group)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None

    # ------------------------------------------------------------ the client

    def client_command(self) -> list[str]:
        """The ``ssh`` a person would type, with throw-away host-key checking."""
        return [
            shutil.which("ssh") or "ssh", "-tt", "-F", "/dev/null",
            "-i", str(self.client_key), "-p", str(self.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            f"{self.user}@127.0.0.1",
        ]

    @staticmethod
    def quote(*words: str) -> str:
        return " ".join(shlex.quote(word) for word in words)


class PtyTerminal:
    """A command on a ``columns``×``rows`` pseudo-terminal; everything it writes is kept."""

    def __init__(self, argv: list[str], *, columns: int = 100, rows: int = 30,
                 env: dict[str, str] | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self._master = master
        self._output = bytearray()
        self._changed = threading.Condition()
        self._closed = False
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env,
            start_new_session=True, close_fds=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: the other side closed
                chunk = b""
            with self._changed:
                if not chunk:
                    self._closed = True
                    self._changed.notify_all()
                    return
                self._output += chunk
                self._changed.notify_all()

    @property
    def text(self) -> str:
        with self._changed:
            return screen_text(bytes(self._output))

    def mark(self) -> int:
        """A position in the output: ``wait_for(..., since=mark)`` looks only after it."""
        with self._changed:
            return len(self._output)

    def wait_for(self, words: str, *, timeout: float, since: int = 0) -> str:
        """Wait until ``words`` are drawn; AssertionError with the screen text otherwise."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                text = screen_text(bytes(self._output[since:]))
                if words in text:
                    return text
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    raise AssertionError(
                        f"{words!r} never appeared on the terminal; it shows:\n{text[-3000:]}"
                    )
                self._changed.wait(remaining)

    def wait_for_bytes(self, pattern: bytes, *, timeout: float, since: int = 0) -> None:
        """Wait until the raw output (escape sequences kept) matches the regex ``pattern``."""
        compiled = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while not compiled.search(self._output, since):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    raise AssertionError(
                        f"{pattern!r} never appeared on the terminal; it shows:\n"
                        f"{screen_text(bytes(self._output[since:]))[-3000:]}"
                    )
                self._changed.wait(remaining)

    def type(self, keys: str | bytes) -> None:
        os.write(self._master, keys.encode() if isinstance(keys, str) else keys)

    def wait_exit(self, timeout: float) -> int:
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=5)
        self._reader.join(timeout=5)
        try:
            os.close(self._master)
        except OSError:
            pass
