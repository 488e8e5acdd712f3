"""Keys read in one burst keep their order across a change of focus: a fast
typist or a password manager typing "login Tab password Enter" logs in;
nothing after the Tab lands in the Login field, where a password would show
in the clear."""

from __future__ import annotations

import asyncio

from textual import events

from tests.tui.conftest import PASSWORD, settle


def burst(app, text: str) -> None:
    """Post the keys of ``text`` to the app at once, as a terminal read of
    them would (``\\t`` is Tab, ``\\r`` Enter): nothing runs in between."""
    for char in text:
        key = {"\t": "tab", "\r": "enter", " ": "space"}.get(char, char)
        app.post_message(events.Key(key, char if char not in "\t\r" else None))


def test_login_tab_password_typed_in_one_burst_logs_in(make_test_app, app_db):
    app = make_test_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            burst(app, f"anna\t{PASSWORD}")
            await settle(pilot)
            login, password = app.screen.query("Input")[:2]
            assert login.value == "anna"
            assert password.value == PASSWORD
            burst(app, "\r")
            await settle(pilot)
            assert app.current_user is not None and app.current_user.id == app_db.anna.id

    asyncio.run(scenario())
