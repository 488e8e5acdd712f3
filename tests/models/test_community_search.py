"""Community search by word start (models/community_words.py, schema 16):
whom it finds (the old substring match cut to word starts), in name order
page after page, kept on rename and delete, and on SQLite the same work
however many communities there are. Both backends."""

from __future__ import annotations

import pytest

from models import communities, migrations, search, search_keys
from models.community_words import tails_of
from models.schema import Community, CommunityWord
from tests.models.test_people_search_order import counted

NAMES = ("Chess club", "Club of chess", "chessboard lovers", "Клуб «Шахматы»",
         "ШАХМАТНАЯ школа", "Müller fans", "Mueller fans", "Ёлки-палки", "Rock-n-roll",
         "Клуб любителей кофе", "Club of club", "Søren's friends", "Road 66",
         "Общество любителей старинной музыки и танцев", "Old music and old dances lovers")


def old_finds(name: str, query: str) -> bool:
    """Schema 15's match: the query's key or its other spelling anywhere inside."""
    keys = search_keys.QueryKeys.of(query)
    stored = search_keys.community_search(name)
    return keys.key in stored or bool(keys.alternative and keys.alternative in stored)


def finds(name: str, query: str) -> bool:
    """The rule written plainly: a word start of the stored key (either line)
    from which the text starts with the query's key or its other spelling."""
    keys = search_keys.QueryKeys.of(query)
    wanted = [k for k in (keys.key, keys.alternative) if k]
    return any(tail.startswith(k) for tail in tails_of(search_keys.community_search(name))
               for k in wanted)


def everyone_by_name(owner: int) -> list:
    return list(communities.all_communities(owner, "", limit=200).items)


def collect(owner: int, query: str, limit: int) -> list[str]:
    names, cursor = [], None
    while True:
        page = communities.all_communities(owner, query, cursor, limit=limit)
        names += [c.name for c in page.items]
        if page.next_cursor is None:
            return names
        cursor = page.next_cursor


@pytest.fixture
def named(db, make_user, frozen_clock):
    owner = make_user("owner").id
    for name in NAMES:
        communities.create_community(owner, name)
    return owner


# word starts: what the old match found, the new one finds (any case, script, spelling)
WORD_STARTS = ["chess", "CHESS", "Ches", "club", "club of", "club of ch", "шах", "ШАХ", "«шах",
               "Шахматы»", "клуб", "müller", "mueller", "muller", "MÜLLER", "елки", "ёлки-п",
               "палки", "roll", "n-roll", "soren", "soeren", "søren's", "66", "road 6",
               "кофе", "любителей к", "zzz", "ab", "1",
               # as long as the longest prefix stored (CAP, 24) and longer
               "общество любителей стари", "общество любителей старинной м",
               "любителей старинной музыки и танцев", "общество любителей старинной ж",
               "old music and old dances", "old dances lovers", "OLD MUSIC AND OLD DANCES LOVERS"]


@pytest.mark.parametrize("limit", [1, 3, 50])
def test_every_page_finds_what_the_old_match_found_at_word_starts(named, limit):
    order = [c.name for c in everyone_by_name(named)]
    for query in WORD_STARTS:
        got = collect(named, query, limit)
        assert got == [n for n in order if finds(n, query)], query
        assert got == [n for n in order if old_finds(n, query)], query  # as before


def test_the_middle_of_a_word_finds_nothing(named):
    """The one change: the old match found "hess" inside "chess"."""
    assert old_finds("Chess club", "hess")
    for query in ("hess", "ахмат", "lub", "оллер", "ller"):
        assert collect(named, query, 50) == [], query
    assert collect(named, "ess", 50) == []


def test_a_community_found_by_two_words_is_listed_once(named):
    assert collect(named, "club", 2) == ["Chess club", "Club of chess", "Club of club"]
    assert collect(named, "c", 50) == [n for n in (c.name for c in everyone_by_name(named))
                                       if finds(n, "c")]


def test_a_renamed_community_is_found_by_its_new_name_only(named):
    chess = next(c for c in everyone_by_name(named) if c.name == "Chess club")
    communities.update_community(named, chess.id, name="Go players")
    assert "Go players" in collect(named, "play", 50)
    assert "Go players" in collect(named, "go", 50)
    assert collect(named, "chess", 50) == ["chessboard lovers", "Club of chess"]
    communities.update_community(named, chess.id, about="only the description")
    assert "Go players" in collect(named, "go", 50)


def test_a_deleted_community_takes_its_words_along(named):
    chess = next(c for c in everyone_by_name(named) if c.name == "Chess club")
    communities.delete_community(named, chess.id)
    assert collect(named, "chess", 50) == ["chessboard lovers", "Club of chess"]
    assert not CommunityWord.select().where(CommunityWord.community == chess.id).exists()


