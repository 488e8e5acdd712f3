"""Friendship state on screen follows the database: a profile page changes by
itself when the other person answers, and f / x act on the relation as it is
now, never on what the screen drew a while ago.

Анна's app runs and polls; the test plays the other person by calling the
domain functions directly, as another terminal would.
"""

from __future__ import annotations

from textual.widgets import Button, Static

from models import friends
from models.views import Relation
from tests.tui.conftest import settle
from tests.tui.test_live import POLL, notes, run, until
from tui.screens.friends import FriendsScreen
from tui.screens.user_profile import UserProfileScreen


def relation_text(app) -> str:
    said = app.screen.query_one("#relation", Static)
    return str(said.render()) if said.display else ""


async def open_profile(pilot, user_id: int) -> UserProfileScreen:
    pilot.app.open_profile(user_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, UserProfileScreen)
    return pilot.app.screen


def test_open_profile_follows_an_accepted_request_live(app_db, logged_in_app):
    """Анна asked Mallory and looks at Mallory's page ("waiting for an answer");
    Mallory accepts: the page says "You are friends." without a key press, and
    x now offers to remove the friend."""
    friends.send_request(app_db.anna.id, app_db.mallory.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_profile(pilot, app_db.mallory.id)
        assert relation_text(app) == "You asked to be friends; waiting for an answer."
        friends.accept_request(app_db.mallory.id, app_db.anna.id)
        assert await until(pilot, lambda: relation_text(app) == "You are friends.")
        assert screen.relation is Relation.FRIENDS
        assert "Remove from friends" in str(screen.query_one("#unfriend", Button).label)

    run(app, scenario)


def test_open_profile_follows_removal_decline_and_cancel_live(app_db, logged_in_app):
    """On Michail's page: Michail ends the friendship, asks again, then takes the
    request back — the page follows each step by itself."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_profile(pilot, app_db.michail.id)
        assert relation_text(app) == "You are friends."
        friends.remove_friend(app_db.michail.id, app_db.anna.id)
        assert await until(pilot, lambda: screen.relation is Relation.NONE)
        assert relation_text(app) == ""
        friends.send_request(app_db.michail.id, app_db.anna.id)
        assert await until(pilot, lambda: relation_text(app) == "Wants to be your friend.")
        friends.cancel_request(app_db.michail.id, app_db.anna.id)
        assert await until(pilot, lambda: screen.relation is Relation.NONE)

    run(app, scenario)


def test_profile_reads_the_relation_again_when_shown_again(app_db, logged_in_app):
    """A profile page left under another section (no live message reaches it)
    shows the current relation when Анна comes back to it."""
    friends.send_request(app_db.anna.id, app_db.mallory.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_profile(pilot, app_db.mallory.id)
        await pilot.press("f3")  # Dialogs: the profile stays in the Feed's stack
        await settle(pilot)
        friends.accept_request(app_db.mallory.id, app_db.anna.id)
        assert await until(pilot, lambda: "accepted your friend request" in " ".join(notes(app)))
        assert screen.relation is Relation.REQUEST_SENT  # not on screen: not told
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is screen
        assert await until(pilot, lambda: relation_text(app) == "You are friends.")

    run(app, scenario)


def test_x_acts_on_the_relation_as_it_is_now(app_db, logged_in_app):
    """The page still says "waiting for an answer" (the poll has not run yet)
    when Mallory accepts; x then does not cancel anything nor claim there is no
    request: it says they are friends already, and shows so."""
    friends.send_request(app_db.anna.id, app_db.mallory.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_profile(pilot, app_db.mallory.id)
        app._stop_polling()  # the answer arrives between two polls
        friends.accept_request(app_db.mallory.id, app_db.anna.id)
        assert relation_text(app) == "You asked to be friends; waiting for an answer."
        await pilot.press("x")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.mallory.id) is Relation.FRIENDS
        assert screen.relation is Relation.FRIENDS
        assert relation_text(app) == "You are friends."
        said = notes(app)
        assert not any("no pending friend request" in text for text in said)
        assert "You and [bold red]x[/] Markup are friends already; nothing was done." in said

    run(app, scenario)


def test_f_acts_on_the_relation_as_it_is_now(app_db, logged_in_app):
    """Olga takes her request back between two polls: f on her page (still
    "Wants to be your friend") sends no request and says what is true now."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_profile(pilot, app_db.olga.id)
        assert relation_text(app) == "Wants to be your friend."
        app._stop_polling()
        friends.cancel_request(app_db.olga.id, app_db.anna.id)
        await pilot.press("f")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.olga.id) is Relation.NONE
        assert screen.relation is Relation.NONE
        assert any("no friend request or friendship any more" in t for t in notes(app))

    run(app, scenario)


def test_friends_list_acts_on_the_relation_as_it_is_now(app_db, logged_in_app):
    """Анна's Incoming tab still lists Olga when Olga's request has become a
    friendship elsewhere (Анна accepted in another terminal): d declines
    nothing, says they are friends already, and the lists are read again."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FriendsScreen)
        screen.query_one("TabbedContent").active = "incoming"
        await settle(pilot)
        app._stop_polling()
        friends.accept_request(app_db.anna.id, app_db.olga.id)
        await pilot.press("d")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.olga.id) is Relation.FRIENDS
        assert "You and Olga Smirnova are friends already; nothing was done." in notes(app)
        assert [p.id for p in screen.people["incoming"]] == []
        assert app_db.olga.id in [p.id for p in screen.people["friends"]]

    run(app, scenario)


def test_changed_meanwhile_notices_are_translated():
    """Each notice of a refused action has a Russian text."""
    from tui.friendship import CHANGED_MEANWHILE
    from tui.i18n import LOCALE_DIR, parse_po

    catalogue = parse_po((LOCALE_DIR / "ru" / "LC_MESSAGES" / "social.po").read_text("utf-8"))
    assert [text for text in CHANGED_MEANWHILE.values() if text not in catalogue] == []
