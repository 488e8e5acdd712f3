"""Track search by word start (models/track_words.py, schema 17): whom it
finds (the community rule of word starts over title and artist, each on its
own), in the catalogue's order, in the library too, kept when a track goes,
and on SQLite the same work however large the catalogue. Both backends."""

from __future__ import annotations

import hashlib

import pytest

from models import clock, migrations, search, search_keys, track_words, tracks
from models.community_words import tails_of
from models.db import database
from models.schema import Media, Track, TrackWord
from tests.models.test_people_search_order import counted
from tests.models.test_tracks import wav

CATALOGUE = (  # title, artist
    ("Вечерний вальс", "Оркестр терминала"),
    ("Morning Walk", "Terminal Ensemble"),
    ("Northern Lights", "Ёжик и Трио"),
    ("Humoresque", "Antonín Dvořák"),
    ("Café Müller", "Pina Bausch"),
    ("Unter der Straße", "Die Ärzte"),
    ("Клуб «Шахматы»", "Rock-n-roll band"),
    ("Вальс", "Оркестр"),
    ("Вальс", "Другой оркестр"),  # the same title: by id
    ("Old music and old dances lovers forever", "Общество любителей старинной музыки и танцев"),
)


def old_finds(title: str, artist: str, query: str) -> bool:
    """Schema 16's match: the title's or artist's key starts with the query
    (or its other spelling) or holds it after a space; the other spellings
    (``alt_key``) hold it after a space."""
    keys = search_keys.track_keys(title, artist)
    asked = search_keys.QueryKeys.of(query)
    for key in (k for k in (asked.key, asked.alternative) if k):
        for field in (keys["title_key"], keys["artist_key"]):
            if field.startswith(key) or " " + key in field:
                return True
        if keys["alt_key"] and " " + key in keys["alt_key"]:
            return True
    return False


def finds(title: str, artist: str, query: str) -> bool:
    """The rule written plainly: a word start of the title or the artist (or
    their other spelling), from which the text starts with the query's key or
    its other spelling."""
    keys = search_keys.track_keys(title, artist)
    asked = search_keys.QueryKeys.of(query)
    text = track_words.search_text(keys["title_key"], keys["artist_key"], keys["alt_key"])
    return any(tail.startswith(k) for tail in tails_of(text)
               for k in (asked.key, asked.alternative) if k)


@pytest.fixture
def catalogue(db, make_user, frozen_clock):
    """The tracks imported by Anna; the catalogue in its order (title key, id)."""
    anna = make_user("anna").id
    for hz, (title, artist) in enumerate(CATALOGUE, start=200):
        tracks.import_track(anna, wav(hz, title=title, artist=artist), filename=f"{hz}.wav")
    return anna, tracks.all_tracks(anna)


# word starts after a space or at the start: what the old match found, the new one finds
WORD_STARTS = ["вальс", "ВАЛЬС", "Вечер", "оркестр", "ТЕРМИНАЛ", "morning", "walk", "lig",
               "ежик", "ЁЖИК И", "e", "е", "nor", "dvorak", "DVOŘÁK", "antonin dv", "cafe m",
               "müller", "muller", "mueller", "strasse", "aerzte", "die ä", "клуб", "band",
               "zzz", "", "%",
               # as long as the longest prefix stored (CAP, 24) and longer
               "общество любителей стари", "общество любителей старинной м",
               "любителей старинной музыки и танцев", "общество любителей старинной ж",
               "old music and old dances", "old dances lovers forever",
               "OLD MUSIC AND OLD DANCES LOVERS FOREVER"]
# word starts after a letter that is not one: found now, not before (the communities' rule)
NEW_WORD_STARTS = ["шах", "ШАХМАТЫ»", "roll", "n-roll band"]


@pytest.mark.parametrize("limit", [1, 2, 500])
def test_the_catalogue_search_finds_every_word_start_in_title_order(catalogue, limit):
    anna, order = catalogue
    for query in WORD_STARTS + NEW_WORD_STARTS:
        got = tracks.search_tracks(anna, query, limit=limit)
        wanted = [t for t in order if query.strip() and finds(t.title, t.artist, query)]
        assert got == wanted[:limit], query
        if query in WORD_STARTS:  # as before
            assert wanted == [t for t in order if old_finds(t.title, t.artist, query)], query
    for query in NEW_WORD_STARTS:
        assert tracks.search_tracks(anna, query) and not any(
            old_finds(t.title, t.artist, query) for t in order), query


def test_the_middle_of_a_word_finds_nothing_and_title_and_artist_are_apart(catalogue):
    anna, _ = catalogue
    for query in ("alk", "альс", "ller", "orning", "ахмат", "вальс оркестр", "lights ежик"):
        assert tracks.search_tracks(anna, query) == [], query
    assert [t.artist for t in tracks.search_tracks(anna, "вальс")] == [
        "Оркестр", "Другой оркестр", "Оркестр терминала"]


def test_the_library_search_finds_the_same_among_my_tracks(catalogue, make_user):
    anna, order = catalogue
    boris = make_user("boris").id
    mine = [t for t in order if t.title in ("Вальс", "Café Müller", "Клуб «Шахматы»")]
    for track in mine:
        tracks.add_to_library(boris, track.id)
    for query in WORD_STARTS + NEW_WORD_STARTS:
        got = tracks.my_tracks(boris, query=query)
        if not query.strip():
            assert len(got) == len(mine)
            continue
        wanted = [t.id for t in reversed(mine) if finds(t.title, t.artist, query)]
        assert [t.id for t in got] == wanted, query  # most recently added first
        assert all(t.in_my_library for t in got)


