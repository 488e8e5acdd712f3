"""Tracks: importing audio, the catalogue and library, search, playlists."""

from __future__ import annotations

import io
import wave

import pytest
from playhouse.test_utils import count_queries

from models import media, playlists, tracks
from models.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from models.schema import Media, Track
from music.synth import tone, with_tags

# One MPEG-1 Layer III frame: 128 kbit/s, 44.1 kHz, no padding -> 417 bytes.
MP3_FRAME = bytes([0xFF, 0xFB, 0x90, 0x64]) + bytes(413)


def mp3_bytes(frames: int = 40, **tags: str) -> bytes:
    """A structurally valid MP3 (silent frames) with an ID3v2 tag."""
    from mutagen.id3 import ID3, TALB, TIT2, TPE1

    buffer = io.BytesIO(MP3_FRAME * frames)
    tag = ID3()
    for frame, key in ((TIT2, "title"), (TPE1, "artist"), (TALB, "album")):
        if key in tags:
            tag.add(frame(encoding=3, text=tags[key]))
    tag.save(buffer)
    return buffer.getvalue()


def wav(hz: float = 440, seconds: float = 0.5, **tags: str) -> bytes:
    data = tone(hz, seconds)
    return with_tags(data, **tags) if tags else data


@pytest.fixture
def anna(make_user):
    return make_user("anna", "Анна", "Иванова").id


@pytest.fixture
def boris(make_user):
    return make_user("boris", "Борис", "Петров").id


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- import

def test_import_reads_tags_and_duration(db, frozen_clock, anna, tmp_path):
    """A tagged WAV shows its title, artist, album and length, and lands in my library."""
    path = write(tmp_path, "file.wav", wav(seconds=1.5, title="Вечерний вальс",
                                           artist="Оркестр", album="Demo"))
    view = tracks.import_track(anna, path)
    assert (view.title, view.artist, view.album) == ("Вечерний вальс", "Оркестр", "Demo")
    assert view.duration == pytest.approx(1.5)
    assert view.in_my_library is True
    assert media.load_media(view.media_id) == path.read_bytes()
    assert media.media_info(view.media_id).mime == "audio/wav"
    assert tracks.my_tracks(anna) == [view]


def test_import_mp3_tags(db, anna, tmp_path):
    """An MP3's ID3 tags are read; it is stored as audio/mpeg."""
    path = write(tmp_path, "x.mp3", mp3_bytes(title="Morning Walk", artist="Ensemble"))
    view = tracks.import_track(anna, path)
    assert (view.title, view.artist, view.album) == ("Morning Walk", "Ensemble", "")
    assert view.duration > 0.5
    assert media.media_info(view.media_id).mime == "audio/mpeg"


def test_untagged_file_is_titled_by_its_name(db, anna, tmp_path):
    """Without tags the file name (without extension) is the title."""
    view = tracks.import_track(anna, write(tmp_path, "My Song.wav", wav()))
    assert view.title == "My Song"
    assert view.artist == ""


def test_explicit_names_beat_tags_and_are_cleaned(db, anna, tmp_path):
    """Names given to import_track win over tags; control characters never get stored."""
    path = write(tmp_path, "a.wav", wav(title="Tag title", artist="Tag\x1b[31m artist"))
    view = tracks.import_track(anna, path, title="Given\x1b]0;x\x07 title")
    assert view.title == "Given]0;x title"
    assert view.artist == "Tag[31m artist"


def test_import_from_bytes(db, anna):
    """Bytes can be imported directly; the given file name is the fallback title."""
    view = tracks.import_track(anna, wav(), filename="Сгенерировано.wav")
    assert view.title == "Сгенерировано"


