"""A field that gets the focus keeps what is in it: Textual's ``Input``
selects all of its text as it is focused, and the next key typed replaced it
(``tui/widgets/text_input.py``). Every one-line field of the app is a
``TextInput`` (checked on every screen by ``test_every_screen``)."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import settle, type_text
from tests.tui.test_comments import michails_post
from tests.tui.test_live import POLL, run
from tui.screens.edit_profile import EditProfileScreen
from tui.screens.post import PostScreen


def test_a_half_written_comment_goes_on_after_esc_and_c(app_db, logged_in_app):
    """On a post: c, "half a comm", Esc (to the comments), c again, "ent":
    the comment is "half a comment" (it was "ent")."""
    post = michails_post(app_db)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.open_post(post.id)
        await settle(pilot)
        assert isinstance(app.screen, PostScreen)
        field = app.screen.query_one("#comment-input", Input)
        await pilot.press("c")
        await type_text(pilot, "half a comm")
        await pilot.press("escape")
        await settle(pilot)
        assert not field.has_focus
        await pilot.press("c")
        await settle(pilot)
        assert field.has_focus
        await type_text(pilot, "ent")
        assert field.value == "half a comment"

    run(app, scenario)


def test_tab_into_a_filled_field_adds_to_it(app_db, logged_in_app):
    """Edit profile: Tab Tab Tab to the city, which holds "Москва", and type
    " EDITED": the city is "Москва EDITED" (it was " EDITED")."""
    from models import profiles

    profiles.save_profile(app_db.anna.id, first_name="Анна", last_name="Иванова",
                          birthday=None, city="Москва", about="")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        for key in ("f7", "e"):  # My profile, Edit profile
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, EditProfileScreen)
        await pilot.press("tab", "tab", "tab")
        city = app.screen.query_one("#city", Input)
        assert city.has_focus
        await type_text(pilot, " EDITED")
        assert city.value == "Москва EDITED"

    run(app, scenario)


def test_a_paste_keeps_every_line_and_a_too_long_one_is_refused_aloud(app_db, logged_in_app):
    """A paragraph of three lines pasted into the comment field is all there,
    its lines joined by a space (only the first line was kept); a name of 200
    characters pasted into New community's name (80 at most) changes nothing
    and says why (it was dropped without a word)."""
    from textual import events

    from tui.screens.create_community import CreateCommunityScreen

    post = michails_post(app_db)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.open_post(post.id)
        await settle(pilot)
        field = app.screen.query_one("#comment-input", Input)
        await pilot.press("c")
        await type_text(pilot, "Quote: ")
        field.post_message(events.Paste("first line\n  second line\n\nthird line\n"))
        await settle(pilot)
        assert field.value == "Quote: first line second line third line"
        await pilot.press("escape", "escape")
        await settle(pilot)
        app.push_screen(CreateCommunityScreen())
        await settle(pilot)
        name = app.screen.query_one("#name", Input)
        await type_text(pilot, "Tea")
        name.post_message(events.Paste("x" * 200))
        await settle(pilot)
        assert name.value == "Tea"
        assert any("at most 80 characters" in str(n.message) for n in app._notifications)

    run(app, scenario)
