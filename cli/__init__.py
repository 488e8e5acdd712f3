"""The ``messenger`` command: the app and the operator subcommands.

Exit codes: 0 done, 1 a refusal or a database problem (one readable line on
stderr, never a traceback), 2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from models.errors import DomainError
from models.text import clean_line

PROG = "messenger"


def _version() -> str:
    from importlib import metadata  # 35 ms: not before the app takes the terminal

    try:
        return metadata.version("messenger")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def _db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Accepted before or after the subcommand; the subcommand's copy must not
    # reset a value given before it, hence SUPPRESS below the top level.
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None if top else argparse.SUPPRESS,
        help="database URL: sqlite:///path.db or postgresql://user@host/db "
        "(default: $MESSENGER_DB, else messenger.db in the data directory)",
    )
    _insecure_option(parser, top=top)


def _insecure_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--insecure",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="allow a PostgreSQL server on another machine without TLS (sslmode) "
        "in the URL; also MESSENGER_DB_INSECURE=1",
    )


def build_parser() -> argparse.ArgumentParser:
    from . import commands

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A keyboard-driven social network and messenger for the terminal. "
        "Without a command it starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    _db_option(parser, top=True)
    parser.add_argument(
        "--lang", choices=("en", "ru"), default=None,
        help="language of the interface (default: from the locale)",
    )
    parser.set_defaults(handler=commands.run_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = sub.add_parser(
        "demo", help="load the demo community and print its logins",
        description="Load the demo community (people, posts, friends, communities, "
        "dialogs, music) and print the logins and the shared password.",
    )
    _db_option(demo)
    demo.add_argument(
        "--if-new", action="store_true",
        help="load only when the database has no accounts yet (otherwise do nothing)",
    )
    demo.add_argument("--quiet", action="store_true", help="print one line, not the full list")
    demo.set_defaults(handler=commands.demo)

    admin = sub.add_parser(
        "admin", help="account administration",
        description="Account administration for the operator of this database.",
    )
    admin_sub = admin.add_subparsers(title="admin commands", metavar="ACTION", required=True)
    users = admin_sub.add_parser(
        "users", help="list accounts",
        description="List every account: id, login, name, when it was created, when last seen. "
        "Names are shown without control characters; --json gives them exactly, escaped.",
    )
    _db_option(users)
    users.add_argument(
        "--json", action="store_true",
        help="print a JSON array of accounts (id, login, first_name, last_name, "
        "created_at, last_seen_at) for scripts",
    )
    users.set_defaults(handler=commands.admin_users)
    reset = admin_sub.add_parser(
        "reset-password", help="print a one-time password reset code",
        description="Print a one-time code that lets LOGIN choose a new password on the "
        "log-in screen (\"Forgot password\"). It works once and expires in 15 minutes.",
    )
    _db_option(reset)
    reset.add_argument("login", metavar="LOGIN", help="the account's login")
    reset.set_defaults(handler=commands.admin_reset_password)

    dbp = sub.add_parser(
        "db", help="schema upgrade, integrity check, backup",
        description="Maintenance of the database itself.",
    )
    db_sub = dbp.add_subparsers(title="db commands", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser(
        "upgrade", help="bring the schema up to date",
        description="Run the pending schema migrations in one transaction and print "
        "the version before and after.",
    )
    _db_option(upgrade)
    upgrade.set_defaults(handler=commands.db_upgrade)
    check = db_sub.add_parser(
        "check", help="integrity, foreign-key and stored-file check",
        description="Check the database: SQLite integrity and foreign keys, schema "
        "version and tables, and every stored file (avatars, tracks) against its "
        "sha256 (a progress line on a terminal). Exits with 1 and lists the problems "
        "when there are any.",
    )
    _db_option(check)
    check.set_defaults(handler=commands.db_check)
    backup = db_sub.add_parser(
        "backup", help="write a consistent copy of a SQLite database",
        description="Write a consistent copy of the SQLite database to PATH while others "
        "keep using it. PATH must not exist; it is created readable by you only. "
        "For PostgreSQL use pg_dump.",
    )
    _db_option(backup)
    backup.add_argument("path", metavar="PATH", help="the new backup file")
    backup.set_defaults(handler=commands.db_backup)
    copy = db_sub.add_parser(
        "copy", help="copy a whole community into another, empty database",
        description="Copy every table (people, posts, dialogs, media files, music) from "
        "one database into another, empty one, keeping every id: e.g. from a SQLite "
        "file to PostgreSQL when a community outgrows one host, or back. The copy runs "
        "in one transaction and is checked table by table (row counts and content "
        "hashes) before it is kept. A target that already holds data is refused.",
    )
    copy.add_argument("--from", dest="source", metavar="URL", required=True,
                      help="the database to copy from (it is only read)")
    copy.add_argument("--to", dest="target", metavar="URL", required=True,
                      help="the empty database to copy into (a new SQLite file is created)")
    _insecure_option(copy)
    copy.set_defaults(handler=commands.db_copy)

    music = sub.add_parser(
        "music", help="music catalogue", description="The shared music catalogue."
    )
    music_sub = music.add_subparsers(title="music commands", metavar="ACTION", required=True)
    imp = music_sub.add_parser(
        "import", help="import audio files or folders into a person's library",
        description="Import audio files (and every audio file inside given folders) into "
        "the catalogue and into LOGIN's library. Prints what was imported, what was "
        "already there and what failed, with the reason. Only regular files are read "
        "(no devices, pipes or symbolic links), at most 50 MB each, and only what "
        "the player's own decoder can play.",
    )
    _db_option(imp)
    imp.add_argument("paths", metavar="PATH", nargs="+", help="an audio file or a folder")
    imp.add_argument("--user", metavar="LOGIN", required=True, help="whose library gets them")
    imp.add_argument(
        "--follow-symlinks", action="store_true",
        help="import the files that symbolic links point to (refused by default)",
    )
    imp.set_defaults(handler=commands.music_import)

    from . import serve

    serve.add_parser(sub, _db_option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (``sys.exit(main())``)."""
    from models.pg_url import INSECURE_ENV

    parser = build_parser()
    args = parser.parse_args(argv)
    before = os.environ.get(INSECURE_ENV)
    if getattr(args, "insecure", False):
        os.environ[INSECURE_ENV] = "1"  # every database opened in this run (the app's too)
    try:
        return args.handler(args)
    except DomainError as exc:
        # a message may quote a file name or stored text: never raw control characters
        print(f"{PROG}: {clean_line(exc.message)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    finally:
        from models.db import close_database

        close_database()
        if before is None:
            os.environ.pop(INSECURE_ENV, None)
        else:
            os.environ[INSECURE_ENV] = before
