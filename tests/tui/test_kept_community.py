"""A community's page opened once is kept and shown again for the next
community (issue 17, every key painted; tui/kept_screens.py): it shows the
new community's name, members, posts, join state and post box, never the last
one's — not before its data is read, not from a read for the last one still
under way — and words typed as it opens, or left in its post box, stay with
the community they were typed for."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Input, OptionList, Static

from models import communities, posts
from tests.tui.conftest import held_back, settle, type_text
from tests.tui.test_communities import run
from tests.tui.test_kept_profile import watch_showing
from tests.tui.test_key_order import burst, handled
from tui import kept_screens
from tui.screens.communities import CommunitiesScreen
from tui.screens.community import CommunityScreen
from tui.widgets.composer import Composer
from tui.widgets.post_list import PostList, PostListView


def two_clubs(app_db) -> tuple[int, int]:
    """Chess club (Michail's; Анна joins it) and Go club (Olga's, Анна not in
    it), a post in each."""
    chess = app_db.community_id
    communities.join(app_db.anna.id, chess)
    communities.post_to_community(app_db.michail.id, chess, "Chess on Friday")
    go = communities.create_community(app_db.olga.id, "Go club", "Stones on Sundays.").id
    communities.post_to_community(app_db.olga.id, go, "Go on Sunday")
    return chess, go


def name(screen) -> str:
    return str(screen.query_one("#community-name", Static).render())


def texts(screen) -> list[str]:
    return [post.text for post in screen.query_one(PostList).posts]


def shown_cards(screen) -> list:
    return [card for card in screen.query_one(PostListView).children if card.display]


def members(screen) -> list[str]:
    listing = screen.query_one("#members", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def open_page(app, pilot, community_id: int) -> CommunityScreen:
    app.open_community(community_id)
    await settle(pilot)
    assert isinstance(app.screen, CommunityScreen)
    return app.screen


async def shown_unfilled(app, page, community_id: int) -> None:
    """Open ``community_id`` while its read is held back: until the kept
    ``page`` is shown as it waits for it (``PUSH_WAIT``)."""
    app.open_community(community_id)
    await until_shown(app, page)


async def until_shown(app, screen) -> None:
    """Until the kept ``screen`` asked for is shown (at most 2 s)."""
    for _ in range(100):
        await asyncio.sleep(0.02)
        if app.screen is screen:
            break
    assert app.screen is screen


async def back(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)


def test_the_second_community_is_the_first_screen_shown_once_filled(
        app_db, logged_in_app, monkeypatch):
    """The kept page is filled with Go club out of sight and shown only then:
    the list of communities stays a moment longer, never a page that shows
    Chess club's posts under Go club's name, and the post cards are Chess
    club's refilled in place."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)  # however slow the host
    chess, go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        first = await open_page(app, pilot, chess)
        assert name(first) == "Chess club" and texts(first) == ["Chess on Friday"]
        assert first.query_one(Composer).display  # a member: the post box
        assert "Michail Petrov" in members(first)
        chess_cards = shown_cards(first)
        await back(pilot)

        gate = held_back(monkeypatch, communities, "get_community",
                         lambda me, community_id: community_id == go)
        app.open_community(go)
        await asyncio.sleep(0.2)
        # Go club not read yet: the list stays, the page waits out of sight.
        assert isinstance(app.screen, CommunitiesScreen)
        assert app.screen_coming is first and first.community_id == go
        assert first.community is None
        assert name(first) == "" and members(first) == []
        assert not first.check_action("leave", ()) and not first.check_action("publish", ())
        gate.set()
        await settle(pilot)
        assert app.screen is first and app.screen_coming is None
        assert name(first) == "Go club" and texts(first) == ["Go on Sunday"]
        assert shown_cards(first) == chess_cards  # refilled in place
        assert "Olga" in " ".join(members(first)) and "Michail Petrov" not in members(first)
        assert not first.query_one(Composer).display  # not a member of Go club
        assert first.check_action("join", ()) and not first.check_action("leave", ())
        await back(pilot)  # back works as before
        assert isinstance(app.screen, CommunitiesScreen)

    run(app, scenario)