def test_same_bytes_are_one_track(db, anna, boris, tmp_path):
    """The same file imported twice, under other names, by another person, is one
    track: it is simply added to that person's library."""
    data = wav(title="Song")
    first = tracks.import_track(anna, write(tmp_path, "a.wav", data))
    again = tracks.import_track(anna, write(tmp_path, "copy.wav", data))
    theirs = tracks.import_track(boris, write(tmp_path, "b/renamed.wav", data))
    assert again == first
    assert theirs.id == first.id and theirs.in_my_library
    assert Track.select().count() == 1
    assert Media.select().count() == 1
    assert [t.id for t in tracks.my_tracks(boris)] == [first.id]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.mp3", b"Shopping list: milk, bread\n" * 20, "audio file"),
        ("notes.wav", b"RIFF but not really\n" * 5, "audio file"),
        ("letter.ogg", b"Dear Anna,\nhow are you?\n", "not an audio file"),
        ("empty.mp3", b"", "is empty"),
        ("cut.mp3", mp3_bytes(10, title="Cut")[:-200], "cut off"),
        ("cut-tag.mp3", mp3_bytes(10, title="Cut")[:600], "cut off"),
        ("cut.wav", wav(seconds=1.0)[:5000], "cut off"),
        ("random.mp3", bytes(range(256)) * 40, "audio"),
    ],
    ids=["text-as-mp3", "text-as-wav", "text-as-ogg", "empty", "cut-mp3", "cut-in-tag",
         "cut-wav", "noise"],
)
def test_files_that_are_not_complete_audio_are_refused(db, anna, tmp_path, name, data, reason):
    """A renamed text file, an empty file or a cut-off MP3/WAV is refused with a
    message naming the file and why; nothing is stored."""
    path = write(tmp_path, name, data)
    with pytest.raises(ValidationError) as refused:
        tracks.import_track(anna, path)
    assert name in refused.value.message
    assert reason in refused.value.message
    assert refused.value.field == "path"
    assert Track.select().count() == 0
    assert Media.select().count() == 0


def test_refusal_messages_say_what_went_wrong(db, anna, tmp_path):
    """The reasons read like sentences: a text file is "not an audio file", a cut
    MP3 is "cut off in the middle of the audio"."""
    with pytest.raises(ValidationError, match=r"cut off in the middle of the audio"):
        tracks.import_track(anna, write(tmp_path, "cut.mp3", mp3_bytes(10)[:-100]))
    with pytest.raises(ValidationError, match=r"notes\.txt is not an audio file"):
        tracks.import_track(anna, write(tmp_path, "notes.txt", b"just words\n" * 10))


def test_missing_and_oversized_files(db, anna, tmp_path):
    """A path that is not there, a folder, or a file over 50 MB is refused before reading."""
    with pytest.raises(ValidationError, match="There is no file"):
        tracks.import_track(anna, tmp_path / "nope.mp3")
    with pytest.raises(ValidationError, match="folder"):
        tracks.import_track(anna, tmp_path)
    big = tmp_path / "big.wav"
    with open(big, "wb") as fh:
        fh.truncate(51 * 1024 * 1024)  # sparse: no disk space used
    with pytest.raises(ValidationError, match="50 MB"):
        tracks.import_track(anna, big)


def test_import_for_unknown_user(db, tmp_path):
    """Importing for a person who does not exist is refused and stores nothing."""
    with pytest.raises(NotFoundError):
        tracks.import_track(999, write(tmp_path, "a.wav", wav()))
    assert Track.select().count() == 0


def test_import_folder_keeps_going_past_bad_files(db, anna, tmp_path):
    """A folder with good and bad files: the good ones are imported (subfolders
    too), each bad one is reported with its reason, non-audio files are ignored,
    and progress is reported file by file."""
    folder = tmp_path / "music"
    good = write(folder, "a-good.wav", wav(440, title="Good one"))
    nested = write(folder, "sub/b-good.mp3", mp3_bytes(title="Nested"))
    text = write(folder, "c-text.mp3", b"not music at all\n" * 10)
    cut = write(folder, "sub/d-cut.wav", wav(seconds=1.0)[:3000])
    cover = write(folder, "cover.jpg", b"\xff\xd8\xff not really a jpeg")
    duplicate = write(folder, "e-copy.wav", good.read_bytes())
    calls = []
    report = tracks.import_folder(anna, folder, progress=lambda done, total: calls.append((done, total)))
    assert sorted(t.title for t in report.imported) == ["Good one", "Nested"]
    assert [t.title for t in report.duplicates] == ["Good one"]
    failed = dict(report.failed)
    assert set(failed) == {text, cut}
    assert "not a readable audio file" in failed[text]
    assert "cut off" in failed[cut]
    assert report.ignored == (cover,)
    assert calls == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert {t.title for t in tracks.my_tracks(anna)} == {"Good one", "Nested"}
    assert nested.exists() and duplicate.exists()


