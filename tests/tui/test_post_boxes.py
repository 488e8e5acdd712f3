"""Post boxes keep what is typed while a post is on its way.

A post box stays open for typing while its post is stored; when the store
came back, the box was emptied whole, and whatever the person had started
writing meanwhile was gone. Now only the published text leaves the box.
"""

from __future__ import annotations

import threading

from textual.widgets import TextArea

from models import communities, posts
from tests.tui.conftest import paste_refused_then_one_that_fits, settle, type_text
from tests.tui.test_communities import open_club, run
from tui.screens.profile import MyProfileScreen
from tui.widgets.composer import Composer


def gated(monkeypatch, module, name: str) -> threading.Event:
    """``module.name`` waits for the returned event before it runs."""
    gate = threading.Event()
    real = getattr(module, name)

    def slow(*args, **kwargs):
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return gate


def test_a_community_post_box_keeps_what_was_typed_while_posting(
        app_db, logged_in_app, monkeypatch):
    """Enter publishes "First"; typing goes on before it is stored; after it
    is, the box holds only what came after."""
    communities.join(app_db.anna.id, app_db.community_id)
    gate = gated(monkeypatch, communities, "post_to_community")
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_club(pilot, app_db)
        box = screen.query_one(Composer)
        box.focus()
        await type_text(pilot, "First")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Second, not sent")
        gate.set()
        await settle(pilot)
        page = posts.community_posts(app_db.anna.id, app_db.community_id)
        assert [p.text for p in page.items] == ["First"]
        assert box.text == "Second, not sent"

    run(app, scenario)


def test_my_profile_post_box_keeps_what_was_typed_while_publishing(
        app_db, logged_in_app, monkeypatch):
    gate = gated(monkeypatch, posts, "create_post")
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, MyProfileScreen)
        await pilot.press("n")
        await type_text(pilot, "Published")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # a new line in this box
        await type_text(pilot, "and more")
        gate.set()
        await settle(pilot)
        assert posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0].text == "Published"
        assert app.screen.query_one("#profile-composer", TextArea).text == "and more"

    run(app, scenario)


def test_every_post_box_refuses_aloud_a_paste_its_draft_could_not_keep(app_db, logged_in_app):
    """What a post box holds is kept as its draft (20 000 characters at most):
    a longer paste into New post, My profile's box or a community's box changes
    nothing and says why (it was taken, and could not be kept once the app
    ended); a paste that fits goes in."""
    from models.drafts import MAX_DRAFT_LENGTH

    communities.join(app_db.anna.id, app_db.community_id)
    app = logged_in_app("anna")

    async def paste_into(pilot, box) -> None:
        box.focus()
        await settle(pilot)
        await type_text(pilot, "Mine ")
        await paste_refused_then_one_that_fits(pilot, box, MAX_DRAFT_LENGTH, MAX_DRAFT_LENGTH + 1)
        assert box.text == "Mine fits"

    async def scenario(pilot):
        await settle(pilot)
        await pilot.press("f2", "n")  # New post, on the Feed
        await settle(pilot)
        await paste_into(pilot, app.screen.query_one("#post-text", TextArea))
        await pilot.press("escape")
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("n")
        await paste_into(pilot, app.screen.query_one("#profile-composer", TextArea))
        screen = await open_club(pilot, app_db)
        await paste_into(pilot, screen.query_one(Composer))

    run(app, scenario)
