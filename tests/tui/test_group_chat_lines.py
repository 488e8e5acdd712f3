"""A group's chat as drawn by the chat pane: another member's run of messages
starts with their mini avatar and name (mine do not), a system line stands
centred on its own and ends a run, a message that mentions me is coloured; and
what the pane counts for each message is what it draws."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from textual.app import App, ComposeResult

from models.views import MessageView, UserRef
from tui.i18n import set_language
from tui.widgets.chat_rows import rows_for
from tui.widgets.chat_view import ChatView

ANNA = UserRef(1, "anna", "Анна", "Иванова", None)
MICHAIL = UserRef(2, "michail", "Michail", "Petrov", None)
OLGA = UserRef(3, "olga", "Ольга", "Смирнова", None)
START = datetime(2026, 11, 27, 18, 0)
SYSTEM_TEXTS = {}


def message(seq: int, sender: UserRef, text: str, minutes: int) -> MessageView:
    return MessageView(id=seq, dialog_id=9, seq=seq, sender=sender, client_id=f"c{seq}",
                       text=text, created_at=START + timedelta(minutes=minutes), edited_at=None,
                       deleted=False, reply_to_id=None, reply_preview=None, read_by_peer=False)


HISTORY = [
    message(1, ANNA, "", 0),  # a system line: Анна created the group
    message(2, MICHAIL, "Привет всем!", 1),
    message(3, MICHAIL, "Who is coming on Saturday?", 2),
    message(4, OLGA, "Me! @anna are you?", 3),
    message(5, ANNA, "Yes, of course.", 4),
    message(6, ANNA, "", 5),  # a system line: Анна added Ольга
    message(7, OLGA, "[bold red]thanks[/]", 6),
]
SYSTEM = {1: "Анна created the group «Поход»", 6: "Анна added Ольга"}


class ChatApp(App[None]):
    def compose(self) -> ComposeResult:
        chat = ChatView(ANNA.id)
        chat.group = True
        chat.system_line = lambda m: SYSTEM.get(m.seq)
        chat.mentions_me = lambda m: "@anna" in m.text
        yield chat

    def on_mount(self) -> None:
        self.query_one(ChatView).show_history(list(reversed(HISTORY)))


def run(scenario, size=(70, 60)):
    set_language("en")

    async def main():
        app = ChatApp()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot, app.query_one(ChatView))

    asyncio.run(main())


def test_rows_of_a_group():
    """Michail's two messages are one run under his name; Ольга's under hers;
    my own run has no name above it; system lines have none and end runs."""
    rows = rows_for(HISTORY, None, START.date(), me_id=ANNA.id, group=True,
                    is_system=lambda m: m.seq in SYSTEM)
    assert [r.system for r in rows] == [True, False, False, False, False, True, False]
    assert [r.sender for r in rows] == [False, True, False, True, False, False, True]
    assert rows[4].header  # mine: "You" inside the bubble, as in a dialog
    assert not rows[2].header and not rows[1].gap  # Michail's second message joins his run


def test_a_dialog_has_no_sender_lines():
    rows = rows_for(HISTORY, None, START.date(), me_id=ANNA.id)
    assert not any(r.sender or r.system for r in rows)


def test_the_group_as_drawn():
    """Names and logins above the runs, the system lines centred, markup literal."""

    async def scenario(pilot, chat):
        text = chat.render_lines_text()
        lines = [line.strip() for line in text.splitlines()]
        assert "Анна created the group «Поход»" in lines
        assert "Анна added Ольга" in lines
        assert lines.count("Michail Petrov") == 1  # once for his run of two
        assert "@michail" in lines and "@olga" in lines
        assert lines.index("Michail Petrov") + 1 == lines.index("@michail")
        assert "@anna" not in lines  # my own run has no header line of its own
        assert any("[bold red]thanks[/]" in line for line in lines)
        created = next(line for line in text.splitlines() if "created the group" in line)
        left = len(created) - len(created.lstrip())
        assert left > 5  # centred, not at the left edge

    run(scenario)


def test_counted_heights_are_drawn_heights():
    """For every message (sender lines, system lines, mentions) the line count the
    pane lays out by is the number of lines it draws."""

    async def scenario(pilot, chat):
        width = chat.scrollable_content_region.width
        for index in range(len(chat.items)):
            chat._cache.clear()
            chat._heights.clear()
            counted = chat._height_for(index, width)
            chat._cache.clear()
            assert counted == len(chat._strips_for(index, width)), index

    run(scenario)


def test_a_mention_of_me_is_coloured():
    """Ольга's "@anna" message is drawn in another colour than her others."""

    async def scenario(pilot, chat):
        width = chat.scrollable_content_region.width

        def background(index: int, words: str):
            line = next(strip for strip in chat._strips_for(index, width)
                        if words in strip.text)
            return {seg.style.bgcolor for seg in line if seg.text.strip() and seg.style}

        assert background(3, "Me!") != background(6, "thanks")

    run(scenario)
