"""One chat message drawn as a bubble: a Rich renderable the chat pane turns into lines.

The chat pane (``ChatView``) is a Line-API scroll view, so a message is not a
widget: it is this renderable, rendered once per width and cached as strips.
Everything the sender typed goes through ``plain()`` — never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from models.views import MessageView
from tui.formatting import clock_time, plain, preview_line
from tui.i18n import _
from tui.reaction_text import reaction_rows
from tui.thumbnails import grid_height, grid_lines, layout
from tui.widgets.track_card import shared_tracks, track_card

PENDING = "pending"
FAILED = "failed"
SENT = "sent"
META_GAP = 2  # cells at least between the text's last line and the time beside it


@dataclass(frozen=True, slots=True)
class BubbleStyles:
    """Rich styles taken from the chat pane's component classes (so themes apply)."""

    mine: Style
    theirs: Style
    meta: Style
    quote: Style
    selected: Style
    failed: Style
    unread: Style = Style()  # the "New messages" line
    mention: Style = Style()  # a message that mentions the reader (in a group)
    sender: Style = Style()  # the name above a run of another member's messages
    reaction_mine: Style = Style(bold=True)  # a reaction I am among


def quote_line(preview: str, limit: int = 80) -> str:
    """The first line of a replied message, shortened for the quote bar."""
    first = (preview or "").split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


