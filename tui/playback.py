"""The app's music player: one ``music.player.Player`` for the whole session.

``MessengerApp`` mixes this in. The player is made on the first play (the
mixer opens then), ticked four times a second while a track plays so it
notices the end of a track and moves on (never while stopped or paused), and closed on log out and when the app exits. Every command that
may open a file or the audio device (play, next, previous, seek, resume) runs in
a thread worker; the resulting ``PlayerState`` comes back to the UI thread as
the ``player_state`` reactive, which the mini-players and the Music screen watch.

Global keys are F-keys (with shift/ctrl): they never reach a text field, so
they work while typing a message. Textual reads Shift+F9…F12 from xterm and tmux
(ESC [20;2~ …) as ``shift+f9`` … ``shift+f12``; some terminals send them as F21…F24,
so both names are bound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.reactive import reactive

from music.player import Player, PlayerState

from .i18n import _

if TYPE_CHECKING:  # models.views is imported after the Log in screen is painted
    from models.views import TrackView

TICK_INTERVAL = 0.25  # seconds
VOLUME_STEP = 0.1

# Priority bindings: the app sees them before the focused widget and over a
# modal screen, so they work whatever has the focus.
_PLAYER_KEY = {"show": False, "priority": True}

PLAYER_BINDINGS = [
    Binding("f9", "player('toggle')", "Play / pause", id="player.toggle", **_PLAYER_KEY),
    Binding("f10", "player('next')", "Next track", id="player.next", **_PLAYER_KEY),
    Binding("shift+f10,f22", "player('previous')", "Previous track", key_display="shift+F10",
            id="player.previous", **_PLAYER_KEY),
    Binding("ctrl+f10", "player('previous')", "Previous track", id="player.previous_ctrl",
            **_PLAYER_KEY),
    Binding("f11", "player('back')", "Back 10 s", id="player.seek_back", **_PLAYER_KEY),
    Binding("f12", "player('forward')", "Forward 10 s", id="player.seek_forward",
            **_PLAYER_KEY),
    Binding("shift+f11,f23", "player('quieter')", "Volume down", key_display="shift+F11",
            id="player.volume_down", **_PLAYER_KEY),
    Binding("ctrl+f11", "player('quieter')", "Volume down", id="player.volume_down_ctrl",
            **_PLAYER_KEY),
    Binding("shift+f12,f24", "player('louder')", "Volume up", key_display="shift+F12",
            id="player.volume_up", **_PLAYER_KEY),
    Binding("ctrl+f12", "player('louder')", "Volume up", id="player.volume_up_ctrl",
            **_PLAYER_KEY),
    Binding("ctrl+f9", "player('shuffle')", "Shuffle on / off", id="player.shuffle",
            **_PLAYER_KEY),
    Binding("shift+f9,f21", "player('repeat')", "Repeat: off / all / one",
            key_display="shift+F9",
            id="player.repeat", **_PLAYER_KEY),
]

# In a browser tab the app runs on the server: its speakers are not the visitor's.
WEB_NO_MUSIC = "Music plays only in the terminal app"

# Commands that may load a file or open the device: never on the UI thread.
_SLOW = {"toggle", "next", "previous", "back", "forward", "resume"}


class PlayerTicker(threading.Thread):
    """Runs ``player.tick()`` off the UI thread each time the app's tick timer
    asks (four times a second, only while a track plays) and shows the state.

    One thread for the player's life rather than a Textual worker per tick: a
    worker's set-up and its three state messages cost far more than the tick
    (a check that the mixer still plays), four times a second.
    """

    def __init__(self, app, player: Player) -> None:
        super().__init__(name="messenger-player-tick", daemon=True)
        self.app = app
        self.player = player
        self._due = threading.Event()
        self._stopped = False

    def tick_now(self) -> None:
        """Ask for one tick; asked again before it ran, it still ticks once."""
        self._due.set()

    def stop(self) -> None:
        self._stopped = True
        self._due.set()

    def run(self) -> None:
        while True:
            self._due.wait()
            self._due.clear()
            if self._stopped:
                return
            self.app._post_state(self.player, self.player.tick())


class PlaybackMixin:
    """Player lifetime and transport for the app (see the module docstring)."""

    # repaint=False: an app's reactive repaints the whole screen when set (Textual's
    # default); the mini-players and Music watch it and repaint what they show.
    player_state: reactive[PlayerState | None] = reactive(
        None, init=False, always_update=True, repaint=False)

    # The factory is a seam for embedding and tests: e.g. a Player with its own
    # monotonic clock. It is called once, on the first play.
    player_factory: Callable[[], Player] = Player

    def _init_playback(self) -> None:
        self.player: Player | None = None
        self._player_timer = None
        self._ticker: PlayerTicker | None = None

    # ------------------------------------------------------------ starting

    def play_tracks(self, tracks: Sequence[TrackView], index: int = 0) -> None:
        """Play ``tracks[index]`` with ``tracks`` as the queue (the list on screen)."""
        if not tracks or self._refused_in_browser():
            return
        player = self._ensure_player()
        self._player_call(player, "play", list(tracks), index)

    def play_track_now(self, track: TrackView) -> bool:
        """Play ``track`` at once; the rest of the queue follows it (a shared
        track). False when refused (a web session says why)."""
        if self._refused_in_browser():
            return False
        self._player_call(self._ensure_player(), "play_now", track)
        return True

    def queue_track_next(self, track: TrackView) -> bool:
        """Put ``track`` right after the one playing; what plays goes on."""
        if self._refused_in_browser():
            return False
        self._player_call(self._ensure_player(), "queue_next", track)
        return True

    def _ensure_player(self) -> Player:
        if self.player is None:
            self.player = self.player_factory()
            self._apply_player_settings(self.player)  # type: ignore[attr-defined]
            self._player_timer = self.set_interval(  # type: ignore[attr-defined]
                TICK_INTERVAL, self._tick, pause=True)  # runs while a track plays
        return self.player

    def _watch_player_state(self, state: PlayerState | None) -> None:
        """Tick only while a track plays: a stopped or paused player has no end
        of track to notice, and each tick repainted a mini-player that showed
        nothing new (a few % of a core for an app left with a stopped track)."""
        timer = self._player_timer
        if timer is None:
            return
        if state is not None and state.playing:
            timer.resume()
        else:
            timer.pause()

    # ------------------------------------------------------------ commands

    def _refused_in_browser(self) -> bool:
        """In a web session the player never starts (no mixer, no device): it says why."""
        if getattr(self, "web_session", None) is None:
            return False
        self.notify(_(WEB_NO_MUSIC), markup=False)  # type: ignore[attr-defined]
        return True

    def action_player(self, command: str) -> None:
        if self._refused_in_browser():
            return
        player = self.player
        if player is None:
            if command in ("toggle", "next", "previous"):
                self.notify(  # type: ignore[attr-defined]
                    _("Nothing is playing. Choose a track in Music (F8) and press Enter."),
                    markup=False,
                )
            return
        if command in _SLOW:
            self._player_call(player, command)
            return
        if command == "quieter":
            player.set_volume(round(player.volume - VOLUME_STEP, 2))
        elif command == "louder":
            player.set_volume(round(player.volume + VOLUME_STEP, 2))
        elif command == "shuffle":
            player.set_shuffle(not player.shuffle)
        elif command == "repeat":
            player.cycle_repeat()
        elif command == "pause":
            player.pause()
        elif command == "stop":
            player.stop()
        if command in ("quieter", "louder", "shuffle", "repeat"):
            self.player_settings_changed(player)  # type: ignore[attr-defined]
        self.player_state = player.state

    @work(thread=True, group="player", exit_on_error=False)
    def _player_call(self, player: Player, command: str, *args) -> None:
        if command == "play":
            player.play(*args)
        elif command == "play_now":
            player.play_now(*args)
        elif command == "queue_next":
            player.queue_next(*args)
        elif command == "toggle":
            player.toggle()
        elif command == "resume":
            player.resume()
        elif command == "next":
            player.next()
        elif command == "previous":
            player.previous()
        elif command == "back":
            player.seek_relative(-10.0)
        elif command == "forward":
            player.seek_relative(10.0)
        self._post_state(player, player.state)

    # ------------------------------------------------------------ ticking

    def _tick(self) -> None:
        player = self.player
        if player is None:
            return
        if self._ticker is None or self._ticker.player is not player:
            self._ticker = PlayerTicker(self, player)
            self._ticker.start()
        self._ticker.tick_now()

    def _post_state(self, player: Player, state: PlayerState) -> None:
        try:
            self.call_from_thread(self._show_state, player, state)  # type: ignore[attr-defined]
        except RuntimeError:
            pass  # the app is shutting down

    def _show_state(self, player: Player, state: PlayerState) -> None:
        """Show a state a thread took, unless the player was closed meanwhile or
        a newer state is shown already: the ticker's snapshot taken just before
        a key set repeat reached the screen after it and showed the old mode."""
        shown = self.player_state
        if player is self.player and (shown is None or shown.serial <= state.serial):
            self.player_state = state

    # ------------------------------------------------------------ ending

    def close_player(self) -> None:
        """Stop playback and release the audio device (log out, exit)."""
        if self._player_timer is not None:
            self._player_timer.stop()
            self._player_timer = None
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.stop()
        player, self.player = self.player, None
        if player is not None:
            player.close()
        self.player_state = None
