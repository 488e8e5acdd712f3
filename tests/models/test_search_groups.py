"""Searching groups: a member finds what they may read there — from the line
that added them to the one that removed them — by words, ``in:"title"`` and
``from:``, globally and in the chat's own search; the result names the group."""

from __future__ import annotations

import pytest

from models import chat_search, groups, messages, search


@pytest.fixture
def people(db, make_user, frozen_clock):
    return tuple(make_user(login).id for login in ("anna", "boris", "vera", "gleb"))


def say(sender: int, dialog_id: int, text: str) -> int:
    return messages.send_to_dialog(sender, dialog_id, text, messages.new_client_id(), None).id


def found(user_id: int, query: str) -> list[int]:
    return [hit.message_id for hit in search.search_messages(user_id, query).items]


def test_a_group_message_is_found_by_its_members_with_the_group_as_where(people):
    anna, boris, vera, gleb = people
    hikers = groups.create_group(anna, "Походники Карелии", [boris, vera])
    plan = say(boris, hikers, "Поход в субботу, сбор в восемь")
    for member in (anna, boris, vera):
        assert found(member, "поход суббот") == [plan]
    assert found(gleb, "поход") == []
    hit = search.search_messages(vera, "поход").items[0]
    assert hit.is_group and hit.peer is None and hit.dialog_id == hikers
    assert hit.group_title == hit.where == "Походники Карелии"
    assert hit.sender.login == "boris"


def test_a_removed_member_finds_only_what_was_said_while_they_were_in(people):
    anna, boris, vera, _gleb = people
    group = groups.create_group(anna, "Book club", [boris, vera])
    before = say(anna, group, "meeting on Monday")
    groups.remove_member(anna, group, vera)
    after = say(anna, group, "meeting moved to Tuesday")
    assert found(anna, "meeting") == [after, before]
    assert found(vera, "meeting") == [before]
    assert found(vera, "tuesday") == []
    assert chat_search.next_match(vera, group, "meeting").message_id == before


def test_a_member_who_joined_later_finds_nothing_from_before(people):
    anna, boris, vera, _gleb = people
    group = groups.create_group(anna, "Book club", [boris])
    old = say(boris, group, "the secret plan")
    groups.add_members(anna, group, [vera])
    new = say(boris, group, "the public plan")
    assert found(boris, "plan") == [new, old]
    assert found(vera, "plan") == [new]
    assert found(vera, "secret") == []
    assert chat_search.next_match(vera, group, "plan", new) is None


def test_in_a_group_title_keeps_that_group(people):
    anna, boris, vera, _gleb = people
    club = groups.create_group(anna, "Book Club", [boris])
    other = groups.create_group(anna, "Ёлки", [vera])
    in_club = say(boris, club, "read chapter two")
    in_other = say(vera, other, "read the map")
    in_dialog = messages.send_message(anna, boris, "read this", messages.new_client_id()).id
    assert found(anna, 'read in:"book club"') == [in_club]
    assert found(anna, "read in:елки") == [in_other]
    assert found(anna, "read in:boris") == [in_dialog]
    assert found(anna, 'read from:vera in:"Ёлки"') == [in_other]
    assert found(vera, 'read in:"book club"') == []  # not hers


def test_system_lines_of_a_group_are_never_found(people):
    anna, boris, _vera, _gleb = people
    groups.create_group(anna, "Anything", [boris])
    assert found(anna, "from:anna") == []
