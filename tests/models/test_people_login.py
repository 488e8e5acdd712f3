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
