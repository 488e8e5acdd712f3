"""Someone renames themselves while Анна has a box open that lists them: the
row says the new name at once, where it was.

Анна's app runs and polls (tests/tui/test_live.py); the test plays Michail
with the domain functions, as Edit profile and Account in his own terminal
would (test_renames_elsewhere.py: the lists of the sections). He becomes
"Миша [red]X", shown as typed, never as markup. The boxes: New dialog and
New group (what is typed and who is picked stay), who reacted, who has read
it, where to share a track; Tab after "@" in a group's composer; Account's
list of whom I blocked.
"""

from __future__ import annotations

from textual.widgets import Input, OptionList

from models import accounts, blocks, conversations, posts, profiles, reactions
from tests.tui import music_data as music_fixtures
from tests.tui.conftest import PASSWORD, settle, type_text
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_blocking import open_account, shown
from tests.tui.test_groups import open_group
from tests.tui.test_live import POLL, run, until
from tui.screens.dialogs import DialogsScreen
from tui.screens.new_dialog import NewDialogScreen
from tui.screens.new_group import NewGroupScreen
from tui.screens.reactors import ReactorsScreen
from tui.screens.read_receipts import ReadReceiptsScreen
from tui.screens.share_picker import SharePickerScreen
from tui.widgets.composer import Composer
from tui.widgets.post_list import PostList

music_data = music_fixtures.music_data
music_app = music_fixtures.music_app

NEW_NAME = "Миша [red]X"  # his first name now; "[red]" is text he typed


def rows(box) -> str:
    """The box's list as drawn, one row a line."""
    options = box.query_one(OptionList)
    return "\n".join(options.render_line(y).text.rstrip() for y in range(options.size.height))


async def he_renames(pilot, box, michail: int, was: str, now: str) -> None:
    """The box's list says ``was``; Michail takes his new first name (in his
    own terminal): the list says ``now``, no longer "Michail", the box open."""
    assert was in rows(box)
    profiles.update_profile(michail, first_name=NEW_NAME)
    assert await until(pilot, lambda: now in rows(box) and "Michail" not in rows(box))
    assert pilot.app.screen is box


async def opened(pilot, *keys: str, kind: type):
    """Each of ``keys`` pressed in turn, the app settled after each: the box
    they opened, a ``kind``."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    assert isinstance(pilot.app.screen, kind)
    return pilot.app.screen


async def to_his_row(pilot, box, listed, user_id: int) -> int:
    """↓ from the search field until his row is highlighted (``listed()``: the
    person of each row, by id); its index."""
    options = box.query_one(OptionList)
    for _ in range(len(listed()) + 1):
        await pilot.press("down")
        at = options.highlighted
        if at is not None and options.has_focus and listed()[at] == user_id:
            return at
    raise AssertionError("his row was never highlighted")


def test_a_rename_shows_in_the_new_dialog_picker(app_db, logged_in_app):
    """Анна pressed Ctrl+N in Dialogs, typed "m" and went down to Michail's row.
    He renames himself: his row says "Миша [red]X Petrov @michail", still
    highlighted, "m" still in the search; Enter opens his chat."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        box = await opened(pilot, "f3", "ctrl+n", kind=NewDialogScreen)
        await type_text(pilot, "m")
        await settle(pilot)
        at = await to_his_row(pilot, box, lambda: [user.id for user in box.users],
                              app_db.michail.id)
        await he_renames(pilot, box, app_db.michail.id, "Michail Petrov  @michail",
                         f"{NEW_NAME} Petrov  @michail")
        assert box.query_one(OptionList).highlighted == at
        assert box.query_one(Input).value == "m"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DialogsScreen) and app.screen.peer_id == app_db.michail.id

    run(app, scenario)


