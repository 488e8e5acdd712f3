"""A feed page holding reposts is two round trips on PostgreSQL (issue 17):
the posts with their reposts' originals in the same rows, then their extras.
Pages of any size hold the same posts, and the originals are those a profile
shows (read beside the extras, models/gather.py): same posts, order,
originals, reactions and pictures. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from models import blocks, posts, reactions, reposts
from models.schema import Friendship, User
from tests.models.test_round_trips import on_pg, picture, round_trips


def every_page(feed, user_id: int, limit: int) -> list:
    cursor, seen = None, []
    while True:
        part = feed(user_id, cursor, limit)
        seen += part.items
        cursor = part.next_cursor
        if cursor is None:
            return seen


@pytest.fixture
def shared_feed(db, make_user, frozen_clock):
    """Анна follows Михаил; reposts of a pictured post, of a post whose author
    blocked Анна, of a deleted one and of a repost (its original shared)."""
    anna, michail, olga, eva = (make_user(login, first, "Test").id for login, first in (
        ("anna", "Анна"), ("michail", "Михаил"), ("olga", "Ольга"), ("eva", "Ева")))
    lo, hi = sorted((anna, michail))
    Friendship.create(user_lo=lo, user_hi=hi, requester=anna, accepted=True,
                      created_at=posts.clock.now())
    pictured = posts.create_post(olga, "с картинкой", attachments=[picture()])
    reactions.react_to_post(anna, pictured.id, "🔥")
    hidden = posts.create_post(eva, "от Евы", attachments=[picture((0, 0, 200))])
    gone = posts.create_post(olga, "удалю")
    reposts.repost(michail, pictured.id, "смотрите")
    reposts.repost(michail, hidden.id, "")
    reposts.repost(michail, gone.id, "было")
    again = reposts.repost(olga, pictured.id, "")
    reposts.repost(michail, again.id, "ещё раз")
    posts.create_post(michail, "просто пост", attachments=[picture((0, 200, 0))])
    posts.delete_post(olga, gone.id)
    blocks.block(eva, anna)
    return anna


@pytest.mark.parametrize("feed", [posts.feed_following, posts.feed_everyone])
def test_a_feed_page_with_reposts_is_two_round_trips(shared_feed, feed):
    anna = shared_feed
    trips, page = round_trips(feed, anna)
    assert on_pg(trips, 2)  # three before: the posts, the originals, the extras
    assert any(p.original is not None for p in page.items)
    assert page.next_cursor is None  # one page holds them all: pages of any size as it
    for limit in (1, 2, 3):
        assert every_page(feed, anna, limit) == list(page.items)


def test_the_originals_are_shown_as_before(shared_feed):
    anna = shared_feed
    page = posts.feed_following(anna)
    texts = [(p.text, p.original.text if p.original else None) for p in page.items]
    assert texts == [("просто пост", None), ("ещё раз", "с картинкой"), ("было", None),
                     ("", None), ("смотрите", "с картинкой")]
    shared = page.items[-1].original
    assert shared.attachments[0].kind == "image" and shared.author.login == "olga"
    assert shared.liked_by_me is False and shared.reactions == ()
    assert all(p.is_repost for p in page.items[1:])


@pytest.mark.parametrize("feed", [posts.feed_following, posts.feed_everyone])
def test_a_feeds_originals_are_those_a_profile_shows(shared_feed, feed):
    anna = shared_feed
    first = next(p for p in posts.feed_everyone(anna).items if p.text == "смотрите")
    posts.like_post(anna, first.original.id)  # my like on an original shows too
    shown = {p.id: p.original for p in feed(anna).items if p.is_repost}
    profile = {p.id: p.original for author in User.select(User.id)
               for p in posts.posts_by_author(anna, author.id).items}
    assert shown == {key: profile[key] for key in shown}  # the dates' type included
    assert shown[first.id].liked_by_me and shown[first.id].attachments
    assert sum(original is None for original in shown.values()) == 2  # gone, blocked
    assert all(isinstance(o.created_at, type(first.created_at)) for o in shown.values() if o)
