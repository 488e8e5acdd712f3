"""Where the database is: the URL from ``--db``, ``MESSENGER_DB`` or the default
file in the data directory, and the file a ``sqlite:///`` URL names."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import DatabaseError, msg


def data_dir() -> Path:
    """``$MESSENGER_HOME``, else the XDG data directory's ``messenger`` folder."""
    home = os.environ.get("MESSENGER_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("messenger", appauthor=False))


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'messenger.db'}"


def resolve_url(url: str | None) -> str:
    """``--db`` beats ``MESSENGER_DB`` beats the default file."""
    return url or os.environ.get("MESSENGER_DB") or default_url()


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///…`` URL, or ``None`` for other backends."""
    parsed = urlparse(url)
    if parsed.scheme != "sqlite":
        return None
    path = unquote(parsed.path)
    if path.startswith("/"):
        path = path[1:]  # sqlite:///rel.db -> rel.db, sqlite:////abs.db -> /abs.db
    if not path or path == ":memory:":
        raise DatabaseError("Give the SQLite database a file name, e.g. sqlite:///messenger.db.")
    return Path(path).expanduser()


def read_only_error(path: Path) -> DatabaseError | None:
    """Why this process may read the SQLite database at ``path`` but not write it
    (the file, or the folder where SQLite keeps its -wal and -shm files), or
    ``None``. ``os.access`` asks the kernel, so a read-only mount counts too."""
    if not os.access(path, os.W_OK):
        return DatabaseError(
            msg(
                "The database {path} is read-only for you: Messenger can read it but not "
                "write to it, and it writes from the first log-in on. Ask its owner for "
                "write access (a shared database needs a group that may write the file "
                "and its folder), or work on a copy in a folder of yours.",
                path=path,
            )
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return DatabaseError(
            msg(
                "The folder {folder} is read-only for you: Messenger can read the database "
                "in it but not write to it (SQLite keeps its -wal and -shm files beside "
                "the database). Ask its owner for write access to the folder, or work on "
                "a copy in a folder of yours.",
                folder=path.parent,
            )
        )
    return None


def inspection_uri(path: Path) -> str:
    """A URI that reads the SQLite database at ``path`` without changing a byte of
    it: read-only while a -wal file exists (a read-write connection would copy
    its pages into the database as it closes, the last one to), read-write
    otherwise, so that the -wal and -shm files it makes are removed again."""
    wal = path.with_name(path.name + "-wal")
    mode = "ro" if wal.exists() else "rw"
    return f"{path.absolute().as_uri()}?mode={mode}"


def restrict_mode(path: Path) -> None:
    """Keep the file owner-only unless an operator widened it on purpose
    (a group-shared 0660 database for one host is a documented set-up)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o007:
            os.chmod(path, mode & 0o770)
    except OSError:
        pass
