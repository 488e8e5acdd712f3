"""Mute a dialog (``m`` on its row or in the chat, or the palette), and what the
app notifies: Анна's app runs logged in; the test plays the others through the
domain functions, as other terminals would."""

from __future__ import annotations

from textual import events
from textual.widgets import Static

from models import groups, messages, mutes
from tests.tui.conftest import settle
from tests.tui.test_live import POLL, notes, open_chat, run, until
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList


def header(app) -> str:
    return str(app.screen.query_one("#header-user", Static).render())


def row_text(listing: DialogList, peer_id: int) -> str:
    index = [s.peer.id for s in listing.summaries].index(peer_id)
    prompt = listing.get_option_at_index(index).prompt
    return " ".join(str(part) for part in (prompt._name, prompt._time, prompt._badge))


def alerts(app) -> list[str]:
    """Record what the app would write to the terminal (a Pilot app has none)."""
    written: list[str] = []
    app._alert = written.append
    return written


def test_m_on_a_row_mutes_and_unmutes_it(app_db, logged_in_app):
    """Olga wrote Анна twice: the header says 2 unread. Анна goes to Olga's row
    in the list and presses m: the row says "muted", the header total is gone
    (Olga's row still counts its 2) and it is stored. m again: all back."""
    anna, olga = app_db.anna.id, app_db.olga.id
    messages.send_message(olga, anna, "first", "o-1")
    dialog = messages.send_message(olga, anna, "second", "o-2").dialog_id
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        listing = app.screen.query_one(DialogList)
        assert await until(pilot, lambda: app.unread_total == 2)
        assert "2 unread" in header(app)
        listing.focus()
        listing.highlight_peer(olga)
        await pilot.press("m")
        assert await until(pilot, lambda: "muted" in row_text(listing, olga))
        assert app.unread_total == 0 and "unread" not in header(app)
        assert listing.summary_for(olga).unread_count == 2
        assert mutes.is_muted(anna, dialog)
        assert "muted" not in row_text(listing, app_db.michail.id)
        await pilot.press("m")
        assert await until(pilot, lambda: "muted" not in row_text(listing, olga))
        # (a poll that read while it was muted may be shown after the unmute:
        # the poll is told to read the total again at once)
        assert await until(pilot, lambda: app.unread_total == 2 and "2 unread" in header(app))
        for _ in range(5):
            await pilot.pause(POLL)
        assert app.unread_total == 2 and "2 unread" in header(app)
        assert not mutes.is_muted(anna, dialog)

    run(app, scenario)


def test_m_in_the_chat_mutes_it_and_types_in_the_composer(app_db, logged_in_app):
    """In Michail's chat, m types an "m" in the composer; from the history it
    mutes the chat: its title says "muted". The palette's "Mute / unmute this
    dialog" unmutes it."""
    anna, michail = app_db.anna.id, app_db.michail.id
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        chat = await open_chat(pilot, michail)
        composer = app.screen.query_one(Composer)
        assert app.focused is composer
        await pilot.press("m")
        await settle(pilot)
        assert composer.text == "m"
        assert not mutes.muted_dialog_ids(anna)
        chat.focus()
        await pilot.press("m")
        title = app.screen.query_one("#chat-title", Static)
        assert await until(pilot, lambda: "muted" in str(title.render()))
        assert mutes.muted_dialog_ids(anna) == {app.screen.dialog_id}
        commands = [c for c in app.get_system_commands(app.screen)
                    if c.title == "Mute / unmute this dialog"]
        assert len(commands) == 1
        commands[0].callback()
        assert await until(pilot, lambda: "muted" not in str(title.render()))
        assert not mutes.muted_dialog_ids(anna)

    run(app, scenario)


def test_what_notifies_and_what_does_not(app_db, logged_in_app):
    """Анна reads Michail's chat with Olga's dialog muted. Olga's message: no
    toast, no bell. Olga mentioning @anna: toast, bell, desktop. Michail in the
    open chat: nothing while the terminal is focused, everything once it is
    not. Do not disturb: nothing at all."""
    anna, olga, michail = app_db.anna.id, app_db.olga.id, app_db.michail.id
    muted = messages.send_message(olga, anna, "earlier", "o-0").dialog_id
    mutes.set_muted(anna, muted, True)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        written = alerts(app)
        chat = await open_chat(pilot, michail)
        listing = app.screen.query_one(DialogList)

        def shown(text):
            return lambda: any(s.last_message_preview == text for s in listing.summaries)

        messages.send_message(olga, anna, "muted words", "o-1")
        assert await until(pilot, shown("muted words"))
        assert "muted words" not in notes(app) and written == []

        messages.send_message(olga, anna, "hey @anna look", "o-2")
        assert await until(pilot, lambda: "hey @anna look" in notes(app))
        assert written == ["\x1b]9;Olga Smirnova: hey @anna look\x1b\\", "\x07"]
        written.clear()

        messages.send_message(michail, anna, "read at once", "m-1")
        assert await until(pilot, lambda: chat.newest_seq() and shown("read at once")())
        assert "read at once" not in notes(app) and written == []

        app.post_message(events.AppBlur())
        await settle(pilot)
        messages.send_message(michail, anna, "away?", "m-2")
        assert await until(pilot, lambda: "away?" in notes(app))
        assert written == ["\x1b]9;Michail Petrov: away?\x1b\\", "\x07"]
        written.clear()
        app.post_message(events.AppFocus())

        app.remember_settings(do_not_disturb=True)
        messages.send_message(olga, anna, "@anna urgent", "o-3")
        assert await until(pilot, shown("@anna urgent"))
        assert "@anna urgent" not in notes(app) and written == []

    run(app, scenario)


