"""A walk through every screen of the app, reading what each shows.

``walk(app, pilot)`` visits the screens a person meets (log in, register,
forgot password, every section, profiles, forms, dialogs over them, the
command palette, music and its import picker) and yields, for each, its name
and the text on screen as lines, read from the compositor exactly as the
terminal would get it. Tests check the text of each screen; the walk itself
is shared so that a screen added to it is checked by all of them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from textual.command import CommandList
from textual.widgets import DataTable, TabbedContent

from tests.tui.music_data import settle as settle_music
from tui.screens.file_picker import FilePickerScreen
from tui.widgets.chat_view import ChatView


def screen_lines(app) -> list[str]:
    """The text of the terminal as the app paints it now, modal backgrounds included."""
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens
    )
    lines = []
    for strip_parts in update.strips:
        lines.append("".join(segment.text for strip in strip_parts for segment in strip))
    app.screen.refresh()  # the full render above took the dirty regions; paint again
    return lines


SEARCHED_FOR = "zzzq"  # typed into the palette: nothing is called that


def _option_ids(options) -> list[str | None]:
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


async def settle(pilot) -> None:
    await settle_music(pilot)
    await pilot.pause()


async def keys(pilot, *pressed: str, expect: str | None = None) -> list[str]:
    """Press ``pressed``, let the app settle, and read the screen (the screen class
    named ``expect``, if given: a walk that missed a screen would check nothing)."""
    await pilot.press(*pressed)
    await settle(pilot)
    if expect is not None:
        assert type(pilot.app.screen).__name__ == expect, (pressed, pilot.app.screen)
    return screen_lines(pilot.app)


async def open_chat(pilot, peer_id: int) -> None:
    """F3, then the dialog with ``peer_id`` (its composer focused)."""
    await keys(pilot, "f3")
    pilot.app.screen.select_peer(peer_id)
    await settle(pilot)


async def walk_logged_out(pilot) -> AsyncIterator[tuple[str, list[str]]]:
    """Log in, Register, Forgot password (the app at Log in; back at Log in after)."""
    app = pilot.app
    await settle(pilot)
    yield "log in", screen_lines(app)
    yield "register", await keys(pilot, "ctrl+r", expect="RegisterScreen")
    yield "forgot password", await keys(pilot, "escape", "ctrl+f", expect="ForgotPasswordScreen")
    await keys(pilot, "escape")


async def walk_logged_in(
    pilot, tmp_path, community_id: int, michail_id: int
) -> AsyncIterator[tuple[str, list[str]]]:
    """Every section and what opens from it (the app logged in as anna, on the Feed)."""
    app = pilot.app
    await settle(pilot)
    yield "feed", screen_lines(app)
    yield "feed: everyone", await keys(pilot, "2")
    yield "new post", await keys(pilot, "n", expect="ComposerScreen")
    await keys(pilot, "escape")

    yield "dialogs", await keys(pilot, "f3")
    await open_chat(pilot, michail_id)
    yield "dialogs: a chat", screen_lines(app)
    chat = app.screen.query_one(ChatView)
    chat.focus()
    yield "dialogs: replying", await keys(pilot, "up", "r", expect="DialogsScreen")
    await pilot.press("escape")
    chat.focus()
    yield "dialogs: editing", await keys(pilot, "up", "e")
    await pilot.press("escape")
    chat.focus()
    yield "reaction picker", await keys(pilot, "up", "plus", expect="ReactionPicker")
    yield "dialogs: a reaction", await keys(pilot, "1", expect="DialogsScreen")
    chat.focus()
    yield "who reacted", await keys(pilot, "up", "w", expect="ReactorsScreen")
    await keys(pilot, "escape")
    app.screen.set_focus(None)  # the chat had kept the focus, and its selection with it
    await settle(pilot)
    chat.focus()
    yield "confirm delete", await keys(pilot, "up", "d", expect="ConfirmScreen")
    yield "dialogs: a deleted message", await keys(pilot, "y")
    yield "new dialog", await keys(pilot, "ctrl+n", expect="NewDialogScreen")
    await keys(pilot, "escape")

    yield "friends", await keys(pilot, "f4")
    for tab in ("incoming", "outgoing"):
        app.screen.query_one(TabbedContent).active = tab
        await settle(pilot)
        yield f"friends: {tab}", screen_lines(app)

    yield "people", await keys(pilot, "f5")
    yield "someone's profile", await keys(pilot, "down", "enter", expect="UserProfileScreen")
    await keys(pilot, "escape")

    yield "communities", await keys(pilot, "f6")
    yield "new community", await keys(pilot, "ctrl+n", expect="CreateCommunityScreen")
    await keys(pilot, "escape")
    app.open_community(community_id)
    await settle(pilot)
    assert type(app.screen).__name__ == "CommunityScreen"
    yield "community page", screen_lines(app)
    await keys(pilot, "escape")

    yield "my profile", await keys(pilot, "f7")
    yield "edit profile", await keys(pilot, "e", expect="EditProfileScreen")
    app.push_screen(FilePickerScreen(tmp_path))  # what Ctrl+B opens, on a known folder
    await settle(pilot)
    yield "avatar file picker", screen_lines(app)
    await keys(pilot, "escape", "escape")
    yield "account", await keys(pilot, "a", expect="AccountScreen")
    await keys(pilot, "escape")
    yield "confirm log out", await keys(pilot, "ctrl+o", expect="ConfirmScreen")
    await keys(pilot, "n")

    yield "music: my music", await keys(pilot, "f8")
    yield "music: all tracks", await keys(pilot, "2")
    yield "music: playlists", await keys(pilot, "3")
    yield "new playlist", await keys(pilot, "ctrl+n", expect="PlaylistNameScreen")
    await keys(pilot, "escape")
    yield "music: queue", await keys(pilot, "4")
    await keys(pilot, "1")
    app.screen.import_start = tmp_path
    yield "import music", await keys(pilot, "i", expect="ImportMusicScreen")
    await keys(pilot, "escape")

    yield "help", await keys(pilot, "f1", expect="HelpScreen")
    table = app.screen.query_one(DataTable)
    page = 1
    while table.scroll_y < table.max_scroll_y:
        page += 1
        was = table.scroll_y
        yield f"help, page {page}", await keys(pilot, "pagedown")
        if table.scroll_y == was:  # no room for a row: a page is nothing (a tiny terminal)
            break
    await keys(pilot, "escape")

    yield "command palette", await keys(pilot, "ctrl+p", expect="LocalisedPalette")
    yield "command palette, the end of the list", await keys(pilot, *["down"] * 40)
    await pilot.press(*SEARCHED_FOR)
    for _ in range(100):  # the palette says "no matches" after half a second
        if _option_ids(app.screen.query(CommandList).first()) == ["--no-matches"]:
            break
        await pilot.pause(0.05)
    yield "command palette: no matches", screen_lines(app)
    await keys(pilot, "escape")
    app.action_change_theme()
    await settle(pilot)
    yield "theme palette", screen_lines(app)
    await keys(pilot, "escape")

    await keys(pilot, "f2", "1")  # the posts end high: the notification covers no text
    yield "ctrl+c", await keys(pilot, "ctrl+c")
