"""The track card: "♪ Title — Artist · 3:12" on one line at any width, user
text literal and cleaned, long names cut by cell width with "…"."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console

from models.views import TrackView
from tui.widgets.track_card import TrackCard, track_card


def track(title: str, artist: str = "", seconds: float = 192.0) -> TrackView:
    return TrackView(id=1, media_id=1, title=title, artist=artist, album="", duration=seconds,
                     in_my_library=False)


def test_a_card_says_title_artist_and_time():
    assert track_card(track("Morning Walk", "Terminal Ensemble"), 60).plain == \
        "♪ Morning Walk — Terminal Ensemble · 3:12"
    assert track_card(track("Solo", "", 65), 60).plain == "♪ Solo · 1:05"


def test_markup_and_control_characters_stay_text():
    card = track_card(track("[b]Loud[/b]\x1b[31m", "[@click=app.quit]x[/]\u202e"), 80)
    assert card.plain == "♪ [b]Loud[/b][31m — [@click=app.quit]x[/] · 3:12"
    assert "\x1b" not in card.plain and "\u202e" not in card.plain
    assert not card.spans or all(span.style in ("bold", "dim", "") for span in card.spans)


@pytest.mark.parametrize("width", [20, 31, 40, 57])
def test_long_names_give_way_and_the_time_stays(width):
    card = track_card(track("A very long title of a symphony in four movements",
                            "An orchestra with a long name"), width)
    assert cell_len(card.plain) <= width
    assert card.plain.endswith(" · 3:12")
    assert "…" in card.plain


def test_wide_characters_are_cut_by_cells():
    card = track_card(track("東京の夜明けの歌をうたう", "山田太郎と仲間たち"), 30)
    assert cell_len(card.plain) <= 30
    assert card.plain.startswith("♪ 東京") and card.plain.endswith("… · 3:12")
    assert "— 山田" in card.plain


def test_a_short_artist_keeps_its_name_when_the_title_is_cut():
    card = track_card(track("A very long title of a symphony in four movements", "Bach"), 36)
    assert card.plain.endswith("… — Bach · 3:12") and cell_len(card.plain) <= 36


def test_a_removed_track_says_so():
    assert track_card(None, 40).plain == "♪ Track removed"
    assert cell_len(track_card(None, 8).plain) <= 8


def test_too_narrow_for_anything_still_one_line():
    for width in range(1, 12):
        card = track_card(track("Morning Walk", "Terminal Ensemble"), width)
        assert cell_len(card.plain) <= width


def test_the_renderable_is_one_line_as_wide_as_given():
    console = Console(width=30, record=True, color_system=None)
    console.print(TrackCard(track("Morning Walk", "Terminal Ensemble")))
    lines = console.export_text().rstrip("\n").split("\n")
    assert len(lines) == 1 and lines[0].rstrip() == "♪ Morning Walk — Termi… · 3:12"
    assert TrackCard(None).line_count(30) == 1
