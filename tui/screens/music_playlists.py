"""The Music screen's Playlists tab: the list of a person's playlists beside
the tracks of the highlighted one, and the keys that make, rename, delete and
fill them (ctrl+n, e, d; l adds the selected track from any tab; x removes and
shift+↑/↓ move a track in the open playlist).

Every database call goes through the screen's ``_call`` worker (the result
comes back on the UI thread, a refusal becomes a notification).
"""

from __future__ import annotations

from functools import partial

from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from models import playlists
from models.views import PlaylistView, TrackView

from ..carry_over import reopens
from ..formatting import plain
from ..i18n import _, ngettext
from ..kept_typing import kept_for
from ..widgets.track_table import TrackTable


class MusicPlaylistsMixin:
    """For ``MusicScreen``: ``self.playlists`` are the person's playlists as last
    read, ``self.playlist_id`` the one open in ``#playlist-table``."""

    def _load_playlists(self, select: int | None = None) -> None:
        me = self.user_id
        self._call(lambda: playlists.playlists(me), lambda rows: self._show_playlists(rows, select))

    def _show_playlists(self, rows: list[PlaylistView], select: int | None) -> None:
        listing = self.query_one("#playlist-list", OptionList)
        if (select is None and self._playlists_shown and tuple(rows) == self.playlists
                and listing.option_count == len(rows)):
            return  # read again, nothing changed: the list stays as it is
        self._playlists_shown = True
        self.playlists = tuple(rows)
        keep = select if select is not None else self.playlist_id
        listing.clear_options()
        for playlist in rows:
            label = plain(playlist.name)
            label.append(f"  {playlist.track_count}", style="dim")
            listing.add_option(Option(label, id=str(playlist.id)))
        ids = [p.id for p in rows]
        if not rows:
            self.playlist_id = None
            self.query_one("#playlist-title", Static).update(
                _("No playlists yet. Press ctrl+n to make one."))
            self.query_one("#playlist-table", TrackTable).show_tracks([])
        else:
            index = ids.index(keep) if keep in ids else 0
            listing.highlighted = index
            self._open_playlist(ids[index])
        self.refresh_bindings()  # Rename and Delete: dimmed with no playlist

    def _open_playlist(self, playlist_id: int, cursor: int | None = None) -> None:
        self.playlist_id = playlist_id
        me = self.user_id
        self._call(lambda: playlists.playlist_tracks(me, playlist_id),
                   lambda rows: self._show_playlist(playlist_id, rows, cursor))

    def _show_playlist(self, playlist_id: int, rows: list[TrackView], cursor: int | None) -> None:
        if playlist_id != self.playlist_id:
            return
        playlist = self._playlist()
        title = plain(playlist.name if playlist else "", "bold")
        title.append("  " + ngettext("{n} track", "{n} tracks", len(rows)).format(n=len(rows)), style="dim")
        self.query_one("#playlist-title", Static).update(title)
        table = self.query_one("#playlist-table", TrackTable)
        table.show_tracks(rows)
        if cursor is not None and rows:
            table.move_cursor(row=cursor, animate=False)

    def _playlist(self) -> PlaylistView | None:
        return next((p for p in self.playlists if p.id == self.playlist_id), None)

    def _play_all(self, rows: list[TrackView]) -> None:
        if rows:
            self.app.play_tracks(rows, 0)
        else:
            self.notify(_("This playlist is empty. Add tracks with l."), markup=False)

    def action_add_to_playlist(self) -> None:
        from .playlist_picker import PlaylistPickerScreen

        table = self._table()
        track = table.selected if table is not None else None
        if track is None:
            return
        if not self.playlists:
            self.notify(_("No playlists yet: make one in Playlists (3) with ctrl+n."),
                        markup=False)
            return
        me = self.user_id

        def picked(playlist_id: int | None) -> None:
            if playlist_id is None:
                return
            self._call(lambda: playlists.add_to_playlist(me, playlist_id, track.id), added)

        def added(playlist: PlaylistView) -> None:
            self.notify(_("Added to {playlist}: {title}").format(
                playlist=playlist.name, title=track.title), markup=False)
            self._load_playlists(select=playlist.id)

        self.app.push_screen(PlaylistPickerScreen(track.title, self.playlists), picked)

    def action_new_playlist(self) -> None:
        from .playlist_name import PlaylistNameScreen

        me = self.user_id
        self.app.push_screen(
            reopens(PlaylistNameScreen(_("New playlist"),
                                       lambda name: playlists.create_playlist(me, name)),
                    type(self).action_new_playlist),
            self._playlist_saved,
        )

    def action_rename_playlist(self) -> None:
        playlist = self._playlist()
        if playlist is not None:
            self.rename_playlist(playlist)

    def rename_playlist(self, playlist: PlaylistView) -> None:
        """The name form for ``playlist`` (a new language opens it again for it)."""
        from .playlist_name import PlaylistNameScreen

        me = self.user_id
        self.app.push_screen(
            reopens(kept_for(PlaylistNameScreen(
                _("Rename playlist"),
                lambda name: playlists.rename_playlist(me, playlist.id, name),
                playlist.name,
            ), ("playlist", playlist.id)), partial(type(self).rename_playlist, playlist=playlist)),
            self._playlist_saved,
        )

    def _playlist_saved(self, playlist: PlaylistView | None) -> None:
        if playlist is not None:
            self._load_playlists(select=playlist.id)
            self.query_one("#playlist-list", OptionList).focus()

    def action_delete_playlist(self) -> None:
        from .confirm import ConfirmScreen

        playlist = self._playlist()
        if playlist is None:
            return
        me = self.user_id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._call(lambda: playlists.delete_playlist(me, playlist.id),
                           lambda _result: self._load_playlists())

        self.app.push_screen(
            ConfirmScreen(_("Delete the playlist “{name}”? Its tracks stay in the catalogue.")
                          .format(name=playlist.name), confirm_label=_("Delete")),
            confirmed,
        )

    def action_remove_from_playlist(self) -> None:
        table = self.query_one("#playlist-table", TrackTable)
        playlist_id, position = self.playlist_id, table.cursor_row
        if playlist_id is None or table.selected is None:
            return
        me = self.user_id
        self._call(lambda: playlists.remove_from_playlist(me, playlist_id, position),
                   lambda playlist: self._load_playlists(select=playlist.id))

    def action_move(self, step: int) -> None:
        table = self.query_one("#playlist-table", TrackTable)
        playlist_id, position = self.playlist_id, table.cursor_row
        target = position + step
        if playlist_id is None or table.selected is None or not 0 <= target < len(table.tracks):
            return
        me = self.user_id
        self._call(lambda: playlists.move_in_playlist(me, playlist_id, position, target),
                   lambda rows: self._show_playlist(playlist_id, rows, target))
