"""Communities (F6): my communities, all with search, founding one, and a community's page."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList, Static, TabbedContent

from models import communities, posts
from tests.tui.conftest import settle, type_text
from tui.screens.communities import CommunitiesScreen
from tui.screens.community import CommunityScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.create_community import CreateCommunityScreen
from tui.screens.track_picker import TrackPickerScreen
from tui.widgets.composer import Composer
from tui.widgets.post_list import PostListView


def run(app, scenario, size=(100, 30)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("f6")
            await settle(pilot)
            assert isinstance(app.screen, CommunitiesScreen)
            await scenario(pilot)

    asyncio.run(main())


def shown(app, tab: str) -> list[str]:
    return [c.name for c in app.screen.shown[tab]]


def test_my_and_all_communities(app_db, logged_in_app):
    """Michail sees Chess club under My communities; Анна sees it only under All."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        assert shown(app, "my") == []
        assert shown(app, "all") == ["Chess club"]

    run(app, scenario)


def test_search_as_you_type(app_db, logged_in_app):
    """Typing in the search box narrows All communities at each key."""
    communities.create_community(app_db.olga.id, "Book lovers", "Novels and tea.")
    app = logged_in_app("anna")

    async def scenario(pilot):
        app.screen.query_one(TabbedContent).active = "all"
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await type_text(pilot, "che")
        await settle(pilot)
        assert shown(app, "all") == ["Chess club"]
        await type_text(pilot, "zz")
        await settle(pilot)
        assert shown(app, "all") == []

    run(app, scenario)


def test_a_slow_answer_to_an_earlier_key_does_not_replace_the_latest(
        app_db, logged_in_app, monkeypatch):
    """Анна types "b" then "z": the search for "b" is slow and answers last. The list
    shows the answer to "bz" (no community), not Book lovers."""
    import time

    communities.create_community(app_db.olga.id, "Book lovers", "Novels and tea.")
    app = logged_in_app("anna")
    all_communities = communities.all_communities

    def slow_for_b(*args, **kwargs):
        if kwargs.get("query") == "b":
            time.sleep(0.3)
        return all_communities(*args, **kwargs)

    async def scenario(pilot):
        app.screen.query_one(TabbedContent).active = "all"
        await settle(pilot)
        monkeypatch.setattr(communities, "all_communities", slow_for_b)
        await type_text(pilot, "bz")
        await settle(pilot)
        await asyncio.sleep(0.4)  # the answer for "b" arrives after the one for "bz"
        await settle(pilot)
        assert app.screen.query_one("#communities-search", Input).value == "bz"
        assert shown(app, "all") == []

    run(app, scenario)


def test_create_a_community_and_post(app_db, logged_in_app):
    """ctrl+n, a name and an about, Save: the new community's page opens, Анна
    is its member and can post at once."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CreateCommunityScreen)
        await type_text(pilot, "Tea house")
        await pilot.press("enter")  # to About
        await type_text(pilot, "Green and black.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommunityScreen)
        mine = communities.my_communities(app_db.anna.id)
        assert [c.name for c in mine] == ["Tea house"] and mine[0].about == "Green and black."
        composer = app.screen.query_one(Composer)
        assert composer.display
        composer.focus()
        await type_text(pilot, "First brew today")
        await pilot.press("enter")
        await settle(pilot)
        page = posts.community_posts(app_db.anna.id, mine[0].id)
        assert [p.text for p in page.items] == ["First brew today"]
        assert composer.text == ""

    run(app, scenario)


def test_create_refuses_a_taken_name_beside_the_field(app_db, logged_in_app):
    """"chess CLUB" is taken: the reason shows under Name, and what was typed stays."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_text(pilot, "chess CLUB")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CreateCommunityScreen)
        error = str(app.screen.query_one("#name-error", Static).render())
        assert "already exists" in error
        assert app.screen.query_one("#name", Input).value == "chess CLUB"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CommunitiesScreen)

    run(app, scenario)


async def open_club(pilot, app_db) -> CommunityScreen:
    pilot.app.open_community(app_db.community_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommunityScreen)
    return pilot.app.screen


