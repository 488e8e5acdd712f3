"""The Post screen's keys for what the post carries: v views its pictures,
p plays its track; and the thumbnails of its pictures (drawn when ready)."""

from __future__ import annotations

from textual.widgets import Static

from ..relative_times import words
from ..thumbnails import DrawsThumbnails
from ..widgets.post_card import post_body, post_moments
from ..widgets.track_card import shared_tracks


class PostAttachmentsMixin(DrawsThumbnails):
    """For ``PostScreen``: ``self.post`` is the post shown in ``#post-top``."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.post is None and action in ("view_pictures", "play_track"):
            return False  # built out of sight, no post on it yet
        if action == "view_pictures":
            return any(a.kind == "image" for a in self._shown_post().attachments)
        if action == "play_track":
            return self._track() is not None
        return True

    def _shown_post(self):
        post = self.post
        return post.original if post.is_repost and post.original is not None else post

    def _track(self):
        found = shared_tracks(self._shown_post().attachments)
        return found[0] if found and found[0] is not None else None

    def action_view_pictures(self) -> None:
        from .picture_viewer import PictureViewerScreen

        self.app.push_screen(PictureViewerScreen(self._shown_post().attachments))

    def action_play_track(self) -> None:
        from .. import track_actions

        track = self._track()
        if track is not None:
            track_actions.play_now(self.app, track.id)

    def _thumbnail(self, placed):
        service = getattr(self.app, "thumbnails", None)
        return service.get(placed, self) if service is not None else None

    def post_top(self):
        """What ``#post-top`` shows: the post with its pictures' thumbnails
        (its times noted first, as they read: ``PostLiveMixin.show_times_again``)."""
        if self.post is None:
            return ""
        self.top_words = words(post_moments(self.post))
        return post_body(self.post, self._thumbnail)

    def draw_thumbnails(self) -> None:
        if self.post is not None:
            self.query_one("#post-top", Static).update(self.post_top())
