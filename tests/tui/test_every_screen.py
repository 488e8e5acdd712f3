"""Every screen, read as a person reads it, in English and Russian, at 80×24 and 110×32.

The walk (``screen_walk.py``) visits each screen; on each, what the terminal
shows is checked:

* under ``--lang ru`` no English word is left: an ASCII-only word of three
  letters or more must be a name, login or text from the data, a key name or
  the app's name ("Messenger") — Textual's own texts (palette, notifications)
  included;
* the footer shows "F1 Help" whole, and only whole keys: a key that does not
  fit is left out, the less important ones first;
* every placeholder of an empty field is shown whole;
* every one-line field keeps its text when it gets the focus (a
  ``TextInput``: Textual's ``Input`` selects all of it, and the next key
  replaced it).
"""

from __future__ import annotations

import asyncio
import re

import pytest
from rich.cells import cell_len
from textual.theme import BUILTIN_THEMES
from textual.widgets import Input

from tests.tui.music_data import music_app, music_data  # noqa: F401  (fixtures)
from tests.tui.screen_walk import SEARCHED_FOR, walk_logged_in, walk_logged_out
from tui.i18n import _
from tui.themes import MESSENGER_DARK, MESSENGER_LIGHT
from tui.widgets.composer import Composer
from tui.widgets.footer import AppFooter

SIZES = [(80, 24), (110, 32)]
KEY_NAMES = {
    "ctrl", "shift", "alt", "esc", "escape", "enter", "tab", "space", "backspace",
    "delete", "home", "end", "pgup", "pgdn", "pageup", "pagedown", "up", "down", "left",
    "right", "insert",
}
APP_NAME = {"messenger"}
ASCII_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]{3,}(?![^\W\d_])")


def data_words() -> set[str]:
    """Every ASCII word stored in the database: names, logins, posts, messages,
    community and track texts — what people wrote is shown as they wrote it."""
    from peewee import CharField, TextField

    from models.schema import ALL_TABLES

    words: set[str] = set()
    for table in ALL_TABLES:
        fields = [f for f in table._meta.sorted_fields if isinstance(f, CharField | TextField)]
        if not fields:
            continue
        for row in table.select(*fields).tuples():
            for value in row:
                if isinstance(value, str):
                    words.update(w.lower() for w in ASCII_WORD.findall(value))
    return words


def english_words(lines: list[str], allowed: set[str]) -> list[str]:
    """ASCII words of 3+ letters in ``lines`` that are not ``allowed``, nor the start
    or end of an allowed word (a name cut by a dialog drawn over it)."""
    def known(word: str) -> bool:
        return word in allowed or any(
            len(whole) > len(word) and (whole.startswith(word) or whole.endswith(word))
            for whole in allowed
        )

    return [
        word for line in lines for word in ASCII_WORD.findall(line) if not known(word.lower())
    ]


def footer_problems(app, lines: list[str]) -> list[str]:
    """What is wrong with the footer on screen: none of the screen's own, a key
    cut, F1 Help missing, or a key shown while a more important one (listed
    earlier) is left out. (On the help F1 closes it, as Esc does: its footer
    offers "Esc Close help".)"""
    footers = app.screen.query(AppFooter)
    if not footers:  # a dialog box showed the keys of the screen behind it
        return ["no footer of its own"]
    footer = footers.first()
    problems = []
    help_text = f" f1 {_('Help')} "
    f1 = app.screen.active_bindings.get("f1")
    f1_helps = f1 is None or f1.binding.action in ("help", "app.help")
    if f1_helps and help_text not in lines[footer.region.y]:
        problems.append(f"{help_text!r} is not whole in {lines[footer.region.y]!r}")
    keys = list(footer.keys_on_show())
    palette = [key for key in keys if key.has_class("-command-palette")]
    right = palette[0].region.x if palette else footer.region.right
    for key in keys:
        limit = footer.region.right if key in palette else right
        if key.region.right > limit:
            problems.append(f"{key.key_display} {key.description!r} is cut")
    shown = [key.action for key in keys if key.key != "f1" and key not in palette]
    wanted = []
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.key != "f1" and binding.action not in wanted:
            wanted.append(binding.action)
    if shown != wanted[: len(shown)]:
        problems.append(f"keys {shown} are not the first of {wanted}")
    return problems


def field_problems(app) -> list[str]:
    """One-line fields of the top screen that select all their text when focused
    (the command palette's own, always empty as it opens, aside)."""
    from textual.command import CommandInput

    return [f"field {field.id or type(field).__name__} selects all of its text when focused"
            for field in app.screen.query(Input)
            if field.select_on_focus and not isinstance(field, CommandInput)]


def on_screen(app, widget, x: int, y: int) -> bool:
    """Is ``widget`` what the terminal shows at (x, y) (not scrolled away or covered)?"""
    try:
        return app.screen.get_widget_at(x, y)[0] is widget
    except Exception:  # noqa: BLE001  (outside the screen)
        return False


