"""The members panel (Ctrl+B in a group's chat): the owner's view with every
change, an admin's and a member's view, and leaving."""

from __future__ import annotations

from textual import events

from models import groups
from tests.tui.conftest import settle, type_text
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_groups import open_group, run
from tui.screens.confirm import ConfirmScreen
from tui.screens.dialogs import DialogsScreen
from tui.screens.group_members import GroupMembersScreen
from tui.screens.new_group import NewGroupScreen, PeoplePicker
from tui.screens.playlist_name import PlaylistNameScreen
from tui.widgets.composer import Composer


async def open_members(pilot, dialog_id: int) -> GroupMembersScreen:
    await open_group(pilot, dialog_id)
    await pilot.press("ctrl+b")  # from the composer, where the focus is
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, GroupMembersScreen)
    return screen


def offered(screen) -> set[str]:
    """The panel's actions the person is offered (footer and help); F1 Help
    is everyone's."""
    return {active.binding.action for active in screen.active_bindings.values()
            if active.enabled and active.binding.id and active.binding.id.startswith("members.")
            and active.binding.action != "app.help"}


def roles(dialog_id: int, viewer: int) -> dict[int, str]:
    return {m.user.id: m.role for m in groups.group_members(viewer, dialog_id)}


def test_owner_sees_roles_and_every_action(app_db, logged_in_app, hike):
    """The owner is offered every key; o Admin on/off is dimmed on her own row
    (it was lit there and did nothing: the owner stays the owner) and lit on
    a member's, as painted in the footer."""
    from tests.tui.test_footer_keys import _check_footer, _shown

    app = logged_in_app("anna")

    def admin_key_dimmed(screen) -> bool:
        return next(dimmed for key, _description, dimmed in _shown(screen) if key == "o")

    async def scenario(pilot):
        screen = await open_members(pilot, hike)
        assert [m.user.id for m in screen.members][0] == app_db.anna.id
        assert offered(screen) == {"close", "add", "remove", "rename", "leave"}
        assert admin_key_dimmed(screen)
        _check_footer(pilot.app)
        await pilot.press("o")
        await settle(pilot)
        assert roles(hike, app_db.anna.id)[app_db.anna.id] == "owner"
        await pilot.press("down")
        await settle(pilot)
        assert offered(screen) == {"close", "add", "remove", "rename", "toggle_admin", "leave"}
        assert not admin_key_dimmed(screen)
        _check_footer(pilot.app)
        status = str(screen.query_one("#members-status").render())
        assert "3 members" in status and "owner" in status

    run(app, scenario)


def test_owner_adds_removes_names_admin_and_renames(app_db, logged_in_app, hike):
    """a → pick Mallory → Enter adds her; o on Michail makes him admin; x on Olga
    (confirmed) removes her; e renames the group."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_members(pilot, hike)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewGroupScreen)
        picker = pilot.app.screen.query_one(PeoplePicker)
        ids = [picker.get_option_at_index(i).id for i in range(picker.option_count)]
        assert f"user-{app_db.michail.id}" not in ids  # in the group already
        picker.focus()
        picker.highlighted = ids.index(f"user-{app_db.mallory.id}")
        await pilot.press("space", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert roles(hike, app_db.anna.id)[app_db.mallory.id] == "member"

        listing = screen.query_one("#members-list")
        listing.highlighted = [m.user.id for m in screen.members].index(app_db.michail.id)
        await pilot.press("o")
        await settle(pilot)
        assert roles(hike, app_db.anna.id)[app_db.michail.id] == "admin"

        listing.highlighted = [m.user.id for m in screen.members].index(app_db.olga.id)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app_db.olga.id not in roles(hike, app_db.anna.id)

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PlaylistNameScreen)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Эльбрус")
        await pilot.press("enter")
        await settle(pilot)
        assert groups.group_info(app_db.anna.id, hike).title == "Эльбрус"
        assert "Эльбрус" in str(screen.query_one("#members-title").render())
        await pilot.press("escape")
        await settle(pilot)
        assert "Эльбрус" in str(pilot.app.screen.query_one("#chat-title").render())

    run(app, scenario)


def test_member_view_offers_only_leaving(app_db, logged_in_app, hike):
    """Olga, a member: no add, remove, rename or admin keys; x does nothing."""
    app = logged_in_app("olga")

    async def scenario(pilot):
        screen = await open_members(pilot, hike)
        assert offered(screen) == {"close", "leave"}
        await pilot.press("x", "e", "a")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert len(roles(hike, app_db.olga.id)) == 3

    run(app, scenario)


def test_admin_view_has_no_admin_key(app_db, logged_in_app, hike):
    groups.set_admin(app_db.anna.id, hike, app_db.michail.id, True)
    app = logged_in_app("michail")

    async def scenario(pilot):
        screen = await open_members(pilot, hike)
        assert offered(screen) == {"close", "add", "remove", "rename", "leave"}

    run(app, scenario)


def test_leaving_turns_the_group_read_only(app_db, logged_in_app, hike):
    """Olga leaves (Ctrl+L, confirmed): her chat of the group is read only."""
    app = logged_in_app("olga")

    async def scenario(pilot):
        await open_members(pilot, hike)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app_db.olga.id not in roles(hike, app_db.anna.id)
        await pilot.press("escape")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DialogsScreen)
        assert screen.read_only and screen.query_one(Composer).disabled

    run(app, scenario)


def test_palette_opens_the_members_of_the_open_group(app_db, logged_in_app, hike):
    """Ctrl+P, "Group members", Enter in a group's chat: its members panel."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_group(pilot, hike)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Group members")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GroupMembersScreen)
        assert pilot.app.screen.dialog_id == hike

    run(app, scenario)