def test_import_folder_needs_a_folder(db, anna, tmp_path):
    """Giving a file or a missing path to the folder import says so."""
    with pytest.raises(ValidationError, match="is not a folder"):
        tracks.import_folder(anna, write(tmp_path, "a.wav", wav()))
    with pytest.raises(ValidationError, match="is not a folder"):
        tracks.import_folder(anna, tmp_path / "missing")


# ---------------------------------------------------------------- catalogue, library, search

@pytest.fixture
def catalogue(db, frozen_clock, anna, tmp_path):
    """Three tracks imported by Anna."""
    items = [
        ("waltz.wav", "Вечерний вальс", "Оркестр терминала", 330),
        ("walk.wav", "Morning Walk", "Terminal Ensemble", 440),
        ("lights.wav", "Northern Lights", "Ёжик и Трио", 550),
    ]
    return {
        title: tracks.import_track(
            anna, write(tmp_path, name, wav(hz, title=title, artist=artist))
        ).id
        for name, title, artist, hz in items
    }


def test_library_add_and_remove(db, catalogue, anna, boris):
    """Boris adds a track from the catalogue to his library and removes it again;
    the catalogue shows which tracks are in his library."""
    waltz = catalogue["Вечерний вальс"]
    assert tracks.my_tracks(boris) == []
    view = tracks.add_to_library(boris, waltz)
    assert view.in_my_library
    tracks.add_to_library(boris, waltz)  # twice is harmless
    assert [t.id for t in tracks.my_tracks(boris)] == [waltz]
    flags = {t.title: t.in_my_library for t in tracks.all_tracks(boris)}
    assert flags == {"Вечерний вальс": True, "Morning Walk": False, "Northern Lights": False}
    tracks.remove_from_library(boris, waltz)
    assert tracks.my_tracks(boris) == []
    assert len(tracks.all_tracks(boris)) == 3  # still in the catalogue
    with pytest.raises(NotFoundError):
        tracks.add_to_library(boris, 12345)


def test_catalogue_is_sorted_by_title_in_one_query(db, catalogue, anna):
    """The catalogue lists by title, case-insensitively, with one query however long."""
    with count_queries() as counter:
        titles = [t.title for t in tracks.all_tracks(anna)]
    assert titles == ["Morning Walk", "Northern Lights", "Вечерний вальс"]
    assert counter.count == 1
    with count_queries() as counter:
        assert len(tracks.my_tracks(anna)) == 3
    assert counter.count == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("вальс", ["Вечерний вальс"]),
        ("ВАЛЬС", ["Вечерний вальс"]),
        ("Вечер", ["Вечерний вальс"]),
        ("оркестр", ["Вечерний вальс"]),
        ("ТЕРМИНАЛ", ["Вечерний вальс"]),  # artist word prefix
        ("morning", ["Morning Walk"]),
        ("WALK", ["Morning Walk"]),
        ("terminal", ["Morning Walk"]),
        ("lig", ["Northern Lights"]),
        ("ежик", ["Northern Lights"]),  # ё and е are one letter for search
        ("n", ["Northern Lights"]),
        ("e", ["Morning Walk"]),  # Latin e: the artist's "Ensemble"
        ("е", ["Northern Lights"]),  # Cyrillic е: "Ёжик"
        ("alk", []),  # inside a word: not a match
        ("%", []),
        ("   ", []),
    ],
)
def test_search_by_title_or_artist_any_case(db, catalogue, anna, query, expected):
    """Search finds tracks by the start of the title, the artist or any of their
    words, in Cyrillic or Latin, whatever the case."""
    assert [t.title for t in tracks.search_tracks(anna, query)] == expected
    if query.strip():
        assert [t.title for t in tracks.all_tracks(anna, query)] == expected


# ---------------------------------------------------------------- playlists

