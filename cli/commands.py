"""What each ``messenger`` command does. Each handler takes the parsed arguments
and returns the exit code; refusals propagate as ``DomainError`` to ``main``."""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import datetime
from pathlib import Path

from models.db import open_database, resolve_url
from models.text import clean_line
from models.user_files import shown_path

LIST_PAGE = 500


def _url(args: argparse.Namespace) -> str:
    return resolve_url(getattr(args, "db", None))


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "never"


# ---------------------------------------------------------------- the app

def run_app(args: argparse.Namespace) -> int:
    from .typeahead import taken_terminal

    with taken_terminal():  # what is typed while the app starts: not echoed, Enter kept
        url = _url(args)
        # Open first: a damaged, foreign or too-new database is reported here as
        # one line, before the terminal switches to the full-screen app.
        open_database(url)
        from tui.app import make_app  # Textual loads only when the app runs
        from tui.web_session import WebSession

        app = make_app(url, lang=args.lang)
        app.web_session = WebSession.from_environment()  # set by `messenger serve` only
        app.run()
    return app.return_code or 0  # 1 after a crash, whose report Textual printed


# ---------------------------------------------------------------- demo

def demo(args: argparse.Namespace) -> int:
    from models import demo as demo_data
    from models import maintenance

    open_database(_url(args))
    if args.if_new and maintenance.count_users() > 0:
        if not args.quiet:
            print("The database already has accounts; the demo was not loaded.")
        return 0
    report = demo_data.load_demo()
    if args.quiet:
        print(
            f"Demo loaded: {len(report.logins)} people. Log in as anna or michail with the "
            f"password {report.password} (all logins: {demo_data.CREDENTIALS_DOC})."
        )
        return 0
    print(f"Demo loaded: {len(report.logins)} people, {report.posts} posts, "
          f"{report.communities} communities, {report.messages} messages, "
          f"{report.tracks} tracks.")
    print(f"Every demo account has the password: {report.password}")
    print(f"Logins: {', '.join(report.logins)}")
    print(f"Who is who, and who talks to whom: {demo_data.CREDENTIALS_DOC}")
    return 0


# ---------------------------------------------------------------- admin

def admin_users(args: argparse.Namespace) -> int:
    """The accounts as a table, or as JSON with ``--json``.

    Names are stored text that anyone with write access to the database file
    could have set: the table shows them cleaned (no ESC, BEL, C1 or bidi
    controls), and JSON escapes them.
    """
    from models import maintenance

    open_database(_url(args))
    accounts = []
    after = 0
    while True:
        page = maintenance.list_users(after_id=after, limit=LIST_PAGE)
        accounts.extend(page)
        if len(page) < LIST_PAGE:
            break
        after = page[-1].user.id
    if args.json:
        print(json.dumps([_account_json(a) for a in accounts], indent=2))
        return 0
    if not accounts:
        print("No accounts yet.")
        return 0
    rows = [
        (str(a.user.id), clean_line(a.user.login), clean_line(a.user.full_name),
         _when(a.created_at), _when(a.last_seen_at))
        for a in accounts
    ]
    header = ("ID", "LOGIN", "NAME", "CREATED", "LAST SEEN")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _account_json(account) -> dict:
    def moment(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": account.user.id,
        "login": account.user.login,
        "first_name": account.user.first_name,
        "last_name": account.user.last_name,
        "created_at": moment(account.created_at),
        "last_seen_at": moment(account.last_seen_at),
    }


def admin_reset_password(args: argparse.Namespace) -> int:
    from models import recovery

    open_database(_url(args))
    code = recovery.issue_operator_reset_code(args.login)
    print(f"One-time reset code for {clean_line(args.login)}: {code}")
    print("It works once and expires in 15 minutes. On the log-in screen choose "
          "\"Forgot password\" and enter the login, this code and a new password.")
    return 0


# ---------------------------------------------------------------- db

def db_upgrade(args: argparse.Namespace) -> int:
    from models import maintenance
    from models.migration_search import reporting

    open_database(_url(args), upgrade=False, verify=True)  # no upgrade of a damaged file
    with reporting(_index_build_line()):
        before, after = maintenance.upgrade_schema()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if before == after:
        print(f"The schema is up to date (version {after}).")
    else:
        print(f"Schema upgraded from version {before} to {after}.")
    return 0


