"""Friends (F4): friends, incoming and outgoing requests, and what can be done with each."""

from __future__ import annotations

import asyncio

from textual.widgets import OptionList, TabbedContent

from models import friends
from models.views import Relation
from tests.tui.conftest import settle
from tui.screens.confirm import ConfirmScreen
from tui.screens.dialogs import DialogsScreen
from tui.screens.friends import FriendsScreen


def run(app, scenario, size=(100, 30)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            assert isinstance(app.screen, FriendsScreen)
            await scenario(pilot)

    asyncio.run(main())


async def show_tab(pilot, tab: str) -> None:
    pilot.app.screen.query_one(TabbedContent).active = tab
    await settle(pilot)


def test_tabs_list_friends_and_requests(app_db, logged_in_app):
    """Анна sees Michail among friends and Olga's request under Incoming."""
    friends.send_request(app_db.anna.id, app_db.mallory.id)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = app.screen
        assert [p.id for p in screen.people["friends"]] == [app_db.michail.id]
        assert [p.id for p in screen.people["incoming"]] == [app_db.olga.id]
        assert [p.id for p in screen.people["outgoing"]] == [app_db.mallory.id]
        assert str(screen.query_one(TabbedContent).get_tab("incoming").label) == "Incoming (1)"

    run(app, scenario)


def test_accept_a_request(app_db, logged_in_app):
    """On Incoming, a accepts Olga: she moves to Friends, and the database agrees."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await show_tab(pilot, "incoming")
        await pilot.press("a")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.olga.id) is Relation.FRIENDS
        ids = [p.id for p in app.screen.people["friends"]]
        assert app_db.olga.id in ids and app.screen.people["incoming"] == []

    run(app, scenario)


def test_request_and_accept_between_two_people(app_db, logged_in_app):
    """Mallory asks Анна; Анна opens Friends, sees the request and accepts it."""
    friends.send_request(app_db.mallory.id, app_db.anna.id)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await show_tab(pilot, "incoming")
        names = [p.login for p in app.screen.people["incoming"]]
        assert sorted(names) == ["mallory", "olga"]
        options = app.screen.query_one("#list-incoming", OptionList)
        options.highlighted = names.index("mallory")
        await pilot.press("a")
        await settle(pilot)
        assert friends.relation(app_db.mallory.id, app_db.anna.id) is Relation.FRIENDS
        assert friends.relation(app_db.olga.id, app_db.anna.id) is Relation.REQUEST_SENT

    run(app, scenario)


def test_decline_a_request(app_db, logged_in_app):
    """d declines Olga's request; nothing is left between them."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await show_tab(pilot, "incoming")
        await pilot.press("d")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.olga.id) is Relation.NONE

    run(app, scenario)


def test_cancel_my_request(app_db, logged_in_app):
    """On Outgoing, c takes back Анна's request to Mallory."""
    friends.send_request(app_db.anna.id, app_db.mallory.id)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await show_tab(pilot, "outgoing")
        await pilot.press("c")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.mallory.id) is Relation.NONE
        assert app.screen.people["outgoing"] == []

    run(app, scenario)


def test_remove_a_friend_only_after_confirming(app_db, logged_in_app):
    """x asks first: escape keeps Michail, confirming removes him."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.michail.id) is Relation.FRIENDS
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.michail.id) is Relation.NONE
        assert app.screen.people["friends"] == []

    run(app, scenario)


def test_accept_is_not_offered_on_the_friends_tab(app_db, logged_in_app):
    """a on the Friends tab does nothing: accepting belongs to Incoming."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("a")
        await settle(pilot)
        assert friends.relation(app_db.anna.id, app_db.olga.id) is Relation.REQUEST_RECEIVED

    run(app, scenario)


def test_write_to_a_friend_opens_the_dialog(app_db, logged_in_app):
    """m on Michail switches to Dialogs with his chat open."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, DialogsScreen)
        assert app.screen.peer_id == app_db.michail.id

    run(app, scenario)


def test_enter_opens_the_profile(app_db, logged_in_app):
    """Enter on a person opens their profile."""
    from tui.screens.user_profile import UserProfileScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UserProfileScreen)

    run(app, scenario)


# ---------------------------------------------------------------- snapshots

def test_snapshot_friends(logged_in_app, snap_compare):
    """Friends tab: Michail, with the keys to open, write and remove."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_friends_incoming_small(logged_in_app, snap_compare):
    """Incoming tab at 80×24: Olga's request with accept and decline."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await show_tab(pilot, "incoming")

    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24), run_before=run_before)


def test_tabs_with_1_2_3_and_left_right_again_and_again(app_db, logged_in_app):
    """1 / 2 / 3 show Friends / Incoming / Outgoing with the focus in its list
    (help lists them); → and ← keep switching tabs, from the tab bar and from
    the list the focus moves into."""
    from textual.widgets import Tabs

    app = logged_in_app("anna")

    def shown() -> tuple[str, str | None]:
        return app.screen.query_one(TabbedContent).active, app.focused.id

    async def scenario(pilot):
        await pilot.press("2")
        await settle(pilot)
        assert shown() == ("incoming", "list-incoming")
        await pilot.press("3")
        await settle(pilot)
        assert shown() == ("outgoing", "list-outgoing")
        await pilot.press("1")
        await settle(pilot)
        assert shown() == ("friends", "list-friends")
        await pilot.press("right")
        await settle(pilot)
        assert shown() == ("incoming", "list-incoming")
        await pilot.press("right")
        await settle(pilot)
        assert shown() == ("outgoing", "list-outgoing")
        await pilot.press("left", "left")
        await settle(pilot)
        assert shown() == ("friends", "list-friends")
        app.screen.query_one(Tabs).focus()
        await pilot.press("right")
        await settle(pilot)
        await pilot.press("right")
        await settle(pilot)
        assert shown()[0] == "outgoing"
        described = {a.binding.key: a.binding.description
                     for a in app.screen.active_bindings.values() if a.binding.id}
        assert described["1"] == "Friends" and described["2"] == "Incoming"
        assert described["3"] == "Outgoing"

    run(app, scenario)
