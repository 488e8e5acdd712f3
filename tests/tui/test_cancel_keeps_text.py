"""Esc never throws away what was typed in a box: opened again by its key, the
box has it (``tui/kept_typing.py``) — per thing when the box is about one
thing (a repost of one post, a rename of one playlist, a share of one
track), until its action succeeds, and for one person's session only."""

from __future__ import annotations

from textual.widgets import Input, OptionList, TextArea

from models import communities, playlists, profiles
from tests.tui import music_data as fixtures
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_blocking import run
from tests.tui.test_comments import first_card, michails_post
from tests.tui.test_dialogs import open_chat
from tests.tui.test_login import log_in
from tui.screens.account import AccountScreen
from tui.screens.community import CommunityScreen
from tui.screens.create_community import CreateCommunityScreen
from tui.screens.dialogs import DialogsScreen
from tui.screens.edit_profile import EditProfileScreen
from tui.screens.file_picker import FilePickerScreen
from tui.screens.import_music import ImportMusicScreen
from tui.screens.new_dialog import NewDialogScreen
from tui.screens.new_group import NewGroupScreen
from tui.screens.playlist_name import PlaylistNameScreen
from tui.screens.repost import RepostScreen
from tui.screens.share_picker import SharePickerScreen
from tui.screens.track_picker import TrackPickerScreen
from tui.widgets.post_list import PostList, PostListView

music_data = fixtures.music_data
music_app = fixtures.music_app


async def keys(pilot, *pressed: str) -> None:
    await pilot.press(*pressed)
    await settle(pilot)


async def opened(pilot, kind: type, *pressed: str):
    """``pressed`` opens a box of ``kind``: the box."""
    await keys(pilot, *pressed)
    assert isinstance(pilot.app.screen, kind)
    return pilot.app.screen


def value(app, field: str) -> str:
    return app.screen.query_one(f"#{field}", Input).value


async def typed_escaped_and_opened_again(pilot, kind: type, key: str, text: str):
    """``key`` opens a box of ``kind``: ``text`` typed, Esc, ``key``: the box."""
    await opened(pilot, kind, key)
    await type_text(pilot, text)
    await keys(pilot, "escape")
    return await opened(pilot, kind, key)


async def kept_here_not_there(pilot, kind: type, key: str, field: str, typed: str,
                              kept: str, other: str) -> None:
    """``key`` opens a box of ``kind`` about the highlighted row: ``typed``,
    Esc, ``key``: ``field`` holds ``kept``; Esc, ↓, ``key``: it holds
    ``other`` (the next row's box); Esc, ↑, ``key``: the first row's again."""
    await typed_escaped_and_opened_again(pilot, kind, key, typed)
    assert value(pilot.app, field) == kept
    await keys(pilot, "escape", "down")
    await opened(pilot, kind, key)
    assert value(pilot.app, field) == other
    await keys(pilot, "escape", "up")
    await opened(pilot, kind, key)
    assert value(pilot.app, field) == kept


# ---------------------------------------------------------------- Dialogs


def test_new_dialog_keeps_its_search_until_a_dialog_starts(app_db, logged_in_app):
    """F3, Ctrl+N, "olg", Esc, Ctrl+N: "olg" is there; Enter writes to Olga;
    Ctrl+N again opens empty."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "f3")
        await typed_escaped_and_opened_again(pilot, NewDialogScreen, "ctrl+n", "olg")
        assert value(app, "new-dialog-search") == "olg"
        await keys(pilot, "enter")
        assert isinstance(app.screen, DialogsScreen) and app.screen.peer_id == app_db.olga.id
        await opened(pilot, NewDialogScreen, "ctrl+n")
        assert value(app, "new-dialog-search") == ""

    run(app, scenario)


def test_new_group_keeps_title_people_and_search_until_it_is_created(app_db, logged_in_app):
    """Ctrl+T, a title, "mi", Space on Michail, Esc, Ctrl+T: the title, the
    search and Michail picked are there; Enter creates the group, and Ctrl+T
    opens empty."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await opened(pilot, NewGroupScreen, "f3", "ctrl+t")
        await type_text(pilot, "Поход")
        await keys(pilot, "enter")  # to the search
        await type_text(pilot, "mi")
        await keys(pilot, "down", "space")
        await keys(pilot, "escape")
        box = await opened(pilot, NewGroupScreen, "ctrl+t")
        assert value(app, "new-group-title") == "Поход"
        assert value(app, "new-group-search") == "mi"
        assert list(box.picked) == [app_db.michail.id]
        assert "Michail Petrov ×" in str(box.query_one("#new-group-chips").render())
        await keys(pilot, "enter")
        assert isinstance(app.screen, DialogsScreen)
        box = await opened(pilot, NewGroupScreen, "ctrl+t")
        assert value(app, "new-group-title") == value(app, "new-group-search") == ""
        assert box.picked == {}

    run(app, scenario)