def placeholder_problems(app, lines: list[str]) -> list[str]:
    """Placeholders of empty fields on the top screen that are not shown whole."""
    problems = []
    for field in app.screen.query(Input):
        if field.value or not field.placeholder or not field.region:
            continue
        if not on_screen(app, field, field.region.x + 2, field.region.y + 1):
            continue
        if field.placeholder not in lines[field.region.y + 1]:  # the row inside the border
            problems.append(f"placeholder cut: {field.placeholder!r}")
    for composer in app.screen.query(Composer):
        if composer.text or not composer.placeholder or not composer.region:
            continue
        region = composer.region
        if not on_screen(app, composer, region.x + 2, region.y + 1):
            continue
        shown = " ".join(
            line[region.x:region.right].strip(" │╭╮╰╯─") for line in lines[region.y:region.bottom]
        )
        if " ".join(composer.placeholder.split()) not in " ".join(shown.split()):
            problems.append(f"placeholder cut: {composer.placeholder!r}")
    return problems


async def walk_everything(app_db, make_test_app, music_app, tmp_path, lang, size):  # noqa: F811
    """(screen name, lines, problems) for every screen of the walk."""
    seen = []

    async def check(app, name, lines):
        problems = (footer_problems(app, lines) + placeholder_problems(app, lines)
                    + field_problems(app))
        seen.append((name, lines, problems))

    app = make_test_app(lang=lang)
    async with app.run_test(size=size, notifications=True) as pilot:
        async for name, lines in walk_logged_out(pilot):
            await check(app, name, lines)
    app, _clock = music_app("anna", lang=lang)
    async with app.run_test(size=size, notifications=True) as pilot:
        async for name, lines in walk_logged_in(
            pilot, tmp_path, app_db.community_id, app_db.michail.id
        ):
            await check(app, name, lines)
    return seen


def report(screens) -> str:
    return "\n".join(
        f"{name}: {problem}\n  " + "\n  ".join(lines)
        for name, lines, problems in screens for problem in problems
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_in_russian_is_russian_and_whole(
    app_db, make_test_app, music_app, tmp_path, size  # noqa: F811
):
    """Under ``--lang ru`` every screen (log in, register, forgot password, every
    section, profiles, forms, confirmations, help, the palette, music, the import
    picker, the Ctrl+C hint) has no English word but names and keys; the footer
    and the placeholders are whole."""
    allowed = data_words() | KEY_NAMES | APP_NAME  # before the walk deletes a message
    screens = asyncio.run(
        walk_everything(app_db, make_test_app, music_app, tmp_path, "ru", size)
    )
    names = [name for name, _lines, _problems in screens]
    assert {"help", "command palette: no matches", "theme palette", "ctrl+c", "import music",
            "confirm delete", "community page", "new dialog", "new playlist"} <= set(names)
    allowed |= {w.lower() for w in ASCII_WORD.findall(str(tmp_path))} | {SEARCHED_FOR}
    theme_names = {w.lower() for name in [*BUILTIN_THEMES, MESSENGER_DARK.name, MESSENGER_LIGHT.name]
                   for w in ASCII_WORD.findall(name)}
    for name, lines, problems in screens:
        extra = theme_names if name == "theme palette" else set()
        english = english_words(lines, allowed | extra)
        if english:
            problems.append(f"English words {sorted(set(english))}")
    if report(screens):
        pytest.fail(report(screens), pytrace=False)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_in_english_is_whole(
    app_db, make_test_app, music_app, tmp_path, size  # noqa: F811
):
    """In English too the footer keeps "F1 Help" and whole keys, and every
    placeholder fits, on every screen of the walk."""
    screens = asyncio.run(
        walk_everything(app_db, make_test_app, music_app, tmp_path, "en", size)
    )
    assert len(screens) > 30
    if report(screens):
        pytest.fail(report(screens), pytrace=False)


def test_the_word_check_sees_english():
    """The check itself: English words are found, names, keys and numbers are not."""
    lines = ["Michail Petrov · 2 ч назад", "^p palette", "Ctrl+Q — выход", "F1 Справка 19:00"]
    assert english_words(lines, {"michail", "petrov"} | KEY_NAMES) == ["palette"]
    assert english_words(["Michail Petro█ New post"], {"michail", "petrov"}) == ["New", "post"]
    assert cell_len("Справка") == 7


@pytest.mark.parametrize("size", [(12, 4), (1, 1)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_opens_in_a_terminal_squeezed_to_almost_nothing(
    app_db, make_test_app, music_app, tmp_path, size  # noqa: F811
):
    """A tmux pane made tiny: every screen of the walk opens and closes, and
    the app runs on (a chat's composer measured its hint in no width, and
    Rich folded a word into no room: ValueError, the app ended)."""
    async def walk() -> list[str]:
        names = []
        app = make_test_app(lang="en")
        async with app.run_test(size=size) as pilot:
            names += [name async for name, _lines in walk_logged_out(pilot)]
        app, _clock = music_app("anna", lang="en")
        async with app.run_test(size=size) as pilot:
            names += [name async for name, _lines in walk_logged_in(
                pilot, tmp_path, app_db.community_id, app_db.michail.id)]
        return names

    assert len(asyncio.run(walk())) > 30
