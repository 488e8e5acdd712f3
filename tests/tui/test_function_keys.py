"""F-keys and Ctrl+F reach the app from every widget of every screen.

Textual's ``TextArea`` binds F6 / F7 (select line / select all), and a modal
screen stops the app's own bindings: the app's F-keys are priority bindings,
so whatever has the focus they switch the section, drive the player or open
help — and never type or select anything. Ctrl+F (the global search) is not
(a screen's own Ctrl+F comes first): every dialog box binds it to the app's.
"""

from __future__ import annotations

import asyncio

from tests.tui.conftest import settle, type_text
from tui.screens.dialogs import DialogsScreen
from tui.screens.profile import MyProfileScreen
from tui.widgets.composer import Composer


def test_f7_from_the_chat_composer_goes_to_my_profile(app_db, logged_in_app):
    """F3, open a dialog, type "x", F7: My profile is shown, and the "x" is still
    in the composer when Dialogs comes back (F7 selected it all before)."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            app.open_dialog(app_db.michail.id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            assert app.focused is composer
            await type_text(pilot, "x")
            await pilot.press("f7")
            await settle(pilot)
            assert isinstance(app.screen, MyProfileScreen)
            await type_text(pilot, "a")
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            assert composer.text == "x"
            assert composer.selected_text == ""

    asyncio.run(scenario())


SECTION_KEYS = {
    "f2": ("section", "feed"),
    "f3": ("section", "dialogs"),
    "f4": ("section", "friends"),
    "f5": ("section", "people"),
    "f6": ("section", "communities"),
    "f7": ("section", "profile"),
    "f8": ("section", "music"),
}
PLAYER_KEYS = {
    "f9": ("player", "toggle"),
    "f10": ("player", "next"),
    "f11": ("player", "back"),
    "f12": ("player", "forward"),
    "ctrl+f9": ("player", "shuffle"),
    "ctrl+f10": ("player", "previous"),
    "ctrl+f11": ("player", "quieter"),
    "ctrl+f12": ("player", "louder"),
    "shift+f9": ("player", "repeat"),
    "shift+f10": ("player", "previous"),
    "shift+f11": ("player", "quieter"),
    "shift+f12": ("player", "louder"),
    "f21": ("player", "repeat"),
    "f22": ("player", "previous"),
    "f23": ("player", "quieter"),
    "f24": ("player", "louder"),
}
EVERY_KEY = {"f1": ("help",), **SECTION_KEYS, **PLAYER_KEYS}
SEARCH_KEY = {"ctrl+f": ("search",)}  # after log-in, but in Dialogs with a chat open


def record_app_actions(app) -> list[tuple[str, ...]]:
    """The app's F-key and Ctrl+F actions only note that they ran (nothing
    switches, plays or opens)."""
    done: list[tuple[str, ...]] = []
    app.action_section = lambda name: done.append(("section", name))
    app.action_player = lambda command: done.append(("player", command))
    app.action_help = lambda: done.append(("help",))
    app.action_search_everything = lambda: done.append(("search",))
    return done


async def quiet(pilot) -> None:
    """Workers done (but the directory tree's loader, which waits while the tree is open)."""
    for _ in range(3):
        busy = [w for w in pilot.app.workers if w.group != "_loader"]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


def typed_state(widget) -> tuple:
    """What a key could have typed, selected or moved in a widget."""
    from textual.widgets import Input, TextArea

    if isinstance(widget, TextArea):
        return widget.text, widget.selection
    if isinstance(widget, Input):
        return widget.value, widget.selection
    return (getattr(widget, "cursor_row", None), getattr(widget, "highlighted", None),
            getattr(widget, "cursor_line", None), getattr(widget, "index", None))


async def press_keys(pilot, keys) -> None:
    """Press ``keys`` one after another as a terminal sends them, then let them be handled."""
    from textual import events

    driver = pilot.app._driver
    for key in keys:
        event = events.Key(key, None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


async def press_every_f_key(pilot, done, keys: dict[str, tuple[str, ...] | None]) -> int:
    """On the screen shown (each tab of it in turn), focus each widget that can
    have the focus and press every key of ``keys``: each must run its app action
    (None: none), leave the focus where it was and type, select or move nothing."""
    from textual.widgets import TabbedContent

    app = pilot.app
    screen = app.screen
    layouts = [[]] + [[(tabs, pane.id)] for tabs in screen.query(TabbedContent)
                      for pane in tabs.query("TabPane")]
    expected = [action for action in keys.values() if action]
    walked = []
    kinds = set()  # a widget like one walked already (same class, same ancestry) is skipped
    for layout in layouts:
        for tabs, pane in layout:
            tabs.active = pane
        await quiet(pilot)
        for widget in list(screen.focus_chain):
            kind = tuple(type(node) for node in widget.ancestors_with_self)
            if kind in kinds:
                continue
            kinds.add(kind)
            widget.focus()
            await pilot.pause()
            before = typed_state(widget)
            done.clear()
            await press_keys(pilot, keys)
            where = f"{type(screen).__name__} {widget!r}"
            assert done == expected, where
            assert app.screen is screen and app.focused is widget, where
            assert typed_state(widget) == before, where
            walked.append(widget)
    return len(walked)


def logged_in_screens(app_db, tmp_path):
    """(name, make the screen) for every screen pushed after log-in."""
    from models.views import PlaylistView
    from tui.screens.account import AccountScreen
    from tui.screens.community import CommunityScreen
    from tui.screens.composer import ComposerScreen
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.create_community import CreateCommunityScreen
    from tui.screens.edit_profile import EditProfileScreen
    from tui.screens.file_picker import FilePickerScreen
    from tui.screens.import_music import ImportMusicScreen
    from tui.screens.new_dialog import NewDialogScreen
    from tui.screens.playlist_name import PlaylistNameScreen
    from tui.screens.playlist_picker import PlaylistPickerScreen
    from tui.screens.recovery_codes import RecoveryCodesScreen
    from tui.screens.user_profile import UserProfileScreen

    (tmp_path / "pictures").mkdir()
    return [
        lambda: UserProfileScreen(app_db.michail.id),
        lambda: CommunityScreen(app_db.community_id),
        EditProfileScreen,
        AccountScreen,
        lambda: RecoveryCodesScreen(("code-one", "code-two")),
        ComposerScreen,
        lambda: ConfirmScreen("Sure?"),
        NewDialogScreen,
        CreateCommunityScreen,
        lambda: PlaylistNameScreen("New playlist", lambda name: None),
        lambda: PlaylistPickerScreen("A track", [PlaylistView(1, "Evening", 2)]),
        lambda: FilePickerScreen(tmp_path / "pictures"),
        lambda: ImportMusicScreen(tmp_path / "pictures"),
    ]


def test_every_f_key_reaches_the_app_from_every_widget_after_log_in(
        app_db, logged_in_app, tmp_path):
    """Every section, drill-down and dialog box after log-in: from each widget
    that can have the focus (text areas and inputs included, each tab of a
    tabbed screen), F1…F12 and their variants run the app's action, and so
    does Ctrl+F (the global search; in Dialogs with a chat open it searches
    the chat): in every dialog box — New post, New dialog, New community, a
    confirmation, the pickers — it did nothing."""
    from models import communities
    from tui.app import SECTIONS

    communities.join(app_db.anna.id, app_db.community_id)  # the community's post box shows
    app = logged_in_app("anna")
    pushed = logged_in_screens(app_db, tmp_path)

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await quiet(pilot)
            done = record_app_actions(app)
            walked = 0
            for name in SECTIONS:
                app.switch_mode(name)
                await quiet(pilot)
                keys = {**EVERY_KEY, **SEARCH_KEY}
                if name == "dialogs":
                    app.screen.select_peer(app_db.michail.id)
                    await quiet(pilot)
                    keys = EVERY_KEY  # Ctrl+F searches the chat (test_chat_search)
                walked += await press_every_f_key(pilot, done, keys)
            for make in pushed:
                app.push_screen(make())
                await quiet(pilot)
                walked += await press_every_f_key(pilot, done, {**EVERY_KEY, **SEARCH_KEY})
                app.pop_screen()
                await quiet(pilot)
            assert walked > 40

    asyncio.run(scenario())


def test_before_log_in_f1_opens_help_from_every_field(make_test_app):
    """Log in, Register and Forgot password: F1 opens help from every field; the
    section and player keys do nothing there, and type nothing either."""
    from tui.screens.forgot_password import ForgotPasswordScreen
    from tui.screens.register import RegisterScreen

    app = make_test_app()
    keys = {key: None for key in {**SECTION_KEYS, **PLAYER_KEYS}}
    keys["f1"] = ("help",)

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await quiet(pilot)
            done = record_app_actions(app)
            walked = await press_every_f_key(pilot, done, keys)
            for make in (RegisterScreen, ForgotPasswordScreen):
                app.push_screen(make())
                await quiet(pilot)
                walked += await press_every_f_key(pilot, done, keys)
                app.pop_screen()
            assert walked >= 6

    asyncio.run(scenario())


def test_f1_over_a_dialog_box_and_a_section_key_from_help(logged_in_app):
    """F1 in the new-post box (a text area in a modal) opens help over it, F1
    closes help again and the text is still there; F3 from help closes it and
    shows Dialogs."""
    from tui.screens.composer import ComposerScreen
    from tui.screens.help import HelpScreen

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, ComposerScreen)
            await type_text(pilot, "hi")
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, ComposerScreen)
            assert app.screen.query_one("TextArea").text == "hi"
            await pilot.press("f1")
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)

    asyncio.run(scenario())


