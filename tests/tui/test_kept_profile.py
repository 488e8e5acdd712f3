"""The profile screen opened once is kept and shown again for the next person
(issue 17, every key painted within 50 ms; tui/kept_screens.py): it shows the
new person's data, never the last one's — not before their data is read, not
from a read for the last one still under way — and behaves as a new one."""

from __future__ import annotations

import asyncio
import io

import pytest
from rich.console import Console
from textual import events
from textual.widgets import Button, Static

from models import friends, posts, profiles
from models.views import Relation
from tests.tui.conftest import held_back, settle
from tests.tui.test_key_order import burst, handled
from tui import kept_screens
from tui.screens.feed import FeedScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.post_list import PostList, PostListView


def details(screen) -> str:
    return str(screen.query_one("#profile-details", Static).render())


def authors(screen) -> set[str]:
    return {post.author.login for post in screen.query_one(PostList).posts}


def button(screen, name: str) -> Button:
    return screen.query_one(f"#{name}", Button)


async def opened(app, pilot, user_id: int) -> None:
    app.open_profile(user_id)
    await settle(pilot)


async def back(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)


def pushes(app) -> list[dict]:
    """What each screen pushed from now on showed as it was pushed."""
    seen: list[dict] = []
    push = app.push_screen

    def noted(screen, *args, **kwargs):
        if isinstance(screen, UserProfileScreen):
            seen.append({"screen": screen, "details": details(screen),
                         "authors": authors(screen), "user_id": screen.user_id})
        return push(screen, *args, **kwargs)

    app.push_screen = noted
    return seen


