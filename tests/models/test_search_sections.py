"""The search's sections page on: the first page of everything shows a few of
each, and every section (messages, posts, comments, people, communities, music) gives
its next page from the marker of the one before, without repeats or gaps."""

from __future__ import annotations

import pytest

from models import clock, comments, messages, posts, search, track_words
from models.communities import create_community
from models.db import database
from models.errors import ValidationError
from models.media import store_media
from models.schema import Track
from models.text import search_key


@pytest.fixture
def anna(db, make_user, frozen_clock):
    return make_user("anna").id


def all_pages(user_id: int, section: str, query: str, limit: int) -> list:
    """Every page of ``section`` in turn; the items' ids (``title`` for music)."""
    got, cursor = [], None
    while True:
        page = search.search_section(user_id, section, query, cursor, limit)
        got += [getattr(item, "message_id", None) or getattr(item, "comment_id", None)
                or getattr(item, "post_id", None) or item.id for item in page.items]
        if page.next_cursor is None:
            return got
        assert page.items, "a page that promises more is not empty"
        cursor = page.next_cursor


def add_track(user_id: int, title: str) -> int:
    media = store_media(b"RIFF" + title.encode() * 50, "audio/wav", max_bytes=10**6)
    track = Track.create(media=media.id, title=title, artist="", album="", duration=1.0,
                         title_key=search_key(title), artist_key="", added_by=user_id,
                         created_at=clock.now())
    track_words.store(database, track.id, track.title_key, "", None)  # as an import does
    return track.id


def test_everything_shows_the_first_few_of_each_section_and_says_there_is_more(anna,
                                                                                 make_user):
    boris = make_user("boris").id
    for i in range(7):
        messages.send_message(anna, boris, f"поход {i}", messages.new_client_id())
        post = posts.create_post(boris, f"поход {i}")
        comments.add_comment(anna, post.id, f"поход {i}")
        make_user(f"hiker{i}", "Поход", f"Иванов{i}")
        create_community(boris, f"Походники {i}")
        add_track(anna, f"Поход {i}")
    results = search.search_everything(anna, "поход")
    for section in search.SECTIONS:
        page = results.section(section)
        assert len(page.items) == search.FIRST and page.next_cursor is not None, section


@pytest.mark.parametrize("section", search.SECTIONS)
def test_every_section_pages_on_without_repeats(anna, make_user, section):
    boris = make_user("boris").id
    made = []
    for i in range(12):
        if section == search.MESSAGES:
            made.append(messages.send_message(anna, boris, f"walk {i}",
                                              messages.new_client_id()).id)
        elif section == search.POSTS:
            made.append(posts.create_post(boris, f"walk {i}").id)
        elif section == search.COMMENTS:
            post = posts.create_post(boris, f"a post {i}")
            made.append(comments.add_comment(anna, post.id, f"walk {i}").id)
        elif section == search.PEOPLE:
            made.append(make_user(f"walker{i}", "Walker", f"Number{i:02}").id)
        elif section == search.COMMUNITIES:
            made.append(create_community(boris, f"Walkers {i:02}").id)
        else:
            made.append(add_track(anna, f"Walk {i:02}"))
    got = all_pages(anna, section, "walk", 5)
    assert sorted(got) == sorted(made) and len(got) == len(set(got))


def test_a_filter_keeps_the_name_sections_empty(anna, make_user):
    make_user("hiker", "Поход", "Иванов")
    assert search.search_section(anna, search.PEOPLE, "поход").items
    assert search.search_section(anna, search.PEOPLE, "поход from:anna").items == ()
    assert search.search_section(anna, search.MUSIC, "поход -зима").items == ()


def test_an_unknown_section_or_marker_is_refused(anna):
    with pytest.raises(ValidationError):
        search.search_section(anna, "secrets", "поход")
    with pytest.raises(ValidationError):
        search.search_section(anna, search.MUSIC, "поход", cursor="x")