def test_the_global_search_pages_through_the_same(catalogue):
    anna, order = catalogue
    results = search.search_everything(anna, "вальс")
    assert [t.artist for t in results.tracks.items] == ["Оркестр", "Другой оркестр",
                                                       "Оркестр терминала"]
    first = search.search_section(anna, search.MUSIC, "о", None, 2)
    more = search.search_section(anna, search.MUSIC, "о", first.next_cursor, 2)
    assert [*first.items, *more.items] == [t for t in order if finds(t.title, t.artist, "о")]


def test_a_track_gone_from_the_catalogue_takes_its_words_along(catalogue):
    anna, order = catalogue
    waltz = next(t for t in order if t.artist == "Оркестр терминала")
    Media.delete().where(Media.id == waltz.media_id).execute()
    assert waltz not in tracks.search_tracks(anna, "вальс")
    assert not TrackWord.select().where(TrackWord.track == waltz.id).exists()
    # the same bytes imported again are a new track, found again
    again = tracks.import_track(anna, wav(200, title="Вечерний вальс", artist="Оркестр терминала"),
                                filename="again.wav")
    assert again.id != waltz.id
    assert again in tracks.search_tracks(anna, "терминала")


def test_a_version_16_database_is_upgraded_with_its_tracks_findable(catalogue, db, db_url):
    """Tracks imported before schema 17 (no words stored) are found after the
    upgrade, as new ones are, and the planner has the new table's statistics;
    the step can run again without doubling rows."""
    from tests.models.test_planner_stats import _analysed_tables

    anna, order = catalogue
    rows = TrackWord.select().count()
    TrackWord.delete().execute()
    db.execute_sql("UPDATE meta SET value = '16' WHERE key = 'schema_version'")
    assert tracks.search_tracks(anna, "вальс") == []  # the words are what it searches
    assert migrations.upgrade(db) == (16, migrations.SCHEMA_VERSION)
    assert "track_word" in _analysed_tables(db_url)
    assert TrackWord.select().count() == rows  # what the imports wrote
    for query in WORD_STARTS + NEW_WORD_STARTS:
        assert tracks.search_tracks(anna, query) == [
            t for t in order if query.strip() and finds(t.title, t.artist, query)], query
    db.execute_sql("UPDATE meta SET value = '16' WHERE key = 'schema_version'")
    migrations.upgrade(db)
    assert TrackWord.select().count() == rows


def add_tracks(start: int, count: int) -> None:
    """Many tracks fast, with their words, as an import stores them."""
    artists = ("Оркестр терминала", "Terminal Ensemble", "Dvořák", "Müller Trio")
    now = clock.now()
    media = []
    for i in range(start, start + count):
        data = f"track {i}".encode()
        media.append(dict(sha256=hashlib.sha256(data).hexdigest(), mime="audio/wav",
                          size=len(data), data=data, created_at=now))
    Media.insert_many(media).execute()
    first_media = Media.select(Media.id).where(Media.sha256 == media[0]["sha256"]).scalar()
    made = []
    for offset, i in enumerate(range(start, start + count)):
        title, artist = f"Трек {i}", artists[i % len(artists)]
        made.append(dict(media=first_media + offset, title=title, artist=artist, album="",
                         duration=1.0, created_at=now, **search_keys.track_keys(title, artist)))
    Track.insert_many(made).execute()
    rows = Track.select(Track.id, Track.title_key, Track.artist_key, Track.alt_key).where(
        Track.media >= first_media).tuples()
    track_words.insert_rows(database, [r for row in rows for r in track_words.rows_of(*row)])


@pytest.mark.sqlite_only
def test_a_search_costs_the_same_however_large_the_catalogue(db, make_user):
    """SQLite's work (virtual-machine steps, not time) for a search that
    finds nothing, a word most tracks have, a letter, a digit, an artist and
    two words stays the same with ten times the tracks; the old match read
    every track's keys."""
    anna = make_user("anna").id

    def steps(query: str) -> int:
        def search_twice():
            assert len(tracks.search_tracks(anna, query, limit=6)) == (0 if "кофе" in query else 6)
            search.search_section(anna, search.MUSIC, query, None, 5)

        return counted(db, search_twice)

    queries = ("кофе", "трек", "т", "1", "mueller", "terminal ens", "трек 1", "трек кофе")
    add_tracks(0, 200)
    small = [steps(q) for q in queries]
    add_tracks(200, 1_800)
    large = [steps(q) for q in queries]
    for query, before, after in zip(queries, small, large, strict=True):
        assert after < 1.3 * before, (query, before, after)


@pytest.mark.sqlite_only
def test_the_search_reads_through_indexes_only(catalogue, query_plans):
    """No track or word is read by scanning a table or an index from its
    start: every read of them is an index search (the only scans are of the
    few rows each run gave, ``tw0``…)."""
    anna, _ = catalogue
    with query_plans() as plans:
        for query in ("вальс", "o", "cafe m", "общество любителей старинной м", "müller"):
            tracks.search_tracks(anna, query, limit=3)
    assert plans.queries
    scans = [line for line in plans.lines
             if line.split()[0] == "SCAN" and not line.split()[1].startswith("tw")]
    assert scans == [], scans
    assert any("track_word_prefix_title_key_track_id (prefix=?)" in line
               for line in plans.lines)