def test_playlist_create_rename_delete(db, catalogue, anna):
    """Playlists are listed by name with their counts; names are cleaned, unique per
    owner ignoring case, and can be renamed (also just in case) and deleted."""
    road = playlists.create_playlist(anna, "  В дорогу\x1b ")
    assert road.name == "В дорогу" and road.track_count == 0
    focus = playlists.create_playlist(anna, "Focus")
    playlists.add_to_playlist(anna, focus.id, catalogue["Morning Walk"])
    assert [(p.name, p.track_count) for p in playlists.playlists(anna)] == [
        ("Focus", 1),
        ("В дорогу", 0),
    ]
    with pytest.raises(ConflictError) as clash:
        playlists.create_playlist(anna, "В ДОРОГУ")
    assert clash.value.field == "name"
    with pytest.raises(ConflictError):
        playlists.rename_playlist(anna, focus.id, "в дорогу")
    renamed = playlists.rename_playlist(anna, focus.id, "FOCUS")
    assert (renamed.name, renamed.track_count) == ("FOCUS", 1)
    playlists.delete_playlist(anna, road.id)
    assert [p.name for p in playlists.playlists(anna)] == ["FOCUS"]
    assert len(tracks.all_tracks(anna)) == 3  # the tracks stay


@pytest.mark.parametrize("name", ["", "   ", "\x1b\x07", "x" * 101])
def test_playlist_name_rules(db, anna, name):
    """An empty name or one over 100 characters is refused, pointing at the name."""
    with pytest.raises(ValidationError) as refused:
        playlists.create_playlist(anna, name)
    assert refused.value.field == "name"


def test_same_name_for_different_owners(db, anna, boris):
    """Two people may each have a playlist called the same."""
    playlists.create_playlist(anna, "Favourites")
    assert playlists.create_playlist(boris, "favourites").name == "favourites"


def test_playlist_order_add_remove_move(db, catalogue, anna):
    """Tracks are added at the end, removed by position (the rest move up), and
    moved to any position; the order is kept."""
    waltz, walk, lights = (catalogue[t] for t in ("Вечерний вальс", "Morning Walk", "Northern Lights"))
    pl = playlists.create_playlist(anna, "Mix").id
    for track_id in (waltz, walk, lights, walk):
        playlists.add_to_playlist(anna, pl, track_id)

    def order():
        return [t.id for t in playlists.playlist_tracks(anna, pl)]

    assert order() == [waltz, walk, lights, walk]
    assert playlists.remove_from_playlist(anna, pl, 1).track_count == 3
    assert order() == [waltz, lights, walk]
    moved = playlists.move_in_playlist(anna, pl, 2, 0)
    assert [t.id for t in moved] == [walk, waltz, lights] == order()
    playlists.move_in_playlist(anna, pl, 0, 2)
    assert order() == [waltz, lights, walk]
    playlists.move_in_playlist(anna, pl, 1, 1)
    assert order() == [waltz, lights, walk]
    playlists.add_to_playlist(anna, pl, walk)
    assert order() == [waltz, lights, walk, walk]
    with pytest.raises(ValidationError) as bad:
        playlists.remove_from_playlist(anna, pl, 4)
    assert bad.value.field == "position"
    with pytest.raises(ValidationError) as bad:
        playlists.move_in_playlist(anna, pl, 0, -1)
    assert bad.value.field == "to_pos"
    with pytest.raises(NotFoundError):
        playlists.add_to_playlist(anna, pl, 98765)


def test_playlist_tracks_show_my_library_flag_in_one_query(db, catalogue, anna, boris):
    """A playlist lists its tracks with whether each is in my library, in one query."""
    pl = playlists.create_playlist(boris, "Boris mix").id
    playlists.add_to_playlist(boris, pl, catalogue["Morning Walk"])
    playlists.add_to_playlist(boris, pl, catalogue["Northern Lights"])
    tracks.add_to_library(boris, catalogue["Northern Lights"])
    with count_queries() as counter:
        items = playlists.playlist_tracks(boris, pl)
    assert [(t.title, t.in_my_library) for t in items] == [
        ("Morning Walk", False),
        ("Northern Lights", True),
    ]
    assert counter.count == 2  # the ownership check and the list


