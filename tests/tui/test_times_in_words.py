"""Times in words ("just now", "5 min ago", "3 h ago") read true while they
are shown: a post card, a comment, the post on its page, a dialog's row, a
search result and the chat search's match are drawn again when their time
reads otherwise, by the app's one timer, which wakes when the first time on
the screen shown changes (tui/relative_times.py). The clock is moved by hand,
and the timer's wake is called as the timer calls it."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from models import clock
from tests.tui.conftest import settle, type_text
from tests.tui.screen_walk import screen_lines
from tests.tui.test_chat_search import bar_status, search_the_chat
from tests.tui.test_my_posts_everywhere import write_on_the_feed
from tests.tui.test_search_screen import lines, open_search
from tui.formatting import relative_time, relative_time_changes
from tui.screens.post import PostScreen
from tui.screens.search import SearchScreen
from tui.widgets.comment_item import CommentItem
from tui.widgets.dialog_list import DialogList
from tui.widgets.post_card import PostCard


@pytest.mark.parametrize("age", [
    timedelta(0), timedelta(seconds=59), timedelta(minutes=1), timedelta(minutes=8, seconds=3),
    timedelta(minutes=59, seconds=59), timedelta(hours=1), timedelta(hours=23, minutes=59),
    timedelta(days=1), timedelta(days=1, hours=23), timedelta(days=2), timedelta(days=40),
    timedelta(seconds=-30),  # a clock a little ahead of this one
])
def test_the_next_change_is_the_first_moment_the_words_read_otherwise(age):
    """Until the moment ``relative_time_changes`` names, the time reads as it
    does now; from it on, otherwise."""
    now = datetime(2026, 3, 14, 12, 0, 0)
    moment = now - age
    change = relative_time_changes(moment, now)
    assert change is not None and change > now
    assert relative_time(moment, change - timedelta(microseconds=1)) == relative_time(moment, now)
    assert relative_time(moment, change) != relative_time(moment, now)


def test_a_date_of_another_year_never_changes():
    now = datetime(2026, 3, 14, 12, 0, 0)
    assert relative_time_changes(datetime(2025, 3, 1), now) is None
    assert relative_time_changes(None, now) is None


def later(frozen_clock: datetime, minutes: float) -> None:
    clock.freeze(frozen_clock + timedelta(minutes=minutes))


def woke(app) -> None:
    """The app's timer wakes, as it is due (the clock moved)."""
    timer = app._times_timer
    assert timer is not None and app._times_due <= clock.now()
    timer.stop()  # it would wake at the real time
    app._times_woke()


def redraws(monkeypatch) -> list[tuple[PostCard, object]]:
    """The post cards drawn again from now on, with what each shows."""
    drawn: list = []
    show = PostCard.show

    def counted(self, shown) -> None:  # type: ignore[no-untyped-def]
        drawn.append((self, shown))
        show(self, shown)

    monkeypatch.setattr(PostCard, "show", counted)
    return drawn


def run(app, scenario, size=(100, 30)) -> None:
    async def main():
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


def test_a_post_said_just_now_says_8_min_ago_eight_minutes_later(
        logged_in_app, frozen_clock, monkeypatch):
    """Анна writes a post on the Feed: "just now". Eight minutes later the card
    says "8 min ago" (it said "just now", then "1 min ago", for ever). Only the
    cards whose words changed are drawn again: hers in both tabs and Mallory's
    post of 5 minutes before (now 13), not Michail's "2 h ago"."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await write_on_the_feed(pilot, "wall test 7")
        assert any("Анна Иванова @anna · just now" in line for line in screen_lines(app))
        assert app._times_due == frozen_clock + timedelta(minutes=1)
        drawn = redraws(monkeypatch)
        later(frozen_clock, 8)
        woke(app)
        await settle(pilot)
        shown = screen_lines(app)
        assert any("Анна Иванова @anna · 8 min ago" in line for line in shown)
        assert not any("just now" in line for line in shown)
        assert sorted(post.text for _card, post in drawn) == [
            "[@click=app.quit]click me[/] and [bold]shout[/]", "wall test 7", "wall test 7"]
        assert app._times_due == frozen_clock + timedelta(minutes=9)

    run(app, scenario)


def test_a_section_out_of_sight_is_drawn_again_when_shown(logged_in_app, frozen_clock,
                                                          monkeypatch):
    """The Feed left for My profile: its cards are not drawn while out of sight,
    whatever the clock; shown again (F2), they read true at once."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await write_on_the_feed(pilot, "wall test 7")
        await pilot.press("f7")
        await settle(pilot)
        feed_cards = list(app._screen_stacks["feed"][0].query(PostCard))
        drawn = redraws(monkeypatch)
        later(frozen_clock, 3)
        woke(app)  # My profile's post, 3 min ago now
        await settle(pilot)
        assert any("@anna · 3 min ago" in line for line in screen_lines(app))
        assert drawn and not any(card in feed_cards for card, _post in drawn)
        await pilot.press("f2")
        await settle(pilot)
        shown = screen_lines(app)
        assert any("@anna · 3 min ago" in line for line in shown)
        assert not any("just now" in line for line in shown)

    run(app, scenario)


