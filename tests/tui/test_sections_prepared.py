"""Every section is built out of sight after log-in, one per quiet moment, so its
first visit only shows it (issue 17, every key within 50 ms; tui/app_session.py
``_prepare_next``) — and that first visit shows what changed since it was
built, as a section built by the visit would."""

from __future__ import annotations

import asyncio

from models import accounts, posts
from tests.tui.conftest import settle
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tui.screens.people import PeopleScreen
from tui.screens.profile import MyProfileScreen
from tui.widgets.post_list import PostList
from tui.widgets.user_row import UserRow

PASSWORD = "correct-horse-battery-staple"


async def sections_prepared(app, pilot, seconds: float = 60) -> None:
    """Wait, as a person reading the feed, until every section is built."""
    for _ in range(int(seconds * 10)):
        if app.sections_prepared:
            break
        await asyncio.sleep(0.1)
    await settle(pilot)
    assert app.sections_prepared


async def everything_prepared(app, pilot, seconds: float = 60) -> None:
    """Wait until the quiet moments after log-in have done all they do (the
    sections, the kept screens, Dialogs' rows, the statements' SQL) and the
    closing collection ran."""
    await settle(pilot)
    for _ in range(int(seconds * 10)):
        if app.collected_after_building:
            break
        await asyncio.sleep(0.1)
    assert app.collected_after_building


def test_every_section_is_built_out_of_sight_and_shows_fresh_data(app_db, logged_in_app):
    """Анна stays on the Feed: every section is built behind it, laid out, with
    nothing of it painted. Then Aaron Aalto registers and Анна posts from another
    device; her first F5 shows that very People screen with Aaron in it, her
    first F7 that very profile screen with the new post."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await sections_prepared(app, pilot)
            assert app.current_mode == "feed"
            people = app._screen_stacks["people"][0]
            profile = app._screen_stacks["profile"][0]
            assert people.is_mounted and profile.is_mounted
            assert people.laid_out_out_of_sight and profile.laid_out_out_of_sight
            accounts.register("aaron", "Aaron", "Aalto", PASSWORD)
            posts.create_post(app_db.anna.id, "Written on my phone")
            await pilot.press("f5")
            await settle(pilot)
            assert app.screen is people and isinstance(people, PeopleScreen)
            names = [row.user.last_name for row in people.query(UserRow)]
            assert "Aalto" in names
            await pilot.press("f7")
            await settle(pilot)
            assert app.screen is profile and isinstance(profile, MyProfileScreen)
            texts = [post.text for post in profile.query_one(PostList).posts]
            assert "Written on my phone" in texts

    asyncio.run(scenario())


def test_a_key_pressed_holds_the_next_build_back(logged_in_app):
    """A build takes the UI thread for a moment: none starts while keys come in
    (less than ``PREPARE_GAP`` apart), and the sections the person visits
    meanwhile are built by the visit as before."""
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 0

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            built = set(app._screen_stacks)
            for _ in range(5):
                app.note_input()  # a key every moment
                app._prepare_next(app.current_user)
                assert set(app._screen_stacks) == built
            await pilot.press("f8")
            await settle(pilot)
            assert app.current_mode == "music"
            assert not app._screen_stacks["music"][0].built_out_of_sight

    asyncio.run(scenario())


def test_dialogs_first_rows_are_drawn_before_a_chat_opened_from_elsewhere(
        app_db, logged_in_app, make_user, monkeypatch):
    """Twenty-five people wrote to Анна: her Dialogs list is longer than the
    screen. Once every section is built after log-in, the list's first rows
    are drawn out of sight too, so a chat opened from elsewhere (a profile's
    Message, a search result) that scrolls the list to a row never on show
    draws only that row on the key (highlighted, and again once read), and
    every row on show then is what the list draws afresh."""
    from models import messages
    from tui.widgets import dialog_list
    from tui.widgets.dialog_list import DialogList

    writers = [make_user(f"writer{n}", f"Writer{n:02}", "Test") for n in range(25)]
    for n, writer in enumerate(writers):
        messages.send_message(writer.id, app_db.anna.id, f"hello {n}", f"w-{n}")
    drawn: list[str] = []
    row = dialog_list.DialogRow.render_strips
    monkeypatch.setattr(dialog_list.DialogRow, "render_strips",
                        lambda self, *a: (drawn.append(self._name.plain), row(self, *a))[1])
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 0

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await everything_prepared(app, pilot)
            await pilot.press("f3")
            await settle(pilot)
            listing = app.screen.query_one(DialogList)
            last = listing.option_count - 1  # saved notes, Michail and the 25
            assert last == 26 and listing.highlighted == 0
            first_writer = writers[0]  # wrote first: above Michail, out of sight
            assert listing.get_option_at_index(last - 1).id == f"peer-{first_writer.id}"
            assert listing.scroll_y == 0 and listing.size.height < 2 * last
            drawn.clear()
            app.open_dialog(first_writer.id)
            await settle(pilot)
            assert app.open_peer_id == first_writer.id and listing.highlighted == last - 1
            assert listing.scroll_y > 0
            assert set(drawn) == {"Writer00 Test"}, drawn
            region = listing.size.region
            shown = [list(strip) for strip in listing.render_lines(region)]
            listing._clear_caches()
            assert [list(strip) for strip in listing.render_lines(region)] == shown

    asyncio.run(scenario())


def test_the_first_group_opened_builds_no_sql_on_its_key(app_db, logged_in_app, hike,
                                                          monkeypatch):
    """Once every section is built after log-in, the quiet moments build the
    SQL of the statements not called yet (``models.prepared.build_ahead``):
    the session's first group opened (its summary and its page) builds none
    on its key. It built two, 5 ms of the key with a 500-member group."""
    from models import prepared
    from tui.chats import group_key

    for statement in prepared._every:
        statement._state = None  # as in a process that just started
    app = logged_in_app("anna")
    app.PREPARE_AFTER = 0

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await everything_prepared(app, pilot)
            built: list = []
            compile_ = prepared.Prepared._compile
            monkeypatch.setattr(prepared.Prepared, "_compile",
                                lambda self, db: (built.append(self), compile_(self, db))[1])
            app.open_chat(group_key(hike))
            await settle(pilot)
            assert app.open_dialog_id == hike
            assert built == []

    asyncio.run(scenario())


def test_screens_built_out_of_sight_are_drawn_out_of_sight_and_show_what_changed(
        app_db, logged_in_app):
    """After the quiet moments, every section Анна has not visited and every
    kept screen (a profile, a community's page, a post) was drawn once out of
    sight: its widgets keep their lines, so the key that first shows it draws
    only what changed (a community page's first opening took 85 ms at the
    median, 47 with this: bench/README.md). What changed after that drawing
    is on screen at the first visit: Aaron, registered since, in People."""
    from textual.widget import Widget

    app = logged_in_app("anna")

    def drawn(screen) -> bool:
        return any(node._styles_cache._cache for node in screen.walk_children(Widget))

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await everything_prepared(app, pilot)
            assert app.current_mode == "feed"
            for name in ("dialogs", "friends", "people", "communities", "profile", "music"):
                assert drawn(app._screen_stacks[name][0]), name
            for name in ("user-profile", "community", "post"):
                assert drawn(app.kept_screen(name)), name
            accounts.register("aaron", "Aaron", "Aalto", PASSWORD)
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, PeopleScreen)
            assert "Aalto" in app.export_screenshot()

    asyncio.run(scenario())
