"""`messenger db check` compares the words name searches read (community_word,
track_word) with the communities' and tracks' stored keys and names each
disagreement by id (models/word_check.py). Both backends."""

from __future__ import annotations

import contextlib

import pytest

import cli
from models import communities, maintenance, track_words, word_check
from models.db import close_database, database, is_sqlite, open_database
from models.schema import Community, CommunityWord, Track, TrackWord
from tests.models.test_tracks import wav


def name_search_problems() -> list[str]:
    return [p for p in maintenance.check_database() if p.startswith("Name search")]


@pytest.fixture
def named(db, make_user, frozen_clock):
    """Three communities and three tracks, their words as the app wrote them."""
    from models import tracks

    owner = make_user("owner").id
    made = [communities.create_community(owner, name).id
            for name in ("Chess club", "Клуб «Шахматы»", "Müller fans")]
    songs = [tracks.import_track(owner, wav(hz, title=title, artist=artist),
                                 filename=f"{hz}.wav").id
             for hz, (title, artist) in enumerate(
                 (("Вечерний вальс", "Оркестр"), ("Morning Walk", "Band"),
                  ("Café Müller", "Pina Bausch")), start=300)]
    return owner, made, songs


@contextlib.contextmanager
def no_foreign_keys(db):
    """Rows whose owner is gone, which the cascade never leaves: SQLite with
    its foreign keys off, PostgreSQL with its triggers (which keep them) off."""
    if is_sqlite():
        db.execute_sql("PRAGMA foreign_keys = OFF")
    else:
        db.execute_sql("SET session_replication_role = replica")
    try:
        yield
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON" if is_sqlite()
                       else "SET session_replication_role = DEFAULT")


def test_the_words_the_app_writes_agree(named):
    assert maintenance.check_database() == []
    for spec in word_check.WORD_TABLES:
        assert word_check.disagreements(database.obj, spec) == ([], [], [])


def test_missing_extra_and_stale_community_words_are_named(named, db):
    _owner, (chess, chess_ru, muller), _songs = named
    CommunityWord.delete().where(CommunityWord.community == chess).execute()
    # a rename whose words were not rewritten: "Клуб «Шахматы»" still found by its old name
    Community.update(name="Go", name_key="go", name_search="go").where(
        Community.id == chess_ru).execute()
    with no_foreign_keys(db):
        Community.delete().where(Community.id == muller).execute()
    assert name_search_problems() == [
        f"Name search (community_word): 1 communities have no words stored, so no search "
        f"finds them (ids {chess}).",
        f"Name search (community_word): words are stored for 1 communities that do not exist "
        f"(ids {muller}).",
        f"Name search (community_word): 1 communities have other words stored than their "
        f"names make (ids {chess_ru}).",
    ]


def test_missing_extra_and_stale_track_words_are_named(named, db):
    _owner, _made, (waltz, walk, cafe) = named
    TrackWord.delete().where(TrackWord.track == walk).execute()
    TrackWord.update(title_key="zzz").where(TrackWord.track == waltz).execute()  # out of order
    with no_foreign_keys(db):
        Track.delete().where(Track.id == cafe).execute()
    assert name_search_problems() == [
        f"Name search (track_word): 1 tracks have no words stored, so no search finds them "
        f"(ids {walk}).",
        f"Name search (track_word): words are stored for 1 tracks that do not exist "
        f"(ids {cafe}).",
        f"Name search (track_word): 1 tracks have other words stored than their names make "
        f"(ids {waltz}).",
    ]


def test_one_word_too_many_or_too_few_is_stale(named):
    _owner, (chess, *_), (waltz, *_) = named
    CommunityWord.delete().where((CommunityWord.community == chess)
                                 & (CommunityWord.prefix == "clu")).execute()
    track_words.insert_rows(database.obj, [(waltz, "вальс", None, "вечерний вальс")])  # twice
    assert word_check.disagreements(database.obj, word_check.COMMUNITY_WORDS) == ([], [], [chess])
    assert word_check.disagreements(database.obj, word_check.TRACK_WORDS) == ([], [], [waltz])


def test_many_are_counted_and_the_first_named(db, make_user, frozen_clock):
    owner = make_user("owner").id
    made = [communities.create_community(owner, f"Club {i}").id for i in range(12)]
    CommunityWord.delete().execute()
    (problem,) = name_search_problems()
    shown = ", ".join(str(i) for i in made[:10])
    assert problem.endswith(f"12 communities have no words stored, so no search finds them "
                            f"(ids {shown} and 2 more).")


def test_db_check_lists_the_disagreement_and_fails(named, capsys, db_url):
    _owner, _made, (waltz, *_) = named
    TrackWord.delete().where(TrackWord.track == waltz).execute()
    close_database()
    try:
        code = cli.main(["db", "check", "--db", db_url])
        out = capsys.readouterr().out
    finally:
        open_database(db_url)
    assert code == 1
    assert "Name search (track_word): 1 tracks have no words stored" in out
    assert f"(ids {waltz})" in out
