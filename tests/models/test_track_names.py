"""Tracks and playlists under the name rules: search ignores accents and knows
a German name's other spelling; a name or tag that draws nothing is no name."""

from __future__ import annotations

import pytest

from models import playlists, tracks
from models.errors import ValidationError
from tests.models.test_tracks import wav, write


@pytest.fixture
def anna(make_user):
    return make_user("anna", "Анна", "Иванова").id


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dvorak", ["Humoresque"]),
        ("DVOŘÁK", ["Humoresque"]),
        ("cafe", ["Café Müller"]),
        ("muller", ["Café Müller"]),
        ("mueller", ["Café Müller"]),  # ü written out, as a title word
        ("strasse", ["Unter der Straße"]),
        ("йогурт", []),  # й is not и: "Иогурт" is another word
        ("иогурт", ["Иогурт"]),
    ],
)
def test_search_ignores_accents(db, anna, tmp_path, query, expected):
    """Titles and artists are found without their accents, and a German
    umlaut also by its written-out spelling."""
    items = [
        ("a.wav", "Humoresque", "Antonín Dvořák", 330),
        ("b.wav", "Café Müller", "Pina Bausch", 440),
        ("c.wav", "Unter der Straße", "Die Ärzte", 550),
        ("d.wav", "Иогурт", "Ансамбль", 660),
    ]
    for name, title, artist, hz in items:
        tracks.import_track(anna, write(tmp_path, name, wav(hz, title=title, artist=artist)))
    assert [t.title for t in tracks.search_tracks(anna, query)] == expected
    assert [t.title for t in tracks.search_tracks(anna, "aerzte")] == ["Unter der Straße"]


@pytest.mark.parametrize("name", ["\u200b", "\u3164", "\u2800\u2800", "\u200d\u0301"])
def test_a_playlist_name_of_only_invisible_characters_is_refused(db, anna, name):
    """A playlist is named with something visible, when made and when renamed."""
    with pytest.raises(ValidationError) as refused:
        playlists.create_playlist(anna, name)
    assert refused.value.field == "name" and "invisible" in refused.value.message
    road = playlists.create_playlist(anna, "Road")
    with pytest.raises(ValidationError) as refused:
        playlists.rename_playlist(anna, road.id, name)
    assert refused.value.field == "name" and "invisible" in refused.value.message


def test_an_invisible_title_tag_falls_back_to_the_file_name(db, anna, tmp_path):
    """A title or artist tag that draws nothing is no tag: the file name titles the track."""
    path = write(tmp_path, "Evening.wav", wav(title="\u3164\u200b", artist="\u2800"))
    track = tracks.import_track(anna, path)
    assert (track.title, track.artist) == ("Evening", "")