def test_ctrl_b_members_is_offered_in_a_group_only(app_db, logged_in_app, hike):
    """The footer and help offer Ctrl+B Members in a group's chat, not in a
    1:1 chat (which has no members panel), and the offer follows the chat."""
    from tests.tui.test_dialogs import open_chat

    app = logged_in_app("anna")

    def members_offered() -> bool:
        return any(active.binding.id == "dialogs.members" and active.enabled
                   for active in app.screen.active_bindings.values())

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        assert not members_offered()
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, DialogsScreen)
        await open_group(pilot, hike)
        assert members_offered()
        await open_chat(pilot, app_db.olga.id)
        assert not members_offered()

    run(app, scenario)


def test_going_from_a_group_to_a_1_1_chat_keeps_the_footers_keys(app_db, logged_in_app, hike):
    """Ctrl+B is the footer's in every chat, dimmed in a 1:1 chat: going from
    a group to a 1:1 chat and back dims and lights the same key widgets, none
    mounted again (a rebuild of the keys laid the screen out on its own, after
    the chat: issue 17, bench/chats_repeat.py)."""
    from textual.widgets._footer import FooterKey

    from tests.tui.test_dialogs import open_chat
    from tui.widgets.footer import AppFooter

    app = logged_in_app("anna")

    def members_key() -> FooterKey:
        return next(key for key in app.screen.query_one(AppFooter).keys_on_show()
                    if key.key == "ctrl+b")

    async def scenario(pilot):
        await open_group(pilot, hike)
        keys = list(app.screen.query_one(AppFooter).keys_on_show())
        assert not members_key().has_class("-disabled")  # lit, as painted
        await open_chat(pilot, app_db.michail.id)
        assert members_key().has_class("-disabled")  # dimmed, as painted
        assert list(app.screen.query_one(AppFooter).keys_on_show()) == keys
        await open_group(pilot, hike)
        assert not members_key().has_class("-disabled")
        assert list(app.screen.query_one(AppFooter).keys_on_show()) == keys
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, GroupMembersScreen)

    run(app, scenario)


def test_a_footer_key_mounted_asks_for_no_second_layout(app_db, logged_in_app, hike):
    """After the layout that places a new footer key, the key's first size
    does not ask for the screen to be laid out again (Textual's widgets do:
    their ``virtual_size`` has ``layout=True``), so a rebuild of the keys costs
    one layout."""
    from tests.tui.test_dialogs import open_chat
    from tui.widgets.footer import AppFooter, LaidOutKey

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        footer = app.screen.query_one(AppFooter)
        keys = list(footer.query(LaidOutKey))
        assert keys
        for key in keys:
            key._size_updated(key.size + (1, 0), key.virtual_size + (1, 0), key.container_size)
            assert not key._layout_required

    run(app, scenario)


