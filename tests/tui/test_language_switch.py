"""A new language keeps what the person typed and where they were: every
section is built again in it (``rebuild_sections``), and what was typed on a
section, and the forms, pages and pickers open over it, come back with it
(``tui/carry_over.py``)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from tests.tui import music_data as music_fixtures
from tests.tui.conftest import palette_command, settle, type_text
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.screen_walk import keys
from tests.tui.test_blocking import run
from tui.i18n import language
from tui.screens.edit_profile import EditProfileScreen
from tui.screens.profile import MyProfileScreen

music_data = music_fixtures.music_data
music_app = music_fixtures.music_app


@pytest.fixture(autouse=True)
def searches_at_once(monkeypatch):
    """The searches ask as each key is typed, not after a pause in typing."""
    from tui.screens import music, people
    from tui.screens.search import SearchScreen

    monkeypatch.setattr(people, "SEARCH_DELAY", 0)
    monkeypatch.setattr(music, "SEARCH_DELAY", 0)
    monkeypatch.setattr(SearchScreen, "DEBOUNCE", 0)



async def new_language(pilot, name: str = "Русский", expect: type | None = None):
    """Ctrl+P, the language's name, Enter (as a person switches it), and
    the sections built again in it; returns the screen on top then (one of
    ``expect``, when given)."""
    before = language()
    await palette_command(pilot, name)
    await settle(pilot)
    assert language() != before
    if expect is not None:
        assert isinstance(pilot.app.screen, expect), pilot.app.screen
    return pilot.app.screen


async def typed_then_new_language(pilot, key: str, text: str, field: str,
                                  name: str, expect: type):
    """``key`` opens a screen, ``text`` is typed into it, then the language
    ``name``: the screen (one of ``expect``) is back with ``text`` in ``field``."""
    await keys(pilot, key)
    await type_text(pilot, text)
    screen = await new_language(pilot, name, expect)
    assert screen.query_one(f"#{field}", Input).value == text
    return screen


async def my_profile(pilot) -> MyProfileScreen:
    await keys(pilot, "f7")
    assert isinstance(pilot.app.screen, MyProfileScreen)
    return pilot.app.screen


async def write_on_my_profile(pilot, text: str) -> None:
    """F7, n (to the post box), ``text`` typed."""
    await my_profile(pilot)
    await pilot.press("n")
    await type_text(pilot, text)


def test_my_profile_post_box_keeps_its_text_over_a_new_language(app_db, logged_in_app):
    """F7, n, "WALL DRAFT 1", then Ctrl+P → Русский: My profile comes back in
    Russian with the text in the post box, which still has the focus."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await write_on_my_profile(pilot, "WALL DRAFT 1")
        screen = await new_language(pilot, "Русский", MyProfileScreen)
        box = screen.query_one("#profile-composer", TextArea)
        assert box.text == "WALL DRAFT 1"
        assert box.has_focus
        await type_text(pilot, "!")  # the cursor at its end
        assert box.text == "WALL DRAFT 1!"

    run(app, scenario)


def test_a_half_edited_profile_form_comes_back_open_over_a_new_language(
        app_db, logged_in_app):
    """In Russian, F7, Shift+Tab, e, Tab Tab Tab End, " EDITCITY", then
    Ctrl+P → English: Edit profile is still open, in English, with the city as
    typed and the cursor in it; saving it stores the city and My profile
    (the new one) shows it."""
    from models import profiles

    profiles.save_profile(app_db.anna.id, first_name="Анна", last_name="Иванова",
                          birthday=None, city="Тверь", about="")
    app = logged_in_app("anna", lang="ru")

    async def scenario(pilot):
        await my_profile(pilot)
        await keys(pilot, "shift+tab", "e")
        assert isinstance(app.screen, EditProfileScreen)
        await pilot.press("tab", "tab", "tab", "end")
        await type_text(pilot, " EDITCITY")
        form = await new_language(pilot, "English", EditProfileScreen)
        city = form.query_one("#city", Input)
        assert city.value == "Тверь EDITCITY"
        assert city.has_focus
        assert form.query_one("#first_name", Input).value == "Анна"
        # Typing goes on where it was, not over the text (focused anew, an
        # Input selects all of it: "X" was the whole city).
        await type_text(pilot, "X")
        assert city.value == "Тверь EDITCITYX"
        await keys(pilot, "ctrl+s")
        assert profiles.get_profile(app_db.anna.id).city == "Тверь EDITCITYX"
        assert isinstance(app.screen, MyProfileScreen)
        assert "Тверь EDITCITYX" in str(app.screen.query_one("#profile-details").render())

    run(app, scenario)