def test_join_post_and_leave(app_db, logged_in_app):
    """Анна opens Chess club: no composer until she joins (ctrl+t); then she
    posts; ctrl+l in the post box attaches a track, outside it leaves (after
    asking) and the composer goes away."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_club(pilot, app_db)
        assert not screen.query_one(Composer).display
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert communities.get_community(app_db.anna.id, app_db.community_id).is_member
        assert screen.community.member_count == 2
        composer = screen.query_one(Composer)
        assert composer.display
        composer.focus()
        await type_text(pilot, "Count me in")
        await pilot.press("enter")
        await settle(pilot)
        page = posts.community_posts(app_db.anna.id, app_db.community_id)
        assert [p.text for p in page.items] == ["Count me in"]
        await pilot.press("ctrl+l")  # while writing: attach a track, never leave
        await settle(pilot)
        assert isinstance(app.screen, TrackPickerScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert communities.get_community(app_db.anna.id, app_db.community_id).is_member
        screen.query_one(PostListView).focus()  # out of the post box: ctrl+l leaves
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # asks first
        await pilot.press("y")
        await settle(pilot)
        assert not communities.get_community(app_db.anna.id, app_db.community_id).is_member
        assert not screen.query_one(Composer).display

    run(app, scenario)


def test_opening_from_the_list(app_db, logged_in_app):
    """Enter on Chess club in All communities opens its page; escape comes back."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        app.screen.query_one(TabbedContent).active = "all"
        await settle(pilot)
        app.screen.query_one("#list-all", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CommunityScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CommunitiesScreen)

    run(app, scenario)


def test_owner_edits_and_deletes(app_db, logged_in_app):
    """Michail edits the about text (ctrl+o, outside the post box), then deletes
    the club after confirming."""
    app = logged_in_app("michail")

    async def scenario(pilot):
        screen = await open_club(pilot, app_db)
        screen.query_one(PostListView).focus()  # the page's keys, not the post box's
        await pilot.press("ctrl+l")  # the owner cannot leave: nothing happens
        await settle(pilot)
        assert screen.community.is_member
        await pilot.press("ctrl+o")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CreateCommunityScreen)
        form.query_one("#about").load_text("We play on Fridays and Sundays.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        about = communities.get_community(app_db.michail.id, app_db.community_id).about
        assert about == "We play on Fridays and Sundays."
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CommunitiesScreen)
        assert communities.my_communities(app_db.michail.id) == []

    run(app, scenario)


def test_markup_in_a_community_name_is_literal(app_db, logged_in_app):
    """A community called "[bold red]Loud[/]" shows its brackets on the list and page."""
    club = communities.create_community(app_db.mallory.id, "[bold red]Loud[/]", "[@click=app.quit]x[/]")
    app = logged_in_app("anna")

    async def scenario(pilot):
        assert "[bold red]Loud[/]" in shown(app, "all")
        app.open_community(club.id)
        await settle(pilot)
        assert str(app.screen.query_one("#community-name", Static).render()) == "[bold red]Loud[/]"
        assert "[@click=app.quit]x[/]" in str(app.screen.query_one("#community-about", Static).render())

    run(app, scenario)


# ---------------------------------------------------------------- snapshots

def test_snapshot_communities_all(app_db, logged_in_app, snap_compare):
    """All communities: names, member counts, the first line of about, a member mark."""
    communities.create_community(app_db.olga.id, "Book lovers", "Novels and tea.\nEvery week.")
    communities.join(app_db.anna.id, app_db.community_id)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        pilot.app.screen.query_one(TabbedContent).active = "all"
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_community_page(app_db, logged_in_app, snap_compare):
    """Chess club as its member Анна sees it: about, members, posts, the composer."""
    communities.join(app_db.anna.id, app_db.community_id)
    communities.post_to_community(app_db.michail.id, app_db.community_id, "Friday: blitz 5+3.")
    communities.post_to_community(app_db.anna.id, app_db.community_id,
                                  "I'll bring tea.\nAnd biscuits.")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        pilot.app.open_community(app_db.community_id)
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_create_community_error_small(logged_in_app, snap_compare):
    """The New community form at 80×24 with a too-short name refused beside the field."""

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_text(pilot, "x")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24), run_before=run_before)
