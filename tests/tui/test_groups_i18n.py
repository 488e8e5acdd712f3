"""Every text the group screens and widgets show (and every key description)
has a Russian translation."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import ui_strings
from tui.i18n import LOCALE_DIR, parse_po

TUI = Path(__file__).resolve().parents[2] / "tui"
GROUP_FILES = [
    "screens/new_group.py", "mentions.py", "widgets/composer.py", "widgets/chat_lines.py",
    "widgets/chat_view.py", "widgets/dialog_list.py", "screens/dialogs.py",
    "widgets/chat_group_lines.py", "widgets/chat_rows.py", "widgets/message_bubble.py",
    "system_text.py", "screens/group_members.py", "screens/read_receipts.py",
    "screens/dialog_groups.py", "screens/dialog_chat_io.py", "screens/dialog_chat_list.py",
    "chats.py",
]


def test_every_group_string_has_a_russian_translation():
    catalogue: dict[str, str] = {}
    for po in (LOCALE_DIR / "ru" / "LC_MESSAGES").glob("*.po"):
        catalogue.update(parse_po(po.read_text(encoding="utf-8")))
    missing = sorted(f"{name}: {text}" for name in GROUP_FILES
                     for text in ui_strings(TUI / name) if text not in catalogue)
    assert missing == []
