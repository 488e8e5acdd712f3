"""Reposts: a post shared to my wall or a community I belong to, with an
optional comment; it shows the original inside with the original's own counts;
a deleted original leaves "deleted" inside; reposting a repost shares the
original. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from models import blocks, comments, communities, posts, reposts
from models.errors import NotFoundError, PermissionDeniedError


@pytest.fixture
def people(make_user, frozen_clock):
    return tuple(make_user(login).id for login in ("anna", "boris", "vera"))


def test_a_repost_shows_the_original_with_its_own_counts(db, people):
    anna, boris, vera = people
    original = posts.create_post(anna, "Закат над озером")
    posts.like_post(vera, original.id)
    comments.add_comment(vera, original.id, "красиво")
    shared = reposts.repost(boris, original.id, "  смотрите \x1b ")
    assert shared.is_repost and shared.text == "смотрите"
    assert shared.like_count == 0 and shared.comment_count == 0
    inside = shared.original
    assert (inside.id, inside.author.login, inside.text) == (original.id, "anna", "Закат над озером")
    assert (inside.like_count, inside.comment_count) == (1, 1)
    assert posts.posts_by_author(vera, boris).items[0].original.id == original.id


def test_the_comment_is_optional_and_a_repost_of_a_repost_shares_the_original(db, people):
    anna, boris, vera = people
    original = posts.create_post(anna, "original")
    first = reposts.repost(boris, original.id)
    assert first.text == ""
    second = reposts.repost(vera, first.id, "via boris")
    assert second.original.id == original.id


def test_a_community_repost_needs_membership(db, people):
    anna, boris, vera = people
    club = communities.create_community(vera, "Клуб")
    original = posts.create_post(anna, "original")
    with pytest.raises(PermissionDeniedError):
        reposts.repost(boris, original.id, community_id=club.id)
    communities.join(boris, club.id)
    shared = reposts.repost(boris, original.id, community_id=club.id)
    assert shared.community_id == club.id
    assert communities_posts_ids(boris, club.id) == [shared.id]


def communities_posts_ids(viewer, club):
    return [p.id for p in posts.community_posts(viewer, club).items]


def test_a_deleted_original_leaves_the_repost_saying_so(db, people):
    anna, boris, vera = people
    original = posts.create_post(anna, "soon gone")
    shared = reposts.repost(boris, original.id, "look")
    posts.delete_post(anna, original.id)
    shown = posts.posts_by_author(vera, boris).items[0]
    assert shown.id == shared.id and shown.is_repost and shown.original is None
    with pytest.raises(NotFoundError, match="deleted"):
        reposts.repost(vera, shared.id)


def test_a_post_hidden_from_me_cannot_be_reposted(db, people):
    anna, boris, _vera = people
    original = posts.create_post(anna, "not for boris")
    blocks.block(anna, boris)
    with pytest.raises(NotFoundError):
        reposts.repost(boris, original.id)
