"""Others' changes reach an open post by themselves (the app's poll, as new
comments do): Olga edits her comment and the text changes on Анна's screen;
Michail, the post's author, deletes it and it leaves the list (a reply that
quoted it now says "deleted comment"); a like by someone else shows; the
card's "💬" count on the feed follows the deletion; the post deleted by its
author says so and takes the composer away. The other person writes through
the domain on their own connection, as another process would."""

from __future__ import annotations

import io

from rich.console import Console

from models import comments, posts
from tests.tui.conftest import settle
from tests.tui.test_comments import card_text, first_card, michails_post
from tests.tui.test_live import POLL, run, until
from tui.screens.post import PostScreen
from tui.widgets.comment_item import CommentItem, comment_renderable


def comment_texts(app) -> list[str]:
    return [c.text for c in app.screen.shown]


def rendered(item: CommentItem) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(comment_renderable(item.comment))
    return console.export_text()


def items(app) -> list[CommentItem]:
    return [i for i in app.screen.comment_list.children if isinstance(i, CommentItem)]


def test_an_edit_and_a_deletion_by_others_show_on_the_open_post(app_db, logged_in_app):
    post = michails_post(app_db)
    olgas = comments.add_comment(app_db.olga.id, post.id, "I am in")
    comments.add_comment(app_db.michail.id, post.id, "Great", reply_to=olgas.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostScreen)
        assert await until(pilot, lambda: comment_texts(app) == ["I am in", "Great"])
        comments.edit_comment(app_db.olga.id, olgas.id, "I am in, with a tent")
        assert await until(pilot, lambda: comment_texts(app)[0] == "I am in, with a tent")
        assert "edited" in rendered(items(app)[0])
        assert "I am in, with a tent" in rendered(items(app)[1])  # the reply's quote
        comments.like_comment(app_db.olga.id, olgas.id)
        assert await until(pilot, lambda: app.screen.shown[0].like_count == 1)
        assert "♡ 1" in rendered(items(app)[0])
        comments.delete_comment(app_db.michail.id, olgas.id)  # the post's author
        assert await until(pilot, lambda: comment_texts(app) == ["Great"])
        assert "deleted comment" in rendered(items(app)[0])
        assert await until(pilot, lambda: app.screen.post.comment_count == 1)
        await pilot.press("escape")
        await settle(pilot)
        assert "💬 1" in card_text(first_card(app))

    run(app, scenario)


def test_a_post_deleted_while_open_says_so(app_db, logged_in_app):
    post = michails_post(app_db)
    comments.add_comment(app_db.olga.id, post.id, "I am in")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.push_screen(PostScreen(post))
        await settle(pilot)
        assert await until(pilot, lambda: comment_texts(app) == ["I am in"])
        posts.delete_post(app_db.michail.id, post.id)
        assert await until(pilot, lambda: app.screen.post_gone)
        assert comment_texts(app) == []
        top = app.screen.query_one("#post-top")
        assert "The post was deleted" in str(top.render())
        assert app.screen.query_one("#comment-input").disabled
        assert app.screen.check_action("compose", ()) is False

    run(app, scenario)


def test_a_deleted_post_leaves_the_feed_when_its_screen_closes(app_db, logged_in_app):
    post = michails_post(app_db)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        assert first_card(app).post.id == post.id
        await pilot.press("enter")
        await settle(pilot)
        posts.delete_post(app_db.michail.id, post.id)
        assert await until(pilot, lambda: app.screen.post_gone)
        await pilot.press("escape")
        await settle(pilot)
        cards = app.screen.query("PostCard")
        assert post.id not in [c.post.id for c in cards]

    run(app, scenario)


def test_the_count_on_the_card_follows_a_deletion_by_someone_else(app_db, logged_in_app):
    post = michails_post(app_db)
    olgas = comments.add_comment(app_db.olga.id, post.id, "I am in")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        assert first_card(app).post.comment_count == 1
        comments.delete_comment(app_db.olga.id, olgas.id)
        assert await until(pilot, lambda: first_card(app).post.comment_count == 0)
        assert "💬 0" in card_text(first_card(app))

    run(app, scenario)
