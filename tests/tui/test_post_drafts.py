"""Posts and comments written and not sent outlive the app, as a dialog's
drafts do: Анна writes half a post (or a comment under Michail's post), Esc,
and the app ends (Ctrl+Q, a closed terminal) or she logs out; the next app
she opens, or her next log-in, has it back in the box. Michail, logging in on
the same terminal, never sees it; publishing or sending clears it.

Before, these were kept in the app's memory only ("for the session") and
were gone with it.
"""

from __future__ import annotations

from models import comments, posts
from models.post_drafts import COMMENT, COMMUNITY, POST, WALL, post_drafts_for, save_post_draft
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.test_comments import michails_post
from tests.tui.test_live import run
from tests.tui.test_login import log_in
from tui.screens.composer import ComposerScreen
from tui.screens.feed import FeedScreen
from tui.screens.post import PostScreen
from tui.widgets.text_input import TextInput


async def new_post_box(pilot) -> str:
    """n on the Feed: the New post box's text."""
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ComposerScreen)
    return pilot.app.screen.query_one("#post-text").text


async def open_michails_post(pilot) -> str:
    """Enter on the Feed's first card (Michail's post): its comment field's text."""
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PostScreen)
    return pilot.app.screen.query_one("#comment-input", TextInput).value


def test_a_post_left_with_esc_is_back_after_the_app_ends(app_db, logged_in_app):
    """Esc says the post is kept; the app ends; a new app for Анна opens New
    post with it. Michail's app does not. Publishing clears it for good."""
    first = logged_in_app("anna")

    async def write_and_quit(pilot):
        assert await new_post_box(pilot) == ""
        await type_text(pilot, "Half a thought")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(first.screen, FeedScreen)

    run(first, write_and_quit)
    assert post_drafts_for(app_db.anna.id) == {(POST, 0): "Half a thought"}
    others = logged_in_app("michail")

    async def not_his(pilot):
        assert await new_post_box(pilot) == ""

    run(others, not_his)
    again = logged_in_app("anna")

    async def back_and_publish(pilot):
        assert await new_post_box(pilot) == "Half a thought"
        await type_text(pilot, ", finished")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert posts.feed_everyone(app_db.anna.id).items[0].text == "Half a thought, finished"

    run(again, back_and_publish)
    assert post_drafts_for(app_db.anna.id) == {}
    third = logged_in_app("anna")

    async def empty_now(pilot):
        assert await new_post_box(pilot) == ""

    run(third, empty_now)


def test_a_post_being_written_survives_the_app_ending_with_the_box_open(
        app_db, logged_in_app):
    """No Esc: the app ends (a closed terminal ends it as Ctrl+Q does) with
    New post open and text in it; the text is kept all the same."""
    app = logged_in_app("anna")

    async def write_and_end(pilot):
        await new_post_box(pilot)
        await type_text(pilot, "Typed to the last moment")
        await settle(pilot)

    run(app, write_and_end)
    assert post_drafts_for(app_db.anna.id) == {(POST, 0): "Typed to the last moment"}


def test_a_comment_left_unsent_is_back_after_the_app_ends(app_db, logged_in_app):
    """Under Michail's post Анна writes a comment, Esc, the app ends; her next
    app opens the post with it in the field; Michail's does not; sending it
    clears it."""
    post = michails_post(app_db)
    first = logged_in_app("anna")

    async def write_and_quit(pilot):
        assert await open_michails_post(pilot) == ""
        await pilot.press("c")
        await type_text(pilot, "I am in, at seven")
        await pilot.press("escape")
        await settle(pilot)

    run(first, write_and_quit)
    assert post_drafts_for(app_db.anna.id) == {(COMMENT, post.id): "I am in, at seven"}
    others = logged_in_app("michail")

    async def not_his(pilot):
        await pilot.press("f7")  # his own post: on My profile
        await settle(pilot)
        assert others.comment_drafts == {}

    run(others, not_his)
    again = logged_in_app("anna")

    async def back_and_send(pilot):
        assert await open_michails_post(pilot) == "I am in, at seven"
        again.screen.query_one("#comment-input", TextInput).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [c.text for c in comments.comments_page(app_db.anna.id, post.id).items] == [
            "I am in, at seven"]

    run(again, back_and_send)
    assert post_drafts_for(app_db.anna.id) == {}


def test_drafts_outlive_log_out_and_log_in_and_never_reach_another_person(
        app_db, logged_in_app):
    """Анна leaves a post and a comment, logs out at once (no pause to save);
    Michail logs in on the same app: his boxes are empty; he logs out and
    Анна logs in: hers are back."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await new_post_box(pilot)
        await type_text(pilot, "Before logging out")
        await pilot.press("escape")
        await open_michails_post(pilot)
        await pilot.press("c")
        await type_text(pilot, "A comment before logging out")
        await pilot.press("escape", "escape")
        await settle(pilot)
        app.log_out()
        await settle(pilot)
        await log_in(pilot, "michail", PASSWORD)
        await settle(pilot)
        assert await new_post_box(pilot) == ""
        await pilot.press("escape")
        await settle(pilot)
        assert app.comment_drafts == {}
        app.log_out()
        await settle(pilot)
        await log_in(pilot, "anna", PASSWORD)
        await settle(pilot)
        assert await new_post_box(pilot) == "Before logging out"
        await pilot.press("escape")
        await settle(pilot)
        assert await open_michails_post(pilot) == "A comment before logging out"

    run(app, scenario)


def test_my_profile_and_a_community_box_keep_their_text_too(app_db, logged_in_app):
    """The post boxes of My profile and a community page: what was left in
    them in an earlier run is back in them."""
    from models import communities

    communities.join(app_db.anna.id, app_db.community_id)
    save_post_draft(app_db.anna.id, WALL, 0, "On my wall, later")
    save_post_draft(app_db.anna.id, COMMUNITY, app_db.community_id, "For the club, later")
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("f7")
        await settle(pilot)
        assert app.screen.query_one("#profile-composer").text == "On my wall, later"
        app.open_community(app_db.community_id)
        await settle(pilot)
        assert app.screen.query_one("#post-composer").text == "For the club, later"

    run(app, scenario)


def test_a_post_too_long_to_keep_is_said_aloud(app_db, logged_in_app):
    """A post longer than a draft may be (20 000 characters) cannot be kept:
    the app says so, and the shorter draft kept before is not cut or lost."""
    save_post_draft(app_db.anna.id, POST, 0, "short")
    app = logged_in_app("anna")
    said = []

    async def scenario(pilot):
        app.notify = lambda message, **kw: said.append(message)
        assert await new_post_box(pilot) == "short"
        app.screen.query_one("#post-text").load_text("x" * 20_001)
        await settle(pilot)
        app._write_post_drafts()  # the moment after typing stopped
        await settle(pilot)

    run(app, scenario)
    assert any("20000" in text and "20001" in text for text in said)
    assert post_drafts_for(app_db.anna.id) == {(POST, 0): "short"}