def test_a_group_rename_and_its_new_members_are_kept_per_group(app_db, logged_in_app, hike):
    """In «Поход»'s members panel: e, " 2026" typed, Esc; a, "ol" typed, Esc:
    both come back there, and not in another group's panel."""
    from models import groups
    from tests.tui.test_group_members import open_members

    other = groups.create_group(app_db.anna.id, "Шахматы", [app_db.michail.id])
    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "f3")
        await open_members(pilot, hike)
        await typed_escaped_and_opened_again(pilot, PlaylistNameScreen, "e", " 2026")
        assert value(app, "playlist-name") == "Поход 2026"
        await keys(pilot, "escape")
        await typed_escaped_and_opened_again(pilot, NewGroupScreen, "a", "xyz")
        assert value(app, "new-group-search") == "xyz"
        await keys(pilot, "escape", "escape")
        await open_members(pilot, other)
        await opened(pilot, PlaylistNameScreen, "e")
        assert value(app, "playlist-name") == "Шахматы"
        await keys(pilot, "escape")
        await opened(pilot, NewGroupScreen, "a")
        assert value(app, "new-group-search") == ""

    run(app, scenario)


def test_the_track_picker_keeps_its_search_until_a_track_is_attached(
        app_db, music_data, logged_in_app):
    """In Michail's chat: Ctrl+L, "walk", Esc, Ctrl+L: "walk" is there; Enter
    attaches Morning Walk, and Ctrl+L opens empty."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "f3")
        await open_chat(pilot, app_db.michail.id)
        await typed_escaped_and_opened_again(pilot, TrackPickerScreen, "ctrl+l", "walk")
        assert value(app, "picker-search") == "walk"
        await keys(pilot, "enter")
        assert isinstance(app.screen, DialogsScreen)
        await opened(pilot, TrackPickerScreen, "ctrl+l")
        assert value(app, "picker-search") == ""

    run(app, scenario)


# ---------------------------------------------------------------- Communities


def test_new_community_keeps_every_field_until_it_is_created(app_db, logged_in_app):
    """F6, Ctrl+N, a name, Enter, an about, Esc, Ctrl+N: both are there;
    Ctrl+S founds it, and Ctrl+N on Communities opens empty."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await opened(pilot, CreateCommunityScreen, "f6", "ctrl+n")
        await type_text(pilot, "Tea house")
        await keys(pilot, "enter")  # to About
        await type_text(pilot, "Green and black.")
        await keys(pilot, "escape")
        await opened(pilot, CreateCommunityScreen, "ctrl+n")
        assert value(app, "name") == "Tea house"
        assert app.screen.query_one("#about", TextArea).text == "Green and black."
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CommunityScreen)
        assert [c.name for c in communities.my_communities(app_db.anna.id)] == ["Tea house"]
        await keys(pilot, "escape")
        await opened(pilot, CreateCommunityScreen, "ctrl+n")
        assert value(app, "name") == ""
        assert app.screen.query_one("#about", TextArea).text == ""

    run(app, scenario)


def test_a_community_edit_is_kept_for_that_community(app_db, logged_in_app):
    """Michail, on Chess club: Ctrl+O, " FC" added to the name, Esc, Ctrl+O:
    "Chess club FC"; on his Go club, Ctrl+O shows "Go club"."""
    go = communities.create_community(app_db.michail.id, "Go club", "Stones.")
    app = logged_in_app("michail")

    async def edit_form(pilot, community_id: int) -> None:
        app.open_community(community_id)
        await settle(pilot)
        app.screen.query_one(PostListView).focus()  # the page's keys, not the post box's
        await opened(pilot, CreateCommunityScreen, "ctrl+o")

    async def scenario(pilot):
        await keys(pilot, "f6")
        await edit_form(pilot, app_db.community_id)
        await type_text(pilot, " FC")
        await keys(pilot, "escape")
        await opened(pilot, CreateCommunityScreen, "ctrl+o")
        assert value(app, "name") == "Chess club FC"
        await keys(pilot, "escape")
        await edit_form(pilot, go.id)
        assert value(app, "name") == "Go club"

    run(app, scenario)


