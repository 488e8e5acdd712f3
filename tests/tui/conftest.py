"""Fixtures for the TUI tests: a database with fixed people, posts, a dialog and a
community made with the domain functions under the frozen clock, and the app
on it — at the Log in screen or already logged in.

Everything is made in ``tmp_path``; nothing shown depends on the real time, the
machine or its paths, so snapshots are stable.
"""

from __future__ import annotations

import difflib
import html
import inspect
import pickle
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest

from models import clock
from models.views import UserRef

PASSWORD = "correct horse battery staple"


@dataclass
class AppData:
    url: str
    anna: UserRef
    michail: UserRef
    olga: UserRef
    mallory: UserRef  # a name full of markup, shown literally
    community_id: int


@pytest.fixture
def app_db(db, db_url, frozen_clock, monkeypatch) -> AppData:
    """Анна Иванова (anna) and Michail Petrov (michail) are friends and have
    talked; Olga Smirnova asked Анна to be friends; "[bold red]x[/]" Markup
    (mallory) exists. Michail, Анна and Olga have posted; Michail owns
    "Chess club". Everyone's password is ``PASSWORD``."""
    from models import accounts, communities, friends, messages, posts

    monkeypatch.delenv("NO_COLOR", raising=False)

    def at(delta: timedelta) -> None:
        clock.freeze(frozen_clock - delta)

    at(timedelta(days=30))
    anna = accounts.register("anna", "Анна", "Иванова", PASSWORD, PASSWORD).user
    michail = accounts.register("michail", "Michail", "Petrov", PASSWORD, PASSWORD).user
    olga = accounts.register("olga", "Olga", "Smirnova", PASSWORD, PASSWORD).user
    mallory = accounts.register("mallory", "[bold red]x[/]", "Markup", PASSWORD, PASSWORD).user
    friends.send_request(anna.id, michail.id)
    friends.accept_request(michail.id, anna.id)
    at(timedelta(days=2))
    friends.send_request(olga.id, anna.id)
    at(timedelta(days=3))
    posts.create_post(olga.id, "Reading Dostoevsky again. The Idiot this time.")
    at(timedelta(days=1, hours=2))
    first = posts.create_post(
        anna.id, "Привет всем! Это мой первый пост.\nTerminal life is good life."
    )
    posts.like_post(michail.id, first.id)
    at(timedelta(hours=2))
    posts.create_post(michail.id, "Chess tonight at 19:00 — who is in?")
    at(timedelta(minutes=5))
    posts.create_post(mallory.id, "[@click=app.quit]click me[/] and [bold]shout[/]")
    at(timedelta(minutes=30))
    messages.send_message(michail.id, anna.id, "Привет! Are you coming tonight?", "seed-1")
    at(timedelta(minutes=20))
    messages.send_message(anna.id, michail.id, "Yes, see you at seven.", "seed-2")
    at(timedelta(days=10))
    club = communities.create_community(michail.id, "Chess club", "We play on Fridays.")
    clock.freeze(frozen_clock)
    return AppData(db_url, anna, michail, olga, mallory, club.id)


@pytest.fixture
def make_test_app(app_db):
    """``make_test_app(lang="en")`` → the app at the Log in screen, no cursor blink."""
    from tui.app import make_app
    from tui.i18n import set_language

    def make(lang: str = "en", poll_interval: float = 0.5):
        return make_app(app_db.url, lang=lang, poll_interval=poll_interval, cursor_blink=False)

    yield make
    set_language("en")


