"""Links in posts and messages: ``o`` asks, showing the whole address, and only
a yes opens it (in a browser tab: a new tab of the visitor's browser)."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from models import messages, posts
from tests.tui.conftest import settle
from tui.links import links_in
from tui.screens.confirm import ConfirmScreen
from tui.web_session import WebSession

LINK = "https://example.org/a/very/long/path?with=query&and=more#and-a-fragment"


def test_links_are_found_without_the_sentence_around_them():
    assert links_in(f"See {LINK}.") == [LINK]
    assert links_in("(read https://en.wikipedia.org/wiki/Lisp_(language)) now") == [
        "https://en.wikipedia.org/wiki/Lisp_(language)"]
    assert links_in("two: http://a.example/x, HTTPS://b.example/y!") == [
        "http://a.example/x", "HTTPS://b.example/y"]
    assert links_in("javascript:alert(1) file:///etc/passwd data:text/html,x https://") == []
    assert links_in(f"{LINK} and again {LINK}") == [LINK]


def test_brackets_around_an_address_are_not_part_of_it():
    """Rich markup typed as text, Markdown and bracketed asides end the address
    at the bracket nothing in it opened (it offered "http://evil]click[/link");
    pairs inside it stay."""
    assert links_in("line2 [link=http://evil]click[/link]") == ["http://evil"]
    assert links_in("[the route](https://example.org/route) and {https://b.example/c}") == [
        "https://example.org/route", "https://b.example/c"]
    assert links_in("(see https://a.example/x).") == ["https://a.example/x"]
    assert links_in("local http://[::1]:8000/page] end") == ["http://[::1]:8000/page"]
    assert links_in("https://en.wikipedia.org/wiki/Lisp_(language)") == [
        "https://en.wikipedia.org/wiki/Lisp_(language)"]
    assert links_in("https://a.example/q?x[0]=1&y={2}") == ["https://a.example/q?x[0]=1&y={2}"]


def anna_in_a_browser_tab(logged_in_app, *, web: bool = True):
    """Анна's app as ``messenger serve`` runs it, and the addresses it opens."""
    app = logged_in_app("anna")
    if web:
        app.web_session = WebSession(None)
    calls: list[tuple[str, bool]] = []
    app.open_url = lambda url, new_tab=True: calls.append((url, new_tab))
    return app, calls


def question(app) -> str:
    return str(app.screen.query_one("#question", Static).render())


def test_o_on_a_post_asks_with_the_full_address_and_yes_opens_it(app_db, logged_in_app):
    posts.create_post(app_db.michail.id, f"Route for Sunday: {LINK}. Bring water.")
    app, calls = anna_in_a_browser_tab(logged_in_app)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            assert question(app) == f"Open this address in a new browser tab?\n\n{LINK}"
            await pilot.press("escape")  # no: nothing opens
            await settle(pilot)
            assert calls == []
            await pilot.press("o")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert calls == [(LINK, True)]
            assert not isinstance(app.screen, ConfirmScreen)

    asyncio.run(scenario())


async def to_michails_chat(pilot, app_db) -> None:
    """Dialogs (F3), then the chat with Michail open."""
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    pilot.app.open_dialog(app_db.michail.id)
    await settle(pilot)


def test_o_on_a_message_asks_for_each_of_its_links(app_db, logged_in_app):
    from tui.widgets.chat_view import ChatView

    messages.send_message(app_db.michail.id, app_db.anna.id,
                          "http://a.example/one and http://b.example/two", "link-1")
    app, calls = anna_in_a_browser_tab(logged_in_app)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await to_michails_chat(pilot, app_db)
            app.screen.query_one(ChatView).focus()
            await pilot.press("up")  # the newest message
            await pilot.press("o")
            await settle(pilot)
            assert question(app) == ("Link 1 of 2. Open this address in a new browser tab?"
                                     "\n\nhttp://a.example/one")
            await pilot.press("n")
            await settle(pilot)
            assert question(app).endswith("\n\nhttp://b.example/two")
            await pilot.press("y")
            await settle(pilot)
            assert calls == [("http://b.example/two", True)]

    asyncio.run(scenario())


def test_o_with_no_message_selected_asks_for_the_newest_message_on_screen(
        app_db, logged_in_app):
    """Shift+Tab from the composer to the chat, then o (the footer shows it
    there): the newest message's link is offered, not nothing."""
    from tui.widgets.chat_view import ChatView

    messages.send_message(app_db.michail.id, app_db.anna.id, "see http://c.example/x",
                          "link-2")
    app, _calls = anna_in_a_browser_tab(logged_in_app)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await to_michails_chat(pilot, app_db)
            await pilot.press("shift+tab")
            chat = app.screen.query_one(ChatView)
            assert app.focused is chat and chat.selected is None
            await pilot.press("o")
            await settle(pilot)
            assert question(app).endswith("\n\nhttp://c.example/x")

    asyncio.run(scenario())


def test_in_a_terminal_over_ssh_the_addresses_are_shown_to_copy(app_db, logged_in_app,
                                                                  monkeypatch):
    """No browser is started on the server for someone who is not at it."""
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 5555 10.0.0.1 22")
    posts.create_post(app_db.michail.id, f"Route: {LINK}")
    app, calls = anna_in_a_browser_tab(logged_in_app, web=False)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("o")
            await settle(pilot)
            assert not isinstance(app.screen, ConfirmScreen)
            assert calls == []
            shown = [n.message for n in app._notifications]
            assert shown == [f"Copy the address into your browser:\n{LINK}"]

    asyncio.run(scenario())