def test_a_groups_message_is_noticed_as_the_groups(app_db, logged_in_app):
    """Анна in the feed. Michail writes in the group «Поход [red]x[/]»: the
    notice and the terminal's alert say so ("Michail Petrov in …", the title
    shown literally), not only his name, as if he had written to her alone.
    His message to her alone is titled with his name only."""
    anna, olga, michail = app_db.anna.id, app_db.olga.id, app_db.michail.id
    hike = groups.create_group(olga, "Поход [red]x[/]\x1b]0;t\x07", [anna, michail])
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        written = alerts(app)
        app.post_message(events.AppBlur())  # away: the alert is written too
        await settle(pilot)

        def titled(body):
            return [n.title for n in app._notifications if n.message == body]

        messages.send_to_dialog(michail, hike, "who brings the tent?", "m-1")
        assert await until(pilot, lambda: titled("who brings the tent?"))
        assert titled("who brings the tent?") == ["Michail Petrov in Поход [red]x[/]]0;t"]
        assert written[0] == "\x1b]9;Michail Petrov in Поход [red]x[/]]0;t: who brings the tent?\x1b\\"
        messages.send_message(michail, anna, "just to you", "m-2")
        assert await until(pilot, lambda: titled("just to you"))
        assert titled("just to you") == ["Michail Petrov"]

    run(app, scenario)


def test_notification_settings_in_account_are_kept(app_db, logged_in_app):
    """Account shows the four switches as stored; turning the bell off and Do
    not disturb on is kept in the database and used by the next notification."""
    from textual.widgets import Checkbox

    from models.settings import user_settings
    from tui.screens.account import AccountScreen

    anna = app_db.anna.id
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        boxes = {box.id: box for box in screen.query(Checkbox)}
        assert {k: b.value for k, b in boxes.items()} == {
            "setting-notify_bell": True, "setting-notify_desktop": True,
            "setting-do_not_disturb": False, "setting-mentions_when_muted": True,
            "setting-now_playing": False,  # off until one opts in (tests/tui/test_now_playing.py)
        }
        boxes["setting-notify_bell"].focus()
        await pilot.press("enter")
        await settle(pilot)
        assert await until(pilot, lambda: not user_settings(anna).notify_bell)
        written = alerts(app)
        messages.send_message(app_db.olga.id, anna, "no bell please", "o-1")
        assert await until(pilot, lambda: "no bell please" in notes(app))
        assert written == ["\x1b]9;Olga Smirnova: no bell please\x1b\\"]
        boxes["setting-do_not_disturb"].focus()
        await pilot.press("space")
        assert await until(pilot, lambda: user_settings(anna).do_not_disturb)
        assert user_settings(anna).notify_desktop

    run(app, scenario)


def test_snapshot_dialogs_with_a_muted_dialog(app_db, logged_in_app, snap_compare):
    """Olga's dialog muted with 2 unread: "muted ·" before its time and a dim
    count; Michail's chat open, muted too, says so in its title; the header
    counts nothing."""
    from models import dialogs

    anna, olga, michail = app_db.anna.id, app_db.olga.id, app_db.michail.id
    messages.send_message(olga, anna, "Are you coming to the club?", "o-1")
    mutes.set_muted(anna, messages.send_message(olga, anna, "Chess at 7", "o-2").dialog_id,
                    True)
    mutes.set_muted(anna, dialogs.open_dialog(anna, michail).dialog_id, True)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        pilot.app.open_dialog(michail)
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_account_notifications(app_db, logged_in_app, snap_compare):
    """Account scrolled to Notifications: four switches, the bell off, the
    last one focused."""
    from models.settings import save_settings

    save_settings(app_db.anna.id, notify_bell=False)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        pilot.app.screen.query_one("#setting-mentions_when_muted").focus()
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_help_on_dialogs_lists_m(logged_in_app):
    """F1 on Dialogs lists "m  Mute / unmute"."""
    from tests.tui.test_help import rows

    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert ("m", "Mute / unmute") in rows(app)

    run(app, scenario)