def watch_showing(app, screen, monkeypatch, note) -> list:
    """``note(screen)`` is called as ``screen`` is pushed; returns the list of
    the whole-screen layouts it gets once it is the one shown."""
    from textual.screen import Screen

    layouts: list = []
    lay_out, push = Screen._refresh_layout, app.push_screen

    def counted(shown, *args, **kwargs):
        if shown is screen and app.screen is screen:
            layouts.append(True)
        return lay_out(shown, *args, **kwargs)

    def noted(pushed, *args, **kwargs):
        if pushed is screen:
            note(screen)
        return push(pushed, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    app.push_screen = noted
    return layouts


async def kept_profile(app, pilot, app_db):
    """Michail's profile opened and closed: the screen, kept."""
    await settle(pilot)
    await opened(app, pilot, app_db.michail.id)
    kept = app.screen
    await back(pilot)
    return kept


async def kept_then_olga_held(app, pilot, app_db, monkeypatch):
    """Michail's profile opened and closed (the screen is kept), and Olga's
    profile read held back until the returned gate is set."""
    kept = await kept_profile(app, pilot, app_db)
    gate = held_back(monkeypatch, profiles, "get_profile_for",
                     lambda me, user_id: user_id == app_db.olga.id)
    return kept, gate


def test_the_second_profile_is_the_first_screen_shown_once_filled(
        logged_in_app, app_db, monkeypatch):
    """The kept screen is filled with Olga's data out of sight and shown only
    then: the person sees the feed a moment longer, never an emptied or
    half-filled profile, and the post cards are Michail's refilled in place."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)  # however slow the host
    app = logged_in_app("anna")

    posts.create_post(app_db.michail.id, "A second post: Olga has one")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            first = app.screen
            assert isinstance(first, UserProfileScreen)
            assert "Michail Petrov" in details(first)
            assert authors(first) == {"michail"}
            assert str(button(first, "unfriend").label) == "Remove from friends (x)"
            assert not button(first, "friend").display
            michails_cards = list(first.query_one(PostListView).children)
            assert len(michails_cards) == 2
            await back(pilot)
            assert isinstance(app.screen, FeedScreen)

            gate = held_back(monkeypatch, profiles, "get_profile_for",
                             lambda me, user_id: user_id == app_db.olga.id)
            shown = pushes(app)
            app.open_profile(app_db.olga.id)
            await asyncio.sleep(0.2)
            # Her data not read yet: the feed stays, the profile waits out of sight.
            assert isinstance(app.screen, FeedScreen) and shown == []
            assert app.screen_coming is first and first.user_id == app_db.olga.id
            assert first.person_name == "" and first.relation is None
            gate.set()
            await settle(pilot)
            assert app.screen is first and app.screen_coming is None
            assert len(shown) == 1 and shown[0]["screen"] is first
            assert "Olga Smirnova" in shown[0]["details"]  # as it was pushed
            assert "Michail" not in shown[0]["details"] and "Loading" not in shown[0]["details"]
            assert shown[0]["authors"] == {"olga"}
            assert "Olga Smirnova" in details(first) and "Michail" not in details(first)
            assert authors(first) == {"olga"}
            cards = list(first.query_one(PostListView).children)
            assert cards == michails_cards[:1]  # refilled in place, the second removed
            assert cards[0].highlighted and first.query_one(PostListView).index == 0
            assert str(button(first, "friend").label) == "Accept friend request (f)"
            assert button(first, "friend").display
            assert first.focused is first.query_one(PostListView)
            await back(pilot)  # back works as before
            assert isinstance(app.screen, FeedScreen)

    asyncio.run(scenario())


def test_a_slow_read_shows_the_kept_screen_emptied_then_filled(
        logged_in_app, app_db, monkeypatch):
    """A read slower than PUSH_WAIT: the screen is shown as a new one would be
    ("Loading…", nothing of Michail's), then filled with Olga's data."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 0.05, raising=False)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            first, gate = await kept_then_olga_held(app, pilot, app_db, monkeypatch)
            app.open_profile(app_db.olga.id)
            for _ in range(100):
                await asyncio.sleep(0.02)
                if app.screen is first:
                    break
            assert app.screen is first and first.user_id == app_db.olga.id
            assert "Michail" not in details(first) and "Loading" in details(first)
            assert first.query_one(PostList).posts == []
            assert not any(card.display for card in first.query_one(PostListView).children)
            assert first.person_name == ""
            gate.set()
            await settle(pilot)
            assert "Olga Smirnova" in details(first) and "Michail" not in details(first)
            assert authors(first) == {"olga"}
            assert str(button(first, "friend").label) == "Accept friend request (f)"
            assert first.focused is first.query_one(PostListView)

    asyncio.run(scenario())


@pytest.mark.parametrize("push_wait", [30.0, 0.05], ids=["filled-first", "slow-read"])
def test_a_key_typed_while_a_kept_profile_opens_acts_on_that_profile(
        logged_in_app, app_db, monkeypatch, push_wait):
    """f typed right after Olga's profile was asked for, before her relation
    is read: it waits for the profile and accepts her request (it was lost on
    the profile still loading, or would go to the feed below)."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", push_wait, raising=False)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            first, gate = await kept_then_olga_held(app, pilot, app_db, monkeypatch)
            app.open_profile(app_db.olga.id)
            burst(app, "f")
            await asyncio.sleep(0.3)
            gate.set()
            await handled(pilot)
            assert app.screen is first and first.user_id == app_db.olga.id
            assert friends.relation(app_db.anna.id, app_db.olga.id) is Relation.FRIENDS
            assert first.relation is Relation.FRIENDS
            assert "You are friends." in str(first.query_one("#relation", Static).render())

    asyncio.run(scenario())


def test_escape_typed_while_a_kept_profile_opens_closes_it(logged_in_app, app_db, monkeypatch):
    """Enter then Esc in one burst: the profile opens and Esc closes it (Esc
    waits for it rather than going to the feed below, then leaving the
    profile on screen)."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            first, gate = await kept_then_olga_held(app, pilot, app_db, monkeypatch)
            shown = pushes(app)
            app.open_profile(app_db.olga.id)
            app.post_message(events.Key("escape", None))
            await asyncio.sleep(0.3)
            gate.set()
            await handled(pilot)
            assert [push["user_id"] for push in shown] == [app_db.olga.id]
            assert isinstance(app.screen, FeedScreen)
            assert first not in app.screen_stack

    asyncio.run(scenario())


def card_text(card) -> str:
    console = Console(width=90, record=True, file=io.StringIO())
    console.print(card.query_one(Static).content)
    return console.export_text()


def test_a_refilled_card_shows_the_new_post_as_typed_and_acts_on_it(logged_in_app, app_db):
    """Michail's first card, refilled with Mallory's post, shows its text
    literally (markup as typed, no click action), and l likes her post."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            screen = app.screen
            card = screen.query_one(PostListView).children[0]
            michails = card.post
            await back(pilot)
            await opened(app, pilot, app_db.mallory.id)
            assert app.screen is screen and screen.query_one(PostListView).children[0] is card
            assert card.post.author.id == app_db.mallory.id
            assert "[@click=app.quit]click me[/] and [bold]shout[/]" in card_text(card)
            assert "Chess" not in card_text(card)
            await pilot.press("l")
            await settle(pilot)
            assert posts.post_view(app_db.anna.id, card.post.id).liked_by_me
            assert (posts.post_view(app_db.anna.id, michails.id).liked_by_me
                    == michails.liked_by_me)
            assert card.post.liked_by_me and app.is_running

    asyncio.run(scenario())


def test_a_read_for_the_last_person_is_not_shown_for_the_next(logged_in_app, app_db):
    """Michail's profile and posts, read before the screen was shown for Olga,
    arrive after: they are dropped."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            screen = app.screen
            post_list = screen.query_one(PostList)
            michails_page = post_list.loader(None)
            shows_before = post_list._shows
            await back(pilot)
            await opened(app, pilot, app_db.olga.id)
            michail = profiles.get_profile_for(app_db.anna.id, app_db.michail.id)
            await screen._show(michail, screen.relation, False, "")
            await post_list._show_page(michails_page, {}, True, shows_before)
            screen._show_relation_of(app_db.michail.id, screen.relation.FRIENDS, False)
            await settle(pilot)
            assert "Olga Smirnova" in details(screen) and "Michail" not in details(screen)
            assert authors(screen) == {"olga"}
            assert str(button(screen, "friend").label) == "Accept friend request (f)"

    asyncio.run(scenario())


def test_a_profile_on_another_stack_is_not_taken_and_log_out_drops_it(logged_in_app, app_db):
    """Michail's profile, then a message to him (Dialogs), then Olga's profile
    from there: his stays where it was and hers is a screen of its own. Log-out
    drops the kept screen."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            kept = app.screen
            await pilot.press("m")
            await settle(pilot)
            assert app.current_mode == "dialogs"
            await opened(app, pilot, app_db.olga.id)
            other = app.screen
            assert isinstance(other, UserProfileScreen) and other is not kept
            assert "Olga Smirnova" in details(other)
            assert kept in app._screen_stacks["feed"] and "Michail" in details(kept)
            await back(pilot)
            assert not other.is_attached  # thrown away as before
            app.log_out()
            await settle(pilot)
            assert app.kept_screen("user-profile") is None
            assert not any(name.startswith("kept-") for name in app._installed_screens)
            assert not kept.is_attached

    asyncio.run(scenario())


def test_shown_again_it_restyles_nothing_unless_the_theme_changed(logged_in_app, app_db):
    """Textual restyles every node of a screen each time it is shown; the kept
    profile skips that when nothing its styles depend on changed since it was
    left, and restyles after a theme change."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            screen = app.screen
            restyled = []
            original = screen.update_node_styles

            def update_node_styles(*args, **kwargs):
                restyled.append(True)
                return original(*args, **kwargs)

            screen.update_node_styles = update_node_styles
            await back(pilot)
            await opened(app, pilot, app_db.olga.id)
            assert app.screen is screen and restyled == []
            await back(pilot)
            app.theme = "textual-light" if app.theme != "textual-light" else "nord"
            await settle(pilot)
            await opened(app, pilot, app_db.michail.id)
            assert app.screen is screen and restyled

    asyncio.run(scenario())


def test_a_new_language_drops_the_kept_profile(logged_in_app, app_db):
    """Every section is built anew for a new language; the kept profile (its
    buttons in the old one) goes too, and the next profile is a new screen."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            kept = await kept_profile(app, pilot, app_db)
            app.rebuild_sections()
            await settle(pilot)
            assert app.kept_screen("user-profile") is None and not kept.is_attached
            await opened(app, pilot, app_db.olga.id)
            assert isinstance(app.screen, UserProfileScreen) and app.screen is not kept
            assert "Olga Smirnova" in details(app.screen)

    asyncio.run(scenario())


def test_the_profile_screen_is_built_out_of_sight_after_the_sections(
        logged_in_app, app_db, monkeypatch):
    """Once the sections are built, the profile screen is built too, empty and
    on no stack, its now-playing reads paused; the session's first profile is
    that screen, filled with Michail's data before it is shown, and it reads
    now-playing only while shown."""
    from tests.tui.test_sections_prepared import sections_prepared

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await sections_prepared(app, pilot)
            for _ in range(300):
                if app.kept_screen("user-profile") is not None:
                    break
                await asyncio.sleep(0.1)
            built = app.kept_screen("user-profile")
            assert isinstance(built, UserProfileScreen) and built.user_id is None
            assert built not in app.screen_stack and isinstance(app.screen, FeedScreen)
            assert not built._now_playing_timer._active.is_set()
            shown = pushes(app)
            app.open_profile(app_db.michail.id)
            assert app.screen_coming is built
            await settle(pilot)
            assert app.screen is built and [push["screen"] for push in shown] == [built]
            assert "Michail Petrov" in shown[0]["details"] and shown[0]["authors"] == {"michail"}
            assert built._now_playing_timer._active.is_set()
            assert built.focused is built.query_one(PostListView)
            await back(pilot)
            assert not built._now_playing_timer._active.is_set()

    asyncio.run(scenario())


@pytest.mark.parametrize("slow", ["cards", "footer"])
def test_a_wait_that_ends_while_the_posts_are_put_on_the_screen_does_not_empty_it(
        logged_in_app, app_db, monkeypatch, slow):
    """PUSH_WAIT ends while Michail's second card is being mounted on the kept
    screen, or its footer's keys (both slow here): the screen is not emptied
    under it; it is shown once filled, with both his posts."""
    from tui.widgets.footer import AppFooter

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 0.05, raising=False)
    posts.create_post(app_db.michail.id, "A second post: Olga has one")
    app = logged_in_app("anna")
    extend, rebuild = PostListView.extend, AppFooter.rebuild_out_of_sight

    def slow_extend(self, items):
        mounting = extend(self, items)

        async def slowly():
            await asyncio.sleep(0.4)
            await mounting

        return slowly()

    async def slow_rebuild(self):
        await asyncio.sleep(0.4)
        await rebuild(self)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.olga.id)
            first = app.screen
            await back(pilot)
            if slow == "cards":
                monkeypatch.setattr(PostListView, "extend", slow_extend)
            else:
                monkeypatch.setattr(AppFooter, "rebuild_out_of_sight", slow_rebuild)
            app.open_profile(app_db.michail.id)
            for _ in range(150):
                await asyncio.sleep(0.02)
                if app.screen is first and first.person_name:
                    break
            await settle(pilot)
            assert app.screen is first and "Michail Petrov" in details(first)
            assert [p.author.login for p in first.query_one(PostList).posts] == ["michail"] * 2
            assert not first.query_one(PostList).empty_shown

    asyncio.run(scenario())


def test_the_kept_profile_is_shown_with_its_footer_s_keys(logged_in_app, app_db, monkeypatch):
    """Refilled out of sight for Olga (her request waits for my answer), the
    profile is pushed with the footer of her relation's keys, not Michail's
    (a friend's) rebuilt after the first paint, and is not laid out again
    once shown."""
    from tui.widgets.footer import AppFooter

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)  # however slow the host
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await kept_profile(app, pilot, app_db)

            def keys() -> list[str]:
                return [key.description for key in screen.query_one(AppFooter).keys_on_show()]

            seen: dict = {}
            layouts = watch_showing(app, screen, monkeypatch,
                                    lambda _screen: seen.setdefault("keys", keys()))
            await opened(app, pilot, app_db.olga.id)
            assert app.screen is screen and "Olga Smirnova" in details(screen)
            assert seen["keys"] == keys()
            assert len(layouts) <= 1  # none on an idle host; it was 2–3 before

    asyncio.run(scenario())



def test_a_waits_tick_that_comes_after_the_profile_is_filled_does_not_empty_it(
        app_db, logged_in_app, monkeypatch):
    """The wait for a slow read ticks on a timer; filled, the profile stops
    it, but a tick already queued then still came and showed the profile
    emptied ("Loading…", seen under load in CI). Here that late tick comes
    right after the profile is filled: Michail's profile is shown whole."""
    app = logged_in_app("anna")
    filled = UserProfileScreen._filled

    def filled_then_late_tick(self, user_id: int) -> None:
        filled(self, user_id)
        app._push_coming(self, filled=False)  # the wait's tick, queued before it was stopped

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await opened(app, pilot, app_db.olga.id)
            first = app.screen
            await back(pilot)
            monkeypatch.setattr(UserProfileScreen, "_filled", filled_then_late_tick)
            app.open_profile(app_db.michail.id)
            await settle(pilot)
            assert app.screen is first and "Michail Petrov" in details(first)

    asyncio.run(scenario())