@pytest.fixture
def logged_in_app(app_db, make_test_app):
    """``logged_in_app("anna")`` → the app that opens on the Feed, logged in as anna."""

    def make(login: str, *, lang: str = "en", poll_interval: float = 0.5):
        app = make_test_app(lang=lang, poll_interval=poll_interval)
        app.start_user = getattr(app_db, login)
        return app

    return make


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and their results reach the screen, and tab underlines
    reach their tab (Textual moves one after a refresh, animated, when a tab's
    label changes: a loaded machine took a snapshot half-way). A directory
    tree's loader (a worker that waits for folders to read for as long as the
    tree is open) is not waited for."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        busy = [worker for worker in pilot.app.workers if worker.group != "_loader"]
        try:
            if busy:  # (none: Textual would wait for every worker, the loader too)
                await pilot.app.workers.wait_for_complete(busy)
        except WorkerCancelled:  # a screen that closed took its workers with it
            pass
        await pilot.pause()
    for _ in range(100):
        if _underlines_in_place(pilot.app):
            return
        await pilot.pause(0.02)


async def header_counts_settled(pilot, seconds: float = 5.0) -> None:
    """Wait until the header's unread figure is what the database says (the
    live poll brings it a moment after a chat was read), then settle: a
    snapshot taken between the two showed the count of a chat already read."""
    from models import dialogs

    app = pilot.app
    user = getattr(app, "current_user", None)
    for _ in range(int(seconds / 0.05)):
        if user is None or app.unread_total == dialogs.unread_total(user.id):
            break
        await pilot.pause(0.05)
    await settle(pilot)


def _underlines_in_place(app) -> bool:
    from textual.widgets import Tabs
    from textual.widgets._tabs import Underline

    for tabs in app.screen.query(Tabs):
        active = tabs.active_tab
        if active is None or not tabs.region:
            continue
        start, end = active.virtual_region.shrink(active.styles.gutter).column_span
        underline = tabs.query_one(Underline)
        if (underline.highlight_start, underline.highlight_end) != (start, end):
            return False
    return True


def ui_strings(path) -> set[str]:
    """The texts a source file shows for translation: every ``_("…")`` literal and
    every ``Binding`` description given as a literal (its third argument)."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = getattr(node.func, "id", None)
        if func == "_" and node.args and isinstance(node.args[0], ast.Constant):
            found.add(node.args[0].value)
        if func == "Binding" and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
            found.add(node.args[2].value)
    return found


def terminal_events(*reads: str, pause_after_first: bool = False) -> list:
    """The events the app's terminal parser (Textual's ``XTermParser``, with
    the app's fixes: ``tui/textual_paste.py``, ``tui/textual_esc_keys.py``)
    makes of these reads of the terminal, as its driver hands them to the app
    (``pause_after_first``: the escape delay passes after the first read)."""
    import time

    from textual import constants
    from textual._xterm_parser import XTermParser

    import tui.app  # noqa: F401 - installs the fixes

    parser = XTermParser()
    found = []
    for index, data in enumerate(reads):
        found += parser.feed(data)
        if index == 0 and pause_after_first:
            time.sleep(constants.ESCAPE_DELAY * 1.5)
            found += parser.tick()
    return found


async def terminal_typed(pilot, data: str) -> None:
    """``data`` read from the terminal by the app's parser, its events handed
    to the app as its driver hands them (``terminal_events``), then settled."""
    for event in terminal_events(data):
        pilot.app.post_message(event)
    await settle(pilot)


async def type_text(pilot, text: str) -> None:
    """Type like a person: every character a key press (spaces included)."""
    keys = ["space" if char == " " else char for char in text]
    await pilot.press(*keys)


async def paste_refused_then_one_that_fits(pilot, box, limit: int, too_long: int) -> None:
    """A paste of ``too_long`` characters into ``box`` (holding ``limit`` at most)
    changes nothing and says why; then "fits" pasted goes in. Pasted as the
    terminal sends a paste (to the app, which hands it to the focused widget)."""
    from textual import events

    app = pilot.app
    before = box.text
    app._notifications.clear()
    app.post_message(events.Paste("y" * too_long))
    await settle(pilot)
    assert box.text == before
    assert any(f"at most {limit} characters" in str(n.message) for n in app._notifications)
    app.post_message(events.Paste("fits"))
    await settle(pilot)
    assert box.text == before + "fits"


async def palette_command(pilot, words: str) -> None:
    """Ctrl+P, ``words`` typed, Enter once the palette lists what they find
    (it searches in a worker of its own), then settled."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, words)
    found = pilot.app.screen.query_one(CommandList)
    for _ in range(100):
        if found.option_count and words in str(found.get_option_at_index(0).prompt):
            break
        await pilot.pause(0.02)
    await pilot.press("enter")
    await settle(pilot)


