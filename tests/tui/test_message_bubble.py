"""A chat bubble's height is counted without drawing it; the count must be what
drawing it gives, or messages would overlap or leave gaps when a chat opens
(the chat lays out a whole page but draws only what is on screen)."""

from __future__ import annotations

import random
import re
from datetime import datetime

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style

from models.reactions import REACTIONS
from models.views import MessageView, ReactionCount, UserRef
from tui.widgets.message_bubble import FAILED, PENDING, SENT, BubbleStyles, MessageBubble

ANNA = UserRef(1, "anna", "Анна", "Иванова", None)
MICHAIL = UserRef(2, "michail", "Michail", "Petrov", None)
STYLES = BubbleStyles(*(Style(color="white", bgcolor="blue"),) * 6)
WORDS = ["привет", "hello", "a", "terminal", "Wörterbuch", "日本語のテキスト", "🙂🙂", "x" * 37,
         "[bold red]x[/]", "—", "ok.", "", " ", "супердлинноеслово" * 4]


def message(text: str, *, sender=ANNA, reply: str | None = None, deleted=False,
            edited=False, reactions: tuple[ReactionCount, ...] = ()) -> MessageView:
    return MessageView(
        id=1, dialog_id=1, seq=1, sender=sender, client_id="c", text=text,
        created_at=datetime(2026, 11, 27, 18, 5), edited_at=datetime(2026, 11, 27, 18, 6)
        if edited else None, deleted=deleted, reply_to_id=7 if reply is not None else None,
        reply_preview=reply, read_by_peer=True, reactions=reactions)


def random_reactions(rng: random.Random) -> tuple[ReactionCount, ...]:
    """None most of the time; else some of the six with counts up to thousands."""
    if rng.random() < 0.5:
        return ()
    chosen = sorted(rng.sample(range(len(REACTIONS)), rng.randint(1, len(REACTIONS))))
    return tuple(ReactionCount(REACTIONS[i], rng.choice([1, 2, 9, 12, 999, 12345]),
                               rng.random() < 0.3) for i in chosen)


def drawn_lines(bubble: MessageBubble, width: int) -> int:
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    return len(console.render_lines(bubble, console.options.update_width(width), pad=True))


def random_text(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 4)):
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30))))
    return "\n".join(paragraphs) + rng.choice(["", "", "\n", "\n\n", "  ", " \n "])


def test_counted_height_equals_drawn_height_for_many_messages_and_widths():
    """2 000 random messages (Cyrillic, wide CJK and emoji, words longer than the
    line, blank lines and trailing ones, markup-looking text, replies, edits, deletions, own and
    the peer's, every state, with and without the sender's name, the time beside
    the last line or below it, with reactions under it or none) at widths from 12
    to 120 cells: the counted height is exactly the drawn one."""
    rng = random.Random(20261127)
    for _ in range(2000):
        width = rng.randint(12, 120)
        reply = random_text(rng) if rng.random() < 0.3 else None
        msg = message(random_text(rng), sender=rng.choice([ANNA, MICHAIL]), reply=reply,
                      deleted=rng.random() < 0.1, edited=rng.random() < 0.2,
                      reactions=random_reactions(rng))
        bubble = MessageBubble(msg, mine=msg.sender is ANNA, state=rng.choice([SENT, PENDING,
                               FAILED]), selected=rng.random() < 0.1, styles=STYLES,
                               header=rng.random() < 0.5)
        assert bubble.line_count(width) == drawn_lines(bubble, width), (msg.text, width)


def test_a_tab_or_a_pane_too_narrow_is_left_to_drawing():
    """Tabs expand by position and a pane narrower than the padding has no text
    width: for those the count says it cannot tell (the chat then draws)."""
    tabbed = MessageBubble(message("a\tb"), mine=True, state=SENT, selected=False,
                           styles=STYLES)
    assert tabbed.line_count(60) is None
    narrow = MessageBubble(message("hello"), mine=False, state=SENT, selected=False,
                           styles=STYLES)
    assert narrow.line_count(3) is None
    assert narrow.line_count(40) == drawn_lines(narrow, 40) == 2


def test_reactions_wrap_by_cell_width_and_nothing_follows_them_on_their_lines():
    """"👍 12345  ❤️ 12345 …" at every width from 12 to 60: counted as drawn, every
    line exactly the pane's width by Rich's measure, and on a line with
    reactions nothing but padding follows the last one — so a terminal that
    draws emoji one cell wide only shortens the padding, never moves text."""
    six = tuple(ReactionCount(emoji, 12345, i == 1) for i, emoji in enumerate(REACTIONS))
    for width in range(12, 61):
        for mine in (True, False):
            bubble = MessageBubble(message("hello there", reactions=six), mine=mine,
                                   state=SENT, selected=False, styles=STYLES)
            console = Console(width=width, color_system="truecolor", force_terminal=True)
            lines = console.render_lines(bubble, console.options.update_width(width), pad=True)
            assert bubble.line_count(width) == len(lines), width
            texts = ["".join(seg.text for seg in line) for line in lines]
            assert all(cell_len(text) == width for text in texts)
            with_reactions = [t for t in texts if any(e in t for e in REACTIONS)]
            assert "".join(with_reactions).count("12345") == 6
            for text in with_reactions:
                emoji = max(REACTIONS, key=text.rfind)
                tail = text[text.rfind(emoji) + len(emoji):]
                assert re.fullmatch(r" 12345 *", tail), (width, text)
