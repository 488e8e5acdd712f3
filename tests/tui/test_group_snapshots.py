"""Snapshots of group conversations: a chat of several senders with system
lines, the list with a mention, the members panel as the owner and as a
member sees it, and the read-only view of someone removed.

Every picture is made from ``app_db`` and the «Поход» group (``group_data``)
under the frozen clock."""

from __future__ import annotations

from models import groups, messages
from tests.tui.conftest import header_counts_settled, settle
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tui.chats import group_key
from tui.screens.group_members import GroupMembersScreen

SIZE = (100, 32)


async def open_group_chat(pilot, dialog_id: int) -> None:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    pilot.app.screen.select_chat(group_key(dialog_id))
    await settle(pilot)
    await header_counts_settled(pilot)  # opening the chat read it


def test_snapshot_group_chat_several_senders(app_db, logged_in_app, hike, snap_compare):
    """Анна's view of «Поход»: "created the group", Michail's run of two under his
    avatar and name, Olga's (markup literal), Анна's own on the right with ✓✓
    (Michail read it), then Olga added and removed as system lines."""
    from models import conversations

    mine = conversations.history_of(app_db.anna.id, hike, limit=1)[0]
    conversations.mark_read_in(app_db.michail.id, hike, mine.seq)
    groups.remove_member(app_db.anna.id, hike, app_db.olga.id)
    groups.add_members(app_db.anna.id, hike, [app_db.olga.id])
    app = logged_in_app("anna")

    async def run_before(pilot):
        await open_group_chat(pilot, hike)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_group_mention_in_list_and_chat(app_db, logged_in_app, hike, snap_compare):
    """Michail wrote "@anna": the group's row shows "Michail: …" with the "@" badge
    and the unread count; in Michail's dialog-free list the group sits with the
    dialogs by time. Opened, the mention is highlighted."""
    messages.send_to_dialog(app_db.michail.id, hike, "@anna can you take the map?", "m-9")
    app = logged_in_app("anna")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_group_mention_highlighted(app_db, logged_in_app, hike, snap_compare):
    """Ctrl+G opens «Поход» at Michail's "@anna" message: highlighted as a mention
    and selected."""
    messages.send_to_dialog(app_db.michail.id, hike, "@anna can you take the map?", "m-9")
    app = logged_in_app("anna")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await header_counts_settled(pilot)  # opening the group read it

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def members_panel(login: str, logged_in_app, hike, snap_compare):
    app = logged_in_app(login)

    async def run_before(pilot):
        await open_group_chat(pilot, hike)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GroupMembersScreen)

    return snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_members_panel_owner(app_db, logged_in_app, hike, snap_compare):
    """The owner's panel: Анна (owner, you), Michail (admin), Olga; the footer offers
    add, remove, rename, admin and leave (admin dimmed: the cursor is on her own row)."""
    groups.set_admin(app_db.anna.id, hike, app_db.michail.id, True)
    assert members_panel("anna", logged_in_app, hike, snap_compare)


def test_snapshot_members_panel_member(app_db, logged_in_app, hike, snap_compare):
    """Olga's panel: the same list; the footer offers only leaving."""
    assert members_panel("olga", logged_in_app, hike, snap_compare)


def test_snapshot_removed_member_read_only(app_db, logged_in_app, hike, snap_compare):
    """Olga, removed: the history up to "Анна removed Olga", "read only" in the
    title, the composer off and saying why; Michail's later message is not there."""
    groups.remove_member(app_db.anna.id, hike, app_db.olga.id)
    messages.send_to_dialog(app_db.michail.id, hike, "Plans without Olga", "m-10")
    app = logged_in_app("olga")

    async def run_before(pilot):
        await open_group_chat(pilot, hike)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_group_chat_in_russian(app_db, logged_in_app, hike, snap_compare):
    """Michail's view in Russian after a rename and Olga's removal: the system
    lines in Russian, the names of people as they wrote them."""
    groups.rename_group(app_db.anna.id, hike, "Эльбрус")
    groups.remove_member(app_db.anna.id, hike, app_db.olga.id)
    app = logged_in_app("michail", lang="ru")

    async def run_before(pilot):
        await open_group_chat(pilot, hike)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_who_has_read_it(app_db, logged_in_app, hike, snap_compare):
    """i on Анна's message: Michail read it (and when); Olga has not."""
    from models import conversations

    mine = conversations.history_of(app_db.anna.id, hike, limit=1)[0]
    conversations.mark_read_in(app_db.michail.id, hike, mine.seq)
    app = logged_in_app("anna")

    async def run_before(pilot):
        from tui.widgets.chat_view import ChatView

        await open_group_chat(pilot, hike)
        chat = pilot.app.screen.query_one(ChatView)
        chat.focus()
        chat.select_message(mine.id)
        await pilot.press("i")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