# ---------------------------------------------------------------- snapshots

_SVG_TEXT = re.compile(r'<text class="terminal-([^"]*)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')

_SVG_STYLE = re.compile(r"\.terminal-(r\d+) \{([^}]*)\}")


def svg_lines(svg: str, styles: bool = False) -> list[str]:
    """The words of a snapshot SVG, a line per terminal row (for a readable
    diff), with each run's style class when ``styles``."""
    svg = re.sub(r"\bterminal-\d+-", "terminal-", svg)  # a screenshot's own prefix
    css = dict(_SVG_STYLE.findall(svg))  # class names are numbered per file: name the style
    rows: dict[float, list[tuple[float, str]]] = {}
    for style, x, y, words in _SVG_TEXT.findall(svg):
        words = html.unescape(words).replace("\xa0", " ").strip("\n")
        if styles:
            words = f"[{css.get(style, style).strip()}]{words}"
        rows.setdefault(float(y), []).append((float(x), words))
    return [" ".join(w for _x, w in sorted(row)).rstrip() for _y, row in sorted(rows.items())]


async def screen_still(pilot, seconds: float = 5.0) -> None:
    """Wait until two screenshots 0.1 s apart are the same: a late worker, a
    live poll or an animation on a loaded machine then has drawn what it will.
    (Not ``workers.wait_for_complete``: a screen's async worker may be waiting
    for a dialog's answer.)"""
    last = None
    for _ in range(int(seconds / 0.1)):
        await pilot.pause(0.1)
        shot = pilot.app.export_screenshot()
        if shot == last:
            return
        last = shot


@pytest.fixture
def snap_compare(snap_compare, request):
    """pytest-textual-snapshot's ``snap_compare``, taken once the screen is
    still; a mismatch fails with the rows that differ as text, so a CI log
    says what changed without the HTML report."""
    from pytest_textual_snapshot import node_to_report_path

    def compare(app, press=(), terminal_size=(80, 24), run_before=None) -> bool:
        async def before(pilot) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await pilot.press(*press)
            await screen_still(pilot)

        if snap_compare(app, terminal_size=terminal_size, run_before=before):
            return True
        report = pickle.loads(node_to_report_path(request.node).read_bytes())
        expected, actual = report[1], report[2]
        diff = "\n".join(difflib.unified_diff(
            svg_lines(expected), svg_lines(actual), "snapshot", "now", lineterm="", n=1))
        if not diff:  # the same words: a colour or a style moved
            diff = "\n".join(difflib.unified_diff(
                svg_lines(expected, True), svg_lines(actual, True), "snapshot", "now",
                lineterm="", n=0))
        raise AssertionError("the screen differs from the snapshot:\n" + diff)

    return compare


def held_back(monkeypatch, owner, name: str, when=lambda *args, **kwargs: True, *,
              read_first: bool = False):
    """``owner.name`` answers only once the returned gate (a ``threading.Event``)
    is set, for the calls ``when`` picks: the screen meets an answer that has not
    come yet, as on a loaded host. Waits at most 10 s. ``read_first``: the
    answer is read at once and held (what the database said before a change
    the test makes meanwhile); ``gate.read`` (an Event) is set once it is."""
    import threading

    gate = threading.Event()
    gate.read = threading.Event()
    call = getattr(owner, name)

    def late(*args, **kwargs):
        if not when(*args, **kwargs):
            return call(*args, **kwargs)
        if read_first:
            answer = call(*args, **kwargs)
            gate.read.set()
            gate.wait(10)
            return answer
        gate.wait(10)
        return call(*args, **kwargs)

    monkeypatch.setattr(owner, name, late)
    return gate
