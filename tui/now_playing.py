"""Now playing, the sending side: what the player plays, told to the others.

``MessengerApp`` mixes this in. Each new ``player_state`` (four a second while
a track plays) is reduced to what others would see — (title, artist) while it
plays and the person's setting is on, else nothing — and only a change of that
is handed to the poll thread (tui/live.py), which writes it at once and, while
the same track plays, refreshes it with the presence heartbeat: one write per
track change, pause or stop, and one every ``REFRESH_EVERY`` seconds — never one
per tick. A browser tab's app never plays, so it never writes.
"""

from __future__ import annotations

from music.player import PlayerState

Wish = tuple[str, str] | None  # (title, artist) to show, or nothing


def wished(state: PlayerState | None, show: bool, web: bool) -> Wish:
    """What others should see for ``state``: the track while it plays, when
    ``show`` (the setting) is on and the app is not a web session's."""
    if not show or web or state is None or not state.playing or state.track is None:
        return None
    return (state.track.title, state.track.artist)


class NowPlayingMixin:
    """Keeps the poll thread's ``now_playing`` what the player plays (see the module)."""

    def watch_player_state(self, state: PlayerState | None) -> None:
        self.update_now_playing()

    def update_now_playing(self) -> None:
        """The player or the setting changed: the poll thread writes if it must."""
        thread = self.live_thread  # type: ignore[attr-defined]
        if thread is None:
            return
        wish = wished(
            self.player_state,  # type: ignore[attr-defined]
            self.settings.now_playing,  # type: ignore[attr-defined]
            getattr(self, "web_session", None) is not None,
        )
        thread.set_now_playing(wish)
