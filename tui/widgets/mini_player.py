"""The two-line player at the bottom of every screen after log-in.

``▶ Title — Artist                          vol 80%  ⇄ ↻``
``1:23 ━━━━━━━━━━━━━━━━━━━━━━──────────────────────────── 3:45``

It shows the app's ``player_state`` (see ``tui.playback``) and stays hidden
until something has been played. Titles and artists are user data: shown
literally. The player's notices ("No audio device", a skipped track) take the
place of, or follow, the progress bar.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from music.player import PlayerState, Repeat, Status

from ..formatting import plain
from ..i18n import _
from ..watchers import forget_watchers

STATE_MARKS = {Status.PLAYING: "▶", Status.PAUSED: "❚❚", Status.STOPPED: "■"}


def clock_time(seconds: float) -> str:
    """m:ss (h:mm:ss past an hour)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_bar(fraction: float, width: int) -> Text:
    """``━━━━━━────`` with ``fraction`` of ``width`` cells filled."""
    width = max(0, width)
    filled = round(max(0.0, min(1.0, fraction)) * width)
    bar = Text(no_wrap=True, end="")
    bar.append("━" * filled, style="bold")
    bar.append("─" * (width - filled), style="dim")
    return bar


class MiniPlayer(Widget):
    """What plays, where in the track, how loud, and the shuffle/repeat flags."""

    DEFAULT_CSS = """
    MiniPlayer {
        dock: bottom;
        height: 2;
        padding: 0 1;
        background: $panel;
        color: $foreground;
        display: none;
    }
    MiniPlayer.-active {
        display: block;
    }
    MiniPlayer.-above-footer {
        margin-bottom: 1;
    }
    MiniPlayer .mini-player--bar {
        color: $accent;
    }
    MiniPlayer .mini-player--warning {
        color: $warning;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = {"mini-player--bar", "mini-player--warning"}

    def on_mount(self) -> None:
        self.watch(self.app, "player_state", self._changed, init=True)
        self.call_after_refresh(self._above_footer)

    def on_unmount(self) -> None:
        forget_watchers(self.app, self)  # else the app's list keeps it (tui/watchers.py)

    def _above_footer(self) -> None:
        """Sit on top of the screen's footer rather than under it."""
        from textual.widgets import Footer

        self.set_class(bool(self.screen.query(Footer)), "-above-footer")

    _painted: Text | None = None  # what the last refresh asked to draw
    def catch_up(self) -> None:
        """Its screen is shown: the state now (repainted only if it changed)."""
        self._changed(self.state)

    def _changed(self, state: PlayerState | None) -> None:
        """Repaint only when what it shows changed: a playing track's state comes
        four times a second, but the clock moves once a second. Every section
        has its mini-player: one on a screen out of sight (another section, or
        a section built after log-in) skips the states until it is shown
        (``catch_up``); seven of them drawing 4×/s took ~0.7 % of a core."""
        if self.is_mounted and self.screen not in self.app.screen_stack:
            return
        self.set_class(state is not None, "-active")
        shown = self.render() if state is not None and self.size.width else None
        if shown is not None and shown == self._painted:
            return
        self._painted = shown
        self.refresh()

    @property
    def state(self) -> PlayerState | None:
        return getattr(self.app, "player_state", None)

    def render(self) -> Text:
        state = self.state
        if state is None:
            return Text("")
        width = max(20, self.content_region.width or self.size.width)
        return Text("\n", end="").join([self._first_line(state, width),
                                         self._second_line(state, width)])

    def _first_line(self, state: PlayerState, width: int) -> Text:
        flags = Text(no_wrap=True, end="")
        flags.append(_("vol {percent}%").format(percent=round(state.volume * 100)))
        if state.shuffle:
            flags.append("  ⇄", style="bold")
        if state.repeat is not Repeat.OFF:
            flags.append("  " + {Repeat.ALL: "↻", Repeat.ONE: "↻1"}[state.repeat], style="bold")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(STATE_MARKS[state.status] + " ", style="bold")
        track = state.track
        if track is None:
            line.append(_("Nothing is playing"), style="dim")
        else:
            line.append_text(plain(track.title, "bold"))
            if track.artist:
                line.append(" — ")
                line.append_text(plain(track.artist))
        room = width - flags.cell_len - 2
        line.truncate(max(1, room), overflow="ellipsis")
        line.append(" " * max(1, width - line.cell_len - flags.cell_len))
        line.append_text(flags)
        return line

    def _second_line(self, state: PlayerState, width: int) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        if state.error:
            warning = self.get_component_rich_style("mini-player--warning", partial=True)
            line.append("⚠ " + _(state.error), style=warning)
            return line
        elapsed = clock_time(state.position)
        total = clock_time(state.duration)
        notice = plain(state.message or "", "italic")
        bar_width = width - cell_len(elapsed) - cell_len(total) - 2
        if notice:
            bar_width = min(bar_width, max(10, width // 3))
        # The bar moves with the clock, once a second: between two seconds it
        # moved a cell now and then, and each move was a frame (idle cost).
        seconds = float(int(state.position))
        fraction = seconds / state.duration if state.duration > 0 else 0.0
        line.append(elapsed + " ")
        bar = progress_bar(fraction, bar_width)
        bar.stylize(self.get_component_rich_style("mini-player--bar", partial=True), 0, len(bar))
        line.append_text(bar)
        line.append(" " + total)
        if notice:
            line.append("  ")
            line.append_text(notice)
        line.truncate(width, overflow="ellipsis")
        return line
