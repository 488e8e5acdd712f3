"""Attach a track from My music to the message or post being written (ctrl+l
in the chat's composer and in the post composer).

The library picker (``TrackPickerScreen``) chooses; the track joins the
composer's attachment chips (``AttachmentChips``, beside the pictures) as its
catalogue id, which is what the send takes: nothing is copied.
"""

from __future__ import annotations

from collections.abc import Callable

from models.views import TrackView

from .i18n import _


def attach_track(screen, chips, report: Callable[[str], object] | None = None) -> None:
    """Ask for a track of my music and add it to ``chips``; ``report`` (else a
    notification) says why not when ten attachments are already there."""
    from .carry_over import reopens
    from .picture_attach import attach_again
    from .screens.track_picker import TrackPickerScreen
    from .widgets.attachment_chips import chip_label

    if chips.room <= 0:
        reason = _("A message or post holds at most ten attachments.")
        (report or (lambda text: screen.notify(text, severity="warning", markup=False)))(reason)
        return

    def chosen(track: TrackView | None) -> None:
        if track is not None and chips.room > 0:
            chips.add([(track.id, chip_label(track.title, "♪ "))])

    screen.app.push_screen(
        reopens(TrackPickerScreen(), attach_again("action_attach_track", chips.id)), chosen)
