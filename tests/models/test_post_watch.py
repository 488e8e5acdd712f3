"""The open post, live (models/post_watch.py): what others do to the comments
a reader has on screen — an edit, a deletion by the comment's author, the
post's author or the community's owner, a like, a reaction — and the post's
own deletion reach the reader's poll. Runs on SQLite and PostgreSQL. Анна
writes the post, Борис comments, Vera reads it."""

from __future__ import annotations

import pytest
from test_activity import PollThread

from models import comments, communities, posts, reactions


@pytest.fixture
def people(make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    boris = make_user("boris", "Борис", "Петров")
    vera = make_user("vera", "Vera", "Smith")
    return anna.id, boris.id, vera.id


@pytest.fixture
def vera_reads(people, request):
    """Polls as Vera with ``watched`` open, in a thread of its own (the app's poll)."""
    thread = PollThread(people[2])
    request.addfinalizer(thread.close)

    def poll(watched):
        return thread._pool.submit(thread.poller.poll, None, watched).result(timeout=30)

    poll(None)
    return poll


def test_edits_and_deletions_by_others_reach_the_open_post(db, people, vera_reads):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    first = comments.add_comment(boris, post.id, "first")
    second = comments.add_comment(boris, post.id, "second")
    watched = (post.id, second.id)
    vera_reads(watched)
    assert vera_reads(watched) is None  # nothing happened

    comments.edit_comment(boris, first.id, "first, edited")
    [edited] = vera_reads(watched).changed_comments
    assert (edited.id, edited.text, edited.deleted) == (first.id, "first, edited", False)
    assert edited.edited_at is not None

    comments.delete_comment(anna, second.id)  # the post's author deletes Борис's comment
    changes = vera_reads(watched)
    assert [(c.id, c.deleted, c.text) for c in changes.changed_comments] == [
        (second.id, True, "")
    ]
    assert changes.open_post.comment_count == 1  # the post on top follows
    assert vera_reads(watched) is None  # each change once


def test_likes_and_reactions_on_shown_comments_are_live(db, people, vera_reads):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    comment = comments.add_comment(boris, post.id, "c")
    watched = (post.id, comment.id)
    vera_reads(watched)
    comments.like_comment(anna, comment.id)
    [liked] = vera_reads(watched).changed_comments
    assert (liked.like_count, liked.liked_by_me) == (1, False)
    reactions.react_to_comment(anna, comment.id, "🔥")
    [reacted] = vera_reads(watched).changed_comments
    assert [(r.emoji, r.count) for r in reacted.reactions] == [("🔥", 1)]


def test_a_community_owner_deleting_a_comment_reaches_the_reader(db, people, vera_reads):
    anna, boris, vera = people
    club = communities.create_community(anna, "Походы")
    communities.join(boris, club.id)
    post = posts.create_post(boris, "в сообществе", community_id=club.id)
    comment = comments.add_comment(vera, post.id, "hi")
    watched = (post.id, comment.id)
    vera_reads(watched)
    comments.delete_comment(anna, comment.id)
    [gone] = vera_reads(watched).changed_comments
    assert gone.deleted


def test_the_first_look_reports_what_is_shown_so_a_change_before_it_is_not_lost(
    db, people, vera_reads
):
    """The screen reads its page, then the poll takes its first look: an edit
    in between arrives with that first look."""
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    comment = comments.add_comment(boris, post.id, "before")
    page = comments.comments_page(vera, post.id)
    comments.edit_comment(boris, comment.id, "after")
    changes = vera_reads((post.id, comment.id))
    assert [c.text for c in page.items] == ["before"]
    assert [c.text for c in changes.changed_comments] == ["after"]
    assert changes.open_post.id == post.id


def test_the_post_deleted_while_open_is_said_once(db, people, vera_reads):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    comment = comments.add_comment(boris, post.id, "c")
    watched = (post.id, comment.id)
    vera_reads(watched)
    posts.delete_post(anna, post.id)
    assert vera_reads(watched).gone_post == post.id
    assert vera_reads(watched) is None


def test_only_the_newest_window_of_comments_is_read(db, people, vera_reads):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    ids = [comments.add_comment(boris, post.id, f"c{n}").id for n in range(5)]
    window = comments.comment_window(anna, post.id, ids[3], limit=2)
    assert [c.id for c in window] == ids[2:4]


def test_the_post_is_read_again_once_the_newest_comment_shown_moves(db, people, vera_reads):
    """Vera writes a comment under the post she has open. The poll may read it
    before her screen shows it (with the post, counting it); once shown, the
    newest comment shown moved, and the next poll brings the post with its
    count again though the post did not change since. The screen shows the
    count only as read, so whatever it showed meanwhile is followed by this."""
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    first = comments.add_comment(boris, post.id, "first")
    vera_reads((post.id, first.id))  # the post opened, its first look
    assert vera_reads((post.id, first.id)) is None  # nothing happened
    mine = comments.add_comment(vera, post.id, "mine")
    early = vera_reads((post.id, first.id))  # read before her screen shows it
    assert [c.id for c in early.watched_comments] == [mine.id]
    assert early.open_post.comment_count == 2
    again = vera_reads((post.id, mine.id))  # now on her screen
    assert again.open_post.id == post.id and again.open_post.comment_count == 2
    assert vera_reads((post.id, mine.id)) is None  # and not again