def test_a_form_in_a_section_left_open_comes_back_when_the_section_is_shown(
        app_db, logged_in_app):
    """Edit profile half edited, then F2 (the form stays on My profile) and a new
    language from the feed: F7 shows the form again, with what was typed."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await my_profile(pilot)
        await keys(pilot, "e")
        form = app.screen
        assert isinstance(form, EditProfileScreen)
        form.query_one("#last_name", Input).value = "Иванова-Петрова"
        await keys(pilot, "f2")
        await new_language(pilot)
        await keys(pilot, "f7")
        form = app.screen
        assert isinstance(form, EditProfileScreen) and form.is_mounted
        assert form.query_one("#last_name", Input).value == "Иванова-Петрова"
        assert str(form.query_one("#save").label) == "Сохранить (Ctrl+S)"

    run(app, scenario)


def test_account_keeps_the_new_login_but_not_a_password_and_says_so(app_db, logged_in_app):
    """Account with a new login and half a password typed, then Русский: the
    form is back with the login; the password field is empty, its note says
    why (in Russian), and the cursor waits in it."""
    from tui.screens.account import AccountScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        await my_profile(pilot)
        await keys(pilot, "a")
        assert isinstance(app.screen, AccountScreen)
        await type_text(pilot, "half a pass")
        app.screen.query_one("#login-new", Input).value = "anna.new"
        form = await new_language(pilot, "Русский", AccountScreen)
        assert form.query_one("#login-new", Input).value == "anna.new"
        field = form.query_one("#pw-current", Input)
        assert field.value == "" and field.has_focus
        note = str(form.query_one("#pw-current-error").render())
        assert note == "Введите ещё раз: при смене языка пароль не сохраняется."
        assert str(form.query_one("#pw-new-error").render()) == ""

    run(app, scenario)


def test_recovery_codes_on_screen_are_shown_again(app_db, logged_in_app):
    """New recovery codes are shown once: a new language while they are on
    screen shows the same codes again (over Account), never loses them."""
    from tests.tui.conftest import PASSWORD
    from tui.screens.account import AccountScreen
    from tui.screens.recovery_codes import RecoveryCodesScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        await my_profile(pilot)
        await keys(pilot, "a")
        app.screen.query_one("#codes-password", Input).value = PASSWORD
        app.screen.query_one("#codes-submit").press()
        await settle(pilot)
        codes = app.screen.codes
        assert isinstance(app.screen, RecoveryCodesScreen)
        await new_language(pilot)
        assert isinstance(app.screen, RecoveryCodesScreen) and app.screen.codes == codes
        assert isinstance(app.screen_stack[-2], AccountScreen)

    run(app, scenario)


def test_the_new_post_composer_comes_back_open_with_its_post(app_db, logged_in_app):
    """Feed, n, a post half written, then Русский: the composer is open again
    with it, and publishing it puts it on the new feed."""
    from models import posts
    from tui.screens.composer import ComposerScreen
    from tui.widgets.post_list import PostList

    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "n")
        await type_text(pilot, "FEED DRAFT")
        await new_language(pilot, "Русский", ComposerScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == "FEED DRAFT" and area.has_focus
        await keys(pilot, "ctrl+s")
        assert posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0].text == "FEED DRAFT"
        shown = [post.text for post_list in app.screen.query(PostList) for post in post_list.posts]
        assert "FEED DRAFT" in shown

    run(app, scenario)


def test_the_searches_of_people_and_communities_keep_their_words(app_db, logged_in_app):
    """"petr" in People, then Communities, All, "che", and a new language
    there: Communities is back on All with "che" and the Chess club found, the
    cursor in the search; F5: People still searches "petr"."""
    from tests.tui.test_communities import shown
    from tests.tui.test_people import names

    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "f5")
        await type_text(pilot, "petr")
        await keys(pilot, "f6", "right")
        await type_text(pilot, "che")
        await settle(pilot)
        await new_language(pilot)
        assert app.current_mode == "communities"
        search = app.screen.query_one("#communities-search", Input)
        assert search.value == "che" and search.has_focus
        assert app.screen.query_one("#communities-tabs").active == "all"
        assert shown(app, "all") == ["Chess club"]
        await keys(pilot, "f5")
        assert app.screen.query_one("#people-search", Input).value == "petr"
        assert names(app) == ["Michail Petrov"]

    run(app, scenario)


def test_the_music_search_keeps_its_words_and_its_tab(music_app):
    """Music, All tracks, Ctrl+L, "title", then Русский: All tracks again,
    "title" in the search and the track it finds."""
    from tests.tui.test_music import titles
    from tui.widgets.track_table import TrackTable

    app, _clock = music_app()

    async def scenario(pilot):
        await keys(pilot, "f8")
        await pilot.press("2", "ctrl+l")
        await type_text(pilot, "title")
        await settle(pilot)
        await new_language(pilot)
        screen = app.screen
        assert screen.query_one("#music-tabs").active == "all"
        assert screen.query_one("#music-search", Input).value == "title"
        assert titles(screen.query_one("#all-table", TrackTable)) == ["[b]Loud[/b] title"]

    run(app, scenario)


def test_dialogs_come_back_with_the_chat_its_edit_and_its_pictures(app_db, logged_in_app):
    """In Michail's chat, ↑ to edit my last message, "!" typed, a picture
    picked; then Русский: Dialogs comes back with his chat open, the edit going
    on (the database keeps no edit) with the picture beside it and the cursor
    in the composer; Enter saves the edit."""
    from models import dialogs
    from tests.tui.test_dialogs import open_chat
    from tui.screens.dialogs import DialogsScreen
    from tui.widgets.attachment_chips import AttachmentChips
    from tui.widgets.composer import Composer
    from tui.widgets.reply_bar import ReplyBar

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        await pilot.press("up")
        await type_text(pilot, "!")
        app.screen.query_one(AttachmentChips).add([("a picture", "▣ cat.png")])
        await new_language(pilot)
        screen = app.screen
        assert isinstance(screen, DialogsScreen) and screen.peer_id == app_db.michail.id
        composer = screen.query_one(Composer)
        assert screen.editing is not None and composer.text == "Yes, see you at seven.!"
        assert screen.query_one(ReplyBar).has_class("-active") and composer.has_focus
        assert screen.query_one(AttachmentChips).entries == [("a picture", "▣ cat.png")]
        screen.query_one(AttachmentChips).clear()
        await keys(pilot, "enter")
        mine = dialogs.history(app_db.anna.id, app_db.michail.id)[0]
        assert mine.text == "Yes, see you at seven.!" and mine.edited_at is not None

    run(app, scenario)


def test_the_chat_search_comes_back_at_its_match(app_db, logged_in_app):
    """Ctrl+F in Michail's chat, "seven", Enter: the match is selected; then
    Русский: the chat is open at that message, the search bar shows "seven",
    and the cursor is in it (Enter goes on from the match)."""
    from textual.widgets import Input

    from tests.tui.test_dialogs import open_chat
    from tui.widgets.chat_search_bar import ChatSearchBar

    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        await pilot.press("ctrl+f")
        await type_text(pilot, "seven")
        await keys(pilot, "enter")
        found = chat.selected_message
        assert found is not None and "seven" in found.text
        await new_language(pilot)
        screen = app.screen
        bar = screen.query_one(ChatSearchBar)
        assert bar.has_class("-open") and bar.query_one(Input).value == "seven"
        assert bar.query_one(Input).has_focus
        assert screen.query_one("#chat").selected_message.id == found.id

    run(app, scenario)


def test_a_new_group_comes_back_with_its_title_and_the_people_picked(app_db, logged_in_app):
    """Dialogs, Ctrl+T, a title, Olga picked, "mi" searched; then Русский: New
    group is open again with all three; Michail picked too and Enter creates
    the group with both, and Dialogs opens it."""
    from models import dialogs
    from tests.tui.test_new_group import chip_text
    from tui.screens.new_group import NewGroupScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "f3")
        await keys(pilot, "ctrl+t")
        await type_text(pilot, "Trip")
        await pilot.press("enter")
        await type_text(pilot, "ol")
        await settle(pilot)
        await pilot.press("down", "space", "ctrl+u")
        await type_text(pilot, "mi")
        await settle(pilot)
        form = await new_language(pilot, "Русский", NewGroupScreen)
        assert form.query_one("#new-group-title", Input).value == "Trip"
        assert form.query_one("#new-group-search", Input).value == "mi"
        assert list(form.picked) == [app_db.olga.id]
        assert "Olga Smirnova ×" in chip_text(app) and "Участники (2)" in chip_text(app)
        await keys(pilot, "down", "space", "enter")
        listed = dialogs.dialog_list(app_db.anna.id).items
        assert any(summary.title == "Trip" for summary in listed)
        assert "Trip" in str(app.screen.query_one("#chat-title").render())

    run(app, scenario)


def test_a_groups_new_title_comes_back_over_its_members_panel(app_db, logged_in_app, hike):
    """«Поход»'s members panel, e, a new title half typed; then Русский: the
    chat, its members panel and the title form come back, the title as typed;
    Enter renames the group and the panel shows it."""
    from models import groups
    from tests.tui.test_group_members import open_members
    from tui.screens.group_members import GroupMembersScreen
    from tui.screens.playlist_name import PlaylistNameScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "f3")
        await open_members(pilot, hike)
        await keys(pilot, "e")
        await pilot.press("ctrl+u")
        await type_text(pilot, "Эльбрус")
        form = await new_language(pilot, "Русский", PlaylistNameScreen)
        assert form.query_one("#playlist-name", Input).value == "Эльбрус"
        panel = app.screen_stack[-2]
        assert isinstance(panel, GroupMembersScreen) and panel.dialog_id == hike
        await keys(pilot, "enter")
        assert groups.group_info(app_db.anna.id, hike).title == "Эльбрус"
        assert app.screen is panel
        assert "Эльбрус" in str(panel.query_one("#members-title").render())

    run(app, scenario)


def test_the_global_search_comes_back_with_its_query_and_section(app_db, logged_in_app):
    """Ctrl+F, "chess", Tab to Messages and back to Posts… then Русский: the
    search is open again over the feed, on the same section, with the query
    and its results."""
    from textual.widgets import OptionList

    from tui.screens.search import SearchScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "ctrl+f")
        await type_text(pilot, "chess")
        await keys(pilot, "tab", "tab")
        section = app.screen.section
        assert section != "all"
        screen = await new_language(pilot, "Русский", SearchScreen)
        assert screen.query_text == "chess" and screen.section == section
        assert screen.query_one("#search-query").has_focus
        results = screen.query_one(OptionList)
        assert any("Chess" in str(results.get_option_at_index(i).prompt)
                   for i in range(results.option_count))

    run(app, scenario)


def test_a_community_page_comes_back_with_the_post_being_written(app_db, logged_in_app):
    """Michail writes half a post on his Chess club's page; then Русский: the
    page is open again, in Russian, with the post in its box."""
    from tests.tui.test_communities import open_club
    from tui.screens.community import CommunityScreen
    from tui.widgets.composer import Composer

    app = logged_in_app("michail")

    async def scenario(pilot):
        page = await open_club(pilot, app_db)
        page.query_one(Composer).focus()
        await type_text(pilot, "half a post")
        await new_language(pilot)
        page = app.screen
        assert isinstance(page, CommunityScreen) and page.community_id == app_db.community_id
        assert page.query_one(Composer).text == "half a post"
        assert "Участники" in str(page.query_one("#members-title").render())

    run(app, scenario)


def test_the_community_forms_come_back_with_what_was_typed(app_db, logged_in_app):
    """Michail edits his club's about text, and Русский: the page and the
    form over it are back, the text as typed, and Ctrl+S saves it. Then
    Communities, Ctrl+N, a name, and English: the new community form is back
    with the name."""
    from models import communities
    from tests.tui.test_communities import open_club
    from tui.screens.community import CommunityScreen
    from tui.screens.create_community import CreateCommunityScreen
    from tui.widgets.post_list import PostListView

    app = logged_in_app("michail")

    async def scenario(pilot):
        page = await open_club(pilot, app_db)
        page.query_one(PostListView).focus()
        await keys(pilot, "ctrl+o")
        app.screen.query_one("#about", TextArea).load_text("Fridays and Sundays.")
        await new_language(pilot)
        form = app.screen
        assert isinstance(form, CreateCommunityScreen) and form.community is not None
        assert form.query_one("#about", TextArea).text == "Fridays and Sundays."
        assert form.query_one("#name", Input).value == "Chess club"
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CommunityScreen)
        about = communities.get_community(app_db.michail.id, app_db.community_id).about
        assert about == "Fridays and Sundays."
        await keys(pilot, "f6")
        form = await typed_then_new_language(pilot, "ctrl+n", "Tea house", "name", "English",
                                             CreateCommunityScreen)
        assert form.community is None and form.query_one("#name", Input).has_focus

    run(app, scenario)


def test_musics_forms_and_pickers_come_back_for_what_they_were_for(
        music_app, music_data, app_db, tmp_path, monkeypatch):
    """Music: "Night" half typed to rename the second playlist, Русский: the
    Playlists tab and the form are back, and Enter renames that playlist.
    The import form with a path typed comes back with the path; the share
    picker for Morning Walk with "michail" typed, and Enter sends that track."""
    from models import dialogs, playlists
    from tests.tui.test_music import make_playlist
    from tui.screens.import_music import ImportMusicScreen
    from tui.screens.music import MusicScreen
    from tui.screens.playlist_name import PlaylistNameScreen
    from tui.screens.share_picker import SharePickerScreen

    monkeypatch.setattr(MusicScreen, "import_start", tmp_path)
    app, _clock = music_app()

    async def scenario(pilot):
        await keys(pilot, "f8")
        await make_playlist(pilot, "Evening")
        await make_playlist(pilot, "Morning")
        app.screen.query_one("#playlist-list").focus()
        await keys(pilot, "home", "down", "e")
        second = app.screen.initial
        await pilot.press("ctrl+u")
        await type_text(pilot, "Night")
        await new_language(pilot, "Русский", PlaylistNameScreen)
        assert app.screen.query_one("#playlist-name", Input).value == "Night"
        assert app.screen_stack[-2].query_one("#music-tabs").active == "lists"
        await keys(pilot, "enter")
        assert sorted(p.name for p in playlists.playlists(app_db.anna.id)) == sorted(
            {"Evening", "Morning", "Night"} - {second})

        await keys(pilot, "i")
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "song.ogg")
        await new_language(pilot, "English", ImportMusicScreen)
        assert app.screen.query_one("#import-path", Input).value == str(tmp_path / "song.ogg")
        await keys(pilot, "escape")

        await keys(pilot, "1", "down")
        picker = await typed_then_new_language(pilot, "t", "michail", "picker-search", "Русский",
                                               SharePickerScreen)
        assert "Morning Walk" in str(picker.query_one(".picker-title").render())
        await settle(pilot)
        await keys(pilot, "enter")
        newest = dialogs.history(app_db.michail.id, app_db.anna.id)[0]
        assert [a.track.id for a in newest.attachments] == [music_data.walk.id]

    run(app, scenario)


def test_a_repost_and_a_post_with_its_comment_come_back(app_db, logged_in_app):
    """s on Michail's post, a comment typed, Русский: the repost form is back
    with it, and Enter tops the new feed with the repost. Then Enter on the
    post, c, half a comment, English: the post is open again with the comment
    in its field."""
    from tests.tui.test_comments import card_text, first_card, michails_post
    from tui.screens.post import PostScreen
    from tui.screens.repost import RepostScreen

    post = michails_post(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await keys(pilot, "s")
        await type_text(pilot, "Who else plays?")
        await new_language(pilot)
        assert isinstance(app.screen, RepostScreen) and app.screen.post.id == post.id
        assert app.screen.query_one("#repost-text", Input).value == "Who else plays?"
        await keys(pilot, "enter")
        top = first_card(app)
        assert top.post.is_repost and "Who else plays?" in card_text(top)
        await keys(pilot, "down", "enter")
        assert isinstance(app.screen, PostScreen) and app.screen.post.id == post.id
        await pilot.press("c")
        await type_text(pilot, "Me too")
        await new_language(pilot, "English")
        assert isinstance(app.screen, PostScreen) and app.screen.post.id == post.id
        assert app.screen.query_one("#comment-input", Input).value == "Me too"

    run(app, scenario)


def test_pickers_come_back_over_what_they_pick_for(app_db, music_data, logged_in_app):
    """My profile's post box: a post written, Ctrl+O, a path typed in the file
    picker, Русский: the picker is back over My profile with the path (and the
    post in the box below). Dialogs, Michail's chat, Ctrl+L, "walk" typed,
    English: the track picker is back with it, and Enter puts Morning Walk on
    that chat's chips. Ctrl+N, "olg", Русский: New dialog is back with "olg",
    and Enter opens Olga's chat."""
    from tests.tui.test_dialogs import open_chat
    from tui.screens.dialogs import DialogsScreen
    from tui.screens.file_picker import FilePickerScreen
    from tui.screens.new_dialog import NewDialogScreen
    from tui.screens.track_picker import TrackPickerScreen
    from tui.widgets.attachment_chips import AttachmentChips

    app = logged_in_app("anna")

    async def scenario(pilot):
        await write_on_my_profile(pilot, "With a picture")
        await keys(pilot, "ctrl+o")
        await pilot.press("ctrl+l")
        await type_text(pilot, "cat.png")
        await new_language(pilot, "Русский", FilePickerScreen)
        assert app.screen.query_one("#file-picker-path", Input).value == "cat.png"
        assert app.screen_stack[-2].query_one("#profile-composer", TextArea).text == (
            "With a picture")
        await keys(pilot, "escape")

        await keys(pilot, "f3")
        await open_chat(pilot, app_db.michail.id)
        await typed_then_new_language(pilot, "ctrl+l", "walk", "picker-search", "English",
                                      TrackPickerScreen)
        await settle(pilot)
        await keys(pilot, "enter")
        assert isinstance(app.screen, DialogsScreen) and app.screen.peer_id == app_db.michail.id
        assert [label for _item, label in app.screen.query_one(AttachmentChips).entries] == [
            "♪ Morning Walk"]

        await typed_then_new_language(pilot, "ctrl+n", "olg", "new-dialog-search", "Русский",
                                      NewDialogScreen)
        await settle(pilot)
        await keys(pilot, "enter")
        assert isinstance(app.screen, DialogsScreen) and app.screen.peer_id == app_db.olga.id

    run(app, scenario)


def test_someones_profile_is_open_again(app_db, logged_in_app):
    """Michail's profile open over the feed, then Русский: his profile again."""
    from tui.screens.user_profile import UserProfileScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        app.open_profile(app_db.michail.id)
        await settle(pilot)
        assert isinstance(app.screen, UserProfileScreen)
        await new_language(pilot, "Русский", UserProfileScreen)
        assert app.screen.user_id == app_db.michail.id
        assert "Michail Petrov" in str(app.screen.query_one("#profile-details").render())

    run(app, scenario)
