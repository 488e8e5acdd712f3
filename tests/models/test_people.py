"""People: the alphabetical list of everyone and search by name."""

from __future__ import annotations

import pytest

from models import people
from models.errors import ValidationError


@pytest.fixture
def population(make_user):
    """A small mixed Cyrillic/Latin community."""
    rows = [
        make_user("anna", "Анна", "Иванова"),
        make_user("alena", "Алёна", "Ёлкина"),
        make_user("misha", "Michail", "Smith"),
        make_user("ivan", "Иван", "Анненков"),
        make_user("boris", "Борис", "Иванов"),
        make_user("zoe", "Zoe", "Adams"),
    ]
    return {r.login: r.id for r in rows}


def logins(page) -> list[str]:
    return [u.login for u in page.items]


def collect(fetch, limit):
    """Every item of a paged list, walking the cursors to the end."""
    items, cursor, pages = [], None, 0
    while True:
        page = fetch(cursor=cursor, limit=limit)
        items.extend(page.items)
        pages += 1
        if page.next_cursor is None:
            return items, pages
        cursor = page.next_cursor


def test_all_users_sorted_by_last_then_first_name(population):
    """The people list reads alphabetically by surname (Latin before Cyrillic
    by code point), with the first name breaking ties."""
    page = people.all_users()
    assert logins(page) == ["zoe", "misha", "ivan", "alena", "boris", "anna"]
    assert page.next_cursor is None
    first = page.items[0]
    assert (first.first_name, first.last_name, first.avatar_id) == ("Zoe", "Adams", None)


def test_all_users_paging_returns_everyone_exactly_once(make_user):
    """Scrolling the people list page by page shows every person once, even
    when many share a name."""
    ids = {make_user(f"u{i}", "Same" if i % 2 else "Other", f"Name{i % 3}").id for i in range(23)}
    items, pages = collect(people.all_users, limit=5)
    assert [u.id for u in items] == list(dict.fromkeys(u.id for u in items))
    assert {u.id for u in items} == ids
    assert pages == 5


def test_all_users_on_an_empty_database(db):
    """With nobody registered the list is empty and has no next page."""
    page = people.all_users()
    assert page.items == () and page.next_cursor is None


@pytest.mark.parametrize("query", ["анна", "АННА", "Анна", "  анна  ", "ан"])
def test_search_by_first_name_any_case(population, query):
    """Typing a first name (or its start) in any case finds the person."""
    assert "anna" in logins(people.search_users(query))


def test_one_word_matches_start_of_first_or_last_name(population):
    """One word finds people whose first name or surname starts with it."""
    # "Анна" (first name of anna) and "Анненков" (surname of ivan) both start with "анн".
    assert logins(people.search_users("анн")) == ["ivan", "anna"]
    # "Иванова", "Иванов" are surnames, "Иван" is a first name.
    assert set(logins(people.search_users("иван"))) == {"anna", "boris", "ivan"}


def test_one_word_does_not_match_the_middle_of_a_name(population):
    """Search is by the start of a name: "нна" does not find "Анна"."""
    assert logins(people.search_users("нна")) == []


@pytest.mark.parametrize("query", ["елкина", "ёлк", "ЁЛКИНА", "Алена", "алё"])
def test_yo_and_ye_are_the_same_letter(population, query):
    """"Алёна Ёлкина" is found whether one types е or ё."""
    assert logins(people.search_users(query)) == ["alena"]


@pytest.mark.parametrize("query", ["анна иванова", "иванова анна", "Ан Иванова", "ИВАНОВА АН"])
def test_two_words_match_first_and_last_name_in_either_order(population, query):
    """"Анна Иванова" is found by first+last name or last+first, even abbreviated."""
    assert logins(people.search_users(query)) == ["anna"]


def test_two_words_need_both_to_match(population):
    """Two words narrow the search: both must match, one as first name and
    one as surname."""
    assert logins(people.search_users("анна smith")) == []
    assert logins(people.search_users("michail smith")) == ["misha"]
    assert logins(people.search_users("SMITH mich")) == ["misha"]


def test_latin_names_any_case(population):
    """Latin names are case-insensitive too."""
    assert logins(people.search_users("MICHAIL")) == ["misha"]
    assert logins(people.search_users("smi")) == ["misha"]


def test_double_first_name_with_three_words(make_user):
    """A person with a two-word first name is found by all three words."""
    make_user("am", "Анна Мария", "Иванова")
    make_user("a", "Анна", "Иванова")
    assert logins(people.search_users("анна мария иванова")) == ["am"]
    assert logins(people.search_users("иванова анна мария")) == ["am"]


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "\x1b\u202e"])
def test_empty_query_finds_nobody(population, query):
    """An empty search box shows no results rather than everyone."""
    page = people.search_users(query)
    assert page.items == () and page.next_cursor is None


def test_search_paging_returns_every_match_once(make_user):
    """Scrolling through many people called Анна shows each exactly once, in
    surname order."""
    expected = {make_user(f"a{i}", "Анна", f"Фамилия{i % 4}").id for i in range(17)}
    make_user("other", "Борис", "Фамилия0")
    items, pages = collect(lambda **kw: people.search_users("анна", **kw), limit=4)
    assert [u.id for u in items] == list(dict.fromkeys(u.id for u in items))
    assert {u.id for u in items} == expected
    assert pages == 5
    keys = [(u.last_name, u.first_name, u.id) for u in items]
    assert keys == sorted(keys)