def db_check(args: argparse.Namespace) -> int:
    from models import maintenance

    open_database(_url(args), upgrade=False)
    problems = maintenance.check_database(
        progress=_progress_line("Checking stored files"),
        index_progress=_progress_line("Checking the search index", unit="rows"),
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if problems:
        print(f"The database has {len(problems)} problem(s):")
        for problem in problems:
            print(f"  - {clean_line(str(problem))}")
        return 1
    status = maintenance.schema_status()
    print(f"The database is healthy (schema version {status.version}).")
    return 0


def _index_build_line():
    """Progress of the search index an upgrade builds, ``(table, done, total)``
    in row ids, on one line of a terminal's stderr (``None`` elsewhere)."""
    lines: dict[str, object] = {}

    def show(table: str, done: int, total: int) -> None:
        if table not in lines:
            if lines:
                print(file=sys.stderr)  # the previous table's line stays as it ended
            lines[table] = _progress_line(f"Indexing {table}s for search", unit="rows")
        line = lines[table]
        if line is not None:
            line(done, total)

    return show if sys.stderr.isatty() else None


def _progress_line(label: str, unit: str = "MB"):
    """A progress callback ``(done, total)`` (bytes, or rows) that redraws one
    line on a terminal's stderr, or ``None`` when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None
    scale = 2**20 if unit == "MB" else 1

    def show(done: int, total: int) -> None:
        percent = 100 if total == 0 else done * 100 // total
        print(f"\r{label}: {percent}% ({done / scale:,.0f} of {total / scale:,.0f} {unit})",
              end="", file=sys.stderr, flush=True)

    return show


def db_backup(args: argparse.Namespace) -> int:
    from models import maintenance

    open_database(_url(args), upgrade=False)
    dest = maintenance.backup_database(Path(args.path))
    print(f"Backup written to {shown_path(dest)}.")
    return 0


def db_copy(args: argparse.Namespace) -> int:
    from models.copy import copy_database

    report = copy_database(args.source, args.target)
    width = max(len(t.table) for t in report.tables)
    for table in report.tables:
        print(f"{table.table.ljust(width)}  {table.rows:>9}")
    print(f"Copied {report.total_rows} rows in {len(report.tables)} tables; "
          "row counts and content hashes match the source.")
    return 0


# ---------------------------------------------------------------- music

def music_import(args: argparse.Namespace) -> int:
    """Files and folders into LOGIN's library; exit 1 only when nothing could be imported.

    Every line names files as ``shown_path`` gives them and tags cleaned: a file
    name or a tag is outside text and never reaches the terminal raw.
    """
    from models import maintenance, tracks
    from models.errors import DomainError

    open_database(_url(args))
    user = maintenance.user_by_login(args.user)
    follow = args.follow_symlinks
    imported = duplicates = failed = 0
    for raw in args.paths:
        path = Path(raw).expanduser()
        if path.is_dir() and (follow or not path.is_symlink()):
            report = tracks.import_folder(user.id, path, follow_symlinks=follow)
            for track in report.imported:
                print(f"imported   {_track_line(track)}")
            for track in report.duplicates:
                print(f"duplicate  {_track_line(track)} (already in the catalogue)")
            for file, reason in report.failed:
                print(f"failed     {shown_path(file)}: {clean_line(reason)}")
            imported += len(report.imported)
            duplicates += len(report.duplicates)
            failed += len(report.failed)
            continue
        try:
            track, is_new = tracks.import_file(user.id, path, follow_symlinks=follow)
        except DomainError as exc:
            failed += 1
            print(f"failed     {shown_path(path)}: {clean_line(exc.message)}")
            continue
        if is_new:
            imported += 1
            print(f"imported   {_track_line(track)}")
        else:
            duplicates += 1
            print(f"duplicate  {_track_line(track)} (already in the catalogue)")
    print(f"{imported} imported, {duplicates} already there, {failed} failed.")
    return 1 if failed and not (imported or duplicates) else 0


def _track_line(track) -> str:
    by = f" by {clean_line(track.artist)}" if track.artist else ""
    seconds = math.ceil(track.duration)
    return f"“{clean_line(track.title)}”{by} ({seconds // 60}:{seconds % 60:02d})"
