"""Every text of sharing a track (the card, the pickers, the actions) has a
Russian translation."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import ui_strings
from tui.i18n import LOCALE_DIR, parse_po

TUI = Path(__file__).resolve().parents[2] / "tui"
TRACK_FILES = [
    "widgets/track_card.py", "screens/search_picker.py", "screens/share_picker.py",
    "screens/track_picker.py", "track_actions.py", "track_sharing.py", "track_attach.py",
]


def test_every_track_sharing_string_has_a_russian_translation():
    catalogue: dict[str, str] = {}
    for po in (LOCALE_DIR / "ru" / "LC_MESSAGES").glob("*.po"):
        catalogue.update(parse_po(po.read_text(encoding="utf-8")))
    missing = sorted(f"{name}: {text}" for name in TRACK_FILES
                     for text in ui_strings(TUI / name) if text not in catalogue)
    assert missing == []
