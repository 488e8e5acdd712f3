"""Choose one of my playlists (to add a track to it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from models.views import PlaylistView

from ..formatting import plain
from ..i18n import _, ngettext
from .modal_box import ModalBox


class PlaylistPickerScreen(ModalBox[int | None]):
    """Dismisses with the chosen playlist's id, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="playlist_picker.cancel"),
    ]

    DEFAULT_CSS = """
    PlaylistPickerScreen { align: center middle; }
    PlaylistPickerScreen > Vertical {
        width: 56;
        max-width: 95%;
        height: auto;
        max-height: 80%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    PlaylistPickerScreen #picker-title { text-style: bold; padding-bottom: 1; }
    PlaylistPickerScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, track_title: str, playlists: Sequence[PlaylistView]) -> None:
        super().__init__()
        self.track_title = track_title
        self.playlists = tuple(playlists)

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text(_("Add to a playlist: "), end="")
            title.append_text(plain(self.track_title, "bold"))
            yield Static(title, id="picker-title")
            yield OptionList(
                *(Option(self._label(p), id=str(p.id)) for p in self.playlists),
                id="playlist-choices",
            )

    @staticmethod
    def _label(playlist: PlaylistView) -> Text:
        label = plain(playlist.name)
        label.append("  ")
        label.append(ngettext("{n} track", "{n} tracks", playlist.track_count).format(
            n=playlist.track_count), style="dim")
        return label

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