def test_ctrl_f_over_a_dialog_box_and_from_help(logged_in_app):
    """"hi" written in New post, Ctrl+F: the search opens over the box; Esc
    closes it and the box is there with "hi", the focus in its text (Ctrl+F
    did nothing in a box). F1, Ctrl+F: help closes and the search opens over
    the Feed, as an F-key from help shows its section; Esc: the Feed."""
    from tui.screens.composer import ComposerScreen
    from tui.screens.feed import FeedScreen
    from tui.screens.search import SearchScreen

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            box = app.screen
            assert isinstance(box, ComposerScreen)
            await type_text(pilot, "hi")
            await pilot.press("ctrl+f")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            assert app.screen_stack[-2] is box
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is box
            text = box.query_one("TextArea")
            assert text.text == "hi" and app.focused is text
            await pilot.press("escape", "f1")
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            assert isinstance(app.screen_stack[-2], FeedScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)

    asyncio.run(scenario())


def test_a_section_key_closes_the_palette_and_help(logged_in_app):
    """Ctrl+P, F5: People, and Ctrl+P there opens the palette (the first was
    left open on the Feed, and the second, with the same id, stopped the app
    with an error). F2 from it: the Feed, no palette left on either. F1,
    Ctrl+P (over help), F3: Dialogs; back on the Feed neither is there. "hi"
    in New post, Ctrl+P, F3, F2: New post again, "hi" in it."""
    from textual.command import CommandPalette

    from tui.screens.composer import ComposerScreen
    from tui.screens.feed import FeedScreen
    from tui.screens.people import PeopleScreen

    app = logged_in_app("anna")

    def stack() -> list[str]:
        return [type(screen).__name__ for screen in app.screen_stack]

    async def keys(pilot, *pressed: str) -> None:
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            await keys(pilot, "ctrl+p", "f5")
            assert isinstance(app.screen, PeopleScreen)
            await keys(pilot, "ctrl+p")
            assert CommandPalette.is_open(app)
            await keys(pilot, "f2")
            assert stack() == ["FeedScreen"]
            await keys(pilot, "f5")
            assert stack() == ["PeopleScreen"]
            await keys(pilot, "f2", "f1", "ctrl+p", "f3")
            assert isinstance(app.screen, DialogsScreen)
            await keys(pilot, "f2")
            assert stack() == ["FeedScreen"]
            await keys(pilot, "n")
            await type_text(pilot, "hi")
            await keys(pilot, "ctrl+p", "f3", "f2")
            assert stack() == ["FeedScreen", "ComposerScreen"]
            assert isinstance(app.screen, ComposerScreen)
            assert app.screen.query_one("TextArea").text == "hi"
            assert isinstance(app.screen_stack[0], FeedScreen)

    asyncio.run(scenario())


