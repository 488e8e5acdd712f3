"""Name search, read in name order: every person it
should find, once, in the people list's order, page after page — and on SQLite
the same work for the first page however many people there are."""

from __future__ import annotations

import random

import pytest

from models import people, search_keys
from models.schema import User
from models.text import identity_key
from tests.models.test_people import collect

FIRST = ("Анна", "Андрей", "Иван", "Ирина", "Алёна", "Пётр", "Jürgen", "Juergen", "Hans",
         "Ann", "Søren", "Мария Анна")
LAST = ("Иванова", "Иванов", "Андреев", "Андреева", "Антонов", "Ёлкина", "Елкин", "Müller",
        "Mueller", "Muller", "Anders", "Ivanov", "Петров Иванов")


def add_people(rows: list[tuple[str, str]], start: int = 0) -> None:
    """Insert people fast (no password, keys as a registration stores them)."""
    User.insert_many([
        dict(login=f"p{start + i}", login_key=identity_key(f"p{start + i}"), password_hash="!",
             first_name=first, last_name=last, created_at="2026-01-01 00:00:00",
             **search_keys.person_keys(first, last))
        for i, (first, last) in enumerate(rows)
    ]).execute()


def crowd(count: int, seed: int = 17) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(count)]


def _starts(key: str | None, alt: str | None, query: search_keys.QueryKeys) -> bool:
    prefixes = [query.key] + ([query.alternative] if query.alternative else [])
    return (any(key.startswith(p) for p in prefixes)
            or (alt is not None and alt.startswith(query.key)))


def fits(first: str, last: str, query: str) -> bool:
    """What a name search finds, written plainly: one word starts the first or
    the last name; of more words, some split into a first part and a last part
    starts the first name and the last name, in either order."""
    words = query.split()[:people.MAX_WORDS]
    keys = search_keys.person_keys(first, last)
    if len(words) == 1:  # one word: the start of the first or the last name
        word = search_keys.QueryKeys.of(words[0])
        return (_starts(keys["first_key"], keys["first_alt_key"], word)
                or _starts(keys["last_key"], keys["last_alt_key"], word))
    for i in range(1, len(words)):
        head = search_keys.QueryKeys.of(" ".join(words[:i]))
        tail = search_keys.QueryKeys.of(" ".join(words[i:]))
        for a, b in ((head, tail), (tail, head)):
            if (_starts(keys["first_key"], keys["first_alt_key"], a)
                    and _starts(keys["last_key"], keys["last_alt_key"], b)):
                return True
    return False


def expected(query: str) -> list[int]:
    """The people list (in the database's own name order) cut to who fits."""
    everyone, _ = collect(people.all_users, limit=200)
    return [u.id for u in everyone if fits(u.first_name, u.last_name, query)]


QUERIES = ["ан", "иван", "ел", "müller", "mueller", "juergen", "zz", "so",
           "ан ив", "ив ан", "ан анд", "а а", "иван иванов", "ел ал", "ёл але", "jurgen mu",
           "juergen mueller", "mü hans", "muel hans", "hans m", "soeren an",
           "мария анна иванов", "анна петров иванов", "ann anders", "кофе дождь"]


@pytest.mark.parametrize("limit", [1, 4, 200])
def test_every_page_of_a_name_search_follows_the_people_list(db, limit):
    """Paged to the end, each query finds exactly whom the plain rule finds,
    each once, in the order of the people list: parts that interleave by
    surname, people found by two parts at once ("ан анд": Андрей Андреев;
    "ан": Анна Антонова), other spellings (Müller as mueller), ё as е, one
    word and three."""
    add_people(crowd(300))
    for query in QUERIES:
        found, _ = collect(lambda q=query, **kw: people.search_users(q, **kw), limit=limit)
        assert [u.id for u in found] == expected(query), query


