"""A kept screen, filled out of sight, is drawn once as it is shown (issue 17,
every key painted; tui/kept_screens.py): not drawn a second time a tick later
because the screen left below was refreshed by the push (behind a modal
panel, or under an opaque page that Textual still counted as showing it), nor
because its widgets handled what its out-of-sight layout sent them only after
it was shown."""

from __future__ import annotations

from textual._compositor import Compositor

from models import communities
from tests.tui.conftest import settle
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_communities import run as run_on_communities
from tests.tui.test_group_members import open_members
from tests.tui.test_groups import run as run_on_dialogs
from tests.tui.test_kept_community import back, open_page, two_clubs
from tests.tui.test_kept_members import chess_group, close
from tui import kept_screens


def count_draws(app, screen, monkeypatch) -> list:
    """The frames drawn of ``screen`` from its push on (its compositor's
    updates that drew something)."""
    draws: list = []
    shown: dict = {}
    render, push = Compositor.render_update, app.push_screen

    def counted(compositor, *args, **kwargs):
        update = render(compositor, *args, **kwargs)
        if shown and compositor is screen._compositor and update is not None:
            draws.append(update)
        return update

    def noted(pushed, *args, **kwargs):
        if pushed is screen:
            shown["yes"] = True
        return push(pushed, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", counted)
    app.push_screen = noted
    return draws


def test_the_kept_members_panel_is_drawn_once_as_it_is_shown(
        app_db, logged_in_app, hike, monkeypatch):
    """«Шахматы»'s panel after «Поход»'s: one frame, not a second whole one
    when Dialogs, left below, handles the refresh the push gave it."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    chess = chess_group(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        panel = await open_members(pilot, hike)
        await close(pilot)
        draws = count_draws(app, panel, monkeypatch)
        assert await open_members(pilot, chess) is panel
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(draws) == 1

    run_on_dialogs(app, scenario)


def test_the_kept_community_page_is_drawn_once_as_it_is_shown(
        app_db, logged_in_app, monkeypatch):
    """Go club after Chess club: one frame — the list of communities below is
    not a background of the opaque page, and the page's widgets handled their
    layout's resizes before it was shown."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    chess, go = two_clubs(app_db)
    communities.join(app_db.anna.id, go)
    app = logged_in_app("anna")

    async def scenario(pilot):
        page = await open_page(app, pilot, chess)
        await back(pilot)
        draws = count_draws(app, page, monkeypatch)
        assert await open_page(app, pilot, go) is page
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(draws) == 1

    run_on_communities(app, scenario)


def test_the_first_showing_of_the_page_built_out_of_sight_lays_nothing_out(
        app_db, logged_in_app, monkeypatch):
    """The session's first community, on the page built out of sight after
    log-in: one frame and no layout once shown. Its mini-player was mounted
    with it (mounted on its first showing, it laid the screen out again)."""
    from textual.screen import Screen

    from tests.tui.test_kept_community import built_out_of_sight
    from tui.widgets.mini_player import MiniPlayer

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")
    laid_out: list = []
    lay_out = Screen._refresh_layout

    def noted(screen, *args, **kwargs):
        if screen.is_current and type(screen).__name__ == "CommunityScreen":
            laid_out.append(screen)
        return lay_out(screen, *args, **kwargs)

    async def scenario(pilot):
        page = await built_out_of_sight(app, pilot)
        assert page.query(MiniPlayer)  # built with it
        monkeypatch.setattr(Screen, "_refresh_layout", noted)
        draws = count_draws(app, page, monkeypatch)
        assert await open_page(app, pilot, chess) is page
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(draws) == 1 and laid_out == []

    run_on_communities(app, scenario)


def test_a_toast_shows_on_the_first_showing_of_a_page_built_out_of_sight(
        app_db, logged_in_app, monkeypatch):
    """Its toast rack, hidden or shown out of sight as the showing will have
    it (set then, it was a whole layout), still shows what was notified
    meanwhile; with nothing to show, it stays hidden."""
    import asyncio

    from textual.widgets._toast import Toast, ToastRack

    from tests.tui.test_kept_community import built_out_of_sight

    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            page = await built_out_of_sight(app, pilot)
            rack = page.get_child_by_type(ToastRack)
            app.notify("A toast while the page is out of sight")
            await settle(pilot)
            assert await open_page(app, pilot, chess) is page
            await settle(pilot)
            assert rack.display
            assert ["A toast while the page is out of sight" in str(toast.render())
                    for toast in page.query(Toast)] == [True]
            app.clear_notifications()
            await back(pilot)
            assert await open_page(app, pilot, chess) is page
            await settle(pilot)
            assert not rack.display and not page.query(Toast)

    asyncio.run(main())


def test_the_first_showing_of_a_kept_page_does_not_wait_for_its_frame_timer(
        app_db, logged_in_app, monkeypatch):
    """The page built out of sight, shown for the first time, is painted as
    soon as its widgets have handled being shown: its frame timer, started
    only then, ticked a whole period later (17 ms of nothing). Here that
    timer never ticks, and the page is painted all the same."""
    import asyncio

    from tests.tui.test_kept_community import built_out_of_sight, name, until_shown

    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    chess, _go = two_clubs(app_db)
    app = logged_in_app("anna")

    class NeverTicks:
        def pause(self) -> None:
            pass

        def resume(self) -> None:
            pass

    async def scenario(pilot):
        page = await built_out_of_sight(app, pilot)
        page._Screen__update_timer = NeverTicks()
        draws = count_draws(app, page, monkeypatch)
        app.open_community(chess)
        await until_shown(app, page)
        for _ in range(100):
            await asyncio.sleep(0.01)
            if draws:
                break
        assert len(draws) == 1 and name(page) == "Chess club"

    run_on_communities(app, scenario)
