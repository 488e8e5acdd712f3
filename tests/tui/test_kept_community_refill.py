"""The kept community page refilled out of sight does the work of one page
(issue 17, every key painted, ninth round; tui/kept_screens.py): its footer's
keys are rebuilt once, for what the page shows, or not at all when they are
the last page's; its refilled post cards ask for no second layout; and the
cards shown are the new community's, each placed under the last."""

from __future__ import annotations

from models import communities
from tests.tui.conftest import settle
from tests.tui.test_communities import run
from tests.tui.test_kept_community import (
    back,
    name,
    open_page,
    shown_cards,
    shown_unfilled,
    texts,
    two_clubs,
)
from tui import kept_screens
from tui.widgets.footer import AppFooter
from tui.widgets.post_card import PostBody, PostCard


def count_rebuilds(monkeypatch, screen) -> list:
    """The rebuilds of ``screen``'s footer keys (removed and mounted) from now on."""
    rebuilds: list = []
    rebuild = AppFooter._rebuild

    async def counted(self):
        if self.screen is screen:
            rebuilds.append(screen)
        await rebuild(self)

    monkeypatch.setattr(AppFooter, "_rebuild", counted)
    return rebuilds


async def shown_again(app, pilot, page, community_id: int, community: str) -> None:
    app.open_community(community_id)
    await settle(pilot)
    assert app.screen is page and name(page) == community


def footer_keys(screen) -> set[str]:
    return {key.description for key in screen.query_one(AppFooter).keys_on_show()}


def test_the_same_keys_are_not_rebuilt_for_the_next_community(app_db, logged_in_app,
                                                              monkeypatch):
    """A member of both: the page's keys are the same for the second, so none
    is removed or mounted (they were twice: once out of sight for the members
    list focused as the page was emptied, once more for the post box)."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)  # however slow the host
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, go)
        await back(pilot)
        rebuilds = count_rebuilds(monkeypatch, page)
        await shown_again(app, pilot, page, chess, "Chess club")
        assert "Attach pictures" in footer_keys(page) and "Join" not in footer_keys(page)
        assert rebuilds == []

    run(app, scenario)


def test_other_keys_are_rebuilt_once_for_the_next_community(app_db, logged_in_app,
                                                            monkeypatch):
    """From a page I am a member of to one I am not: its keys (Join, no post
    box) are rebuilt once, before it is shown, and back again once."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    chess, go = two_clubs(app_db)  # Анна is in Chess club, not in Go club
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, chess)
        await back(pilot)
        rebuilds = count_rebuilds(monkeypatch, page)
        await shown_again(app, pilot, page, go, "Go club")
        assert "Join" in footer_keys(page) and "Attach pictures" not in footer_keys(page)
        assert len(rebuilds) == 1
        await back(pilot)
        await shown_again(app, pilot, page, chess, "Chess club")
        assert "Attach pictures" in footer_keys(page) and "Join" not in footer_keys(page)
        assert len(rebuilds) == 2

    run(app, scenario)


