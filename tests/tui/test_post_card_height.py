"""A post card's height is counted without rendering its table when the post
is lines of text (issue 17, the kept community page: ``PostGrid.height_at``),
and the count is always the table's own: Textual's measuring of the card
(``RichVisual.get_height``) counts the lines of a render. Such a card is
drawn without the table too, and what reaches the terminal is the table's."""

from __future__ import annotations

import io
import random
from datetime import datetime

import pytest
from rich.console import Console
from rich.text import Text

from models.avatars import render_initials
from models.views import PostView, UserRef
from tui.widgets.post_card import PostGrid, post_renderable

SAMPLES = [
    "", "a", "Hello", "Привет, как дела?", "word " * 40, "x" * 300, "line\nline\n\nline",
    "ends with a newline\n", "\n\n", "tab\there\tand\tthere " * 5, "emoji 😀🎉👍🏽 " * 12,
    "日本語のテキストと中文混在 " * 8, "combining é ȩ̈ a\u0301 " * 10, "zero\u200bwidth " * 20,
    "[red]markup[/red] \x1b[31m escapes " * 6, "trailing spaces      \n   leading",
    "a verylongwordthatwillnotfitanywhereatallinanarrowcolumnofthecard b", " " * 50,
    "ﷺ wide Arabic ligature 𒐫 cuneiform " * 4,
]


def table_height(console: Console, grid: PostGrid, width: int) -> int:
    """As Textual measures a widget's Rich renderable (``RichVisual.get_height``)."""
    options = console.options.update_width(width).update(highlight=False)
    return sum(text.count("\n") for text, _style, _control in
               console.render(grid.table(), options))


def post(text: str, author: int = 7, **kwargs) -> PostView:
    user = UserRef(author, f"user{author}", "Анна", "Smith", None)
    return PostView(id=1, author=user, community_id=None, community_name=kwargs.pop("club", None),
                    text=text, created_at=datetime(2026, 1, 2), like_count=3,
                    liked_by_me=kwargs.pop("liked", False), **kwargs)


def printed(renderable, width: int, color: bool) -> str:
    """What a terminal ``width`` cells wide gets for ``renderable``: its
    characters, styles and line ends."""
    out = io.StringIO()
    Console(file=out, width=width, color_system="truecolor" if color else None,
            legacy_windows=False, force_terminal=True).print(renderable)
    return out.getvalue()


def cases(color: bool):
    """Posts of every kind of text, each with every kind of avatar (none, the
    initials, empty, wider than its column, taller than a short post)."""
    avatars = [None, render_initials("Анна", "Smith", 4, 2, color=color, seed=3), Text(""),
               Text("more than four cells"), Text("ab\ncd\nef\ngh")]
    rng = random.Random(17)
    texts = SAMPLES + ["".join(rng.choice("ab cdé😀\n\t日-") for _ in range(rng.randint(0, 400)))
                       for _ in range(30)]
    for text in texts:
        for avatar in avatars:
            for extra in ({}, {"club": "Шахматы [b]club[/b]"}, {"liked": True}):
                yield text, post_renderable(post(text, **extra), avatar)


@pytest.mark.parametrize("color", [True, False])
def test_the_counted_height_is_the_rendered_one(color):
    console = Console(width=200, color_system="truecolor" if color else None,
                      legacy_windows=False, force_terminal=True)
    checked = 0
    for text, grid in cases(color):
        for width in (6, 7, 12, 33, 61, 62, 79, 119):
            counted = grid.height_at(console, width)
            assert counted is not None
            assert counted == table_height(console, grid, width), (text, width)
            checked += 1
    assert checked > 3000


@pytest.mark.parametrize("color", [True, False])
def test_a_text_post_is_drawn_as_its_table_draws_it(color):
    checked = 0
    for text, grid in cases(color):
        for width in (6, 7, 12, 33, 62, 119):
            assert grid.counted
            assert printed(grid, width, color) == printed(grid.table(), width, color), (text, width)
            checked += 1
    assert checked > 2000


def test_a_post_that_is_not_only_text_is_measured_by_rendering():
    console = Console(width=80, legacy_windows=False, force_terminal=True)
    shared = post("the original", author=8)
    repost = post("", is_repost=True, original=shared)
    grid = post_renderable(repost, None)
    assert grid.height_at(console, 60) is None
    assert table_height(console, grid, 60) > 3  # the frame of the shared post
    assert post_renderable(post("text"), None).height_at(console, 5) is None  # no room

