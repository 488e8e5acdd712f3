"""Choose a track from My music (to attach it to a message or a post)."""

from __future__ import annotations

from rich.text import Text

from models import tracks
from models.text import clean_line
from models.views import TrackView

from ..i18n import _
from ..widgets.track_card import TrackCard
from .search_picker import SearchPickerScreen


class TrackPickerScreen(SearchPickerScreen[TrackView]):
    """Dismisses with the chosen ``TrackView``, or ``None``."""

    def __init__(self) -> None:
        super().__init__(Text(_("Attach a track from my music"), end=""))
        self.me_id: int = self.app.current_user.id

    def placeholder(self) -> str:
        return _("Search my music by title or artist")

    def find(self, query: str) -> list[TrackView]:
        return tracks.my_tracks(self.me_id, query=query)

    def prompt(self, track: TrackView) -> TrackCard:
        return TrackCard(track)

    def empty_text(self, query: str) -> str:
        if query.strip():
            return _("No track in my music matches “{query}”.").format(query=clean_line(query))
        return _("My music is empty. Import tracks in Music (F8) first.")
