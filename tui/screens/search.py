"""Search everything I can read (Ctrl+F, or "Search" in the palette): messages,
posts, people, communities and music, as I type.

The list shows each section's first page under its heading; each result
carries who wrote it, where and when, and its snippet with the matched words
highlighted (offsets from ``models.search``, styled here — the text itself is
never parsed as markup). Enter opens the result: a message's dialog at that
message, a post's author, a person, a community, the music section.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models import search
from models.errors import DomainError
from models.snippets import Snippet
from tui.formatting import plain, relative_time
from tui.i18n import _, translate_message
from tui.keys import LocalisedBindings, type_into

HIGHLIGHT = "bold reverse"


def snippet_text(snippet: Snippet) -> Text:
    """The snippet as plain text with its matched words highlighted."""
    text = plain(snippet.text)
    for start, end in snippet.highlights:
        text.stylize(HIGHLIGHT, start, end)
    return text


def _line(*parts: Text) -> Text:
    line = Text(end="", no_wrap=True, overflow="ellipsis")
    for part in parts:
        line.append_text(part)
    return line


def _heading(title: str, count: int, more: bool) -> Option:
    shown = f"{count}+" if more else str(count)
    return Option(Text(f"{title} ({shown})", style="bold underline"), disabled=True)


def result_options(results: search.SearchResults) -> list[Option]:
    """The options of the result list: a heading per section that found something."""
    options: list[Option] = []
    sections = (
        (_("Messages"), results.messages.items, results.messages.next_cursor, lambda hit: Option(
            _line(plain(hit.peer.full_name, "bold"), plain(f"  {hit.sender.first_name}: ", "dim"),
                  snippet_text(hit.snippet), plain(f"  {relative_time(hit.created_at)}", "dim")),
            id=f"m-{hit.peer.id}-{hit.message_id}")),
        (_("Posts"), results.posts.items, results.posts.next_cursor, lambda hit: Option(
            _line(plain(hit.author.full_name, "bold"),
                  plain(f"  {hit.community_name}" if hit.community_name else "", "italic"),
                  plain(": ", "dim"), snippet_text(hit.snippet),
                  plain(f"  {relative_time(hit.created_at)}", "dim")),
            id=f"p-{hit.author.id}")),
        (_("Comments"), results.comments.items, results.comments.next_cursor, lambda hit: Option(
            _line(plain(hit.author.full_name, "bold"), plain(": ", "dim"),
                  snippet_text(hit.snippet), plain(f"  {relative_time(hit.created_at)}", "dim")),
            id=f"k-{hit.post_id}-{hit.comment_id}")),
        (_("People"), results.people.items, results.people.next_cursor, lambda user: Option(
            _line(plain(user.full_name, "bold"), plain(f"  @{user.login}", "dim")),
            id=f"u-{user.id}")),
        (_("Communities"), results.communities.items, results.communities.next_cursor,
         lambda community: Option(_line(plain(community.name, "bold")),
                                  id=f"c-{community.id}")),
        (_("Music"), results.tracks, None, lambda track: Option(
            _line(plain(track.title, "bold"), plain(f"  {track.artist}", "dim")),
            id=f"t-{track.id}")),
    )
    for title, items, more, make in sections:
        if items:
            options.append(_heading(title, len(items), more is not None))
            options.extend(make(item) for item in items)
    return options


class SearchScreen(LocalisedBindings, ModalScreen[None]):
    """Global search; closes itself when a result is opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "to_results", "To the results", show=False, id="search.to_results"),
    ]

    DEBOUNCE = 0.2  # seconds of quiet typing before a search runs (tests set 0)

    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen > Vertical {
        width: 100;
        max-width: 95%;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    SearchScreen #search-title { text-style: bold; padding: 0 0 1 0; }
    SearchScreen #search-notes { color: $warning; height: auto; }
    SearchScreen OptionList { height: 1fr; }
    SearchScreen #search-hint { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.me_id = self.app.current_user.id
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Search"), id="search-title")
            yield Input(placeholder=_("Messages, posts, people, communities, music"),
                        id="search-query")
            yield Static("", id="search-notes")
            yield OptionList(id="search-results")
            yield Static(_("words by their start · \"a phrase\" · -word · from:login · "
                           "in:login · before:/after:YYYY-MM-DD · enter opens · esc closes"),
                         id="search-hint")

    def on_key(self, event: events.Key) -> None:
        type_into(self.query_one(Input), event)

    @on(Input.Changed, "#search-query")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.DEBOUNCE <= 0:
            self.run_search(event.value)
        else:
            self._timer = self.set_timer(self.DEBOUNCE,
                                         lambda value=event.value: self.run_search(value))

    @work(thread=True, exclusive=True, group="global-search")
    def run_search(self, query: str) -> None:
        try:
            results = search.search_everything(self.me_id, query) if query.strip() else None
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, query, results)

    def _show(self, query: str, results: search.SearchResults | None) -> None:
        if query != self.query_one(Input).value:
            return  # the answer to something typed before
        notes = self.query_one("#search-notes", Static)
        options = self.query_one(OptionList)
        if results is None:
            notes.update("")
            options.clear_options()
            return
        notes.update(plain(" ".join(translate_message(p) for p in results.query.problems)))
        found = result_options(results)
        if found:
            options.set_options(found)
            options.highlighted = next(i for i, o in enumerate(found) if not o.disabled)
        else:
            options.set_options([Option(Text(_("Nothing found."), style="dim"), disabled=True)])

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            options.action_select()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.id:
            return
        kind, ident, *message = event.option.id.split("-")
        app = self.app
        self.dismiss(None)
        if kind == "m":
            app.open_dialog(int(ident), int(message[0]))
        elif kind in ("p", "u"):
            app.open_profile(int(ident))
        elif kind == "c":
            app.open_community(int(ident))
        elif kind == "k":  # a comment: its post, with the comments
            app.open_post(int(ident))
        else:
            app.switch_mode("music")

    def action_to_results(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
