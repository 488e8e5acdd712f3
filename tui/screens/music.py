"""Music (F8): my music, the whole catalogue with search, playlists, the queue.

Enter on a track plays it with the list it is in as the queue. Playback belongs
to the app (``tui.playback``) and goes on while the person moves elsewhere.
Every database call runs in a thread worker and comes back with
``call_from_thread``; refusals become a notification. The Playlists tab's
loading and keys are ``MusicPlaylistsMixin`` (``music_playlists.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static, TabbedContent, TabPane

from models import playlists, tracks
from models.errors import DomainError
from models.views import PlaylistView, TrackView

from ..carry_over import reopens
from ..i18n import _, ngettext
from ..key_order import AnswersSearch
from ..mounted import not_mounted_yet
from ..playback import WEB_NO_MUSIC
from ..typing_keys import DimsKeysWhileTyping
from ..typing_pause import TypingPause
from ..watchers import forget_watchers
from ..widgets.app_header import AppHeader
from ..widgets.footer import AppFooter
from ..widgets.static_text import show_text
from ..widgets.text_input import TextInput
from ..widgets.track_table import TrackTable
from .music_playlists import MusicPlaylistsMixin
from .section import SectionScreen, closed_before_mount

SEARCH_DELAY = 0.25  # keys typed faster than this (seconds) apart wait until typing stops
TABS = ("mine", "all", "lists", "queue")


class MusicScreen(DimsKeysWhileTyping, AnswersSearch, MusicPlaylistsMixin, SectionScreen):
    """Tabs of tracks; the keys below work when no text field has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "import", "Import", id="music.import"),
        Binding("a", "library", "My music ±", id="music.library"),
        Binding("l", "add_to_playlist", "To playlist", id="music.to_playlist"),
        Binding("t", "share", "Share…", id="music.share"),
        Binding("ctrl+n", "new_playlist", "New playlist", id="music.new_playlist"),
        Binding("e", "rename_playlist", "Rename", id="music.rename_playlist"),
        Binding("d", "delete_playlist", "Delete", id="music.delete_playlist"),
        Binding("x,delete", "remove_from_playlist", "Remove", show=False,
                id="music.remove_from_playlist"),
        Binding("shift+up", "move(-1)", "Move up", show=False, id="music.move_up"),
        Binding("shift+down", "move(1)", "Move down", show=False, id="music.move_down"),
        Binding("space", "app.player('toggle')", "Play / pause", id="music.toggle"),
        Binding("n", "app.player('next')", "Next", show=False, id="music.next"),
        Binding("p", "app.player('previous')", "Previous", show=False, id="music.previous"),
        Binding("left_square_bracket", "app.player('back')", "Back 10 s", show=False,
                id="music.seek_back"),
        Binding("right_square_bracket", "app.player('forward')", "Forward 10 s", show=False,
                id="music.seek_forward"),
        Binding("minus", "app.player('quieter')", "Volume down", show=False,
                id="music.volume_down"),
        Binding("plus,equals_sign", "app.player('louder')", "Volume up", show=False,
                id="music.volume_up"),
        Binding("s", "app.player('shuffle')", "Shuffle", show=False, id="music.shuffle"),
        Binding("r", "app.player('repeat')", "Repeat", show=False, id="music.repeat"),
        Binding("ctrl+l", "focus_search", "Search", id="music.search"),
        Binding("down", "to_tracks", "To the list", show=False, id="music.to_tracks"),
        Binding("1", "tab('mine')", "My music", show=False, id="music.tab_mine"),
        Binding("2", "tab('all')", "All tracks", show=False, id="music.tab_all"),
        Binding("3", "tab('lists')", "Playlists", show=False, id="music.tab_lists"),
        Binding("4", "tab('queue')", "Queue", show=False, id="music.tab_queue"),
    ]

    DEFAULT_CSS = """
    MusicScreen #music-tabs { height: 1fr; }
    MusicScreen TabPane { padding: 0; }
    MusicScreen #music-search { margin: 0 1; }
    MusicScreen .music-status { height: 1; padding: 0 1; color: $text-muted; }
    MusicScreen #playlist-side { width: 30; border-right: vkey $panel; }
    MusicScreen #playlist-list { height: 1fr; background: $surface; border: none; }
    MusicScreen #playlist-title { height: auto; padding: 0 1; text-style: bold; }
    """

    import_start: Path | None = None  # where the import tree opens (the home folder)

    def __init__(self) -> None:
        super().__init__()
        self.user_id: int = self.app.current_user.id
        self.playlists: tuple[PlaylistView, ...] = ()
        self._playlists_shown = False  # the first read always draws (its hint too)
        self.playlist_id: int | None = None
        self._pause = TypingPause(self, self._search)
        self._search_wanted = False  # Ctrl+L from another tab: the search takes the focus
        self._query = ""
        self._queue_shown: tuple[Any, int | None] | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader(self.app.section_title("music"), "music")
        with TabbedContent(id="music-tabs"):
            with TabPane(_("My music"), id="mine"):
                yield Static("", id="mine-status", classes="music-status", markup=False)
                yield TrackTable(id="mine-table")
            with TabPane(_("All tracks"), id="all"):
                yield TextInput(id="music-search", placeholder=_("Search by title or artist"))
                yield Static("", id="all-status", classes="music-status", markup=False)
                yield TrackTable(id="all-table")
            with TabPane(_("Playlists"), id="lists"), Horizontal():
                with Vertical(id="playlist-side"):
                    yield OptionList(id="playlist-list")
                with Vertical():
                    yield Static("", id="playlist-title")
                    yield TrackTable(numbered=True, id="playlist-table")
            with TabPane(_("Queue"), id="queue"):
                yield Static("", id="queue-status", classes="music-status", markup=False)
                yield TrackTable(numbered=True, id="queue-table")
        yield AppFooter()

    def on_mount(self) -> None:
        if closed_before_mount(self, "#mine-table"):
            return
        self.reload()
        self.watch(self.app, "player_state", self._player_changed, init=True)
        self.query_one("#mine-table", TrackTable).focus()

    def read_again(self) -> None:
        self.reload()

    def on_unmount(self) -> None:
        forget_watchers(self.app, self)  # else the app's list keeps it (tui/watchers.py)

    # ------------------------------------------------------------ loading

    @work(thread=True, group="music-call", exit_on_error=False)
    def _call(self, job: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Run ``job`` off the UI thread; ``done(result)`` back on it, or the error shown."""
        try:
            result = job()
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        if done is not None:
            self.app.call_from_thread(done, result)

    def reload(self) -> None:
        """Everything from the database again (after an import or a library change)."""
        me = self.user_id
        self._call(lambda: tracks.my_tracks(me), self._show_mine)
        self._search()
        self._load_playlists()

    def _show_mine(self, rows: list[TrackView]) -> None:
        if not_mounted_yet(self, "#mine-status", lambda: self._show_mine(rows)):
            return
        self.query_one("#mine-table", TrackTable).show_tracks(rows)
        if getattr(self.app, "web_session", None) is not None:
            status = ngettext("{n} track in my music. {no_music}.",
                              "{n} tracks in my music. {no_music}.", len(rows)).format(
                n=len(rows), no_music=_(WEB_NO_MUSIC))
        elif rows:
            status = ngettext("{n} track in my music. Enter plays, a removes, i imports.",
                              "{n} tracks in my music. Enter plays, a removes, i imports.",
                              len(rows)).format(n=len(rows))
        else:
            status = _("My music is empty. Press i to import files, or add tracks from All "
                       "tracks (a).")
        show_text(self.query_one("#mine-status", Static), status)

    def question(self) -> str:
        return self.query_one("#music-search", Input).value.strip()

    def answer_now(self) -> None:
        if self.question() != self._query:  # not asked yet: the typing pause is running
            self._pause.cancel()
            self._search()

    def _search(self) -> None:
        query = self.question()
        self._query = query
        me = self.user_id
        self._run_search(me, query)

    @work(thread=True, exclusive=True, group="music-search", exit_on_error=False)
    def _run_search(self, me: int, query: str) -> None:
        try:
            rows = tracks.all_tracks(me, query)
        except DomainError as exc:
            self.app.call_from_thread(self._failed_search, query, exc)
            return
        self.app.call_from_thread(self._show_all, query, rows)

    def _failed_search(self, query: str, exc: DomainError) -> None:
        if query == self._query:
            self.answered = query  # the keys held for the answer go on
        self.app.show_error(exc)

    def _show_all(self, query: str, rows: list[TrackView]) -> None:
        if not_mounted_yet(self, "#all-status", lambda: self._show_all(query, rows)):
            return
        if query != self._query:
            return  # an older search finished after a newer one started
        self.answered = query
        self.query_one("#all-table", TrackTable).show_tracks(rows)
        if query and not rows:
            status = _("No track matches “{query}”.").format(query=query)
        elif query:
            status = _("Tracks matching “{query}”: {n}").format(query=query, n=len(rows))
        else:
            status = _("Every track in the catalogue: {n}").format(n=len(rows))
        show_text(self.query_one("#all-status", Static), status)

    @on(Input.Changed, "#music-search")
    def _typed(self) -> None:
        self._pause.typed(SEARCH_DELAY)

    @on(Input.Submitted, "#music-search")
    def _search_now(self) -> None:
        self._pause.cancel()
        if not self._query == self.question() == self.answered:  # not answered already
            self._search()
        self.query_one("#all-table", TrackTable).focus()

    @on(OptionList.OptionHighlighted, "#playlist-list")
    def _playlist_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        chosen = int(event.option.id)
        if chosen != self.playlist_id:
            self._open_playlist(chosen)

    @on(OptionList.OptionSelected, "#playlist-list")
    def _play_playlist(self, event: OptionList.OptionSelected) -> None:
        """Enter on a playlist plays it from the start."""
        playlist_id = int(event.option.id)
        me = self.user_id
        self._call(lambda: playlists.playlist_tracks(me, playlist_id), self._play_all)

    # ------------------------------------------------------------ the queue

    def _player_changed(self, state) -> None:
        player = self.app.player
        queue = player.queue if player is not None else ()
        key = (queue, state.index if state is not None else None)
        if key == self._queue_shown:
            return
        self._queue_shown = key
        table = self.query_one("#queue-table", TrackTable)
        table.show_tracks(queue, current=key[1])  # type: ignore[arg-type]
        status = self.query_one("#queue-status", Static)
        if getattr(self.app, "web_session", None) is not None:
            status.update(_(WEB_NO_MUSIC))
        elif not queue:
            status.update(_("Nothing queued. Enter on a track plays it and queues its list."))
        else:
            status.update(_("Playing from a queue of {n}; ▶ marks the current track.").format(
                n=len(queue)))

    # ------------------------------------------------------------ actions

    def _table(self) -> TrackTable | None:
        focused = self.focused
        if isinstance(focused, TrackTable):
            return focused
        active = self.query_one(TabbedContent).active
        return self.query_one(f"#{active}-table", TrackTable) if active in TABS else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys for another tab are hidden; keys with nothing to act on (no
        playlist, an empty list of tracks) are dimmed: they did nothing, lit."""
        if not self.is_mounted:
            return True
        tab = self.query_one(TabbedContent).active
        if action == "new_playlist":
            return tab == "lists"
        if action in ("rename_playlist", "delete_playlist"):
            return (tab == "lists") and (self._playlist() is not None or None)
        if action in ("remove_from_playlist", "move"):
            return tab == "lists" and isinstance(self.focused, TrackTable)
        in_search = self.focused is self.query_one("#music-search", Input)
        if action == "to_tracks":  # ↓ in the search field; the tables move on their own
            return in_search
        if action == "focus_search":  # dimmed in the search itself: nothing to do there
            return not in_search or None
        if action in ("library", "add_to_playlist", "share"):
            if tab == "lists" and not isinstance(self.focused, TrackTable):
                return False
            table = self._table()
            return table is not None and table.selected is not None or None
        return True

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        self._focus_in(event.pane.id)

    def _focus_in(self, pane: str | None) -> None:
        """The focus in the tab ``pane``: its list, or the search when Ctrl+L
        asked for it."""
        if pane == "lists":
            self.query_one("#playlist-list", OptionList).focus()
        elif pane == "all" and self._search_wanted:
            self._search_wanted = False
            self.query_one("#music-search", Input).focus()
        elif pane in TABS:
            self.query_one(f"#{pane}-table", TrackTable).focus()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # the keys on offer follow the focus (playlists or tracks)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        # Focused now, not when the tab's activation comes back a frame later:
        # a focus that moves after the tab is drawn draws its table again whole
        # (a focused table's rows have other colours).
        self._focus_in(tab)

    def action_focus_search(self) -> None:
        """From any tab: the search is on All tracks, so that tab comes first —
        the name typed next must never reach the one-letter keys (n, p, s…)."""
        tabs = self.query_one(TabbedContent)
        if tabs.active != "all":
            self._search_wanted = True  # focused once the tab is shown (_tab_shown)
            tabs.active = "all"
        self.query_one("#music-search", Input).focus()

    def action_to_tracks(self) -> None:
        self.query_one("#all-table", TrackTable).focus()

    @on(TrackTable.Chosen)
    def _play(self, event: TrackTable.Chosen) -> None:
        self.app.play_tracks(event.tracks, event.index)

    def action_import(self) -> None:
        from ..web_session import files_refusal, picker_start
        from .import_music import ImportMusicScreen

        if refusal := files_refusal(self.app):
            self.notify(refusal, severity="warning", markup=False)
            return

        def closed(imported: bool | None) -> None:
            if imported:
                self.reload()

        self.app.push_screen(reopens(ImportMusicScreen(picker_start(self.app, self.import_start)),
                                     MusicScreen.action_import), closed)

    def action_library(self) -> None:
        table = self._table()
        track = table.selected if table is not None else None
        if track is None:
            return
        me = self.user_id

        def toggle() -> bool:
            if track.in_my_library:
                tracks.remove_from_library(me, track.id)
                return False
            tracks.add_to_library(me, track.id)
            return True

        def done(added: bool) -> None:
            message = _("Added to my music: {title}") if added else \
                _("Removed from my music: {title}")
            self.notify(message.format(title=track.title), markup=False)
            self.reload()

        self._call(toggle, done)

    def action_share(self) -> None:
        """Share the selected track into a dialog or a group, or post it."""
        from ..track_sharing import share_track

        table = self._table()
        track = table.selected if table is not None else None
        if track is not None:
            share_track(self.app, track)
