"""A new name, login or avatar reaches the people who see it (``PROFILE_CHANGED``).

Михаил talks with Анна (a dialog), with Ольга and Дмитрий (a group «Поход»
with Анна too), and writes notes to himself; Ева has never talked with him.
When he renames himself, each of the first four is told once, with him as he
is now; Ева and Михаил himself are told nothing. His friends, and the people
a friend request waits between, are told too (Friends lists them, the
Following feed shows their posts).
"""

from __future__ import annotations

import pytest
from PIL import Image

from models import accounts, activity, blocks, friends, groups, messages, profiles
from tests.models.test_accounts import PASSWORD
from tests.models.test_profiles import encode


@pytest.fixture
def talkers(db, make_user, frozen_clock):
    """(Михаил, Анна, Ольга, Дмитрий, Ева): Михаил registered with ``PASSWORD``."""
    michail = accounts.register("michail", "Михаил", "Test", PASSWORD, PASSWORD).user.id
    anna, olga, dmitry, eva = (make_user(login, first, "Test").id for login, first in (
        ("anna", "Анна"), ("olga", "Ольга"), ("dmitry", "Дмитрий"), ("eva", "Ева")))
    messages.send_message(michail, anna, "Привет!", "m-1")
    messages.send_message(michail, michail, "a note", "m-2")
    groups.create_group(anna, "Поход", [michail, olga, dmitry])
    return michail, anna, olga, dmitry, eva


def told(user_id: int) -> list[tuple[str, str, str]]:
    """The profile changes addressed to ``user_id``: (actor's login, first name, last name)."""
    return [(a.actor.login, a.actor.first_name, a.actor.last_name)
            for a in activity.activity_after(user_id, 0) if a.kind == activity.PROFILE_CHANGED]


def test_a_new_name_reaches_everyone_he_talks_with_once(talkers, sql_sent):
    """Михаил becomes Миша Петров: Анна (a dialog and a group with him), Ольга and
    Дмитрий are told once each, in one read and one insert; not Ева, not him."""
    michail, anna, olga, dmitry, eva = talkers
    with sql_sent() as sent:
        profiles.update_profile(michail, first_name="Миша", last_name="Петров")
    for person in (anna, olga, dmitry):
        assert told(person) == [("michail", "Миша", "Петров")]
    assert told(eva) == [] and told(michail) == []
    assert len([s for s in sent if s.lstrip().upper().startswith("INSERT")]) == 1
    assert len([s for s in sent if '"dialog_member"' in s]) == 1


def test_his_friends_and_those_asked_are_told_too_once(talkers, make_user, sql_sent):
    """Ева became his friend without ever writing to him, Иван asked him to be
    friends, he asked Пётр; Анна, whom he talks with, is his friend too: each
    is told once, still in one read (dialogs and friendships together) and one
    insert."""
    michail, anna, olga, dmitry, eva = talkers
    ivan, petr = (make_user(login, first, "Test").id
                  for login, first in (("ivan", "Иван"), ("petr", "Пётр")))
    for asker, asked in ((eva, michail), (anna, michail), (ivan, michail), (michail, petr)):
        friends.send_request(asker, asked)
    friends.accept_request(michail, eva)
    friends.accept_request(michail, anna)
    assert all(told(person) == [] for person in (anna, eva, ivan, petr))
    with sql_sent() as sent:
        profiles.update_profile(michail, first_name="Миша")
    for person in (anna, olga, dmitry, eva, ivan, petr):
        assert told(person) == [("michail", "Миша", "Test")]
    assert told(michail) == []
    assert len([s for s in sent if s.lstrip().upper().startswith("INSERT")]) == 1
    reads = [s for s in sent if '"dialog_member"' in s or '"friendship"' in s]
    assert len(reads) == 1 and '"friendship"' in reads[0]


def test_a_friend_with_no_dialog_is_told_of_a_login_and_an_avatar(talkers):
    """Ева, his friend only: his new login and his new avatar reach her."""
    michail, *_, eva = talkers
    friends.send_request(eva, michail)
    friends.accept_request(michail, eva)
    accounts.change_login(michail, PASSWORD, "misha")
    profiles.set_avatar(michail, encode(Image.new("RGB", (24, 24), (10, 120, 200)), "PNG"))
    assert told(eva) == [("misha", "Михаил", "Test")] * 2


def test_a_new_login_reaches_them_too(talkers):
    michail, anna, olga, dmitry, eva = talkers
    accounts.change_login(michail, PASSWORD, "misha")
    for person in (anna, olga, dmitry):
        assert told(person) == [("misha", "Михаил", "Test")]
    assert told(eva) == [] and told(michail) == []


def test_a_new_avatar_reaches_them_and_the_city_does_not(talkers):
    """The group chat shows his avatar beside his messages: a new one (or none)
    is told; a new city or the same name again tells nobody."""
    michail, anna, *_ = talkers
    profiles.update_profile(michail, first_name="Михаил", city="Тула", about="Hi")
    profiles.save_profile(michail, city="Казань")
    assert activity.activity_after(anna, 0) == []
    png = encode(Image.new("RGB", (24, 24), (10, 120, 200)), "PNG")
    profiles.save_profile(michail, avatar=png)
    profiles.save_profile(michail, remove_avatar=True)
    profiles.set_avatar(michail, png)
    profiles.clear_avatar(michail)
    assert len(told(anna)) == 4


def test_blocking_does_not_keep_the_name_from_them(talkers):
    """As no other activity, and as a name is shown to whom one blocked: Анна
    blocked him, and he her; she is still told, and so is he when she renames."""
    michail, anna, *_ = talkers
    blocks.block(anna, michail)
    blocks.block(michail, anna)
    profiles.update_profile(michail, last_name="Петров")
    profiles.update_profile(anna, last_name="Петрова")
    assert told(anna) == [("michail", "Михаил", "Петров")]
    assert told(michail) == [("anna", "Анна", "Петрова")]


def test_someone_with_no_dialog_tells_nobody(talkers):
    *_, eva = talkers
    profiles.update_profile(eva, first_name="Eve")
    assert activity.activity_after(eva, 0) == []
    assert [a for a in activity.activity_after(talkers[1], 0)] == []
