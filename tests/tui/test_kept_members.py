"""A group's members panel (Ctrl+B) is kept and shown again for the next
group (issue 17, every key painted; tui/kept_screens.py): built out of sight
after log-in, refilled with the group's members read before it is shown —
never a frame of the last group's — keys typed as it opens land in it, and
a read for the last group still under way is not shown for the next."""

from __future__ import annotations

import asyncio

from textual import events

from models import groups
from tests.tui.conftest import held_back, settle
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_group_members import offered, open_members
from tests.tui.test_groups import open_group, run
from tests.tui.test_kept_community import running_timers
from tests.tui.test_kept_profile import watch_showing
from tests.tui.test_key_order import burst, handled
from tui import kept_screens
from tui.screens.confirm import ConfirmScreen
from tui.screens.group_members import GroupMembersScreen
from tui.widgets.composer import Composer


def chess_group(app_db) -> int:
    """«Шахматы»: Michail's group, with Анна (a member) and Mallory."""
    return groups.create_group(app_db.michail.id, "Шахматы",
                               [app_db.anna.id, app_db.mallory.id])


def logins(panel: GroupMembersScreen) -> list[str]:
    """The logins of the rows the panel's list shows."""
    listing = panel.query_one("#members-list")
    return [str(listing.get_option_at_index(i).prompt).split("@")[1].split()[0]
            for i in range(listing.option_count)]


async def close(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)


def test_the_next_group_s_panel_is_the_same_screen_with_only_its_members(
        app_db, logged_in_app, hike, monkeypatch):
    """«Поход»'s panel (Анна owns it), then «Шахматы»'s (she is a member): the
    same screen, and as it is pushed it already lists only «Шахматы»'s members,
    with a member's keys in its footer and the cursor on the first; closed,
    the chat's composer has the focus again."""
    from tui.widgets.footer import AppFooter

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)  # however slow the host
    chess = chess_group(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        first = await open_members(pilot, hike)
        assert logins(first) == ["anna", "michail", "olga"]
        await pilot.press("down", "down")
        await close(pilot)
        seen: dict = {}

        def note(shown) -> None:
            seen["logins"] = logins(shown)
            seen["title"] = str(shown.query_one("#members-title").render())
            seen["keys"] = {key.description
                            for key in shown.query_one(AppFooter).keys_on_show()}

        watch_showing(app, first, monkeypatch, note)
        second = await open_members(pilot, chess)
        assert second is first
        assert seen["logins"] == ["michail", "mallory", "anna"]
        assert seen["title"] == "Шахматы"
        assert "Leave the group" in seen["keys"] and "Add" not in seen["keys"]
        assert offered(second) == {"close", "leave"}
        assert second.query_one("#members-list").highlighted == 0
        assert second.dialog_id == chess
        await close(pilot)
        assert app.focused is app.screen.query_one(Composer)

    run(app, scenario)


def test_keys_typed_as_the_kept_panel_opens_go_to_it(app_db, logged_in_app, hike, monkeypatch):
    """The kept panel, for «Шахматы»: ↓ ↓ x Ctrl+L typed right after Ctrl+B,
    before its members are read, wait for it: the cursor goes to its third
    member, x is not Анна's to use there (a member), Ctrl+L asks her to leave
    «Шахматы». Nothing goes to the chat's composer."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    chess = chess_group(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        panel = await open_members(pilot, hike)
        await close(pilot)
        await open_group(pilot, chess)
        dialogs = app.screen
        gate = held_back(monkeypatch, groups, "group_members")
        await pilot.press("ctrl+b")
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("down", None))
        burst(app, "x")
        app.post_message(events.Key("ctrl+l", None))
        await pilot.pause(0.1)
        assert app.screen is dialogs  # not shown before it is filled
        gate.set()
        await handled(pilot)
        assert dialogs.query_one(Composer).text == ""
        assert app.screen_stack[-2] is panel and panel.dialog_id == chess
        assert panel.query_one("#members-list").highlighted == 2
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen) and "Leave the group" in confirm.question

    run(app, scenario)


def test_a_read_for_the_last_group_is_not_shown_for_the_next(
        app_db, logged_in_app, hike, monkeypatch):
    """«Поход»'s members read again (after a change) answer only once the panel
    shows «Шахматы»: the answer is dropped."""
    chess = chess_group(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        panel = await open_members(pilot, hike)
        gate = held_back(monkeypatch, groups, "group_members",
                         lambda viewer, dialog_id, *a, **k: dialog_id == hike)
        panel.load()
        await pilot.pause(0.05)
        await close(pilot)
        assert await open_members(pilot, chess) is panel
        gate.set()
        await settle(pilot)
        await asyncio.sleep(0.1)
        await settle(pilot)
        assert panel.dialog_id == chess and logins(panel) == ["michail", "mallory", "anna"]
        assert str(panel.query_one("#members-title").render()) == "Шахматы"

    run(app, scenario)


def test_the_panel_is_built_out_of_sight_after_log_in(app_db, logged_in_app, hike):
    """Once the sections are built, a members panel is too, empty, on no
    stack, nothing running on it; the session's first Ctrl+B shows it."""
    from tests.tui.test_sections_prepared import sections_prepared

    app = logged_in_app("anna")

    async def scenario(pilot):
        await sections_prepared(app, pilot)
        for _ in range(300):
            if app.kept_screen("group-members") is not None:
                break
            await asyncio.sleep(0.1)
        built = app.kept_screen("group-members")
        assert isinstance(built, GroupMembersScreen) and built.dialog_id is None
        assert built not in app.screen_stack and logins(built) == []
        await asyncio.sleep(0.3)
        assert running_timers(built) == []
        assert not [w for w in app.workers if w.node is built]
        app.action_section("dialogs")
        await settle(pilot)
        assert await open_members(pilot, hike) is built
        assert logins(built) == ["anna", "michail", "olga"]

    run(app, scenario)
