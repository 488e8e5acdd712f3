"""A community's page made ready while the cursor rests on the community in
Communities (issue 17, every key painted within 50 ms; tui/ready_ahead.py):
Enter then shows it without a read, and what it shows is the community the
key is on, as it is now; its post box holds that community's draft, and no
other community's draft changes by it."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static, TabbedContent

from models import communities
from tests.tui.conftest import held_back, settle, type_text
from tests.tui.test_communities import run
from tests.tui.test_kept_community import back, members, name, open_page, texts, two_clubs
from tests.tui.test_live import until
from tui import ready_ahead
from tui.screens.communities import CommunitiesScreen
from tui.screens.community import CommunityScreen
from tui.widgets.composer import Composer


@pytest.fixture(autouse=True)
def quick_rest(monkeypatch):
    monkeypatch.setattr(ready_ahead, "READY_AFTER", 0.05)


def about(screen) -> str:
    return str(screen.query_one("#community-about", Static).render())


def reads_of_communities(monkeypatch) -> list[int]:
    """Which community is read from now on."""
    read: list[int] = []
    original = communities.get_community
    monkeypatch.setattr(communities, "get_community", lambda me, community_id: (
        read.append(community_id) or original(me, community_id)))
    return read


async def page_kept(app, pilot, community_id: int) -> None:
    """The community page kept (else built in a quiet moment after log-in):
    ``community_id``'s opened and closed."""
    await settle(pilot)
    if app.kept_screen("community") is None:
        await open_page(app, pilot, community_id)
        await back(pilot)


async def rest_on(app, pilot, community_id: int, tab: str, *, kept: int | None = None,
                  workers: bool = True) -> OptionList:
    """The cursor of Communities' ``tab`` ("my" or "all") on ``community_id``,
    left there a moment (a person reading its line): its page made ready
    meanwhile. ``kept``: the community opened first if no page is kept yet."""
    if workers:
        await page_kept(app, pilot, community_id if kept is None else kept)
    screen = app.screen
    assert isinstance(screen, CommunitiesScreen)
    tabs = screen.query_one(TabbedContent)
    if tabs.active != tab:
        tabs.active = tab
        await pilot.pause()
    options = screen.query_one(f"#list-{tab}", OptionList)
    options.focus()
    options.highlighted = options.get_option_index(f"c-{community_id}")
    await pilot.pause(0.1)
    assert await until(pilot, lambda: not ({"_readying", "_ready_timer"} & app.__dict__.keys()),
                       workers=workers)
    if workers:
        await settle(pilot)
    return options


def test_enter_after_a_rest_on_a_community_shows_its_page_read_while_resting(
        app_db, logged_in_app, monkeypatch):
    """Анна rests on Go club in All communities and presses Enter: its page
    (its name, its post, its members; she is not in it, so no post box) is
    shown, read while she rested: the key reads nothing."""
    chess, go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await rest_on(app, pilot, go, "all", kept=chess)
        read = reads_of_communities(monkeypatch)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommunityScreen) and screen.community_id == go
        assert name(screen) == "Go club" and texts(screen) == ["Go on Sunday"]
        assert "Olga" in " ".join(members(screen)) and "Michail Petrov" not in members(screen)
        assert not screen.query_one(Composer).display and screen.check_action("join", ())
        assert read == []

    run(app, scenario)


def test_a_key_before_the_rest_ends_opens_the_community_it_is_on(
        app_db, logged_in_app, monkeypatch):
    """Go club made ready; Анна moves up to Chess club and presses Enter at
    once: Chess club's page, with nothing of Go club's on it."""
    chess, go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await rest_on(app, pilot, go, "all", kept=chess)
        monkeypatch.setattr(ready_ahead, "READY_AFTER", 30.0)
        await pilot.press("up")  # Chess club, above Go club
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommunityScreen) and screen.community_id == chess
        assert name(screen) == "Chess club" and texts(screen) == ["Chess on Friday"]
        assert "Michail Petrov" in members(screen) and "Olga" not in " ".join(members(screen))
        assert screen.query_one(Composer).display  # a member of Chess club

    run(app, scenario)


