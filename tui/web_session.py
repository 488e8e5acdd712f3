"""What changes when the app runs for a browser tab (``messenger serve``).

The server (web/) starts each tab's app with ``MESSENGER_WEB_SESSION=1`` and
``MESSENGER_UPLOAD_DIR`` in its environment; a visitor can send keys and a
window size, never an environment, so a visitor cannot turn this off.

In a web session the app runs on the server, for someone who is not there:
- the player would play on the server's speakers: it stays off, and says so;
- the file pickers would show the server's disk: they show the upload folder
  only, and a typed path outside it is refused — or, with no upload folder,
  they do not open and say why.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .i18n import _

WEB_SESSION_ENV = "MESSENGER_WEB_SESSION"
UPLOAD_DIR_ENV = "MESSENGER_UPLOAD_DIR"


@dataclass(frozen=True)
class WebSession:
    """A browser tab's session; ``upload_dir`` None: no files may be picked."""

    upload_dir: Path | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> WebSession | None:
        environ = os.environ if environ is None else environ
        if environ.get(WEB_SESSION_ENV) != "1":
            return None
        folder = environ.get(UPLOAD_DIR_ENV, "")
        return cls(Path(folder).resolve() if folder else None)

    def allows(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` — symbolic links and ``..`` followed — is inside the upload folder."""
        if self.upload_dir is None:
            return False
        try:
            real = Path(os.path.realpath(os.fspath(path)))
        except (OSError, ValueError):
            return False
        return real == self.upload_dir or self.upload_dir in real.parents


def _session(app) -> WebSession | None:
    return getattr(app, "web_session", None)


def files_refusal(app) -> str | None:
    """Why no file can be picked in this app (a web session without an upload
    folder), or None."""
    session = _session(app)
    if session is not None and session.upload_dir is None:
        return _("Choosing files is off in the web app. Use the terminal app, or ask "
                 "the operator for an upload folder.")
    return None


def path_refusal(app, path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` may not be read here (outside the upload folder), or None."""
    session = _session(app)
    if session is None:
        return None
    if refusal := files_refusal(app):
        return refusal
    if not session.allows(path):
        return _("In the web app only files in the upload folder can be chosen.")
    return None


def picker_start(app, default: Path | None) -> Path | None:
    """Where a file picker opens: the upload folder in a web session."""
    session = _session(app)
    return session.upload_dir if session is not None else default
