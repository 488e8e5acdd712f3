"""A post list shown afresh puts on cards only what the screen can show (and
two more); the rest of the page it read waits, held, until the cursor comes
near (issue 17, every key painted: laying out the cards below the screen was
half of opening a community). Held posts are not stale when they come: a
like, a reaction or a comment count that changed meanwhile is on their card."""

from __future__ import annotations

from dataclasses import replace

from models import comments, communities
from tests.tui.conftest import settle
from tests.tui.test_comments import card_text
from tests.tui.test_kept_community import open_page
from tests.tui.test_live import POLL, run, until
from tui.widgets.post_actions import show_posts
from tui.widgets.post_list import PostList, PostListView


def club_of_thirty(app_db) -> tuple[int, list]:
    """Chess club with 30 posts by Michail (Move 0 the oldest); Анна a member."""
    club = app_db.community_id
    communities.join(app_db.anna.id, club)
    made = [communities.post_to_community(app_db.michail.id, club, f"Move {n}")
            for n in range(30)]
    return club, made[::-1]  # newest first, as shown


def on_cards(screen) -> list[str]:
    return [card.post.text for card in screen.query_one(PostListView).children]


def test_a_community_opens_with_the_cards_the_screen_shows_and_the_rest_comes_on_the_way_down(
        app_db, logged_in_app):
    club, newest_first = club_of_thirty(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, club)
        post_list = page.query_one(PostList)
        at_once = 30 // 4 + 2
        assert post_list.cards_at_once() == at_once
        assert on_cards(page) == [p.text for p in newest_first[:at_once]]
        assert [p.text for p in post_list.held] == [p.text for p in newest_first[at_once:20]]
        assert [p.text for p in post_list.posts] == [p.text for p in newest_first[:20]]
        page.query_one(PostListView).focus()
        for _ in range(40):  # down to the oldest, one post at a time
            await pilot.press("down")
        await settle(pilot)
        assert on_cards(page) == [p.text for p in newest_first]  # each once, in order
        assert post_list.held == ()
        assert page.query_one(PostListView).index == 29

    run(app, scenario)


def test_a_held_post_comes_with_what_changed_meanwhile(app_db, logged_in_app):
    """Olga comments on a post below the screen and Michail's post is liked
    (the live poll, a like in another list of the screen): when the cursor
    brings it, its card says so."""
    club, newest_first = club_of_thirty(app_db)
    below, liked = newest_first[15], newest_first[16]
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        page = await open_page(app, pilot, club)
        post_list = page.query_one(PostList)
        assert below.id in {p.id for p in post_list.held}
        comments.add_comment(app_db.olga.id, below.id, "a fine move")
        assert await until(pilot, lambda: next(
            p for p in post_list.held if p.id == below.id).comment_count == 1)
        show_posts(app, [replace(liked, like_count=5)])
        view = page.query_one(PostListView)
        view.focus()
        await pilot.press("end")
        await settle(pilot)
        cards = {card.post.id: card for card in view.children}
        assert "💬 1" in card_text(cards[below.id])
        assert cards[liked.id].post.like_count == 5

    run(app, scenario)


def test_a_list_read_again_keeps_its_cards(app_db, logged_in_app):
    """Read again with nothing new (the live poll, a section shown again), a
    list whose held posts were put on cards keeps them all: it is not cut back
    to what a fresh list shows, nor is the cursor moved."""
    club, newest_first = club_of_thirty(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, club)
        post_list = page.query_one(PostList)
        view = page.query_one(PostListView)
        view.focus()
        for _ in range(12):
            await pilot.press("down")
        await settle(pilot)
        shown = on_cards(page)
        assert len(shown) > 30 // 4 + 2 and view.index == 12  # more than a fresh list's
        post_list.reload()
        await settle(pilot)
        assert on_cards(page) == shown and view.index == 12

    run(app, scenario)


def test_a_community_cards_width_does_not_change_when_its_list_outgrows_the_screen(
        app_db, logged_in_app):
    """A community whose posts fit, then one whose posts do not: the cards are
    as wide in both (the scroll bar's place is kept), so the page opened is not
    laid out a second time, every card measured again, once its scroll bar
    shows."""
    club, _newest_first = club_of_thirty(app_db)
    small = communities.create_community(app_db.olga.id, "Go club", "Stones.").id
    communities.post_to_community(app_db.olga.id, small, "Go on Sunday")
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, small)
        view = page.query_one(PostListView)
        fits = [card.size.width for card in view.children]
        assert len(fits) == 1 and view.max_scroll_y == 0
        await pilot.press("escape")
        await settle(pilot)
        assert await open_page(app, pilot, club) is page
        assert view.max_scroll_y > 0
        assert {card.size.width for card in view.children} == set(fits)

    run(app, scenario)


