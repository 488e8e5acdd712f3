"""A person found by their login, as pickers list them (``@anna``)."""

from __future__ import annotations

import pytest

from models import people


@pytest.mark.parametrize("typed", ["anna", "ANNA", "@anna", "  @Anna "])
def test_the_login_finds_its_person_in_any_case(make_user, typed):
    anna = make_user("anna", "Анна", "Иванова")
    make_user("annabel", "Annabel", "Lee")
    found = people.user_with_login(typed)
    assert found is not None and found.id == anna.id
    assert found.full_name == "Анна Иванова"


@pytest.mark.parametrize("typed", ["ann", "nobody", "", "@", "   ", "anna lee"])
def test_anything_but_a_whole_login_finds_nobody(make_user, typed):
    make_user("anna", "Анна", "Иванова")
    assert people.user_with_login(typed) is None


def test_search_people_lists_the_login_first_then_the_names(make_user):
    """"anna" finds Annabel Lee and Anna Zimmer by their names and Анна only
    by her login: the login's person first, then the names in their order."""
    anna = make_user("anna", "Анна", "Иванова")
    annabel = make_user("annabel", "Annabel", "Lee")
    anne = make_user("anne", "Anna", "Zimmer")
    assert [u.id for u in people.search_users("anna").items] == [annabel.id, anne.id]
    assert [u.id for u in people.search_people("anna").items] == [anna.id, annabel.id, anne.id]
    # Anna Zimmer's login: she is first, and listed once.
    assert [u.id for u in people.search_people("@Anne").items] == [anne.id]
    assert [u.id for u in people.search_people("ANNE").items] == [anne.id]


def test_search_people_pages_never_repeat_the_login_person(make_user):
    """The login's person is also found by name on a later page: listed once,
    on the first page, and nobody is skipped at a page break."""
    people_made = [make_user(f"zed{i}", "Zed", f"Person{i:02d}") for i in range(5)]
    me = make_user("zed", "Zed", "Person99")  # login "zed" and name "Zed": last by name
    seen: list[int] = []
    cursor = None
    while True:
        page = people.search_people("zed", cursor, limit=2)
        seen += [u.id for u in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [me.id] + [u.id for u in people_made]
    assert people.search_people("zed person", limit=50).items[-1].id == me.id  # two words: names only


def test_search_people_finds_the_start_of_a_login(make_user):
    """Each row shows ``@login``: "olg" finds @olga, whose name is Ольга,
    first, before the names that start so; from three characters on (two
    would list half the community's logins), at most
    ``LOGIN_PREFIX_MATCHES`` of them, in login order, each listed once."""
    olga = make_user("olga", "Ольга", "Смирнова")
    olgerd = make_user("olgerd", "Olgerd", "Brown")  # his login and his name start so
    assert [u.id for u in people.search_people("olg").items] == [olga.id, olgerd.id]
    assert [u.id for u in people.search_people("@OLG").items] == [olga.id, olgerd.id]
    assert [u.id for u in people.search_people("ol").items] == [olgerd.id]  # by name only
    many = [make_user(f"olgfan{i}", "Fan", f"Number{i}") for i in range(people.LOGIN_PREFIX_MATCHES + 2)]
    found = [u.id for u in people.search_people("olgf").items]
    assert found == [u.id for u in many[:people.LOGIN_PREFIX_MATCHES]]
