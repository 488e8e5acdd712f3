"""One comment on the Post screen: author, time, the comment it answers
(quoted, one level), the text, likes and reactions."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import ListItem, Static

from models.text import clean_line
from models.views import CommentView

from ..formatting import plain, relative_time
from ..i18n import _
from ..reaction_text import reaction_summary
from ..relative_times import words

QUOTE = 60  # characters of the answered comment shown


def comment_renderable(comment: CommentView) -> RenderableType:
    header = plain(comment.author.full_name, "bold")
    header.append_text(plain(f" @{comment.author.login}", "dim"))
    header.append(f" · {relative_time(comment.created_at)}", style="dim")
    if comment.edited_at is not None:
        header.append(" · " + _("edited"), style="dim")
    lines = [header]
    quote = comment.reply_to
    if quote is not None:
        line = Text("↪ ", style="dim")
        line.append_text(plain(clean_line(quote.author.full_name), "dim bold"))
        said = _("deleted comment") if quote.deleted else clean_line(quote.text)
        if len(said) > QUOTE:
            said = said[: QUOTE - 1] + "…"
        line.append(": ", style="dim")
        line.append_text(plain(said, "dim italic"))
        lines.append(line)
    lines.append(plain(comment.text))
    likes = Text()
    likes.append("♥ " if comment.liked_by_me else "♡ ",
                 style="bold red" if comment.liked_by_me else "")
    likes.append(str(comment.like_count))
    if comment.reactions:
        likes.append("   ")
        likes.append_text(reaction_summary(comment.reactions))
    lines.append(likes)
    return Text("\n").join(lines)


class CommentItem(ListItem):
    """A comment; ``comment`` may be replaced (an edit, a like, a reaction)."""

    DEFAULT_CSS = """
    CommentItem { height: auto; padding: 0 1 1 1; }
    """

    def __init__(self, comment: CommentView) -> None:
        super().__init__()
        self.comment = comment
        self._time_words: tuple[str, ...] = ()  # its time as drawn ("5 min ago")

    def compose(self) -> ComposeResult:
        yield Static(self._content())

    def _content(self) -> RenderableType:
        self._time_words = words([self.comment.created_at])  # before the drawing: never newer
        return comment_renderable(self.comment)

    def show(self, comment: CommentView) -> None:
        self.comment = comment
        self.query_one(Static).update(self._content())

    def show_times_again(self, now) -> None:  # type: ignore[no-untyped-def]
        """Drawn again when its time reads otherwise now (``tui/relative_times.py``);
        not drawn yet, it will be as it reads then."""
        if self._time_words and words([self.comment.created_at], now) != self._time_words:
            self.show(self.comment)
