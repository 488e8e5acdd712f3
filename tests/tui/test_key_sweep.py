"""Every key on offer, from every widget that can have the focus, where people write.

On a few screens with a text field (Dialogs with a chat open, People, a
post's comments, a community's page, New post) "half" is written in the
field; then from each widget Tab reaches, every key its footer shows and the
keys of everywhere (F1, an F-key away, Ctrl+F, Ctrl+P, Ctrl+N, Ctrl+G, Esc,
Tab, Shift+Tab) are pressed one at a time, and the screen is brought back
after each (what the key opened closed, the section shown again, the box
opened again). After every key the app still runs, no error was shown, and
the field holds "half" — at once, or once Esc has ended what the key started
there (an edit shows the message being edited in the field meanwhile). A key
the footer shows lit did something: the screen, the focus, the field, what
is painted changed, or a notification said why not (a dimmed key may do
nothing).

Left out: Enter in the field and Ctrl+S, which send or publish what is
written (it goes, as it should), Ctrl+J, which writes a new line into it,
and the keys that quit or log out.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, TextArea

from models import comments, communities, posts
from tests.tui.conftest import settle, type_text
from tests.tui.screen_walk import screen_lines
from tests.tui.test_footer_keys import _shown
from tui.chats import peer_key

WRITTEN = "half"
EVERYWHERE = ("f1", "ctrl+f", "ctrl+p", "ctrl+n", "ctrl+g", "escape", "tab", "shift+tab")
SENDS = ("ctrl+s", "ctrl+j", "ctrl+q")  # and Enter in the field
AWAY = {"feed": "f4"}  # an F-key to another section (F2 from any but the Feed)


async def open_dialogs(pilot, app_db) -> None:
    await pilot.press("f3")
    await settle(pilot)
    pilot.app.screen.select_chat(peer_key(app_db.michail.id))
    await settle(pilot)


async def open_people(pilot, app_db) -> None:
    await pilot.press("f5")
    await settle(pilot)


async def open_post(pilot, app_db) -> None:
    pilot.app.open_post(posts.posts_by_author(app_db.anna.id, app_db.michail.id).items[0].id)
    await settle(pilot)


async def open_community(pilot, app_db) -> None:
    await pilot.press("f6")
    await settle(pilot)
    pilot.app.open_community(app_db.community_id)
    await settle(pilot)


async def open_new_post(pilot, app_db) -> None:
    await pilot.press("f2", "n")
    await settle(pilot)


SCREENS = {  # name: (how it is opened, the id of its text field)
    "dialogs": (open_dialogs, "composer"),
    "people": (open_people, "people-search"),
    "post": (open_post, "comment-input"),
    "community": (open_community, "post-composer"),
    "new post": (open_new_post, "post-text"),
}


def kind_of(widget) -> tuple:
    """A widget by its class and its containers' (one of each kind is swept)."""
    return tuple(type(node) for node in widget.ancestors_with_self)


def text_of(field) -> str:
    return field.text if isinstance(field, TextArea) else field.value


class Sweep:
    """The screen under test, brought back after each key."""

    def __init__(self, pilot, app_db, name: str) -> None:
        self.pilot, self.app, self.app_db = pilot, pilot.app, app_db
        self.opener, self.field_id = SCREENS[name]
        self.notes: list[str] = []  # every notification, said why or not
        notify = self.app.notify

        def noted(message, *args, **kwargs) -> None:
            self.notes.append(str(message))
            notify(message, *args, **kwargs)

        self.app.notify = noted

    async def open(self) -> None:
        await self.opener(self.pilot, self.app_db)
        await settle(self.pilot)
        self.screen = self.app.screen
        self.mode = self.app.current_mode

    def field(self):
        return self.screen.query_one(f"#{self.field_id}")

    async def back(self) -> None:
        """The screen on show again: what the key opened over it closed, its
        section shown; opened again if the key closed it (New post)."""
        app = self.app
        if app.current_user is None:  # (no key here logs out: a stop if one did)
            raise AssertionError("logged out")
        if app.current_mode != self.mode:
            app.switch_mode(self.mode)
            await settle(self.pilot)
        while app.screen is not self.screen and self.screen in app.screen_stack:
            app.pop_screen()
            await settle(self.pilot)
        if app.screen is not self.screen:
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await self.open()

    def widget_of(self, kind: tuple) -> object:
        return next(widget for widget in self.screen.query("*") if kind_of(widget) == kind)

    def errors(self) -> list[str]:
        return [str(n.message) for n in self.app._notifications if n.severity == "error"]

    def state(self) -> tuple:
        app = self.app
        written = text_of(self.field()) if self.screen.is_attached else None  # (a box closed)
        return app.screen, app.focused, written, len(self.notes), tuple(screen_lines(app))

    async def press(self, widget, key: str, lit: bool) -> None:
        where = (type(self.screen).__name__, type(widget).__name__, widget.id, key)
        before = self.state()
        await self.pilot.press(key)
        await settle(self.pilot)
        assert self.app._exception is None and self.app.is_running, where
        assert self.errors() == [], where
        if lit:
            did_something = self.state() != before
            assert did_something, ("lit in the footer, and did nothing", *where)
        await self.back()
        if text_of(self.field()) != WRITTEN:  # an edit shows its message meanwhile
            self.screen.set_focus(self.field())
            await self.pilot.press("escape")
            await settle(self.pilot)
            await self.back()
        assert text_of(self.field()) == WRITTEN, where

    async def every_key(self) -> int:
        """Every key from every widget Tab reaches (one of each kind); the
        number of keys pressed."""
        self.screen.set_focus(self.field())
        await type_text(self.pilot, WRITTEN)
        await settle(self.pilot)
        away = AWAY.get(self.mode, "f2")
        kinds, pressed = [], 0
        for widget in self.screen.focus_chain:
            if kind_of(widget) not in kinds:
                kinds.append(kind_of(widget))
        for kind in kinds:
            widget = self.widget_of(kind)
            self.screen.set_focus(widget)
            await settle(self.pilot)
            footer = [key for key, _description, _dimmed in _shown(self.screen)]
            typing = isinstance(widget, (Input, TextArea))
            for key in dict.fromkeys([*footer, *EVERYWHERE, away]):
                if key in SENDS or (typing and key == "enter"):
                    continue
                await self.back()
                widget = self.widget_of(kind)  # (New post opened again: new widgets)
                self.screen.set_focus(widget)
                await settle(self.pilot)
                lit = {key: not dimmed for key, _description, dimmed in _shown(self.screen)}
                await self.press(widget, key, lit.get(key, False))
                pressed += 1
        return pressed


@pytest.mark.parametrize("name", list(SCREENS))
def test_every_key_from_every_widget_keeps_what_was_written(name, app_db, logged_in_app):
    """See the module's docstring. Анна is in Chess club (its post box shows)
    and has commented on Michail's post, as has Olga (her comment: e and d
    are on offer)."""
    communities.join(app_db.anna.id, app_db.community_id)
    post = posts.posts_by_author(app_db.anna.id, app_db.michail.id).items[0]
    comments.add_comment(app_db.olga.id, post.id, "I am in")
    comments.add_comment(app_db.anna.id, post.id, "Me too")
    posts.create_post(app_db.michail.id, "Friday, 19:00", community_id=app_db.community_id)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(160, 36)) as pilot:
            await settle(pilot)
            sweep = Sweep(pilot, app_db, name)
            await sweep.open()
            assert await sweep.every_key() >= 10

    asyncio.run(scenario())
