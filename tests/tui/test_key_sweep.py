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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.keys import key_to_character
from textual.widgets import Input, TextArea

from models import comments, communities, posts
from tests.tui.conftest import settle, type_text
from tests.tui.screen_walk import screen_lines
from tests.tui.test_footer_keys import _shown
from tui.chats import peer_key
from tui.screens.help import HelpScreen
from tui.widgets.chat_view import ChatView
from tui.widgets.field_message import FieldMessage

WRITTEN = "half"
EVERYWHERE = ("f1", "ctrl+f", "ctrl+p", "ctrl+n", "ctrl+g", "escape", "tab", "shift+tab")
SENDS = ("ctrl+s", "ctrl+j", "ctrl+q")  # and Enter in the field
AWAY = {"feed": "f4"}  # an F-key to another section (F2 from any but the Feed)
MOVES = ("up", "down", "left", "right", "home", "end", "pageup", "pagedown")
MOVED = {"dialogs.chat_page_up": ChatView, "dialogs.chat_page_down": ChatView}  # a screen's move
Opener = Callable[..., Awaitable[None]]  # (pilot, app_db)


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


@dataclass(frozen=True)
class Place:
    """A screen to sweep, and how."""

    open: Opener  # the screen on show
    fields: tuple[str, ...] = ()  # its text fields' ids: "half" is written in each
    under: Opener | None = None  # the screen the fields are on, when ``open`` opens a box over it
    keys: tuple[str, ...] = EVERYWHERE  # pressed besides the footer's (and an F-key away)
    once: tuple[str, ...] = ()  # the app's keys before any widget's: pressed from one widget
    skip: tuple[str, ...] = SENDS  # never pressed
    enter_in_fields: bool = False  # Enter from a field too (a form's: the next field, or submit)
    help_keys: bool = False  # the keys help lists for it too
    leaves: tuple[str, ...] = ()  # its own "Back": closes it, and what was typed, on purpose
    sweep_from: tuple[str, ...] | None = None  # the ids of the widgets swept (None: all Tab reaches)
    logged_in: bool = True


SCREENS = {
    "dialogs": Place(open_dialogs, ("composer",)),
    "people": Place(open_people, ("people-search",)),
    "post": Place(open_post, ("comment-input",)),
    "community": Place(open_community, ("post-composer",)),
    "new post": Place(open_new_post, ("post-text",)),
}


def kind_of(widget) -> tuple:
    """A widget by its class and its containers' (one of each kind is swept);
    a password field is a kind of its own."""
    return (getattr(widget, "password", None), *(type(node) for node in widget.ancestors_with_self))


def text_of(field) -> str:
    return field.text if isinstance(field, TextArea) else field.value


def types(key: str) -> bool:
    """Whether ``key`` types a character into a text field (help's ? does)."""
    character = key_to_character(key)
    return character is not None and len(character) == 1 and character.isprintable()


