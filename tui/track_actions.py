"""What can be done with a track someone shared, from any screen: play it now,
queue it next, add it to My music.

A shared track is named by its catalogue id (attachments hold no copy: the
catalogue is shared). The track is read in a thread worker, as the person who
acts sees it, and the result reaches the UI thread through
``call_from_thread``; a track gone from the catalogue becomes a notification.
In a web session nothing plays (``tui.playback`` says so) but adding to My
music works.
"""

from __future__ import annotations

from collections.abc import Callable

from models import tracks
from models.errors import DomainError
from models.views import TrackView

from .i18n import _


def _with_track(app, track_id: int, job: Callable[[int, int], TrackView],
                done: Callable[[TrackView], None]) -> None:
    """Run ``job(my_id, track_id)`` in a worker, then ``done(track)`` on the UI thread."""
    me = getattr(app, "current_user", None)
    if me is None:
        return

    def work() -> None:
        try:
            track = job(me.id, track_id)
        except DomainError as exc:
            app.call_from_thread(app.show_error, exc)
            return
        app.call_from_thread(done, track)

    app.run_worker(work, thread=True, group="track-actions", exit_on_error=False)


def play_now(app, track_id: int) -> None:
    """Play the track at once; what was queued follows it."""
    _with_track(app, track_id, tracks.get_track, app.play_track_now)


def queue_next(app, track_id: int) -> None:
    """Play the track after the one playing."""

    def queued(track: TrackView) -> None:
        if app.queue_track_next(track):
            app.notify(_("Next up: {title}").format(title=track.title), markup=False)

    _with_track(app, track_id, tracks.get_track, queued)


def add_to_my_music(app, track_id: int) -> None:
    """Add the track to My music (already there: it says so, nothing changes)."""
    already: list[bool] = []

    def add(me: int, track_id: int) -> TrackView:
        already.append(tracks.get_track(me, track_id).in_my_library)
        return tracks.add_to_library(me, track_id)

    def added(track: TrackView) -> None:
        text = _("Already in my music: {title}") if already[0] else \
            _("Added to my music: {title}")
        app.notify(text.format(title=track.title), markup=False)

    _with_track(app, track_id, add, added)