def test_a_slow_read_shows_the_kept_page_emptied_then_filled(
        app_db, logged_in_app, monkeypatch):
    """A read slower than PUSH_WAIT: the page is shown as a new one would be,
    nothing of Chess club on it, then filled with Go club."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 0.05, raising=False)
    chess, go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        first = await open_page(app, pilot, chess)
        assert texts(first) == ["Chess on Friday"]
        await back(pilot)
        gate = held_back(monkeypatch, communities, "get_community",
                         lambda me, community_id: community_id == go)
        await shown_unfilled(app, first, go)
        assert first.community_id == go
        assert name(first) == "" and members(first) == []
        assert texts(first) == [] and shown_cards(first) == []
        assert not first.query_one(Composer).display
        gate.set()
        await settle(pilot)
        assert name(first) == "Go club" and texts(first) == ["Go on Sunday"]
        assert "Olga" in " ".join(members(first))

    run(app, scenario)


def test_a_read_for_the_last_community_is_not_shown_for_the_next(app_db, logged_in_app):
    """Chess club's data and posts, read before the page was shown for Go club,
    arrive after: they are dropped."""
    chess, go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_page(app, pilot, chess)
        post_list = screen.query_one(PostList)
        chess_page = post_list.loader(None)
        shows_before = post_list._shows
        chess_view = communities.get_community(app_db.anna.id, chess)
        chess_people = list(communities.members(chess).items)
        await back(pilot)
        await open_page(app, pilot, go)
        await screen._show_all(chess_view, chess_people, (chess_page, {}, shows_before))
        screen._show(chess_view, chess_people)
        await post_list._show_page(chess_page, {}, True, shows_before)
        await settle(pilot)
        assert name(screen) == "Go club" and texts(screen) == ["Go on Sunday"]
        assert screen.community.id == go and "Michail Petrov" not in members(screen)

    run(app, scenario)


def test_words_typed_as_the_page_opens_go_into_its_post_box(app_db, logged_in_app, monkeypatch):
    """The post box is shown once the community is read (a member's); words
    typed before that wait for it and land there — on this community, in
    order — instead of being lost on a page with no box yet."""
    chess, go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_page(app, pilot, go)  # the page is kept from here on
        await back(pilot)
        gate = held_back(monkeypatch, communities, "get_community",
                         lambda me, community_id: community_id == chess)
        app.open_community(chess)
        burst(app, "Hello chess")
        await pilot.pause(0.1)
        gate.set()
        await handled(pilot)
        screen = app.screen
        assert isinstance(screen, CommunityScreen) and screen.community_id == chess
        composer = screen.query_one(Composer)
        assert composer.text == "Hello chess" and app.focused is composer
        assert app.community_drafts.get(chess, ("",))[0] == "Hello chess"
        assert go not in app.community_drafts

    run(app, scenario)


def test_words_typed_as_a_new_page_opens_go_into_its_post_box(app_db, logged_in_app,
                                                               monkeypatch):
    """The same on the session's first community page (composed for it)."""
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        gate = held_back(monkeypatch, communities, "get_community")
        app.open_community(chess)
        burst(app, "Hi all")
        await pilot.pause(0.1)
        gate.set()
        await handled(pilot)
        composer = app.screen.query_one(Composer)
        assert composer.text == "Hi all" and app.focused is composer

    run(app, scenario)


def test_each_community_keeps_its_own_unpublished_post(app_db, logged_in_app):
    """Words left in one community's post box are back when it opens again,
    and never in another community's box, though the box is the same widget."""
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_page(app, pilot, chess)
        await type_text(pilot, "about chess")
        await back(pilot)
        assert await open_page(app, pilot, go) is screen
        composer = screen.query_one(Composer)
        assert composer.text == ""
        await type_text(pilot, "about go")
        await back(pilot)
        await open_page(app, pilot, chess)
        assert composer.text == "about chess"
        await back(pilot)
        await open_page(app, pilot, go)
        assert composer.text == "about go"
        assert app.community_drafts[chess][0] == "about chess"
        assert app.community_drafts[go][0] == "about go"
        await pilot.press("enter")  # published in Go club, and only there
        await settle(pilot)
        assert composer.text == ""
        assert [p.text for p in posts.community_posts(app_db.anna.id, go).items][0] == "about go"
        assert "about go" not in [p.text for p in posts.community_posts(app_db.anna.id, chess).items]
        assert go not in app.community_drafts and app.community_drafts[chess][0] == "about chess"

    run(app, scenario)


def test_a_post_published_after_its_page_showed_another_community_stays_with_its_own(
        app_db, logged_in_app, monkeypatch):
    """A post still being stored when its page is left and shown for another
    community: it goes to its own community, leaves that one's draft, and takes
    nothing out of the other's box or list."""
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_page(app, pilot, chess)
        gate = held_back(monkeypatch, communities, "post_to_community")
        await type_text(pilot, "slow words")
        await pilot.press("enter")
        await pilot.pause()
        await back(pilot)
        await open_page(app, pilot, go)
        composer = screen.query_one(Composer)
        await type_text(pilot, "slow words")  # the same words, for Go club
        gate.set()
        await settle(pilot)
        assert screen.community_id == go and composer.text == "slow words"
        assert texts(screen) == ["Go on Sunday"]
        assert app.community_drafts[go][0] == "slow words"
        assert chess not in app.community_drafts  # published there: its draft went
        chess_texts = [p.text for p in posts.community_posts(app_db.anna.id, chess).items]
        assert chess_texts[0] == "slow words"

    run(app, scenario)


def test_markup_in_a_community_name_is_literal_on_the_kept_page(app_db, logged_in_app):
    chess, _go = two_clubs(app_db)
    loud = communities.create_community(app_db.mallory.id, "[bold red]Loud[/]",
                                        "[@click=app.quit]x[/]").id
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_page(app, pilot, chess)
        await back(pilot)
        assert await open_page(app, pilot, loud) is screen
        assert name(screen) == "[bold red]Loud[/]"
        assert "[@click=app.quit]x[/]" in str(screen.query_one("#community-about", Static).render())

    run(app, scenario)


def test_log_out_drops_the_kept_page(app_db, logged_in_app):
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        kept = await open_page(app, pilot, chess)
        await back(pilot)
        app.log_out()
        await settle(pilot)
        assert app.kept_screen("community") is None and not kept.is_attached

    run(app, scenario)


@pytest.mark.parametrize("when", ["one-burst", "after-enter-handled"])
def test_words_typed_right_after_enter_on_the_list_go_into_the_kept_page(
        app_db, logged_in_app, when):
    """Enter on a community of the list, then words, in one burst (a fast
    typist), or read just after Enter was handled but before the list's
    Selected reached the screen (a terminal 20 ms later): every letter waits
    for the kept page and lands in its post box, none on the list (where a
    letter would search All communities)."""
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    for n in range(6):  # more cards than the page holds: mounted as it is refilled
        communities.post_to_community(app_db.michail.id, chess, f"Chess note {n}")
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_page(app, pilot, go)  # the page is kept from here on
        await back(pilot)
        listing = app.screen.query_one("#list-my", OptionList)
        listing.focus()
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        listing.highlighted = ids.index(f"c-{go}")
        await settle(pilot)
        step = "down" if ids.index(f"c-{chess}") > ids.index(f"c-{go}") else "up"
        app.post_message(events.Key(step, None))
        if when == "one-burst":
            burst(app, "\rpy draft")
        else:
            done = app._key_done

            def then_type() -> None:
                event = app._key_in_flight
                done()
                if event is not None and event.key == "enter":
                    del app._key_done
                    burst(app, "py draft")  # read once Enter is handled

            app._key_done = then_type
            burst(app, "\r")
        await handled(pilot)
        screen = app.screen
        assert isinstance(screen, CommunityScreen) and screen.community_id == chess
        assert screen.query_one(Composer).text == "py draft"
        app.pop_screen()
        await settle(pilot)
        assert app.screen.query_one("#communities-search", Input).value == ""


async def built_out_of_sight(app, pilot) -> CommunityScreen:
    """Wait, as a person reading the feed, until the community page is built
    (after the sections and the profile screen) and filled out of sight with
    the first of my communities (``_fill_community_page``)."""
    from tests.tui.test_sections_prepared import sections_prepared

    await sections_prepared(app, pilot)
    await filled_out_of_sight(app, "community", lambda page: page.community is not None)
    await settle(pilot)
    built = app.kept_screen("community")
    assert isinstance(built, CommunityScreen)
    return built


async def filled_out_of_sight(app, name: str, filled) -> None:
    """Until the screen kept under ``name`` is there, ``filled(screen)`` holds
    and no read of its runs (at most 30 s): the fill after log-in
    (``KeptScreensMixin._fill_community_page``, ``_fill_post_page``)."""
    for _ in range(300):
        screen = app.kept_screen(name)
        if (screen is not None and filled(screen)
                and not [w for w in app.workers if w.node is screen and not w.is_finished]):
            return
        await asyncio.sleep(0.1)


def running_timers(screen) -> list:
    """The timers of ``screen`` and its widgets that will still fire (not
    paused, not stopped, not done)."""
    return [timer for node in screen.walk_children(with_self=True) for timer in node._timers
            if timer._task is not None and not timer._task.done() and timer._active.is_set()]


def test_the_first_community_is_the_page_filled_out_of_sight_after_log_in(
        app_db, logged_in_app, monkeypatch):
    """Once the sections and the profile screen are built, a community page is
    built too, on no stack, and filled once out of sight with the first of my
    communities: its post cards are mounted before any key asks for them. Then
    nothing runs on it (no timer, no read) and nothing is written for it. The
    session's first community is that page, refilled for it before it is
    shown: nothing of the one it was filled with stays; words typed as it
    opens go into its post box."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)  # however slow the host
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    first = communities.my_communities(app_db.anna.id)[0]
    other = go if first.id == chess else chess
    other_name, other_post, other_owner = (
        ("Go club", "Go on Sunday", "Olga") if other == go
        else ("Chess club", "Chess on Friday", "Michail"))
    app = logged_in_app("anna")

    async def scenario(pilot):
        built = await built_out_of_sight(app, pilot)
        assert built.community_id == first.id and name(built) == first.name
        assert built not in app.screen_stack and app.screen is not built
        assert len(shown_cards(built)) == 1 and texts(built) != [other_post]
        await asyncio.sleep(0.3)
        assert running_timers(built) == []
        assert not [w for w in app.workers if w.node is built or built in w.node.ancestors]
        assert app.community_drafts == {}  # nothing written for it

        gate = held_back(monkeypatch, communities, "get_community")
        app.open_community(other)
        assert app.screen_coming is built and built.community_id == other
        burst(app, "Hi club")
        await pilot.pause(0.1)
        assert app.screen is not built  # waits out of sight for its data
        gate.set()
        await handled(pilot)
        assert app.screen is built and name(built) == other_name
        assert texts(built) == [other_post] and len(shown_cards(built)) == 1
        assert any(other_owner in member for member in members(built))
        composer = built.query_one(Composer)
        assert composer.text == "Hi club" and app.focused is composer
        assert app.community_drafts[other][0] == "Hi club"

    run(app, scenario)


def test_words_left_in_the_first_community_stay_through_other_screens(app_db, logged_in_app):
    """Half a post typed on the page built out of sight, then a section and a
    profile: the words are back when the community opens again."""
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        built = await built_out_of_sight(app, pilot)
        assert await open_page(app, pilot, chess) is built
        await type_text(pilot, "half a pos")
        await back(pilot)
        await pilot.press("f3")
        await settle(pilot)
        app.open_profile(app_db.michail.id)
        await settle(pilot)
        await back(pilot)
        assert await open_page(app, pilot, chess) is built
        assert built.query_one(Composer).text == "half a pos"

    run(app, scenario)


def test_a_new_language_and_log_out_drop_the_page_built_out_of_sight(app_db, logged_in_app):
    """Never shown, the page goes with the sections when a new language
    rebuilds them (the next community is a page of its own, in that language),
    and at log-out."""
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        built = await built_out_of_sight(app, pilot)
        app.rebuild_sections()
        await settle(pilot)
        assert app.kept_screen("community") is None and not built.is_attached
        page = await open_page(app, pilot, chess)
        assert page is not built and name(page) == "Chess club"
        await back(pilot)
        app.log_out()
        await settle(pilot)
        assert app.kept_screen("community") is None and not page.is_attached
        assert not any(name.startswith("kept-") for name in app._installed_screens)

    run(app, scenario)


def test_the_kept_page_is_shown_laid_out_with_its_keys_and_members(
        app_db, logged_in_app, make_user, monkeypatch):
    """Refilled out of sight, the page is pushed with everything a layout
    depends on already in place — the post box's keys in its footer (a
    member's page focuses the box), its members' lines counted at the width
    its scroll bar leaves — so it is not laid out again as it is shown (it was
    up to three times: for requests sent while it was filled, for the footer
    rebuilt after the first paint, for the members list counting its lines as
    it was first drawn). At most one is allowed: under a loaded test run one
    more came now and then."""
    from tui.widgets.footer import AppFooter

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)  # however slow the host
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    for n in range(30):  # more members than its list shows: a scroll bar, narrower lines
        communities.join(make_user(f"chess{n:02}", "Chess", f"Player{n:02}").id, chess)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, go)
        await back(pilot)
        seen: dict = {}

        def note(shown) -> None:
            seen["keys"] = {key.description for key in shown.query_one(AppFooter).keys_on_show()}
            seen["lines"] = shown.query_one("#members", OptionList).virtual_size.height
            seen["members"] = len(members(shown))

        layouts = watch_showing(app, page, monkeypatch, note)
        app.open_community(chess)
        await settle(pilot)
        assert app.screen is page and name(page) == "Chess club"
        assert app.focused is page.query_one(Composer)
        assert "Attach pictures" in seen["keys"]
        assert seen["members"] > 1 and seen["lines"] == seen["members"]
        assert len(layouts) <= 1  # none on an idle host; it was 2–3 before

    run(app, scenario)


def test_a_wait_that_ends_while_the_footer_is_rebuilt_does_not_empty_the_page(
        app_db, logged_in_app, monkeypatch):
    """PUSH_WAIT ends while the kept page's footer keys are mounted out of
    sight (slow here): the page is not emptied under it; it is shown filled."""
    from tui.widgets.footer import AppFooter

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 0.05, raising=False)
    chess, go = two_clubs(app_db)
    app = logged_in_app("anna")
    rebuild = AppFooter.rebuild_out_of_sight

    async def slow_rebuild(self):
        await asyncio.sleep(0.4)
        await rebuild(self)

    async def scenario(pilot):
        page = await open_page(app, pilot, go)
        await back(pilot)
        monkeypatch.setattr(AppFooter, "rebuild_out_of_sight", slow_rebuild)
        app.open_community(chess)
        for _ in range(150):
            await asyncio.sleep(0.02)
            if app.screen is page and page.community is not None:
                break
        await settle(pilot)
        assert app.screen is page and name(page) == "Chess club"
        assert texts(page) == ["Chess on Friday"] and len(shown_cards(page)) == 1

    run(app, scenario)