def test_a_rename_shows_in_the_new_group_picker_and_its_chips(app_db, logged_in_app):
    """New group (Ctrl+T): a title, "m" searched, Michail picked with Space (his
    chip above the list). He renames himself: his row ("[x]", highlighted) and
    his chip say the new name; the title, the search and the pick stay."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        box = await opened(pilot, "f3", "ctrl+t", kind=NewGroupScreen)
        await type_text(pilot, "Поход")
        await pilot.press("enter")  # nobody picked yet: on to the search
        await type_text(pilot, "m")
        await settle(pilot)
        at = await to_his_row(pilot, box, lambda: [user.id for user in box.users],
                              app_db.michail.id)
        await pilot.press("space")
        chips = box.query_one("#new-group-chips")
        assert "Michail Petrov ×" in shown(chips)
        await he_renames(pilot, box, app_db.michail.id, "[x] Michail Petrov  @michail",
                         f"[x] {NEW_NAME} Petrov  @michail")
        assert f"{NEW_NAME} Petrov ×" in shown(chips) and "Michail" not in shown(chips)
        assert box.query_one(OptionList).highlighted == at
        assert box.query_one("#new-group-search", Input).value == "m"
        assert box.query_one("#new-group-title", Input).value == "Поход"
        assert [user.full_name for user in box.picked.values()] == [f"{NEW_NAME} Petrov"]

    run(app, scenario)


def test_a_rename_shows_in_who_reacted(app_db, logged_in_app):
    """Michail reacted 🔥 to Анна's post; on the Feed she pressed w on it. He
    renames himself: the row says "🔥  Миша [red]X Petrov @michail"."""
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    reactions.react_to_post(app_db.michail.id, mine.id, "🔥")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        following = app.screen.query_one("#following-posts", PostList)
        view = following.list_view
        view.focus()
        view.index = [post.id for post in following.posts].index(mine.id)
        await settle(pilot)
        box = await opened(pilot, "w", kind=ReactorsScreen)
        await he_renames(pilot, box, app_db.michail.id, "🔥  Michail Petrov @michail",
                         f"🔥  {NEW_NAME} Petrov @michail")

    run(app, scenario)


def test_a_rename_shows_in_who_has_read_it(app_db, logged_in_app, hike):
    """In «Поход» Michail has read Анна's message; i on it lists him. He
    renames himself: the row says the new name, and when he read it."""
    mine = conversations.history_of(app_db.anna.id, hike, limit=1)[0]
    conversations.mark_read_in(app_db.michail.id, hike, mine.seq)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        chat = await open_group(pilot, hike)
        chat.focus()
        chat.select_message(mine.id)
        box = await opened(pilot, "i", kind=ReadReceiptsScreen)
        await he_renames(pilot, box, app_db.michail.id, "Michail Petrov  @michail  read today",
                         f"{NEW_NAME} Petrov  @michail  read today")

    run(app, scenario)


def test_a_rename_shows_where_a_track_is_shared(music_app, music_data, app_db):
    """Music (F8), t on a track: the box lists Анна's dialog with Michail; she
    goes down to it. He renames himself: the row says the new name, still
    highlighted; Enter sends the track, "Sent to" him under it."""
    app, _clock = music_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        box = await opened(pilot, "f8", "t", kind=SharePickerScreen)
        at = await to_his_row(pilot, box, lambda: [target.peer_id for target in box.items],
                              app_db.michail.id)
        await he_renames(pilot, box, app_db.michail.id, "Michail Petrov  @michail",
                         f"{NEW_NAME} Petrov  @michail")
        assert box.query_one(OptionList).highlighted == at
        await pilot.press("enter")
        await settle(pilot)
        assert [n.message for n in app._notifications][-1].startswith(
            f"Sent to {NEW_NAME} Petrov: ")

    run(app, scenario)


def test_tab_after_at_completes_a_members_new_login(app_db, logged_in_app, hike):
    """In «Поход»'s composer Анна typed "@": the members' logins are read.
    Michail takes the login "misha": "@mis" Tab gives "@misha " (the logins
    read before knew only "michail")."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        await open_group(pilot, hike)
        composer = app.screen.query_one(Composer)
        composer.focus()
        await type_text(pilot, "@")
        await settle(pilot)
        assert sorted(composer.mention_logins) == ["michail", "olga"]
        accounts.change_login(app_db.michail.id, PASSWORD, "misha")
        assert await until(pilot, lambda: "misha" in composer.mention_logins)
        await type_text(pilot, "mis")
        await pilot.press("tab")
        assert composer.text == "@misha "

    run(app, scenario)


def test_a_rename_shows_among_the_people_i_blocked(app_db, logged_in_app):
    """Анна blocked Michail; My profile → Account lists him. He renames
    himself: his row there says the new name."""
    blocks.block(app_db.anna.id, app_db.michail.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_account(pilot)
        account = app.screen

        def listed() -> list[str]:
            return [shown(name) for name in account.query(".blocked-name")]

        assert listed() == ["Michail Petrov  @michail"]
        profiles.update_profile(app_db.michail.id, first_name=NEW_NAME)
        assert await until(pilot, lambda: listed() == [f"{NEW_NAME} Petrov  @michail"])
        assert app.screen is account

    run(app, scenario)


def test_a_rename_shows_in_an_open_confirmation_that_names_him(app_db, logged_in_app):
    """On Michail's profile Анна pressed b: "Block Michail Petrov? …". He
    renames himself before she answers: the question names him anew, shown as
    typed, the box still open; n leaves him unblocked."""
    from textual.widgets import Static

    from tui.screens.confirm import ConfirmScreen

    app = logged_in_app("anna", poll_interval=POLL)

    def question() -> str:
        return str(app.screen.query_one("#question", Static).render())

    async def scenario(pilot):
        app.open_profile(app_db.michail.id)
        await settle(pilot)
        box = await opened(pilot, "b", kind=ConfirmScreen)
        assert question().startswith("Block Michail Petrov?")
        profiles.update_profile(app_db.michail.id, first_name=NEW_NAME)
        assert await until(pilot, lambda: question().startswith(f"Block {NEW_NAME} Petrov?"))
        assert app.screen is box
        await pilot.press("n")
        await settle(pilot)
        assert not blocks.is_blocked(app_db.anna.id, app_db.michail.id)

    run(app, scenario)