def test_only_the_owner_sees_or_changes_a_playlist(db, catalogue, anna, boris):
    """Someone else's playlist cannot be read, renamed, filled, emptied, reordered
    or deleted; a playlist that does not exist is "not found"."""
    pl = playlists.create_playlist(anna, "Private").id
    playlists.add_to_playlist(anna, pl, catalogue["Morning Walk"])
    playlists.add_to_playlist(anna, pl, catalogue["Northern Lights"])
    attempts = [
        lambda: playlists.playlist_tracks(boris, pl),
        lambda: playlists.rename_playlist(boris, pl, "Mine now"),
        lambda: playlists.add_to_playlist(boris, pl, catalogue["Вечерний вальс"]),
        lambda: playlists.remove_from_playlist(boris, pl, 0),
        lambda: playlists.move_in_playlist(boris, pl, 0, 1),
        lambda: playlists.delete_playlist(boris, pl),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDeniedError):
            attempt()
    assert [t.title for t in playlists.playlist_tracks(anna, pl)] == ["Morning Walk", "Northern Lights"]
    assert [p.name for p in playlists.playlists(anna)] == ["Private"]
    assert playlists.playlists(boris) == []
    with pytest.raises(NotFoundError):
        playlists.playlist_tracks(anna, pl + 100)


def test_demo_pieces_import_with_their_names(db, anna):
    """The synthesised demo tracks import with the titles and artists they were made with."""
    from music.synth import demo_tracks

    for filename, title, artist, data in demo_tracks():
        view = tracks.import_track(anna, data, filename=filename)
        assert (view.title, view.artist) == (title, artist)
        assert 20 <= view.duration <= 40


def test_wav_length_comes_from_the_stream(db, anna, tmp_path):
    """The duration shown is the audio's real length (frames / rate)."""
    data = tone(440, 2.25, rate=8000)
    with wave.open(io.BytesIO(data)) as w:
        expected = w.getnframes() / w.getframerate()
    view = tracks.import_track(anna, write(tmp_path, "t.wav", data))
    assert view.duration == pytest.approx(expected)


def test_lists_use_indexes(db, catalogue, anna, query_plans):
    """My library, the catalogue, my playlists and a playlist's tracks are read
    through indexes, never by scanning whole tables."""
    pl = playlists.create_playlist(anna, "Indexed").id
    playlists.add_to_playlist(anna, pl, catalogue["Morning Walk"])
    with query_plans() as plans:
        tracks.my_tracks(anna)
        tracks.all_tracks(anna)
        playlists.playlists(anna)
        playlists.playlist_tracks(anna, pl)
    assert plans.lines
    assert plans.full_scans() == []


# ---------------------------------------------------------------- sharing

def test_get_track_says_whether_it_is_mine_and_when_it_is_gone(anna, boris):
    """A shared track is read by id for whoever sees it; a track gone from the
    catalogue is ``NotFoundError`` on ``track_id`` (the card says "Track removed")."""
    track = tracks.import_track(anna, wav(title="Shared", artist="Band"), filename="s.wav")
    assert tracks.get_track(anna, track.id).in_my_library is True
    seen = tracks.get_track(boris, track.id)
    assert (seen.title, seen.artist, seen.in_my_library) == ("Shared", "Band", False)
    Media.delete().where(Media.id == track.media_id).execute()
    with pytest.raises(NotFoundError) as refused:
        tracks.get_track(boris, track.id)
    assert refused.value.field == "track_id"


def test_my_music_is_searchable_like_the_catalogue(anna, boris):
    """The library picker's search: only my tracks, any case, accents folded."""
    tracks.import_track(anna, wav(300, title="Вечерний вальс", artist="Dvořák"), filename="a.wav")
    tracks.import_track(anna, wav(400, title="Morning", artist="Band"), filename="b.wav")
    tracks.import_track(boris, wav(500, title="Вальс Бориса"), filename="c.wav")
    assert [t.title for t in tracks.my_tracks(anna, query="ВАЛЬС")] == ["Вечерний вальс"]
    assert [t.title for t in tracks.my_tracks(anna, query="dvorak")] == ["Вечерний вальс"]
    assert [t.title for t in tracks.my_tracks(anna, query="  ")] == ["Morning", "Вечерний вальс"]
    assert tracks.my_tracks(anna, query="Бориса") == []