def test_held_posts_come_when_the_terminal_grows_taller(app_db, logged_in_app):
    """Held for a 30-row terminal, the posts come once it is 60 rows tall:
    the screen shows them now, and no scroll would have brought them."""
    club, newest_first = club_of_thirty(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, club)
        assert len(on_cards(page)) == 30 // 4 + 2
        await pilot.resize_terminal(100, 60)
        await settle(pilot)
        assert on_cards(page) == [p.text for p in newest_first[:20]]
        assert page.query_one(PostList).held == ()

    run(app, scenario)


def test_a_list_read_again_with_a_new_post_still_holds_what_is_below(app_db, logged_in_app):
    """Read again with a post more on top (as the feed's refresh does), a list
    still showing only its first cards puts the new post on a card and keeps
    holding the rest: it does not lay out the whole page."""
    club, newest_first = club_of_thirty(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, club)
        post_list = page.query_one(PostList)
        at_once = post_list.cards_at_once()
        fresh = communities.post_to_community(app_db.michail.id, club, "Move 30")
        post_list.reload()
        await settle(pilot)
        assert on_cards(page) == [fresh.text] + [p.text for p in newest_first[:at_once - 1]]
        assert [p.text for p in post_list.posts] == [fresh.text] + [
            p.text for p in newest_first[:19]]

    run(app, scenario)


def test_cards_are_as_wide_in_a_short_list_as_in_one_that_scrolls(app_db, logged_in_app):
    """A list's scroll bar has its place kept (``scrollbar-gutter: stable``):
    a card's text wraps the same whether the list fits the screen or scrolls,
    so a list that grows past the screen does not rewrap every card, and a
    kept page refilled from a short list is laid out once, not twice (issue
    17: the kept profile opened from the feed)."""
    club, _ = club_of_thirty(app_db)
    quiet = communities.create_community(app_db.anna.id, "Quiet corner").id
    communities.post_to_community(app_db.anna.id, quiet, "Only post here")
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, quiet)
        view = page.query_one(PostListView)
        assert view.max_scroll_y == 0  # one post: nothing to scroll
        short_width = view.children[0].size.width
        await pilot.press("escape")
        await settle(pilot)
        assert await open_page(app, pilot, club) is page  # the kept page, refilled
        assert view.max_scroll_y > 0 and len(view.children) > 1
        assert [card.size.width for card in view.children] == [short_width] * len(
            view.children)

    run(app, scenario)


def test_a_kept_page_puts_on_cards_the_posts_that_fill_it_and_two_more(app_db, logged_in_app):
    """Communities of long posts on the kept page (laid out before: built out
    of sight after log-in, then shown for another community) put on cards as
    many as fill the list, counted by the fewest lines each can take, and two
    more: fewer than the shortest cards would need, and no gap at the bottom,
    also when the list is taller than the last time (no post box: not a
    member) or after a community of one post. The rest still come on the way
    down, each once and in order."""
    club = app_db.community_id
    communities.join(app_db.anna.id, club)

    def long_posts(author: int, community: int, word: str) -> list[str]:
        return [communities.post_to_community(
            author, community, f"{word} {n}: " + "a long line of analysis " * 12).text
            for n in range(30)][::-1]  # newest first, as shown

    newest = {club: long_posts(app_db.michail.id, club, "Move")}
    other = communities.create_community(app_db.olga.id, "Go club", "Stones.").id
    newest[other] = long_posts(app_db.olga.id, other, "Stone")
    small = communities.create_community(app_db.olga.id, "Shogi club", "Pieces.").id
    communities.post_to_community(app_db.olga.id, small, "Shogi on Monday")
    app = logged_in_app("anna")

    def fills_its_list(page, community: int) -> None:
        view = page.query_one(PostListView)
        cards = list(view.children)
        assert 3 <= len(cards) < 30 // 4 + 2
        assert on_cards(page) == newest[community][:len(cards)]
        seen = view.region
        assert cards[-1].region.bottom > seen.bottom  # the list is full: no gap
        assert len([card for card in cards if card.region.y >= seen.bottom]) <= 2

    async def scenario(pilot):
        page = await open_page(app, pilot, club)
        fills_its_list(page, club)
        for community in (other, small, club):
            await pilot.press("escape")
            await settle(pilot)
            assert await open_page(app, pilot, community) is page
            if community != small:
                fills_its_list(page, community)
        page.query_one(PostListView).focus()
        for _ in range(40):
            await pilot.press("down")
        await settle(pilot)
        assert on_cards(page) == newest[club]
        assert page.query_one(PostList).held == ()

    run(app, scenario)
