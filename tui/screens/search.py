"""Search everything I can read (Ctrl+F, or "Search" in the palette): messages,
posts, people, communities and music, as I type.

Tabs pick the section: All (the first few of each, under its heading) or one
of them; Tab / Shift+Tab move between them while the query keeps the focus.
Each section ends with "More…", which adds its next page in place. Each result
carries who wrote it, where and when, and its snippet with the matched words
highlighted (offsets from ``models.search``, styled here — the text itself is
never parsed as markup). Enter opens the result: a message's dialog or group
at that message, a post (``open_post``), a person, a community, the music
section.

The screen is kept by the app (``tui/kept_screens.py`` ``show_kept``: built
out of sight after log-in, shown again on each Ctrl+F) and opens as a new
one would, every time: an empty query with the focus, All, no results
(``start_afresh``) — as a messenger's search does, nothing of the last search
is kept. Closed, the focus is back where it was on the screen below.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from models import clock, search
from models.errors import DomainError
from models.errors import Text as Sentence
from models.search import COMMENTS, COMMUNITIES, MESSAGES, MUSIC, PEOPLE, POSTS, SECTIONS
from models.snippets import Snippet
from tui.carry_over import BringBack, Typed, TypedBack, app_opens, reopened
from tui.chats import group_key, peer_key
from tui.events import PeopleChanged
from tui.formatting import plain, relative_time
from tui.i18n import _, translate_message
from tui.kept_screens import LaidOutOutOfSight
from tui.key_order import AnswersSearch
from tui.keys import type_into
from tui.people_shown import as_now_in_place
from tui.relative_times import first_change, shows_times, times_shown
from tui.screens.modal_box import ModalBox
from tui.typing_pause import TypingPause
from tui.widgets.static_text import show_text
from tui.widgets.text_input import TextInput

HIGHLIGHT = "bold reverse"
ALL = "all"  # the tab of every section's first few results


def snippet_text(snippet: Snippet) -> Text:
    """The snippet as plain text with its matched words highlighted."""
    text = plain(translate_message(snippet.text) if isinstance(snippet.text, Sentence)
                 else snippet.text)  # a message of pictures only: "🖼 Picture"
    for start, end in snippet.highlights:
        text.stylize(HIGHLIGHT, start, end)
    return text


def _line(*parts: Text) -> Text:
    line = Text(end="", no_wrap=True, overflow="ellipsis")
    for part in parts:
        line.append_text(part)
    return line


def message_chat(hit: search.MessageHit) -> str:
    """The key of the chat a found message opens (``tui.chats``)."""
    return group_key(hit.dialog_id) if hit.is_group else peer_key(hit.peer.id)


def section_titles() -> dict[str, str]:
    return {ALL: _("All"), MESSAGES: _("Messages"), POSTS: _("Posts"),
            COMMENTS: _("Comments"), PEOPLE: _("People"), COMMUNITIES: _("Communities"),
            MUSIC: _("Music")}


def result_prompt(section: str, item) -> Text:
    """How one result of ``section`` reads in the list."""
    if section == MESSAGES:
        return _line(plain(item.where, "bold"), plain(f"  {item.sender.first_name}: ", "dim"),
                     snippet_text(item.snippet),
                     plain(f"  {relative_time(item.created_at)}", "dim"))
    if section == POSTS:
        return _line(plain(item.author.full_name, "bold"),
                     plain(f"  {item.community_name}" if item.community_name else "", "italic"),
                     plain(": ", "dim"), snippet_text(item.snippet),
                     plain(f"  {relative_time(item.created_at)}", "dim"))
    if section == COMMENTS:
        return _line(plain(item.author.full_name, "bold"), plain(": ", "dim"),
                     snippet_text(item.snippet),
                     plain(f"  {relative_time(item.created_at)}", "dim"))
    if section == PEOPLE:
        return _line(plain(item.full_name, "bold"), plain(f"  @{item.login}", "dim"))
    if section == COMMUNITIES:
        return _line(plain(item.name, "bold"))
    return _line(plain(item.title, "bold"), plain(f"  {item.artist}", "dim"))


Pages = dict[str, tuple[list, object]]  # section -> (the results shown, the next page's marker)


def result_id(section: str, index: int) -> str:
    """The id of a section's result at ``index`` in the result list."""
    return f"r-{section}-{index}"