def test_a_comment_and_the_post_on_its_page_keep_their_times(logged_in_app, frozen_clock):
    """On a post's page, a comment written "just now" says "5 min ago" five
    minutes later; the post on top, "2 h ago", says "3 h ago" an hour on."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("enter")  # Michail's chess post, on top of Following
        await settle(pilot)
        assert isinstance(app.screen, PostScreen)
        await pilot.press("c")
        await type_text(pilot, "Count me in")
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_lines(app)
        assert any("Michail Petrov @michail · 2 h ago" in line for line in shown)
        assert any("@anna · just now" in line for line in shown)
        later(frozen_clock, 5)
        woke(app)
        await settle(pilot)
        assert any("@anna · 5 min ago" in line for line in screen_lines(app))
        later(frozen_clock, 60)
        woke(app)
        await settle(pilot)
        shown = screen_lines(app)
        assert any("Michail Petrov @michail · 3 h ago" in line for line in shown)
        assert any("@anna · 1 h ago" in line for line in shown)
        items = list(app.screen.query(CommentItem))
        assert [item.comment.text for item in items] == ["Count me in"]

    run(app, scenario)


def test_the_dialog_lists_times_go_on_while_it_is_shown(logged_in_app, frozen_clock):
    """Dialogs left open: Michail's row said "20 min ago"; 25 minutes on (the
    clock moved, the timer woke) it says "45 min ago", without a read of the list."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        listing = app.screen.query_one(DialogList)
        assert any("Michail Petrov" in line and "20 min ago" in line
                   for line in screen_lines(app))
        later(frozen_clock, 25)
        woke(app)
        await settle(pilot)
        assert any("Michail Petrov" in line and "45 min ago" in line
                   for line in screen_lines(app))
        assert listing is app.screen.query_one(DialogList)

    run(app, scenario)


def test_search_results_keep_their_times(logged_in_app, frozen_clock, monkeypatch):
    """Ctrl+F, "chess": Michail's post "2 h ago" in the results; an hour on it
    says "3 h ago"."""
    monkeypatch.setattr(SearchScreen, "DEBOUNCE", 0)
    app = logged_in_app("anna")

    async def scenario(pilot):
        options = await open_search(pilot, "chess")
        assert any(line.endswith("2 h ago") for line in lines(options))
        later(frozen_clock, 60)
        woke(app)
        await settle(pilot)
        found = lines(options)
        assert any(line.endswith("3 h ago") for line in found)
        assert not any(line.endswith("2 h ago") for line in found)

    run(app, scenario, size=(110, 32))


def test_the_chat_search_says_when_its_match_was_written_as_time_goes_by(
        logged_in_app, app_db, frozen_clock):
    """In the chat with Michail, Ctrl+F "seven", Enter: the bar says "20 min
    ago" of the match; ten minutes on, "30 min ago"."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        assert await search_the_chat(pilot, app_db.michail.id, "seven") == "20 min ago"
        later(frozen_clock, 10)
        woke(app)
        await settle(pilot)
        assert bar_status(app) == "30 min ago"

    run(app, scenario, size=(160, 32))
