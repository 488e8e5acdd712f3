"""Share a track from Music (``t``): choose where, then send it there.

The track goes as an attachment of a message (a dialog or a group) or of a
post (my wall, a community), one domain call in a thread worker
(``models.track_shares``); the catalogue is shared, so nothing is copied.
"""

from __future__ import annotations

from functools import partial

from models import track_shares
from models.errors import DomainError
from models.messages import new_client_id
from models.share_targets import ShareTarget
from models.views import TrackView

from .carry_over import reopens
from .i18n import _
from .kept_typing import KeepsTyped, kept_for


def share_track(app, track: TrackView) -> None:
    """Ask where to share ``track`` (a modal picker), then share it there."""
    from .screens.share_picker import SharePickerScreen

    def chosen(target: ShareTarget | None) -> None:
        if target is not None:
            _share(app, track, target, picker)

    # (the search typed and cancelled comes back for this track alone)
    picker = kept_for(SharePickerScreen(track.title), track.id)
    app.push_screen(reopens(picker, partial(_share_again, track)), chosen)


def _share_again(track: TrackView, below) -> None:  # type: ignore[no-untyped-def]
    """A new language: the picker again, for the same track."""
    share_track(below.app, track)


def shared_text(target: ShareTarget, title: str) -> str:
    """What the notification says once the track is there."""
    if target.is_post:
        return _("Posted: {title}").format(title=title)
    return _("Sent to {name}: {title}").format(name=target.name, title=title)


def _share(app, track: TrackView, target: ShareTarget, picker: KeepsTyped) -> None:
    """Refused (they have blocked me), the search typed in ``picker`` is
    there when it opens again for the track."""
    me = app.current_user.id
    client_id = new_client_id()  # one id for the share: a retry never sends it twice

    def work() -> None:
        try:
            shared = track_shares.share_track(me, target, track.id, client_id)
        except DomainError as exc:
            app.call_from_thread(picker.when_refused, exc)
            return
        app.call_from_thread(_shared, app, target, track, shared)

    app.run_worker(work, thread=True, group="track-share", exit_on_error=False)


def _shared(app, target: ShareTarget, track: TrackView, shared) -> None:
    """A post goes on top of My profile, the Feed and its community's page
    (``show_new_post``): built earlier, they are not read again when shown."""
    if target.is_post:
        from .widgets.post_actions import show_new_post

        show_new_post(app, shared)
    app.notify(shared_text(target, track.title), markup=False)