def test_the_global_search_lists_the_same(named):
    results = search.search_everything(named, "Шахм")
    assert [c.name for c in results.communities.items] == ["Клуб «Шахматы»", "ШАХМАТНАЯ школа"]
    page = search.search_section(named, search.COMMUNITIES, "club", None, 2)
    assert [c.name for c in page.items] == ["Chess club", "Club of chess"]
    more = search.search_section(named, search.COMMUNITIES, "club", page.next_cursor, 2)
    assert [c.name for c in more.items] == ["Club of club"]


def test_a_version_15_database_is_upgraded_with_its_communities_findable(db, db_url, make_user,
                                                                          frozen_clock):
    """Communities made before schema 16 (no words stored) are found after the
    upgrade, as new ones are, and the planner has the new table's statistics;
    the step can run again without doubling rows."""
    from tests.models.test_planner_stats import _analysed_tables

    owner = make_user("owner").id
    for name in NAMES:
        communities.create_community(owner, name)
    CommunityWord.delete().execute()
    db.execute_sql("UPDATE meta SET value = '15' WHERE key = 'schema_version'")
    assert collect(owner, "chess", 50) == []  # the words are what it searches
    assert migrations.upgrade(db) == (15, migrations.SCHEMA_VERSION)
    assert "community_word" in _analysed_tables(db_url)
    assert collect(owner, "chess", 50) == ["Chess club", "chessboard lovers", "Club of chess"]
    assert collect(owner, "шахматы", 50) == ["Клуб «Шахматы»"]
    rows = CommunityWord.select().count()
    db.execute_sql("UPDATE meta SET value = '15' WHERE key = 'schema_version'")
    migrations.upgrade(db)
    assert CommunityWord.select().count() == rows
    communities.create_community(owner, "Chess for kids")
    assert collect(owner, "chess f", 50) == ["Chess for kids"]


def _add_communities(owner: int, start: int, count: int) -> None:
    """Many communities fast, with their words, as the app stores them."""
    from models.community_words import insert_rows, rows_of
    from models.db import database
    from models.text import identity_key

    words = ("Сообщество", "Community", "Клуб", "Club", "Кружок", "Circle")
    made = []
    for i in range(start, start + count):
        name = f"{words[i % len(words)]} {words[(i // 7) % len(words)]} {i}"
        made.append(dict(name=name, name_key=identity_key(name),
                         name_search=search_keys.community_search(name), about="",
                         owner=owner, created_at="2026-01-01 00:00:00"))
    Community.insert_many(made).execute()
    rows = Community.select(Community.id, Community.name_key, Community.name_search).where(
        Community.name_key.in_([m["name_key"] for m in made])).tuples()
    insert_rows(database, [r for cid, key, found in rows for r in rows_of(cid, key, found)])


@pytest.mark.sqlite_only
def test_a_page_costs_the_same_however_many_communities(db, make_user):
    """SQLite's work (virtual-machine steps, not time) for a search that finds
    nobody, a page of a frequent word (first or second in the names), of a
    letter, of a digit (most names' numbers start with it) and of several
    words stays the same with ten times the communities; the substring match
    read every community's name when nothing matched."""
    owner = make_user("owner").id

    def steps(query: str, found: int) -> int:
        def two_pages():
            page = communities.all_communities(owner, query, limit=5)
            assert len(page.items) == found
            if page.next_cursor:
                communities.all_communities(owner, query, page.next_cursor, limit=5)
            search.search_section(owner, search.COMMUNITIES, query, None, 5)

        return counted(db, two_pages)

    queries = (("кофе", 0), ("club", 5), ("кружок", 5), ("circ", 5), ("c", 5), ("1", 5),
               ("кофе дождь", 0), ("club кофе", 0), ("кружок к", 5), ("club club", 5),
               ("сообщество community", 5))
    _add_communities(owner, 0, 500)
    small = [steps(q, n) for q, n in queries]
    _add_communities(owner, 500, 4_500)
    large = [steps(q, n) for q, n in queries]
    for (query, _), before, after in zip(queries, small, large, strict=True):
        assert after < 1.3 * before, (query, before, after)


@pytest.mark.sqlite_only
def test_the_search_reads_through_indexes_only(named, query_plans):
    """No community, word or membership is read by scanning a table or an
    index from its start: every read of them is an index search (the only
    scans are of the few rows each run gave, ``cw0``…)."""
    with query_plans() as plans:
        for query in ("chess", "c", "club of ch", "общество любителей старинной м", "müller"):
            communities.all_communities(named, query, limit=3)
    assert plans.queries
    scans = [line for line in plans.lines
             if line.split()[0] == "SCAN" and not line.split()[1].startswith("cw")]
    assert scans == [], scans
    assert any("community_word_prefix_name_key (prefix=? AND name_key>?)" in line
               for line in plans.lines)