class MessageBubble:
    """A message as the reader sees it: the sender (on the first message of a
    group), the quote it replies to, the text, and its time and state at the
    bottom right — on the text's last line when it fits there — and under it
    the reactions ("👍 3  ❤️ 1"), on lines of their own.

    Own messages lean right (indented on the left), the peer's lean left.
    """

    def __init__(
        self,
        message: MessageView,
        *,
        mine: bool,
        state: str,
        selected: bool,
        styles: BubbleStyles,
        header: bool = True,
        mention: bool = False,
        pictures=None,
    ) -> None:
        self.message = message
        self.mine = mine
        self.state = state
        self.selected = selected
        self.styles = styles
        self.header = header
        self.mention = mention
        # placed picture -> its thumbnail, or None while it is rendered (tui/thumbnails.py)
        self.pictures = pictures or (lambda placed: None)

    def name(self) -> Text:
        return plain(_("You") if self.mine else self.message.sender.full_name, "bold")

    def meta(self) -> Text:
        """"edited 15:01 ✓✓": the time and, for my messages, sending… / ✓ / ✓✓ / not sent."""
        msg = self.message
        words = []
        if msg.edited_at is not None and not msg.deleted:
            words.append(_("edited"))
        words.append(clock_time(msg.created_at))
        if self.state == PENDING:
            words.append(_("sending…"))
        elif self.state != FAILED and self.mine:
            words.append("✓✓" if msg.read_by_peer else "✓")
        meta = Text(" ".join(words), style=self.styles.meta, end="")
        if self.state == FAILED:
            meta.append("  ")
            meta.append(_("not sent — ctrl+r to retry"), self.styles.failed)
        return meta

    def body(self) -> Text:
        msg = self.message
        if msg.deleted:
            return Text(_("message deleted"), style=self.styles.meta + Style(italic=True))
        # Trailing blank lines would only push the time away from the text.
        return plain(msg.text.rstrip())

    def lean(self, width: int) -> int:
        """Cells left empty on the other side (own messages lean right)."""
        return max(2, min(12, width // 6))

    def parts(self) -> Text:
        """The sender, the quote it replies to, and the text: what the bubble wraps."""
        pieces: list[Text] = []
        if self.header:
            pieces.append(self.name())
        if self.message.reply_preview is not None and not self.message.deleted:
            quote = plain("▎ " + quote_line(preview_line(self.message.reply_preview)))
            quote.stylize(self.styles.quote)
            pieces.append(quote)
        body = self.body()
        # pictures or a shared track alone need no empty line
        if body.plain or not (self._has_pictures() or self._tracks()):
            pieces.append(body)
        return Text("\n", end="").join(pieces)

    def _has_pictures(self) -> bool:
        return not self.message.deleted and any(
            a.kind == "image" for a in self.message.attachments)

    def _tracks(self) -> list:
        """The shared tracks on the message, each drawn as a card line."""
        return [] if self.message.deleted else shared_tracks(self.message.attachments)

    def _cards(self, inner: int) -> list[Text]:
        return [track_card(track, inner) for track in self._tracks()]

    def line_count(self, width: int) -> int | None:
        """How many lines the bubble takes at ``width``, without drawing it: each
        paragraph word-wrapped as Rich wraps it (``divide_line``, folding long
        words) inside the lean and the padding, and the time on the last line or
        below it. None when only drawing can tell (tabs, a pane too narrow)."""
        inner = width - self.lean(width) - 2
        text = self.parts().plain
        meta = self.meta().plain
        if inner < 1 or "\t" in text:
            return None
        grid = self._grid(inner)
        cards = self._cards(inner)
        lines = 0
        last = ""
        if text or not (grid or cards):
            for paragraph in text.split("\n"):
                breaks = divide_line(paragraph, inner, fold=True)
                lines += len(breaks) + 1
                last = paragraph[breaks[-1]:] if breaks else paragraph
        reactions = self._reaction_rows(inner)
        if reactions is None:
            return None
        if grid:
            lines += grid_height(grid)
        if cards:  # the track cards come last: the time goes beside the last or under it
            lines += len(cards)
            lines += self._meta_lines(cards[-1].cell_len, cell_len(meta), meta, inner)
        elif grid:  # the time goes under the pictures
            lines += self._meta_lines(inner, cell_len(meta), meta, inner)
        else:
            lines += self._meta_lines(cell_len(last.rstrip()), cell_len(meta), meta, inner)
        return lines + len(reactions)

    def _grid(self, inner: int):
        """The message's pictures laid out in the bubble (none once deleted)."""
        if self.message.deleted or not self.message.attachments:
            return []
        return layout(self.message.attachments, inner)

    def _reaction_rows(self, inner: int) -> list[Text] | None:
        """The reactions' lines (none for a deleted message), or None when one
        reaction alone is wider than the bubble."""
        if self.message.deleted:
            return []
        return reaction_rows(self.message.reactions, inner, self.styles.reaction_mine)

    @staticmethod
    def _meta_lines(last: int, meta_width: int, meta: str, inner: int) -> int:
        """Lines the time adds: none beside the last line, else one (or more when
        it is wider than the bubble)."""
        if last + META_GAP + meta_width <= inner:
            return 0
        if meta_width <= inner:
            return 1
        return len(divide_line(meta, inner, fold=True)) + 1

    def _lines(self, console: Console, inner: int) -> Text:
        """The bubble's text wrapped to ``inner`` with the time placed, as one
        unwrapping Text (every line already fits)."""
        lines: list[Text] = []
        parts = self.parts()
        grid = self._grid(inner)
        cards = self._cards(inner)
        if parts.plain or not (grid or cards):
            for paragraph in parts.split("\n", allow_blank=True):
                if paragraph.plain:
                    lines.extend(paragraph.wrap(console, inner, overflow="fold"))
                else:
                    lines.append(Text(end=""))
        meta = self.meta()
        if grid:
            lines.extend(grid_lines(grid, self.pictures, self.styles.meta))
        lines.extend(cards)
        if grid and not cards:  # the time goes under the pictures
            extra = self._meta_lines(inner, meta.cell_len, meta.plain, inner)
        else:
            last = lines[-1]
            last.rstrip()
            extra = self._meta_lines(last.cell_len, meta.cell_len, meta.plain, inner)
        if extra == 0:
            last = lines[-1]
            last.append(" " * (inner - last.cell_len - meta.cell_len))
            last.append_text(meta)
        elif extra == 1:
            lines.append(Text(" " * (inner - meta.cell_len), end="").append_text(meta))
        else:
            lines.extend(meta.wrap(console, inner, overflow="fold"))
        reactions = self._reaction_rows(inner)
        if reactions is None:  # a pane too narrow for one: folded, as line_count leaves it
            reactions = [row for r in self.message.reactions
                         for row in Text(f"{r.emoji} {r.count}").wrap(console, inner,
                                                                       overflow="fold")]
        lines.extend(reactions)
        joined = Text("\n", end="").join(lines)
        joined.no_wrap = True
        joined.end = ""
        return joined

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lean = self.lean(width)
        base = self.styles.mine if self.mine else self.styles.theirs
        if self.mention and not self.mine:
            base = base + self.styles.mention
        if self.selected:
            base = base + self.styles.selected
        pad = (0, 0, 0, lean) if self.mine else (0, lean, 0, 0)
        inner = width - lean - 2
        text = self._lines(console, inner) if inner >= 1 else self.parts()
        yield Padding(Padding(text, (0, 1), style=base, expand=True), pad, expand=True)
