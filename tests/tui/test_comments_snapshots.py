"""Snapshots of comments and reposts: the Post screen with comments (a reply
quoting, an edit, likes, a reaction), the feed's cards with "💬 N", a repost
with its original inside and a repost whose original was deleted, and the
Repost dialog."""

from __future__ import annotations

from datetime import timedelta

from models import clock, comments, posts, reactions, reposts
from tests.tui.conftest import settle
from tui.screens.post import PostScreen


def _discussion(app_db, frozen_clock):
    """Comments under Michail's chess post, written over the last hour."""
    post = posts.posts_by_author(app_db.anna.id, app_db.michail.id).items[0]
    clock.freeze(frozen_clock - timedelta(minutes=50))
    question = comments.add_comment(app_db.olga.id, post.id, "Where do we meet? [bold]club[/]?")
    clock.freeze(frozen_clock - timedelta(minutes=40))
    answer = comments.add_comment(app_db.michail.id, post.id, "At the club, room 2.",
                                  reply_to=question.id)
    comments.edit_comment(app_db.michail.id, answer.id, "At the club, room 3.")
    comments.like_comment(app_db.olga.id, answer.id)
    reactions.react_to_comment(app_db.anna.id, answer.id, reactions.REACTIONS[0])
    clock.freeze(frozen_clock - timedelta(minutes=5))
    comments.add_comment(app_db.anna.id, post.id, "I will bring my board.")
    clock.freeze(frozen_clock)
    return post.id


def test_snapshot_post_with_comments(app_db, frozen_clock, logged_in_app, snap_compare):
    """Enter on Michail's post: the post on top with "💬 3", the three comments
    newest last (Michail's answer quotes Olga, says "edited", ♥ 1 and 👍 1),
    the composer at the bottom; Olga's markup shown literally."""
    _discussion(app_db, frozen_clock)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PostScreen)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_feed_with_reposts(app_db, frozen_clock, logged_in_app, snap_compare):
    """Анна's feed: her repost of Michail's post (his post framed inside, with
    its own ♡ and 💬 counts) on top, below it Michail's repost of Olga's post,
    deleted since: "The post was deleted" inside."""
    _discussion(app_db, frozen_clock)
    chess = posts.posts_by_author(app_db.anna.id, app_db.michail.id).items[0]
    gone = posts.create_post(app_db.michail.id, "Soon deleted")
    clock.freeze(frozen_clock - timedelta(minutes=3))
    reposts.repost(app_db.michail.id, gone.id, "Look at this")
    posts.delete_post(app_db.michail.id, gone.id)
    clock.freeze(frozen_clock - timedelta(minutes=1))
    reposts.repost(app_db.anna.id, chess.id, "Who else plays?")
    clock.freeze(frozen_clock)
    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=settle)


def test_snapshot_repost_dialog(app_db, logged_in_app, snap_compare):
    """s on Michail's post: where to (My wall; Анна is in no community) and a comment."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)
