"""Counts in the UI read right in both languages: "1 track", "1 member",
never "1 tracks"; in Russian 1 трек / 2 трека / 5 треков."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tui.i18n import ngettext, parse_po_plurals, set_language

ROOT = Path(__file__).resolve().parents[2]
RU = ROOT / "tui" / "locale" / "ru" / "LC_MESSAGES"


def plural_calls() -> set[tuple[str, str]]:
    """Every ``ngettext("singular", "plural", n)`` with literal texts in tui/."""
    found = set()
    for path in (ROOT / "tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ngettext"
                    and len(node.args) >= 2
                    and all(isinstance(arg, ast.Constant) for arg in node.args[:2])):
                found.add((node.args[0].value, node.args[1].value))
    return found


def test_every_count_the_ui_shows_has_its_three_russian_forms():
    calls = plural_calls()
    assert ("{n} track", "{n} tracks") in calls and ("{n} member", "{n} members") in calls
    plurals: dict[str, tuple[str, ...]] = {}
    for po in RU.glob("*.po"):
        plurals |= parse_po_plurals(po.read_text("utf-8"))
    missing = sorted(singular for singular, _plural in calls
                     if len(plurals.get(singular, ())) != 3)
    assert missing == []


@pytest.mark.parametrize(("language", "counts", "wanted"), [
    ("en", (1, 2, 21), ["1 track", "2 tracks", "21 tracks"]),
    ("ru", (1, 3, 5, 21, 12), ["1 трек", "3 трека", "5 треков", "21 трек", "12 треков"]),
])
def test_track_counts_agree_with_their_number(language, counts, wanted):
    set_language(language)
    try:
        assert [ngettext("{n} track", "{n} tracks", n).format(n=n) for n in counts] == wanted
    finally:
        set_language("en")