def test_refilled_cards_ask_for_no_second_layout_and_sit_one_under_another(
        app_db, logged_in_app, monkeypatch):
    """Go club's posts are taller than Chess club's: the cards refilled with
    them get their heights from the one layout out of sight and ask for no
    other; each is placed right under the one before, as tall as its post."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    chess, go = two_clubs(app_db)
    for n in range(3):
        communities.post_to_community(app_db.olga.id, go, "\n".join(f"line {i}" for i in range(n + 3)))
    app = logged_in_app("anna")
    asking: list = []
    lay_out = kept_screens.lay_out_out_of_sight

    def noted(screen, size):
        from textual.screen import Screen

        refresh_layout = screen._refresh_layout

        def one_layout(*args, **kwargs):
            refresh_layout(*args, **kwargs)
            asking.extend(node for node in screen.walk_children(with_self=True)
                          if node._layout_required and isinstance(node, PostCard | PostBody))

        screen._refresh_layout = one_layout
        try:
            lay_out(screen, size)
        finally:
            del screen._refresh_layout
        assert isinstance(screen, Screen)

    async def scenario(pilot):
        page = await open_page(app, pilot, chess)
        await back(pilot)
        monkeypatch.setattr(kept_screens, "lay_out_out_of_sight", noted)
        await shown_again(app, pilot, page, go, "Go club")
        assert texts(page)[-1] == "Go on Sunday" and len(texts(page)) == 4
        assert asking == []
        cards = shown_cards(page)
        assert len(cards) == 4
        for card, after in zip(cards, cards[1:], strict=False):
            body = card.query_one(PostBody)
            lines = card.post.text.count("\n") + 3  # its header, its text, its counts
            assert body.size.height == lines
            assert card.virtual_region.height == lines + 1  # its padding under it
            assert after.virtual_region.y == card.virtual_region.bottom

    run(app, scenario)


def test_the_post_box_keeps_the_focus_from_one_members_page_to_the_next(
        app_db, logged_in_app, monkeypatch):
    """A member of both: the focus stays in the post box as the page is
    refilled (it went to the members list and back, restyling both); on a
    page I may not post to it is the members list's."""
    from textual.widgets import OptionList

    from tui.widgets.composer import Composer

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    chess, go = two_clubs(app_db)
    ludo = communities.create_community(app_db.olga.id, "Ludo club", "Dice.").id
    communities.join(app_db.anna.id, go)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, go)
        box, listing = page.query_one(Composer), page.query_one("#members", OptionList)
        assert app.focused is box
        await back(pilot)
        focused: list = []
        set_focus = page.set_focus

        def noted(widget, *args, **kwargs):
            focused.append(widget)
            return set_focus(widget, *args, **kwargs)

        page.set_focus = noted
        await shown_again(app, pilot, page, chess, "Chess club")
        assert listing not in focused and page.focused is box
        await back(pilot)
        await shown_again(app, pilot, page, ludo, "Ludo club")
        assert page.focused is listing and not box.display

    run(app, scenario)


def test_a_slow_read_shows_the_page_with_the_members_list_focused(
        app_db, logged_in_app, monkeypatch):
    """Shown before it is read, the page's focus is not in its hidden post box."""

    from textual.widgets import OptionList

    from tests.tui.conftest import held_back
    from tui.widgets.composer import Composer

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 0.05, raising=False)
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, chess)
        assert app.focused is page.query_one(Composer)
        await back(pilot)
        gate = held_back(monkeypatch, communities, "get_community",
                         lambda me, community_id: community_id == go)
        await shown_unfilled(app, page, go)
        assert texts(page) == []
        assert page.focused is page.query_one("#members", OptionList)
        gate.set()
        await settle(pilot)
        assert name(page) == "Go club" and page.focused is page.query_one(Composer)

    run(app, scenario)


def test_the_live_poll_watches_the_posts_of_every_list_on_a_stack(app_db, logged_in_app):
    """Each page of posts shown tells the live poll the posts of every post
    list on a screen stack (the mounted lists are noted as they mount, not
    looked for among every screen's widgets): the community's, and the
    feed's, not a list out of sight on no stack."""
    from tui.widgets.post_list import PostList

    chess, go = two_clubs(app_db)
    app = logged_in_app("anna")
    told: list = []

    async def scenario(pilot):
        app.set_live_cards = told.append
        page = await open_page(app, pilot, chess)
        expected = {p.id for stack in app._screen_stacks.values() for screen in stack
                    for lst in screen.query(PostList) for p in lst.posts}
        assert told and set(told[-1]) == expected and told[-1] == tuple(sorted(expected, reverse=True))
        assert {p.id for p in page.query_one(PostList).posts} <= set(told[-1])
        await back(pilot)
        await shown_again(app, pilot, page, go, "Go club")
        assert [p.text for p in page.query_one(PostList).posts] == ["Go on Sunday"]
        go_post = page.query_one(PostList).posts[0].id
        assert go_post in told[-1]

    run(app, scenario)