class Sweep:
    """The screen under test, brought back after each key."""

    def __init__(self, pilot, app_db, place: Place | str) -> None:
        self.pilot, self.app, self.app_db = pilot, pilot.app, app_db
        self.place = SCREENS[place] if isinstance(place, str) else place
        self.notes: list[str] = []  # every notification, said why or not
        notify = self.app.notify

        def noted(message, *args, **kwargs) -> None:
            self.notes.append(str(message))
            notify(message, *args, **kwargs)

        self.app.notify = noted

    async def open(self, write: bool = False) -> None:
        """The screen shown (the one under it first, if it opens over one);
        ``write``: "half" written in its fields before anything goes over them."""
        place = self.place
        opener = place.under or place.open
        await opener(self.pilot, self.app_db)
        await settle(self.pilot)
        self.home = self.screen = self.app.screen
        self.mode = self.app.current_mode
        if write:
            await self.write()
        if place.under is not None:
            await self._open_box()

    async def _open_box(self) -> None:
        await self.place.open(self.pilot, self.app_db)
        await settle(self.pilot)
        self.screen = self.app.screen

    async def write(self) -> None:
        for field in self.fields():
            self.home.set_focus(field)
            await settle(self.pilot)
            await type_text(self.pilot, WRITTEN)
        await settle(self.pilot)

    def written_again(self, fields) -> None:
        """``fields`` hold "half" again (put, not typed: the sweep's own doing)."""
        for field in fields:
            if isinstance(field, TextArea):
                field.text = WRITTEN
            else:
                field.value = WRITTEN

    def fields(self) -> list:
        return [self.home.query_one(f"#{field_id}") for field_id in self.place.fields]

    def texts(self) -> list[str]:
        return [text_of(field) for field in self.fields()]

    async def back(self) -> bool:
        """The screen on show again: what the key opened over it closed, its
        section shown; opened again if the key closed it (New post). Whether
        it was opened again."""
        app = self.app
        if (app.current_user is not None) != self.place.logged_in:  # no key logs in or out
            raise AssertionError("logged out" if self.place.logged_in else "logged in")
        if app.current_mode != self.mode:
            app.switch_mode(self.mode)
            await settle(self.pilot)
        while app.screen is not self.screen and self.screen in app.screen_stack:
            app.pop_screen()
            await settle(self.pilot)
        if app.screen is self.screen:
            return False
        while app.screen is not self.home and self.home in app.screen_stack:  # the box closed
            app.pop_screen()
            await settle(self.pilot)
        if app.screen is self.home:
            await self._open_box()
        else:
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await self.open()
        return True

    def widget_of(self, kind: tuple | None) -> object:
        if kind is None:  # nothing takes the focus (the picture viewer)
            return None
        return next(widget for widget in self.screen.query("*") if kind_of(widget) == kind)

    def errors(self) -> list[str]:
        return [str(n.message) for n in self.app._notifications if n.severity == "error"]

    def state(self) -> tuple:
        app = self.app
        written = self.texts() if self.home.is_attached else None  # (a box closed)
        return app.screen, app.focused, written, len(self.notes), tuple(screen_lines(app))

    def refused_passwords(self) -> list:
        """Password fields a form emptied as it refused what was sent, saying
        why beside them (``focus_refused_field``): typed afresh, not added to."""
        if not self.home.is_attached:  # (the form closed)
            return []
        said = [message for message in self.home.query(FieldMessage) if str(message.render())]
        return [field for field in self.fields()
                if said and getattr(field, "password", False) and not field.value]

    async def press(self, widget, key: str, lit: bool) -> None:
        where = (type(self.screen).__name__, type(widget).__name__,
                 getattr(widget, "id", None), key)
        before = self.state()
        masked = [field for field in self.fields() if getattr(field, "password", False)]
        await self.pilot.press(key)
        await settle(self.pilot)
        assert self.app._exception is None and self.app.is_running, where
        assert self.errors() == [], where
        if lit:
            did_something = self.state() != before
            assert did_something, ("lit in the footer, and did nothing", *where)
        assert all(field.password for field in masked), ("a password shown", *where)
        self.written_again(self.refused_passwords())
        if await self.back() and key in self.place.leaves:  # left on purpose: a new form
            self.written_again(field for field in self.fields() if not text_of(field))
            await settle(self.pilot)
        if self.texts() != [WRITTEN] * len(self.fields()):  # an edit shows its message meanwhile
            changed = next(f for f in self.fields() if text_of(f) != WRITTEN)
            self.home.set_focus(changed)
            await self.pilot.press("escape")
            await settle(self.pilot)
            await self.back()
        assert self.texts() == [WRITTEN] * len(self.fields()), (*where, self.texts())

    def lit(self) -> set[str]:
        """The keys the footer shows lit, and those help lists for the screen
        (if asked; the keys of everywhere are the same on every screen): help
        lists a key only while it is on offer. (Not the focused widget's own
        cursor keys, or a screen's that move what has the focus: at the end of
        what they move through they do nothing.)"""
        lit = {key for key, _description, dimmed in _shown(self.screen) if not dimmed}
        if self.place.help_keys:
            _title, on_this_screen = HelpScreen(self.screen)._groups()[0]
            focused = self.app.focused
            own = focused._bindings.key_to_bindings if focused is not None else {}
            lit |= {binding.key for binding in on_this_screen
                    if not (binding.key in MOVES and (binding in own.get(binding.key, ())
                                                      or MOVED.get(binding.id) is type(focused)))}
        return lit

    def keys_on_offer(self) -> list[str]:
        """The footer's keys, help's (if asked), and the place's."""
        keys = [key for key, _description, _dimmed in _shown(self.screen)]
        keys += sorted(self.lit())
        keys += self.place.keys
        if self.place.logged_in:
            keys.append(AWAY.get(self.mode, "f2"))
        return list(dict.fromkeys(keys))

    async def every_key(self) -> int:
        """Every key from every widget Tab reaches (one of each kind); the
        number of keys pressed."""
        place = self.place
        await self.open(write=True)
        kinds: list[tuple | None] = []
        for widget in self.screen.focus_chain:
            if kind_of(widget) not in kinds and (place.sweep_from is None
                                                  or widget.id in place.sweep_from):
                kinds.append(kind_of(widget))
        pressed = 0
        for number, kind in enumerate(kinds or [None]):
            await self.focus(self.widget_of(kind))
            typing = isinstance(self.app.focused, (Input, TextArea))
            once = place.once if number == 0 else ()
            for key in dict.fromkeys([*once, *self.keys_on_offer()]):
                if key in place.skip or (key in place.once and not once) or (typing and (
                        types(key) or (key == "enter" and not place.enter_in_fields))):
                    continue
                await self.back()
                widget = self.widget_of(kind)  # (New post opened again: new widgets)
                await self.focus(widget)
                await self.press(widget, key, key in self.lit())
                pressed += 1
        return pressed

    async def focus(self, widget) -> None:
        if self.app.focused is not widget:
            self.screen.set_focus(widget)
            await settle(self.pilot)


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
            assert await Sweep(pilot, app_db, name).every_key() >= 10

    asyncio.run(scenario())
