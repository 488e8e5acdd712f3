"""People: everyone, paged lazily, or a name search as you type."""

from __future__ import annotations

from rich.console import RenderableType
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, ListView, Static

from models import now_playing, people
from models.errors import DomainError
from models.views import NowPlaying, Page, UserRef

from ..events import PeopleChanged
from ..i18n import _
from ..key_order import AnswersSearch
from ..keys import type_into
from ..people_shown import with_faces
from ..ready_ahead import profile_wanted
from ..typing_pause import TypingPause
from ..widgets.app_header import AppHeader
from ..widgets.avatar import mini_avatars
from ..widgets.footer import AppFooter
from ..widgets.row_list import RowList
from ..widgets.static_text import show_text
from ..widgets.text_input import TextInput
from ..widgets.user_row import UserRow
from .now_playing_shown import ShowsNowPlaying
from .section import SectionScreen, closed_before_mount

SEARCH_DELAY = 0.25  # keys typed faster than this (seconds) apart wait until typing stops
PLAYING_AROUND = 100  # rows each side of the highlighted one asked what they play


class PeopleScreen(AnswersSearch, ShowsNowPlaying, SectionScreen):
    """Search by first and last name (any case, any script); Enter opens a profile."""

    BINDINGS = [
        Binding("ctrl+l", "focus_search", "Search", id="people.search"),
        Binding("down", "focus_list", "To the list", show=False, id="people.to_list"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._query = ""
        self._next_cursor: object | None = None
        self._loading = False
        self._pause = TypingPause(self, lambda: self._start(reset=True))
        self._focus_results = False  # Enter searched: move to the results when they come
        self._rows_shown: tuple = ()  # (user, no colour?) of each row listed

    def compose(self) -> ComposeResult:
        yield AppHeader(_("People"), "people")
        yield TextInput(id="people-search", placeholder=_("Search by first or last name"))
        yield Static("", id="people-status", markup=False)
        yield RowList(id="people-list")
        yield AppFooter()

    def on_mount(self) -> None:
        if closed_before_mount(self, "#people-search"):
            return
        self._start(reset=True)
        self.watch_now_playing()
        self.query_one("#people-search", Input).focus()

    def read_again(self) -> None:
        self._start(reset=True)

    def action_focus_search(self) -> None:
        self.query_one("#people-search", Input).focus()

    def on_key(self, event: events.Key) -> None:
        type_into(self.query_one("#people-search", Input), event)  # e.g. back from a profile

    def action_focus_list(self) -> None:
        listing = self.query_one("#people-list", ListView)
        if listing.children:
            listing.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("focus_list", "focus_search"):
            in_search = self.focused is self.query_one("#people-search", Input)
            # Ctrl+L is dimmed in the search itself: it has nothing to do there
            return in_search if action == "focus_list" else not in_search or None
        return True

    def question(self) -> str:
        return self.query_one("#people-search", Input).value.strip()

    def answer_now(self) -> None:
        if self.question() != self._query:  # not asked yet: the typing pause is running
            self._search_now()
            self._focus_results = False  # a key waits for the answer, not Enter

    @on(Input.Changed, "#people-search")
    def _typed(self, event: Input.Changed) -> None:
        self._pause.typed(SEARCH_DELAY)

    @on(Input.Submitted, "#people-search")
    def _search_now(self) -> None:
        self._pause.cancel()
        if self._query == self.question() == self.answered:  # answered already
            self.action_focus_list()
            return
        self._start(reset=True)
        # To the results once they are in; with nobody found the search field
        # keeps the focus, to correct the name (the list on screen now is the
        # last search's).
        self._focus_results = True

    def _start(self, *, reset: bool) -> None:
        query = self.query_one("#people-search", Input).value.strip()
        if reset:
            self._query = query
            cursor = None
        else:
            if self._loading or self._next_cursor is None:
                return
            cursor = self._next_cursor
        self._loading = True
        self._load(self.app.current_user.id, self._query, cursor, reset, not self.app.no_color)

    @work(thread=True, exclusive=True, group="people")
    def _load(self, me: int, query: str, cursor: object | None, reset: bool, color: bool) -> None:
        try:
            if query:
                page = people.search_people(query, cursor)  # by @login too
            else:
                page = people.all_users(cursor)
            faces = mini_avatars(page.items, color=color)
            playing = now_playing.now_playing_of(me, [user.id for user in page.items])
        except DomainError as exc:
            self.app.call_from_thread(self._failed, query, exc)
            return
        self.app.call_from_thread(self._show, query, page, faces, reset, playing)

    def _failed(self, query: str, exc: DomainError) -> None:
        self._loading = False
        if query == self._query:
            self.answered = query  # the keys held for the answer go on
        self.app.show_error(exc)

    async def _show(
        self, query: str, page: Page[UserRef], faces: dict[int, RenderableType], reset: bool,
        playing: dict[int, NowPlaying],
    ) -> None:
        if query != self._query:
            return  # an older search finished after a newer one started
        self.answered = query
        listing = self.query_one("#people-list", ListView)
        rows = tuple((user, self.app.no_color) for user in page.items)
        if reset and rows == self._rows_shown and len(listing.children) == len(rows):
            # Read again, the same people: the rows stay (a rebuild mounts them all).
            for row in self._rows():
                row.show_playing(playing.get(row.user.id))
        else:
            if reset:
                await listing.clear()
                self._rows_shown = ()
            await listing.extend(UserRow(user, faces.get(user.id), playing=playing.get(user.id))
                                 for user in page.items)
            self._rows_shown += rows
        self._next_cursor = page.next_cursor
        self._loading = False
        if not listing.children:
            status = (_("Nobody is called “{query}”.").format(query=query) if query
                      else _("Nobody has registered yet."))
        elif query:
            status = _("People called “{query}”:").format(query=query)
        else:
            status = _("Everyone, by last name:")
        show_text(self.query_one("#people-status", Static), status)
        if reset and listing.children:
            listing.index = 0
        if reset and self._focus_results:
            self._focus_results = False
            if listing.children and self.focused is self.query_one("#people-search", Input):
                listing.focus()

    def on_people_changed(self, event: PeopleChanged) -> None:
        """Someone listed renamed themselves (or took another login, another
        avatar): their row says so, with their mini avatar rendered again; the
        list stays as it is, the same row highlighted."""
        listed = {row.user.id for row in self._rows()} & event.people.keys()
        if listed:
            renamed = {person: event.people[person] for person in listed}
            with_faces(self, renamed.values(), lambda faces: self._show_people(renamed, faces))

    def _show_people(self, renamed: dict[int, UserRef], faces: dict[int, RenderableType]) -> None:
        for row in self._rows():
            if row.user.id in renamed:
                row.show_user(renamed[row.user.id], faces.get(row.user.id))
        self._rows_shown = tuple((renamed.get(user.id, user), no_color)
                                 for user, no_color in self._rows_shown)

    def _rows(self) -> list[UserRow]:
        return list(self.query_one("#people-list", ListView).query_children(UserRow))

    def now_playing_people(self) -> list[int]:
        """The rows near the highlighted one (all of them on a short list)."""
        rows = self._rows()
        at = self.query_one("#people-list", ListView).index or 0
        near = rows[max(0, at - PLAYING_AROUND): at + PLAYING_AROUND]
        return [row.user.id for row in near]

    def show_now_playing(self, asked: list[int], found: dict[int, NowPlaying]) -> None:
        wanted = set(asked)
        for row in self._rows():
            if row.user.id in wanted:
                row.show_playing(found.get(row.user.id))

    @on(ListView.Highlighted, "#people-list")
    def _near_end(self, event: ListView.Highlighted) -> None:
        listing = self.query_one("#people-list", ListView)
        if listing.index is not None and listing.index >= len(listing.children) - 5:
            self._start(reset=False)
        self._ready_ahead(event.item)

    def on_screen_resume(self) -> None:
        self._ready_ahead(self.query_one("#people-list", ListView).highlighted_child)

    def _ready_ahead(self, row: object) -> None:
        """The profile of the person the cursor rests on made ready out of
        sight, so Enter only shows it (``tui/ready_ahead.py``)."""
        if isinstance(row, UserRow) and self.app.screen is self:
            self.app.ready_soon(*profile_wanted(self.app, row.user.id))

    @on(ListView.Selected, "#people-list")
    def _open(self, event: ListView.Selected) -> None:
        if isinstance(event.item, UserRow):
            self.app.open_profile(event.item.user.id)
