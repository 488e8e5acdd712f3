"""``messenger serve``: the options, and the server started with them (web/)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from models.errors import DomainError

from .commands import _url

_DURATION = re.compile(r"^\s*(\d+)\s*([smh]?)\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "": 60}


def duration(text: str) -> float:
    """``30m``, ``90s``, ``2h`` or plain minutes → seconds (``0``: never)."""
    match = _DURATION.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 30m, 90s, 2h)")
    return float(int(match.group(1)) * _UNIT[match.group(2)])


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return value


def add_parser(sub, db_option) -> None:
    serve = sub.add_parser(
        "serve", help="serve the app to web browsers (textual-serve)",
        description="Serve Messenger as a web page: each browser tab runs its own app "
        "process on the database, with its own log-in. Listens on 127.0.0.1 unless "
        "--host says otherwise; let people in through a TLS reverse proxy only (README: "
        "In a browser).",
    )
    db_option(serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--public-url", metavar="URL", default=None,
                       help="the address people open, e.g. https://chat.example.org "
                       "(default: http://HOST:PORT)")
    serve.add_argument("--max-sessions", type=positive, default=50, metavar="N",
                       help="browser tabs open at once; one more gets a 'full' page "
                       "(default: 50)")
    serve.add_argument("--idle-timeout", type=duration, default=30 * 60.0, metavar="TIME",
                       help="close a tab after this long without a key, click or resize: "
                       "30m, 90s, 2h; 0 never (default: 30m)")
    serve.add_argument("--upload-dir", metavar="DIR", default=None,
                       help="the only folder web visitors may pick files from (avatars, "
                       "music import); without it the file pickers are off in the browser")
    serve.add_argument("--lang", choices=("en", "ru"), default=argparse.SUPPRESS,
                       help="language of the interface (default: from the server's locale)")
    serve.set_defaults(handler=run_server)


def app_command(lang: str | None) -> list[str]:
    """The one command a tab runs: this Python, the app, no shell (-P: the current
    folder is not searched for modules)."""
    argv = [sys.executable, "-P", "-m", "cli"]
    if lang:
        argv += ["--lang", lang]
    return argv


def run_server(args: argparse.Namespace) -> int:
    try:
        from web.server import MessengerServer
    except ImportError as exc:
        raise DomainError(
            f"the web server needs textual-serve ({exc.name} is missing): "
            "pip install textual-serve"
        ) from exc
    from models.db import close_database, open_database
    from tui.i18n import detect_language, set_language

    public = args.public_url
    if public is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", public):
        raise DomainError(f"--public-url: not an address like https://chat.example.org: "
                          f"{public}")
    if public is not None:
        public = public.rstrip("/")
    url = _url(args)
    open_database(url)  # a damaged or too-new database is reported now, not per tab
    close_database()
    # empty: pickers off, whatever the server's own environment says
    env = {"MESSENGER_DB": url, "MESSENGER_WEB_SESSION": "1", "MESSENGER_UPLOAD_DIR": ""}
    if args.upload_dir:
        folder = Path(args.upload_dir).expanduser().resolve()
        if not folder.is_dir():
            raise DomainError(f"--upload-dir: no such folder: {args.upload_dir}")
        env["MESSENGER_UPLOAD_DIR"] = str(folder)
    lang = getattr(args, "lang", None)
    set_language(detect_language(lang))
    server = MessengerServer(
        app_command(lang), env, host=args.host, port=args.port, public_url=public,
        max_sessions=args.max_sessions, idle_timeout=args.idle_timeout,
    )
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not this machine's
        raise DomainError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return 0