def test_two_word_search_paging(make_user):
    """Paging also works for a first+last name search."""
    expected = {make_user(f"a{i}", "Анна", "Иванова").id for i in range(7)}
    make_user("x", "Анна", "Петрова")
    items, _ = collect(lambda **kw: people.search_users("иванова анна", **kw), limit=3)
    assert sorted(u.id for u in items) == sorted(expected)


def test_names_with_markup_are_returned_literally(make_user):
    """A name that looks like markup is data: search returns it unchanged."""
    make_user("evil", "[bold red]x[/]", "Smith")
    page = people.search_users("[bold")
    assert [u.first_name for u in page.items] == ["[bold red]x[/]"]


@pytest.mark.parametrize("cursor", ["abc", 5, ("a", "b"), ("a", "b", "c")])
def test_foreign_cursor_is_refused(population, cursor):
    """A page marker that this list did not hand out is refused with a clear message."""
    with pytest.raises(ValidationError) as err:
        people.all_users(cursor=cursor)
    assert err.value.field == "cursor"
    with pytest.raises(ValidationError):
        people.search_users("анна", cursor=cursor)


@pytest.mark.parametrize("limit", [0, -1])
def test_page_size_must_be_positive(population, limit):
    """Asking for an empty page is a programming error, reported as such."""
    with pytest.raises(ValidationError) as err:
        people.all_users(limit=limit)
    assert err.value.field == "limit"


def test_people_lists_use_indexes(population, query_plans):
    """The people list and name search are index range scans, never full
    scans, on the first page and the next ones."""
    with query_plans() as plans:
        first = people.all_users(limit=2)
        people.all_users(cursor=first.next_cursor, limit=2)
        one = people.search_users("иван", limit=1)
        people.search_users("иван", cursor=one.next_cursor, limit=1)
        two = people.search_users("иванова анна", limit=1)
        people.search_users("иванова анна", cursor=two.next_cursor, limit=1)
    assert len(plans.queries) == 6
    assert plans.full_scans() == []


def test_two_short_words_match_both_orders(population):
    """"Ан Ив" fits Анна Иванова (first Ан…, surname Ив…) and Иван Анненков
    (first Ив…, surname Ан…): both are shown, by surname."""
    assert logins(people.search_users("Ан Ив")) == ["ivan", "anna"]


# ---------------------------------------------------------------- accents

@pytest.fixture
def accented(db):
    """People registered the usual way, with accented Latin and Cyrillic names."""
    from models import accounts

    password = "violet kettle under the piano"
    people_ = [
        ("jmuller", "Jürgen", "Müller"),
        ("hmueller", "Hans", "Mueller"),
        ("pmuller", "Paul", "Muller"),
        ("mgarcia", "María", "García"),
        ("lstrasse", "Łukasz", "Straße"),
        ("soren", "Søren", "Kierkegaard"),
        ("joel", "Joel", "Smith"),
        ("jolanta", "Jolanta", "Nowak"),
        ("yosif", "Йосиф", "Бродский"),
        ("iosif", "Иосиф", "Бродский"),
    ]
    return {
        login: accounts.register(login, first, last, password).user.id
        for login, first, last in people_
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("muller", {"jmuller", "pmuller"}),  # not Mueller: a different spelling
        ("Müller", {"jmuller", "pmuller", "hmueller"}),  # ü may be written ue
        ("MÜLLER", {"jmuller", "pmuller", "hmueller"}),
        ("mueller", {"jmuller", "hmueller"}),  # Müller written out
        ("jurgen muller", {"jmuller"}),
        ("juergen", {"jmuller"}),
        ("garcia", {"mgarcia"}),
        ("maria", {"mgarcia"}),
        ("maria garcia", {"mgarcia"}),
        ("MARÍA", {"mgarcia"}),
        ("strasse", {"lstrasse"}),
        ("lukasz", {"lstrasse"}),
        ("soren", {"soren"}),
        ("soeren", {"soren"}),
        ("joel", {"joel"}),  # never "jol": Jolanta is not Joel
        ("йосиф", {"yosif"}),  # й is a letter of its own, not и
        ("иосиф", {"iosif"}),
        ("Бродский", {"yosif", "iosif"}),
    ],
)
def test_search_ignores_accents_and_knows_the_other_german_spelling(accented, query, expected):
    """Typing a name without its accents, or with ü as ue, finds the person."""
    ids = {login: user_id for login, user_id in accented.items()}
    found = {u.id for u in collect(lambda **kw: people.search_users(query, **kw), 50)[0]}
    assert found == {ids[login] for login in expected}


def test_a_renamed_person_is_found_by_the_new_name_without_accents(accented):
    """A profile edit recomputes both keys: "Gómez" is found as "gomez"."""
    from models import profiles

    profiles.update_profile(accented["mgarcia"], last_name="Gómez")
    assert [u.id for u in people.search_users("gomez").items] == [accented["mgarcia"]]
    assert people.search_users("garcia").items == ()
    profiles.update_profile(accented["joel"], first_name="Jörg")
    assert [u.id for u in people.search_users("joerg").items] == [accented["joel"]]


def test_accent_search_uses_indexes(accented, query_plans):
    """The other spelling is an indexed column too: no full scans."""
    with query_plans() as plans:
        people.search_users("mueller")
        people.search_users("müller hans")
    assert plans.lines
    assert plans.full_scans() == []
