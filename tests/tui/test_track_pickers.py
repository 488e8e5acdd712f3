"""The pickers a shared track goes through: where to share (my wall, my
dialogs and groups, my communities; searchable) from Music's ``t``, and a
track from my music; keyboard first, F1 inside, Esc cancels."""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable, Input, OptionList

from models import communities, groups
from models.share_targets import COMMUNITY, DIALOG, GROUP, WALL
from tests.tui import music_data as fixtures
from tests.tui.conftest import type_text
from tests.tui.screen_walk import screen_lines
from tui.screens.help import HelpScreen
from tui.screens.music import MusicScreen
from tui.screens.share_picker import SharePickerScreen
from tui.screens.track_picker import TrackPickerScreen

music_data = fixtures.music_data
music_app = fixtures.music_app
settle = fixtures.settle


def rows(screen) -> list[str]:
    """The picker's rows as text (the prompts are ``rich.text.Text``)."""
    options = screen.query_one(OptionList)
    return [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]


async def open_share_picker(pilot) -> SharePickerScreen:
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MusicScreen)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SharePickerScreen)
    return pilot.app.screen


def test_t_on_a_track_asks_where_to_share_it(music_app, app_db):
    """Анна presses t on "Вечерний вальс": the picker is titled with the track
    and lists My wall, her dialog with Michail, her group, her community —
    not Michail's community she is not in; Esc goes back to Music."""
    groups.create_group(app_db.anna.id, "[b]Band[/b]", [app_db.michail.id])
    club = communities.create_community(app_db.olga.id, "Waltz lovers")
    communities.join(app_db.anna.id, club.id)
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            picker = await open_share_picker(pilot)
            shown = "\n".join(screen_lines(app))
            assert "Share “Вечерний вальс” to…" in shown
            assert [(t.kind, t.name) for t in picker.items] == [
                (WALL, ""), (GROUP, "[b]Band[/b]"), (DIALOG, "Michail Petrov"),
                (COMMUNITY, "Waltz lovers")]
            assert rows(picker)[:3] == ["My wall  a post", "[b]Band[/b]  group",
                                        "Michail Petrov  @michail"]
            assert "Chess club" not in shown
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MusicScreen)

    asyncio.run(scenario())


def test_typing_narrows_the_targets_and_enter_picks_one(music_app, app_db):
    """Letters typed go into the search (also from the list); Enter picks the
    highlighted target and the picker returns it."""
    app, _clock = music_app()
    picked = []

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(SharePickerScreen("x"), picked.append)
            await settle(pilot)
            picker = app.screen
            await pilot.press("down")  # to the list; letters still go to the search
            assert picker.query_one(OptionList).has_focus
            await type_text(pilot, "MICH")
            await settle(pilot)
            assert picker.query_one(Input).value == "MICH"
            assert [t.name for t in picker.items] == ["Michail Petrov"]
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, SharePickerScreen)

    asyncio.run(scenario())
    assert [(t.kind, t.peer_id) for t in picked] == [(DIALOG, app_db.michail.id)]


def test_my_wall_is_found_by_its_name_and_nothing_found_says_so(music_app):
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(SharePickerScreen("x"))
            await settle(pilot)
            await type_text(pilot, "wall")
            await settle(pilot)
            assert [t.kind for t in app.screen.items] == [WALL]
            await type_text(pilot, "zzz")
            await settle(pilot)
            assert app.screen.items == []
            assert "Nothing found." in "\n".join(screen_lines(app))
            await pilot.press("enter")  # nothing to pick: the picker stays
            await settle(pilot)
            assert isinstance(app.screen, SharePickerScreen)

    asyncio.run(scenario())


def test_f1_inside_the_picker_lists_its_keys(music_app):
    app, _clock = music_app()

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            picker = await open_share_picker(pilot)
            await pilot.press("f1")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            table = app.screen.query_one(DataTable)
            shown = [tuple(str(cell) for cell in table.get_row_at(i))
                     for i in range(table.row_count)]
            assert ("esc", "Cancel") in shown
            assert ("f9", "Play / pause") in shown  # the app's keys too
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is picker

    asyncio.run(scenario())


def test_the_library_picker_lists_my_music_as_cards_and_searches(music_app, music_data):
    """Анна's two tracks as cards; "вальс" leaves the waltz; Enter returns it.
    Michail's track (not in her music) is not offered."""
    app, _clock = music_app()
    picked = []

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(TrackPickerScreen(), picked.append)
            await settle(pilot)
            shown = "\n".join(screen_lines(app))
            assert "♪ Вечерний вальс — Оркестр терминала · 1:05" in shown
            assert "♪ Morning Walk — Terminal Ensemble · 0:42" in shown
            assert "Loud" not in shown
            await type_text(pilot, "ВАЛЬС")
            await settle(pilot)
            assert [t.title for t in app.screen.items] == ["Вечерний вальс"]
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, TrackPickerScreen)

    asyncio.run(scenario())
    assert [t.id for t in picked] == [music_data.waltz.id]


def test_the_library_picker_cancels_and_says_when_music_is_empty(logged_in_app):
    app = logged_in_app("olga")
    picked = []

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(TrackPickerScreen(), picked.append)
            await settle(pilot)
            assert "My music is empty. Import tracks in Music (F8) first." in \
                "\n".join(screen_lines(app))
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, TrackPickerScreen)

    asyncio.run(scenario())
    assert picked == [None]
