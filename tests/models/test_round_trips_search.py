"""The global search's first page is one round trip on PostgreSQL (issue 17):
its six sections' statements go together (models/gather.py), and every
section is what it was when each was asked alone — same hits, same order,
same fields, same page markers. Runs on SQLite (the sections as before) and
PostgreSQL."""

from __future__ import annotations

import pytest

from models import comments, gather, messages, posts, search
from models.communities import create_community
from tests.models.test_round_trips import on_pg, round_trips
from tests.models.test_search_sections import add_track


@pytest.fixture
def found_everywhere(db, make_user, frozen_clock):
    """Анна and Борис; «поход» in each section, more than a first page of each."""
    anna = make_user("anna", "Анна", "Test").id
    boris = make_user("boris", "Борис", "Test").id
    for i in range(7):
        messages.send_message(anna if i % 2 else boris, boris if i % 2 else anna,
                              f"поход {i}", messages.new_client_id())
        post = posts.create_post(boris, f"поход {i}")
        comments.add_comment(anna, post.id, f"поход {i}")
        make_user(f"hiker{i}", "Поход", f"Иванов{i}")
        create_community(boris, f"Походники {i}")
        add_track(anna, f"Поход {i}")
    return anna, boris


def one_by_one(user_id: int, query: str, limit: int = search.FIRST) -> dict:
    """Each section asked alone, as search_everything did before."""
    parsed = search.as_query(query)
    return {section: search.search_section(user_id, section, parsed, None, limit)
            for section in search.SECTIONS}


@pytest.mark.parametrize("query", ["поход", "поход from:boris", "Поход Иванов3",
                                   "нет такого слова"])
def test_everything_is_what_each_section_finds_alone(found_everywhere, query):
    anna, _ = found_everywhere
    alone = one_by_one(anna, query)
    results = search.search_everything(anna, query)
    for section in search.SECTIONS:
        assert results.section(section) == alone[section], section
    for page in (results.messages, results.posts, results.comments):
        for hit in page.items:
            assert type(hit.created_at) is type(alone[search.MESSAGES].items[0].created_at)
    for track in results.tracks.items:
        assert isinstance(track.duration, float)


def test_the_first_page_of_everything_is_one_round_trip_on_postgresql(found_everywhere):
    """Six statements before (one per section); one now. A ``from:`` query
    looks the login up first: two."""
    anna, _ = found_everywhere
    trips, results = round_trips(search.search_everything, anna, "поход")
    assert on_pg(trips, 1)
    assert all(len(results.section(s).items) == search.FIRST for s in search.SECTIONS)
    trips, results = round_trips(search.search_everything, anna, "поход from:boris")
    assert on_pg(trips, 2)
    assert [h.sender.login for h in results.messages.items] == ["boris"] * 4


def test_a_has_query_reads_its_pictures_in_a_second_round(found_everywhere):
    """Hits with no text say what they carry: their attachments are read
    from what the first round found."""
    from tests.models.test_round_trips import picture

    anna, boris = found_everywhere
    sent = messages.send_message(boris, anna, "", "c-pic", attachments=[picture()])
    posts.create_post(boris, "", attachments=[picture()])
    alone = one_by_one(anna, "has:image")
    trips, results = round_trips(search.search_everything, anna, "has:image")
    assert on_pg(trips, 2)
    assert results.messages == alone[search.MESSAGES]
    assert results.messages.items[0].message_id == sent.id
    assert results.messages.items[0].snippet.text == "🖼 Picture"
    assert results.posts == alone[search.POSTS] and results.posts.items


def test_gathered_calls_that_fail_fail_as_alone_and_leave_nothing_behind(found_everywhere):
    anna, _ = found_everywhere
    from models.errors import ValidationError

    with pytest.raises(ValidationError):
        search.search_everything(anna, "поход", limit=0)
    assert getattr(gather._active, "replay", None) is None
    assert search.search_everything(anna, "поход").messages == one_by_one(anna, "поход")[
        search.MESSAGES]