# ---------------------------------------------------------------- Feed


def test_a_repost_comment_is_kept_for_its_post_until_the_repost_is_made(
        app_db, logged_in_app):
    """s on Michail's post, a comment, Esc, s: the comment is there; s on the
    next post: empty. Back on Michail's, Enter reposts it, and s on it again
    opens empty."""
    post = michails_post(app_db)
    app = logged_in_app("anna")

    async def repost_form(pilot, post_id: int) -> RepostScreen:
        cards = app.screen.query_one("#following-posts", PostList).list_view
        cards.focus()
        index = next(i for i, card in enumerate(cards.children) if card.post.id == post_id)
        await keys(pilot, "home", *["down"] * index)
        return await opened(pilot, RepostScreen, "s")

    async def scenario(pilot):
        assert first_card(app).post.id == post.id
        await kept_here_not_there(pilot, RepostScreen, "s", "repost-text", "Who else plays?",
                                  "Who else plays?", "")
        assert app.screen.post.id == post.id
        await keys(pilot, "enter")
        assert first_card(app).post.is_repost
        await repost_form(pilot, post.id)
        assert value(app, "repost-text") == ""

    run(app, scenario)


# ---------------------------------------------------------------- Music


async def open_music(pilot):
    await keys(pilot, "f8")
    return pilot.app.screen


def test_a_new_playlists_name_is_kept_until_it_is_made(music_app, app_db):
    """Music, 3, Ctrl+N, "Road", Esc, Ctrl+N: "Road"; Enter makes it, and
    Ctrl+N opens empty."""
    app, _clock = music_app()

    async def scenario(pilot):
        await open_music(pilot)
        await keys(pilot, "3")
        await typed_escaped_and_opened_again(pilot, PlaylistNameScreen, "ctrl+n", "Road")
        assert value(app, "playlist-name") == "Road"
        await keys(pilot, "enter")
        assert [p.name for p in playlists.playlists(app_db.anna.id)] == ["Road"]
        await opened(pilot, PlaylistNameScreen, "ctrl+n")
        assert value(app, "playlist-name") == ""

    run(app, scenario)


def test_a_rename_is_kept_for_its_playlist_until_it_is_done(music_app, app_db):
    """e on "Evening", " walks" typed, Esc, e: "Evening walks"; e on "Road":
    "Road". Renamed with Enter, "Evening walks" is no longer kept: renamed
    elsewhere to "Night", e shows "Night"."""
    app, _clock = music_app()
    evening = playlists.create_playlist(app_db.anna.id, "Evening")
    playlists.create_playlist(app_db.anna.id, "Road")

    async def scenario(pilot):
        screen = await open_music(pilot)
        await keys(pilot, "3")
        names = screen.query_one("#playlist-list", OptionList)
        names.focus()
        await keys(pilot, "home")
        await kept_here_not_there(pilot, PlaylistNameScreen, "e", "playlist-name", " walks",
                                  "Evening walks", "Road")
        await keys(pilot, "enter")
        assert {p.name for p in playlists.playlists(app_db.anna.id)} == {"Evening walks", "Road"}
        playlists.rename_playlist(app_db.anna.id, evening.id, "Night")
        screen._load_playlists(select=evening.id)
        await settle(pilot)
        names.focus()
        await opened(pilot, PlaylistNameScreen, "e")
        assert value(app, "playlist-name") == "Night"

    run(app, scenario)


def test_the_share_search_is_kept_for_its_track_until_it_is_shared(music_app, music_data):
    """t on the first track, "mich", Esc, t: "mich"; t on the second: empty.
    Back on the first, Enter shares it, and t opens empty."""
    app, _clock = music_app()

    async def scenario(pilot):
        await open_music(pilot)
        await kept_here_not_there(pilot, SharePickerScreen, "t", "picker-search", "mich",
                                  "mich", "")
        await keys(pilot, "enter")
        assert not isinstance(app.screen, SharePickerScreen)
        await opened(pilot, SharePickerScreen, "t")
        assert value(app, "picker-search") == ""

    run(app, scenario)