def test_ctrl_p_from_help_over_the_palette_goes_back_to_it(logged_in_app):
    """Ctrl+P, F1 (help over the palette), Ctrl+P: help closes and the
    palette is there, the only one (a second one, with the same id, stopped
    the app with an error); Esc: the Feed."""
    from textual.command import CommandPalette

    from tui.screens.feed import FeedScreen

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            for key in ("ctrl+p", "f1", "ctrl+p"):
                await pilot.press(key)
                await settle(pilot)
            assert CommandPalette.is_open(app)
            assert [type(screen) for screen in app.screen_stack] == [
                FeedScreen, type(app.screen)]
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, FeedScreen)

    asyncio.run(scenario())


def test_ctrl_f_from_the_palette_closes_it_and_no_palette_is_left_behind(logged_in_app):
    """Ctrl+P, Ctrl+F: the search over the Feed, the palette closed (Ctrl+F
    did nothing in it). Ctrl+P, F1, Ctrl+F: the same (the search opened over
    the palette, left under it; F5 and Ctrl+P in People then stopped the app
    with an error: a second palette with the same id). A palette left on a
    section's screens some other way: Ctrl+P in another section still opens
    one, and the app goes on."""
    from textual.command import CommandPalette

    from tui.screens.feed import FeedScreen
    from tui.screens.search import SearchScreen

    app = logged_in_app("anna")

    async def keys(pilot, *pressed: str) -> None:
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    def stack() -> list[type]:
        return [type(screen) for screen in app.screen_stack]

    async def scenario():
        async with app.run_test(size=(110, 32)) as pilot:
            await settle(pilot)
            for opening in (("ctrl+p", "ctrl+f"), ("ctrl+p", "f1", "ctrl+f")):
                await keys(pilot, *opening)
                assert stack() == [FeedScreen, SearchScreen], opening
                await keys(pilot, "escape")
                assert stack() == [FeedScreen], opening
            await keys(pilot, "f5", "ctrl+p")
            assert CommandPalette.is_open(app)
            app.switch_mode("feed")  # not by an F-key: the palette stays on People's screens
            await settle(pilot)
            await keys(pilot, "ctrl+p")
            assert CommandPalette.is_open(app)
            await keys(pilot, "escape", "f5")
            assert CommandPalette.is_open(app)  # People's, as it was left

    asyncio.run(scenario())