def test_the_panel_opens_filled_and_keys_typed_as_it_opens_go_to_it(
        app_db, logged_in_app, hike, monkeypatch):
    """Ctrl+B reads the group first and shows the panel with its members (one
    layout, issue 17); ↓ and x typed before the read ends wait for the panel:
    the cursor moves to the second member and x asks to remove them — nothing
    of it goes to the chat's composer."""
    from tests.tui.conftest import held_back
    from tests.tui.test_key_order import burst, handled

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_group(pilot, hike)
        dialogs = pilot.app.screen
        gate = held_back(monkeypatch, groups, "group_members")
        await pilot.press("ctrl+b")
        pilot.app.post_message(events.Key("down", None))
        burst(pilot.app, "x")
        await pilot.pause(0.1)
        assert pilot.app.screen is dialogs  # not pushed empty
        gate.set()
        await handled(pilot)
        assert dialogs.query_one(Composer).text == ""
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen)  # x on the second member: remove them?
        panel = pilot.app.screen_stack[-2]
        assert isinstance(panel, GroupMembersScreen) and len(panel.members) == 3
        assert panel.query_one("#members-list").option_count == 3
        second = panel.members[1].user
        assert second.id != app_db.anna.id
        assert second.full_name in confirm.question
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is panel

    run(app, scenario)


def test_a_large_group_s_members_are_drawn_only_as_they_are_shown(
        app_db, logged_in_app, hike, make_user, monkeypatch):
    """120 members: the panel learns that each row is one line without making
    every row into something drawable (issue 17: that was most of Ctrl+B in a
    500-member group); it draws a screenful, and End still reaches the last."""
    from textual.content import Content

    crowd = [make_user(f"crowd{n:03}", "Crowd", f"Member{n:03}").id for n in range(120)]
    groups.add_members(app_db.anna.id, hike, crowd)
    drawn: set[str] = set()
    make = Content.from_rich_text

    def noted(cls, text, console=None):
        plain = text if isinstance(text, str) else text.plain
        drawn.update(word for word in plain.split() if word.startswith("@crowd"))
        return make(text, console)

    monkeypatch.setattr(Content, "from_rich_text", classmethod(noted))
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_members(pilot, hike)
        listing = screen.query_one("#members-list")
        assert listing.option_count == 123
        assert listing.virtual_size.height == 123  # one line each
        assert 0 < len(drawn) < 30  # a screenful, not 120
        await pilot.press("end")
        await settle(pilot)
        assert listing.highlighted == 122 and "@crowd119" in drawn
        assert len(drawn) < 60

    run(app, scenario)


def test_a_member_row_longer_than_the_panel_is_cut_on_one_line(
        app_db, logged_in_app, hike, make_user):
    """As the row's text asks (no wrap, an ellipsis): one line, ending in "…"."""
    long = make_user("longname", "Maximilian-Alexander", "Featherstonehaugh-Montgomery-"
                     "Worthington-Smythe")
    groups.add_members(app_db.anna.id, hike, [long.id])
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await open_members(pilot, hike)
        listing = screen.query_one("#members-list")
        assert listing.virtual_size.height == listing.option_count == 4
        row = [m.user.id for m in screen.members].index(long.id)
        line = "".join(segment.text for segment in listing.render_line(row)).rstrip()
        assert line.endswith("…") and "Maximilian-Alexander" in line

    run(app, scenario)


def test_the_members_panel_footer_shows_f1_help_and_f1_opens_it(app_db, logged_in_app, hike):
    """The members panel is a modal screen: its footer listed only its own keys,
    and "f1 Help" (shown on every other screen) was missing, though F1 worked.
    It is shown, painted, and F1 opens the help, with the panel's keys
    in it; F1 again closes the help, and the panel is still there."""
    from tests.tui.screen_walk import screen_lines
    from tui.screens.help import HelpScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_group(pilot, hike)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, GroupMembersScreen)
        footer = screen_lines(app)[-1]
        assert " f1 Help " in footer and "Rename" in footer, footer
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Leave the group" in "\n".join(screen_lines(app))
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, GroupMembersScreen)

    run(app, scenario)
