"""For a screen that shows people (People, someone's profile): what they listen
to, read again every ``NOW_PLAYING_REFRESH`` seconds while the screen is on
view, so a track that starts or stops shows within a few seconds; the timer
is paused while the screen is out of sight.

One query for all the people asked (``models.now_playing.now_playing_of``), in
a worker; nothing is read while the screen is out of sight.
"""

from __future__ import annotations

from textual import work

from models.errors import DomainError
from models.views import NowPlaying

NOW_PLAYING_REFRESH = 3.0  # seconds


class ShowsNowPlaying:
    """Mixed into a ``Screen``: ``now_playing_people()`` says whom to ask about,
    ``show_now_playing(asked, found)`` shows the answer (nothing found of someone
    asked: they play nothing the viewer may see)."""

    _now_playing_timer = None

    def watch_now_playing(self) -> None:
        """On mount: read again now and then, while the screen is shown (a
        section built out of sight, or left for another, wakes no one)."""
        shown = self.app.screen is self  # type: ignore[attr-defined]
        self._now_playing_timer = self.set_interval(  # type: ignore[attr-defined]
            NOW_PLAYING_REFRESH, self.refresh_now_playing, pause=not shown)

    def _on_screen_suspend(self) -> None:
        if self._now_playing_timer is not None:
            self._now_playing_timer.pause()

    def _on_screen_resume(self) -> None:
        timer = self._now_playing_timer
        if timer is not None and self.app.screen is self:  # type: ignore[attr-defined]
            timer.resume()

    def now_playing_people(self) -> list[int]:
        raise NotImplementedError

    def show_now_playing(self, asked: list[int], found: dict[int, NowPlaying]) -> None:
        raise NotImplementedError

    # A screen that also shows "online" / "last seen" sets this and defines
    # ``show_presence(asked, found)``: read in the same round, so someone who
    # quits stops showing as online within the same few seconds.
    refreshes_presence = False

    def refresh_now_playing(self) -> None:
        user = self.app.current_user  # type: ignore[attr-defined]
        if user is None or not self.is_current:  # type: ignore[attr-defined]
            return
        people = self.now_playing_people()
        if people:
            self._read_now_playing(user.id, people)

    @work(thread=True, exclusive=True, group="now-playing")
    def _read_now_playing(self, me: int, people: list[int]) -> None:
        from models.now_playing import now_playing_of
        from models.presence import presence_of

        try:
            found = now_playing_of(me, people)
            presence = presence_of(me, people) if self.refreshes_presence else None
        except DomainError:
            return  # the poll says the database is away; the next round reads again
        self.app.call_from_thread(self.show_now_playing, people, found)  # type: ignore[attr-defined]
        if presence is not None:
            self.app.call_from_thread(self.show_presence, people, presence)  # type: ignore[attr-defined]
