"""Word forms on both engines: a word finds its other forms ("поход" →
"походы", "походе"; "walk" → "walking"), a form finds the word's other forms
by their common stem ("походами" → "поход", "walking" → "walks"), the found
forms are highlighted, and a short stem is never used ("мои" is not "мой")."""

from __future__ import annotations

import pytest

from models import messages, posts, search


@pytest.fixture
def people(db, make_user, frozen_clock):
    return tuple(make_user(login).id for login in ("anna", "boris"))


def send(sender: int, peer: int, text: str) -> int:
    return messages.send_message(sender, peer, text, messages.new_client_id()).id


def found(user_id: int, query: str) -> set[int]:
    return {hit.message_id for hit in search.search_messages(user_id, query).items}


def test_a_word_finds_its_longer_forms(people):
    anna, boris = people
    trips = send(anna, boris, "Походы по Карелии")
    trip = send(boris, anna, "В походе было холодно")
    walking = send(anna, boris, "We went walking by the sea")
    send(anna, boris, "a plain talk")
    assert found(anna, "поход") == {trips, trip}
    assert found(boris, "walk") == {walking}


def test_a_form_finds_the_other_forms_of_its_word(people):
    anna, boris = people
    trip = send(anna, boris, "Идём в поход")
    trips = send(anna, boris, "Походы по Карелии")
    on_trip = send(anna, boris, "В походе было холодно")
    walks = send(anna, boris, "Long walks")
    walked = send(anna, boris, "I walked home")
    assert found(anna, "походами") == {trip, trips, on_trip}
    assert found(anna, "походы") == {trip, trips, on_trip}
    assert found(anna, "walking") == {walks, walked}
    assert found(anna, "walks") == {walks, walked}


def test_posts_match_word_forms_too(people):
    anna, boris = people
    post = posts.create_post(boris, "Фото с походов выходного дня").id
    assert [hit.post_id for hit in search.search_posts(anna, "походами").items] == [post]


def test_the_found_form_is_highlighted(people):
    anna, boris = people
    send(anna, boris, "Мы были в походе, потом walked home")
    hit = search.search_messages(anna, "походами walking").items[0]
    text = hit.snippet.text
    assert [text[s:e] for s, e in hit.snippet.highlights] == ["походе", "walked"]


def test_a_short_stem_is_not_used(people):
    anna, boris = people
    send(anna, boris, "мой дом")
    send(anna, boris, "море")
    assert found(anna, "мои") == set()
