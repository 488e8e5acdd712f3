"""The global search reads only what it finds: the people part looks names up
by key ranges (no walk through everyone in name order, which cost 6 ms at
10 000 people for a query that names nobody), and every part of the first
page reads through indexes. SQLite's query plans, not timings."""

from __future__ import annotations

import pytest

from models import people, search


@pytest.fixture
def population(db, make_user, frozen_clock):
    for login, first, last in (("anna", "Анна", "Иванова"), ("ivan", "Иван", "Анненков"),
                               ("hans", "Hans", "Müller")):
        make_user(login, first, last)


def user_scans(lines: list[str]) -> list[str]:
    """Plan lines that walk the user table (with or without an index)."""
    scans = [line.replace('"', "").split() for line in lines if line.startswith("SCAN")]
    return [" ".join(words) for words in scans
            if words[1] == "user" or any(word.startswith("user_") for word in words)]


def test_a_name_search_of_two_words_never_walks_everyone(population, query_plans):
    with query_plans() as plans:
        assert people.search_users("кофе дождь").items == ()
        assert [u.login for u in people.search_users("анна иван").items] == ["anna"]
        assert [u.login for u in people.search_users("mueller hans").items] == ["hans"]
        assert [u.login for u in people.search_users("ан ив").items] == ["ivan", "anna"]
    assert len(plans.queries) == 4
    assert user_scans(plans.lines) == []


def test_the_first_page_of_everything_reads_through_indexes(population, query_plans):
    with query_plans() as plans:
        search.search_everything(1, "кофе дождь")
    assert plans.queries and plans.full_scans() == []
    assert user_scans(plans.lines) == []