def test_a_page_made_ready_a_while_ago_shows_what_changed_since(
        app_db, logged_in_app, monkeypatch):
    """Chess club made ready; before Анна presses Enter, Michail posts there
    and changes its about text. The page shows both once shown."""
    monkeypatch.setattr(ready_ahead, "READ_AGAIN_AFTER", 0.0)
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await rest_on(app, pilot, chess, "my")
        communities.post_to_community(app_db.michail.id, chess, "Board 3 is free tonight")
        communities.update_community(app_db.michail.id, chess, about="Blitz on Fridays.")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommunityScreen) and screen.community_id == chess
        assert await until(pilot, lambda: texts(screen)[:1] == ["Board 3 is free tonight"])
        assert await until(pilot, lambda: "Blitz on Fridays." in about(screen))

    run(app, scenario)


def test_a_page_read_again_as_it_is_shown_keeps_the_cursor_and_the_post_box(
        app_db, logged_in_app, monkeypatch):
    """Chess club made ready a while ago; its read again is slow. Meanwhile
    Анна moves to the second member and writes in the post box: nothing
    changed in the club, so both stay as she left them."""
    monkeypatch.setattr(ready_ahead, "READ_AGAIN_AFTER", 0.0)
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await rest_on(app, pilot, chess, "my")
        gate = held_back(monkeypatch, communities, "get_community")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, CommunityScreen), workers=False)
        screen = app.screen
        listed = screen.query_one("#members", OptionList)
        assert listed.option_count == 2
        listed.highlighted = 1
        await type_text(pilot, "half a th")
        gate.set()
        await settle(pilot)
        assert listed.highlighted == 1
        assert screen.query_one(Composer).text == "half a th"
        assert app.community_drafts[chess][0] == "half a th"

    run(app, scenario)


def test_a_draft_stays_with_its_community_when_another_is_made_ready(
        app_db, logged_in_app, monkeypatch):
    """Анна writes in Chess club's post box and leaves it; she rests on Go
    club (made ready), opens and leaves it, rests on Chess club and opens
    it: her words are there, and Go club's box stayed empty."""
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_page(app, pilot, chess)
        await type_text(pilot, "about chess")
        await back(pilot)
        await rest_on(app, pilot, go, "all")
        assert app.community_drafts[chess][0] == "about chess" and go not in app.community_drafts
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.community_id == go
        assert screen.query_one(Composer).text == ""
        await back(pilot)
        await rest_on(app, pilot, chess, "all")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.community_id == chess
        assert screen.query_one(Composer).text == "about chess"
        assert app.community_drafts[chess][0] == "about chess" and go not in app.community_drafts

    run(app, scenario)


async def published_as_it_was_made_ready(app, pilot, monkeypatch, chess: int) -> CommunityScreen:
    """Анна publishes in Chess club and leaves at once, the post still being
    stored; she rests on Chess club (made ready, her words still its draft),
    the post is stored, she presses Enter (the key reads nothing)."""
    screen = await open_page(app, pilot, chess)
    gate = held_back(monkeypatch, communities, "post_to_community")
    await type_text(pilot, "slow words")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()
    await rest_on(app, pilot, chess, "my", workers=False)
    assert screen.query_one(Composer).text == "slow words"  # made ready with the draft
    gate.set()
    assert await until(pilot, lambda: chess not in app.community_drafts)
    await settle(pilot)
    read = reads_of_communities(monkeypatch)
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen is screen and screen.community_id == chess and read == []
    return screen


def test_a_post_stored_after_its_page_was_made_ready_is_out_of_its_box(
        app_db, logged_in_app, monkeypatch):
    """Her words, published, are no longer in the box as the page is shown."""
    monkeypatch.setattr(ready_ahead, "READ_AGAIN_AFTER", 3600.0)
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await published_as_it_was_made_ready(app, pilot, monkeypatch, chess)
        assert screen.query_one(Composer).text == ""
        assert chess not in app.community_drafts

    run(app, scenario)


def test_a_post_stored_after_its_page_was_made_ready_is_on_it(app_db, logged_in_app, monkeypatch):
    """Her post is on the page at once, though it was not read again."""
    monkeypatch.setattr(ready_ahead, "READ_AGAIN_AFTER", 3600.0)
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await published_as_it_was_made_ready(app, pilot, monkeypatch, chess)
        assert texts(screen)[:2] == ["slow words", "Chess on Friday"]

    run(app, scenario)