def result_options(pages: Pages) -> list[Option]:
    """The options of the result list: per section that found something, its
    heading, its results (ids ``r-<section>-<index>``) and "More…" when it has more."""
    options: list[Option] = []
    titles = section_titles()
    for section in SECTIONS:
        items, cursor = pages.get(section, ((), None))
        if not items:
            continue
        shown = f"{len(items)}+" if cursor is not None else str(len(items))
        options.append(Option(Text(f"{titles[section]} ({shown})", style="bold underline"),
                              disabled=True))
        options.extend(Option(result_prompt(section, item), id=result_id(section, i))
                       for i, item in enumerate(items))
        if cursor is not None:
            options.append(Option(Text(_("More…"), style="italic"), id=f"more-{section}"))
    return options


def open_post(app: App, hit: search.PostHit) -> None:
    """Enter on a found post: the post with its comments."""
    app.open_post(hit.post_id)


HINT_FROM_HEIGHT = 24  # terminal lines from which the search shows its syntax hint


class SearchScreen(TypedBack, LaidOutOutOfSight, AnswersSearch, ModalBox[None]):
    """Global search; closes itself when a result is opened. Kept by the app
    and emptied each time it is shown again (``start_afresh``); a new
    language opens it again with the query and the section it had."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "To the results", show=False, id="search.to_results"),
        # Tab and Shift+Tab, not letters or arrows: they work while the query has the focus
        Binding("tab", "next_section", "Next section", id="search.next_section"),
        Binding("shift+tab", "previous_section", "Previous section",
                id="search.previous_section"),
        Binding("escape", "close", "Close", id="search.close"),
    ]

    # Keys typed faster than this (seconds) apart wait until typing stops; a
    # key after a pause is asked at once (``TypingPause``; tests set 0).
    DEBOUNCE = 0.2

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
        self._pause = TypingPause(self, self._ask)
        self.section = ALL
        self._pages: Pages = {}
        self.answered = ("", ALL)  # nothing is listed for an empty query

    def compose(self) -> ComposeResult:
        titles = section_titles()
        with Vertical():
            yield Static(_("Search"), id="search-title")
            yield TextInput(placeholder=_("Messages, posts, people, communities, music"),
                        id="search-query")
            tabs = Tabs(*(Tab(titles[key], id=f"tab-{key}") for key in (ALL, *SECTIONS)),
                        id="search-tabs")
            tabs.can_focus = False  # the query keeps the focus; Tab / Shift+Tab move them
            yield tabs
            yield Static("", id="search-notes")
            yield OptionList(id="search-results")
            yield Static(_("words by their start · \"a phrase\" · -word · from:login · "
                           "in:login or in:\"group\" · before:/after:YYYY-MM-DD · "
                           "has:image · has:track · tab: next section · enter opens · esc closes"),
                         id="search-hint")

    def start_afresh(self) -> None:
        """Kept by the app and shown again (``show_kept``): as a new search
        screen — an empty query with the focus, All, no results or notes, no
        search of the last query still to come (a late answer is dropped:
        ``_show``; the next page of a last result too: ``_add_more``)."""
        self._pause.restart()
        self.section = ALL
        self._pages = {}
        self._times_at = None
        self.answered = ("", ALL)
        field = self.query_one(Input)
        with self.prevent(Input.Changed, Tabs.TabActivated):
            field.value = ""
            self.query_one(Tabs).active = f"tab-{ALL}"
        show_text(self.query_one("#search-notes", Static), "")
        self.query_one(OptionList).clear_options()
        self.set_focus(field)

    def carry_over(self) -> BringBack | None:
        return reopened(app_opens("action_search_everything"), Typed.on(self))

    def on_key(self, event: events.Key) -> None:
        type_into(self.query_one(Input), event)

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    def question(self) -> tuple[str, str]:
        return self.query_text, self.section

    def answer_now(self) -> None:
        self._pause.flush()  # a key waits for the typing to stop: ask now

    @on(Input.Changed, "#search-query")
    def _changed(self, event: Input.Changed) -> None:
        self._pause.typed(self.DEBOUNCE)

    def _ask(self) -> None:
        self.run_search(self.query_text, self.section)

    @on(Tabs.TabActivated, "#search-tabs")
    def _section_chosen(self, event: Tabs.TabActivated) -> None:
        section = event.tab.id.removeprefix("tab-")
        if section == self.section:
            return
        self.section = section
        self.run_search(self.query_text, section)

    def action_next_section(self) -> None:
        self.query_one(Tabs).action_next_tab()

    def action_previous_section(self) -> None:
        self.query_one(Tabs).action_previous_tab()

    @work(thread=True, exclusive=True, group="global-search")
    def run_search(self, query: str, section: str) -> None:
        pages: Pages = {}
        problems: tuple = ()
        try:
            if query.strip():
                parsed = search.as_query(query)
                problems = parsed.problems
                if section == ALL:
                    results = search.search_everything(self.me_id, parsed)
                    for name in SECTIONS:
                        page = results.section(name)
                        pages[name] = (list(page.items), page.next_cursor)
                else:
                    page = search.search_section(self.me_id, section, parsed)
                    pages[section] = (list(page.items), page.next_cursor)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, (query, section), exc)
            return
        self.app.call_from_thread(self._show, query, section, problems, pages)

    def _failed(self, asked: tuple[str, str], exc: DomainError) -> None:
        self.answered = asked  # the keys held for the answer go on
        self.app.show_error(exc)

    def _show(self, query: str, section: str, problems: tuple, pages: Pages) -> None:
        if query != self.query_text or section != self.section:
            return  # the answer to something typed or chosen before
        self.answered = (query, section)
        self._pages = pages
        self._times_said(clock.now())
        notes = self.query_one("#search-notes", Static)
        notes.update(plain(" ".join(translate_message(p) for p in problems)))
        options = self.query_one(OptionList)
        if not query.strip():
            options.clear_options()
            return
        found = result_options(pages)
        if found:
            options.set_options(found)
            options.highlighted = next(i for i, o in enumerate(found) if not o.disabled)
        else:
            options.set_options([Option(Text(_("Nothing found."), style="dim"), disabled=True)])

    @work(thread=True, exclusive=True, group="global-search-more")
    def load_more(self, query: str, view: str, section: str, cursor: object) -> None:
        try:
            page = search.search_section(self.me_id, section, query, cursor)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._add_more, query, view, section, cursor, page)

    def _add_more(self, query: str, view: str, section: str, cursor: object,
                  page) -> None:
        items, shown_cursor = self._pages.get(section, ([], None))
        if query != self.query_text or view != self.section or shown_cursor != cursor:
            return  # the list changed while the page was read
        first_new = len(items)
        self._pages[section] = (items + list(page.items), page.next_cursor)
        options = self.query_one(OptionList)
        found = result_options(self._pages)
        options.set_options(found)
        self._times_said(clock.now())
        wanted = result_id(section, first_new)
        options.highlighted = next((i for i, o in enumerate(found) if o.id == wanted), None)

    # -------------------------------------------------------------- times in words

    _times_at = None  # when the results' times were said ("5 min ago"), as they read then

    def on_mount(self) -> None:
        shows_times(self)
        self._hint_if_room()

    def on_resize(self) -> None:
        self._hint_if_room()

    def _hint_if_room(self) -> None:
        """The query's syntax (four lines at 60 columns) only in a terminal
        tall enough to leave the results room: at 60×20 one result showed."""
        self.query_one("#search-hint").display = self.app.size.height >= HINT_FROM_HEIGHT

    def _times_said(self, now) -> None:  # type: ignore[no-untyped-def]
        self._times_at = now
        times_shown(self)

    def _timed_results(self):  # type: ignore[no-untyped-def]
        """(option id, section, result) of each result that says when it was written."""
        for section in (MESSAGES, POSTS, COMMENTS):
            for index, item in enumerate(self._pages.get(section, ((), None))[0]):
                yield result_id(section, index), section, item

    def next_time_change(self, now):  # type: ignore[no-untyped-def]
        return first_change((item.created_at for _id, _section, item in self._timed_results()),
                            now)

    def show_times_again(self, now) -> None:  # type: ignore[no-untyped-def]
        """The results whose time reads otherwise now drawn again (``tui/relative_times.py``)."""
        said = self._times_at
        if said is None:
            return
        options = self.query_one(OptionList)
        for option_id, section, item in self._timed_results():
            if relative_time(item.created_at, said) != relative_time(item.created_at, now):
                options.replace_option_prompt(option_id, result_prompt(section, item))
        self._times_at = now

    def on_people_changed(self, event: PeopleChanged) -> None:
        """Results naming someone with a new name or login say it, in place."""
        options = self.query_one(OptionList)
        for section, (items, _cursor) in self._pages.items():
            for index in as_now_in_place(items, event.people):
                options.replace_option_prompt(result_id(section, index),
                                              result_prompt(section, items[index]))

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            options.action_select()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.id:
            return
        kind, section, *index = event.option.id.split("-")
        if kind == "more":
            self.load_more(self.query_text, self.section, section, self._pages[section][1])
            return
        item = self._pages[section][0][int(index[0])]
        app = self.app
        self.dismiss(None)
        if section == MESSAGES:
            app.open_chat(message_chat(item), item.message_id)
        elif section == POSTS:
            open_post(app, item)
        elif section == PEOPLE:
            app.open_profile(item.id)
        elif section == COMMUNITIES:
            app.open_community(item.id)
        elif section == COMMENTS:  # a comment: its post, with the comments
            app.open_post(item.post_id)
        else:
            app.switch_mode("music")

    def action_to_results(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