def test_a_page_break_inside_one_surname_loses_nobody(db):
    """The cursor stops between two Иванова of the same name and between
    surnames of both orders ("Иван Андреев" and "Анна Иванова")."""
    add_people([("Анна", "Иванова")] * 5 + [("Иван", "Андреев")] * 5
               + [("Андрей", "Ивашин"), ("Иван", "Анненков")])
    for limit in (1, 2, 3):
        found, pages = collect(lambda **kw: people.search_users("ан ив", **kw), limit=limit)
        assert [u.id for u in found] == expected("ан ив")
        assert len(found) == 12 and pages == -(-12 // limit)


def test_the_other_spelling_pages_in_between(db):
    """Hans Mueller (mueller), Hans Müller (muller, also mueller) and Hans
    Muster: "hans mue" finds the first two in surname order, a page each."""
    add_people([("Hans", "Muster"), ("Hans", "Müller"), ("Hans", "Mueller"), ("Jürgen", "Mueller")])
    first = people.search_users("hans mue", limit=1)
    assert [u.last_name for u in first.items] == ["Mueller"]
    second = people.search_users("hans mue", cursor=first.next_cursor, limit=1)
    assert [u.last_name for u in second.items] == ["Müller"]
    assert second.next_cursor is None
    assert [u.first_name for u in people.search_users("juergen mueller").items] == ["Jürgen"]


def counted(db, search) -> int:
    """SQLite's execution steps (every tenth) while ``search`` runs."""
    conn = db.connection()
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    conn.set_progress_handler(tick, 10)
    try:
        search()
    finally:
        conn.set_progress_handler(None, 0)
    return count[0]


@pytest.mark.sqlite_only
def test_the_first_page_costs_the_same_however_many_people(db):
    """SQLite's work for "ан ив" (counted in virtual-machine steps, not time)
    is the same with five times the people: the search reads the surnames'
    index in name order and stops once a page is full, instead of reading
    every Анна/Андрей and Иван to sort them (which grew with the community).
    A first name nobody has costs a step per surname, not per person."""
    def steps(query: str) -> int:
        def two_pages():
            page = people.search_users(query, limit=5)
            page2 = people.search_users(query, cursor=page.next_cursor, limit=5)
            assert len(page.items) == len(page2.items) == 5

        return counted(db, two_pages)

    def nobody(query: str) -> int:
        def none_found():
            assert people.search_users(query).items == ()

        return counted(db, none_found)

    add_people(crowd(1_000, seed=1))
    small, small_nobody, small_one = steps("ан ив"), nobody("зоя иван"), steps("иван")
    add_people(crowd(4_000, seed=2), start=1_000)
    large, large_nobody, large_one = steps("ан ив"), nobody("зоя иван"), steps("иван")
    assert large < 1.3 * small, (small, large)
    assert large_one < 1.3 * small_one, (small_one, large_one)  # one word too
    # nobody is called Зоя: a step per surname starting "иван", not per person
    assert large_nobody < 1.3 * small_nobody, (small_nobody, large_nobody)


@pytest.mark.sqlite_only
def test_a_full_page_of_namesakes_costs_a_seek_each(db):
    """A first page of 50 costs the same whether it comes from a few people of
    each surname or from one surname's long run of namesakes (ten times the
    community: 50 Иван Андреев in a row). Each next person is one seek to
    (surname, first name, id after the last one); SQLite cannot seek to a row
    value that ends in the rowid, so ``(first_key, id) > (f, i)`` read the run
    again from its start at every step — 1 + 2 + … + 50 entries."""

    def first_page(query: str) -> int:
        def page():
            assert len(people.search_users(query, limit=50).items) == 50

        return counted(db, page)

    add_people(crowd(2_000, seed=1))  # about 13 of each first name + surname
    small, small_one = first_page("ив ан"), first_page("андреев")
    add_people(crowd(13_000, seed=2), start=2_000)  # about 100
    large, large_one = first_page("ив ан"), first_page("андреев")
    assert large < 1.2 * small, (small, large)
    assert large_one < 1.2 * small_one, (small_one, large_one)