def test_the_import_path_is_kept(music_app, tmp_path):
    """Music, i, a path typed, Esc, i: the path is there."""
    app, _clock = music_app()

    async def scenario(pilot):
        screen = await open_music(pilot)
        screen.import_start = tmp_path
        await typed_escaped_and_opened_again(pilot, ImportMusicScreen, "i", "/music/new")
        assert value(app, "import-path") == "/music/new"

    run(app, scenario)


# ---------------------------------------------------------------- My profile


def test_edit_profile_keeps_the_fields_changed_until_saved(app_db, logged_in_app):
    """F7, e, a city typed, Esc, e: the city is there, and a notice says it is
    not saved yet; Ctrl+S saves it; the city changed elsewhere since, e shows
    the new one, and no notice."""
    app = logged_in_app("anna")

    def told_it_is_back() -> bool:
        return any("is back" in str(notice.message) for notice in app._notifications)

    async def scenario(pilot):
        await opened(pilot, EditProfileScreen, "f7", "e")
        assert not told_it_is_back()
        app.screen.query_one("#city", Input).focus()
        await type_text(pilot, "Казань")
        await keys(pilot, "escape")
        await opened(pilot, EditProfileScreen, "e")
        assert value(app, "city") == "Казань"
        assert told_it_is_back()
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, EditProfileScreen)
        assert profiles.get_profile(app_db.anna.id).city == "Казань"
        profiles.save_profile(app_db.anna.id, first_name="Анна", last_name="Иванова",
                              birthday=None, city="Тверь", about="")
        app._notifications.clear()
        await opened(pilot, EditProfileScreen, "e")
        assert value(app, "city") == "Тверь"
        assert not told_it_is_back()

    run(app, scenario)


def test_file_pickers_keep_the_path_typed_per_use(app_db, logged_in_app):
    """Edit profile's avatar picker (F7, e, Ctrl+B), Ctrl+L, a path, Esc,
    Ctrl+B: the path is there; the pictures' picker of My profile's post box
    (n, Ctrl+O) is empty."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await opened(pilot, EditProfileScreen, "f7", "e")
        await opened(pilot, FilePickerScreen, "ctrl+b")
        await keys(pilot, "ctrl+l")
        await type_text(pilot, "me.png")
        await keys(pilot, "escape")
        await opened(pilot, FilePickerScreen, "ctrl+b")
        assert value(app, "file-picker-path") == "me.png"
        await keys(pilot, "escape", "escape")
        await opened(pilot, FilePickerScreen, "n", "ctrl+o")
        assert value(app, "file-picker-path") == ""

    run(app, scenario)


def test_account_keeps_a_new_login_typed_but_never_a_password(app_db, logged_in_app):
    """F7, a, a password and a new login typed, Esc, a: the login is there,
    the password is not."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await opened(pilot, AccountScreen, "f7", "a")
        await type_text(pilot, "secret words")
        app.screen.query_one("#login-new", Input).focus()
        await type_text(pilot, "anna.k")
        await keys(pilot, "escape")
        await opened(pilot, AccountScreen, "a")
        assert value(app, "login-new") == "anna.k"
        assert value(app, "pw-current") == ""

    run(app, scenario)


# ---------------------------------------------------------------- the session


def test_what_was_kept_never_reaches_the_next_person(app_db, logged_in_app):
    """Анна leaves "olg" in New dialog (it is there when she opens it again)
    and a title in New group, logs out; Michail logs in on the same terminal:
    both boxes open empty."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "f3")
        await typed_escaped_and_opened_again(pilot, NewDialogScreen, "ctrl+n", "olg")
        assert value(app, "new-dialog-search") == "olg"
        await keys(pilot, "escape")
        await opened(pilot, NewGroupScreen, "ctrl+t")
        await type_text(pilot, "Поход")
        await keys(pilot, "escape")
        app.log_out()
        await settle(pilot)
        await log_in(pilot, "michail", PASSWORD)
        await settle(pilot)
        await opened(pilot, NewDialogScreen, "f3", "ctrl+n")
        assert value(app, "new-dialog-search") == ""
        await keys(pilot, "escape")
        await opened(pilot, NewGroupScreen, "ctrl+t")
        assert value(app, "new-group-title") == ""

    run(app, scenario)
