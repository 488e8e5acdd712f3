"""Keys read in one burst keep their order across a change of focus: a fast
typist or a password manager typing "login Tab password Enter" logs in;
nothing after the Tab lands in the Login field, where a password would show
in the clear."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.widgets import Input

from tests.tui.conftest import PASSWORD, held_back, settle
from tests.tui.test_dialogs import open_chat, run
from tests.tui.test_people import open_people, search
from tui.screens.dialogs import DialogsScreen
from tui.screens.new_dialog import NewDialogScreen
from tui.screens.user_profile import UserProfileScreen
from tui.widgets.composer import Composer


def burst(app, text: str) -> None:
    """Post the keys of ``text`` to the app at once, as a terminal read of
    them would (``\\t`` is Tab, ``\\r`` Enter): nothing runs in between."""
    for char in text:
        key = {"\t": "tab", "\r": "enter", " ": "space"}.get(char, char)
        app.post_message(events.Key(key, char if char not in "\t\r" else None))


async def handled(pilot) -> None:
    """Wait until the app has handled every key of the bursts (a loaded host
    takes a while), then for what they started."""
    await settle(pilot)
    for _ in range(500):
        if not pilot.app.keys_pending:
            break
        await pilot.pause(0.02)
    await settle(pilot)


@pytest.mark.parametrize("between", ["\t", "\r"], ids=["tab", "enter"])
def test_login_then_password_typed_in_one_burst_logs_in(make_test_app, app_db, between):
    """Tab or Enter on the Login field moves on to Password only once its
    handler has run (Enter's asks for the focus on a later turn); the password
    typed after it in the same burst still goes there, not into the Login
    field in the clear."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            burst(app, f"anna{between}{PASSWORD}")
            await handled(pilot)
            login, password = app.screen.query("Input")[:2]
            assert login.value == "anna"
            assert password.value == PASSWORD
            burst(app, "\r")
            await handled(pilot)
            assert app.current_user is not None and app.current_user.id == app_db.anna.id

    asyncio.run(scenario())


def test_register_form_typed_in_one_burst_fills_each_field(make_test_app):
    """Enter goes from field to field in Create account; a burst of all five
    answers puts each in its own field."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+r")
            await settle(pilot)
            burst(app, f"newbie\rNew\rPerson\r{PASSWORD}\r{PASSWORD}")
            await handled(pilot)
            values = {i.id: i.value for i in app.screen.query(Input)}
            assert values == {
                "login": "newbie", "first_name": "New", "last_name": "Person",
                "password": PASSWORD, "password_repeat": PASSWORD,
            }

    asyncio.run(scenario())


def test_coming_back_to_dialogs_and_typing_in_one_burst_writes_in_the_chat(
    app_db, logged_in_app
):
    """F3 back to an open chat and the words after it, read in one burst: they
    go to the chat's composer that the section gives the focus back to."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        app.screen.query_one(Composer).focus()
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        app.post_message(events.Key("f3", None))
        burst(app, "see you")
        await handled(pilot)
        assert isinstance(app.screen, DialogsScreen)
        assert app.screen.query_one(Composer).text == "see you"

    run(app, scenario)


def test_a_password_pasted_right_after_login_enter_goes_to_the_password_field(
    make_test_app, app_db
):
    """A password manager types the login and Enter, then pastes the password:
    the paste waits for the keys before it, and lands in Password."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            burst(app, "anna\r")
            app.post_message(events.Paste(PASSWORD))
            await handled(pilot)
            login, password = app.screen.query("Input")[:2]
            assert login.value == "anna"
            assert password.value == PASSWORD

    asyncio.run(scenario())


def test_down_from_a_search_then_enter_in_one_burst_opens_the_person(
    app_db, logged_in_app
):
    """↓ from People's search field goes to the list on a later turn; Enter
    read with it goes to the list too and opens the person found."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            await search(pilot, "olga")
            app.screen.query_one("#people-search", Input).focus()
            await settle(pilot)
            app.post_message(events.Key("down", None))
            burst(app, "\r")
            await handled(pilot)
            assert isinstance(app.screen, UserProfileScreen)
            assert app.screen.user_id == app_db.olga.id

    asyncio.run(scenario())


@pytest.fixture
def slow_search(monkeypatch):
    """The New dialog picker's search answers a name only once the test opens
    the gate: the keys after the name are read while the list still shows
    everyone, as on a loaded host."""
    from tui.screens import new_dialog

    return held_back(monkeypatch, new_dialog, "find_people", lambda query, *_: bool(query))


async def answer_later(pilot, gate) -> None:
    """Let the app read and handle what it can of the burst, then let the
    search answer (a plain sleep: the pilot's pause waits for the keys)."""
    await asyncio.sleep(0.3)
    gate.set()
    await handled(pilot)


def test_a_name_enter_and_words_typed_in_one_burst_in_new_dialog_write_to_that_person(
    app_db, logged_in_app, slow_search
):
    """Ctrl+N, a name, Enter and the first words in one burst: Enter waits for
    the search's answer to the name (the list still shows everyone when it is
    read), picks that person, and the words are in their chat's composer, not
    in the picker's search field."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NewDialogScreen)
        assert app.screen.users[0].id != app_db.olga.id  # everyone, olga not first
        burst(app, "olga\rHello there")
        await answer_later(pilot, slow_search)
        assert isinstance(app.screen, DialogsScreen)
        assert app.open_peer_id == app_db.olga.id
        assert app.screen.query_one(Composer).text == "Hello there"

    run(app, scenario)


def test_a_name_down_and_enter_typed_in_one_burst_in_new_dialog_pick_from_its_answer(
    app_db, logged_in_app, slow_search
):
    """↓ and Enter typed right after a name act on the list that answers the
    name, not on the one on screen when they were read."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        burst(app, "olga")
        app.post_message(events.Key("down", None))
        burst(app, "\r")
        await answer_later(pilot, slow_search)
        assert isinstance(app.screen, DialogsScreen)
        assert app.open_peer_id == app_db.olga.id

    run(app, scenario)


@pytest.fixture
def slow_people_search(monkeypatch):
    """People's search answers a name only once the test opens the gate."""
    from models import people

    return held_back(monkeypatch, people, "search_users")


@pytest.mark.parametrize("keys", ["down enter", "enter enter"])
def test_a_name_and_the_keys_to_open_it_typed_fast_in_people_open_that_person(
    app_db, logged_in_app, slow_people_search, keys
):
    """A name, then ↓ Enter (or Enter Enter) before the search has answered:
    they act on the people that answer the name, not on the list of everyone
    still on screen (whose first row is somebody else)."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            first = app.screen.query_one("#people-list").children[0].user
            assert first.id != app_db.olga.id
            burst(app, "olga")
            for key in keys.split():
                app.post_message(events.Key(key, None))
            await answer_later(pilot, slow_people_search)
            assert isinstance(app.screen, UserProfileScreen)
            assert app.screen.user_id == app_db.olga.id

    asyncio.run(scenario())



def test_an_f_key_does_not_wait_for_a_search_that_has_not_answered(
    app_db, logged_in_app, slow_people_search
):
    """A name typed in People, then F3 before the search answers: the section
    changes at once (only keys that act on the list wait for the answer)."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_people(pilot)
            burst(app, "olga")
            app.post_message(events.Key("f3", None))
            for _ in range(100):
                await asyncio.sleep(0.02)
                if isinstance(app.screen, DialogsScreen):
                    break
            switched = isinstance(app.screen, DialogsScreen)
            slow_people_search.set()
            await handled(pilot)
            assert switched, "F3 waited for People's search"

    asyncio.run(scenario())


@pytest.fixture
def slow_log_in(monkeypatch):
    """Log in checks the password only once the test opens the gate."""
    from models import accounts

    return held_back(monkeypatch, accounts, "log_in")


def test_an_f_key_typed_right_after_the_password_goes_to_its_section(
    make_test_app, app_db, slow_log_in
):
    """"anna Tab password Enter F3" in one burst: F3 is read while the
    password is being checked, on Log in, which has no sections; it waits
    and opens Dialogs once Анна is in (it was lost: she stayed on the Feed)."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            burst(app, f"anna\t{PASSWORD}\r")
            app.post_message(events.Key("f3", None))
            await answer_later(pilot, slow_log_in)
            assert app.current_user is not None and app.current_user.id == app_db.anna.id
            assert isinstance(app.screen, DialogsScreen)

    asyncio.run(scenario())


def test_letters_typed_while_a_wrong_password_is_checked_go_to_password_again(
    make_test_app, app_db, slow_log_in
):
    """A wrong password, Enter, and the right one typed at once: the letters
    wait for the refusal (which empties Password) and then fill it."""
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            burst(app, f"anna\twrong-guess\r{PASSWORD}")
            await answer_later(pilot, slow_log_in)
            password = app.screen.query_one("#password", Input)
            assert password.value == PASSWORD

    asyncio.run(scenario())


def test_words_typed_after_picking_a_person_wait_for_their_chat(
    app_db, logged_in_app, slow_search, monkeypatch
):
    """The chat picked in New dialog is read after the picker closes; on a
    loaded host the words typed with the pick came before it was shown and
    "Hel" of "Hello there" went to the list. They wait for the chat and land
    whole in its composer."""
    from tui import chats

    chat_gate = held_back(monkeypatch, chats, "open_chat")
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        burst(app, "olga\rHello there")
        await asyncio.sleep(0.3)
        slow_search.set()  # the picker answers and closes; the chat is still being read
        await asyncio.sleep(0.5)
        chat_gate.set()
        await handled(pilot)
        assert isinstance(app.screen, DialogsScreen)
        assert app.open_peer_id == app_db.olga.id
        assert app.screen.query_one(Composer).text == "Hello there"

    run(app, scenario)
