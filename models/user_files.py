"""Reading a file a person chose (an avatar, a track), and showing its name.

``read_user_file`` is the one way the app reads such a file. It opens the path
with ``O_NOFOLLOW | O_NONBLOCK`` (a named pipe cannot hang it, a symbolic link
is refused unless asked for), checks what the *opened* descriptor is with
``fstat`` (a regular file, not a device, pipe, socket or folder, and not over
the limit) before reading a byte, and then reads at most ``limit + 1`` bytes,
so ``/dev/zero`` or a file that grows while it is read cannot fill memory.

``shown_path`` turns any file name from the disk — ``bytes``, or ``str`` with
the surrogate escapes Python uses for bytes that are not UTF-8 — into text
that can be printed, drawn and stored: undecodable bytes become U+FFFD and
control characters are removed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import ValidationError, msg
from .text import clean_line

MB = 1024 * 1024
_CHUNK = 1024 * 1024


def shown_path(path: str | bytes | os.PathLike) -> str:
    """``path`` as printable text: undecodable bytes as "�", no control characters."""
    raw = os.fsencode(path)
    return clean_line(raw.decode("utf-8", "replace"))


def may_exist(path: str | os.PathLike) -> bool:
    """Whether something may be at ``path``: ``False`` only when the disk says
    plainly there is nothing there; a path that cannot be asked about (no
    permission, a name too long) may hold something, and reading it says why not."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError):
        return True
    return True


def megabytes(size: int) -> float:
    """``1572864`` → ``1.5``: the size in MB to one decimal, for ``{:g} MB`` in messages."""
    return round(size / MB, 1)


def _refuse(reason) -> ValidationError:
    return ValidationError(reason, field="path")


def _unreadable(shown: str, exc: OSError) -> ValidationError:
    if isinstance(exc, PermissionError):
        return _refuse(msg("{path} cannot be read: permission denied.", path=shown))
    if exc.strerror:
        return _refuse(msg("{path} cannot be read: {reason}.", path=shown, reason=exc.strerror))
    return _refuse(msg("{path} cannot be read: unknown error.", path=shown))


def _kind_refusal(mode: int, shown: str) -> ValidationError | None:
    """Why a file of this ``st_mode`` is not read, or ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _refuse(msg("{path} is a folder; choose a file inside it.", path=shown))
    if stat.S_ISFIFO(mode):
        return _refuse(msg("{path} is not a regular file (it is a named pipe).", path=shown))
    if stat.S_ISSOCK(mode):
        return _refuse(msg("{path} is not a regular file (it is a socket).", path=shown))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _refuse(msg("{path} is not a regular file (it is a device).", path=shown))
    return _refuse(msg("{path} is not a regular file.", path=shown))


def _open(path: Path, shown: str, follow_symlinks: bool) -> int:
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    try:
        return os.open(path, flags)
    except (FileNotFoundError, ValueError):  # ValueError: a NUL byte, no file can be named so
        raise _refuse(msg("There is no file at {path}.", path=shown)) from None
    except OSError as exc:
        if not follow_symlinks and os.path.islink(path):
            # O_NOFOLLOW on a link: ELOOP, which says nothing to a person
            raise _refuse(msg(
                "{path} is a symbolic link; choose the file it points to.", path=shown
            )) from None
        raise _unreadable(shown, exc) from None


def read_user_file(
    path: str | bytes | os.PathLike, limit: int, *, follow_symlinks: bool = False
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Refusals are ``ValidationError(field="path")`` that name the file as
    ``shown_path`` gives it: missing, a folder, a device, a pipe, a socket, a
    symbolic link (unless ``follow_symlinks``), unreadable, or larger than
    ``limit`` — all decided before the first byte is read.
    """
    shown = shown_path(path)
    if not shown.strip():
        raise ValidationError("Give the path of a file.", field="path")
    target = Path(os.fsdecode(path)).expanduser()
    fd = _open(target, shown, follow_symlinks)
    try:
        info = os.fstat(fd)
        refusal = _kind_refusal(info.st_mode, shown)
        if refusal is not None:
            raise refusal
        if info.st_size > limit:
            raise _refuse(msg(
                "{path} is {size:g} MB; the limit is {limit:g} MB.",
                path=shown, size=megabytes(info.st_size), limit=megabytes(limit),
            ))
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may have grown since fstat()
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            except OSError as exc:
                raise _unreadable(shown, exc) from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise _refuse(msg(
            "{path} is larger than {limit:g} MB.", path=shown, limit=megabytes(limit)
        ))
    return b"".join(chunks)
