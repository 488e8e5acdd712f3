"""Presence and typing on screen, live.

Анна's app runs and polls. Michail is another terminal: a second process that
types (and then sends) in their dialog, or the domain called from the test.
Анна sees "Michail is typing…" in the chat header by itself, and it goes when
his message arrives; her own keys reach him at most once per 3 s and never
for a draft put back; her privacy setting in Account is kept and obeyed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from textual.widgets import Select, Static

from models import clock, dialogs, drafts, presence, settings, typing_signal
from tests.tui.conftest import settle, type_text
from tests.tui.test_live import POLL, open_chat, run, until
from tui.widgets.dialog_list import DialogList

ROOT = Path(__file__).resolve().parents[2]

_MICHAIL_TYPES = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta
    from models import clock, messages, typing_signal
    from models.db import open_database
    url, michail, anna, dialog, now, step = sys.argv[1:7]
    clock.freeze(datetime.fromisoformat(now))
    open_database(url)
    if step == "type":
        typing_signal.set_typing(int(michail), int(dialog), clock.now() + typing_signal.TYPING_FOR)
    else:
        messages.send_message(int(michail), int(anna), "Here I am", "from-the-other-process")
""")


def michail_in_another_process(app_db, dialog_id: int, step: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-c", _MICHAIL_TYPES, app_db.url, str(app_db.michail.id),
         str(app_db.anna.id), str(dialog_id), clock.now().isoformat(), step],
        env=env, check=True, timeout=60,
    )


def title(app) -> str:
    return str(app.screen.query_one("#chat-title", Static).render())


def dialog_id(app_db) -> int:
    return dialogs.open_dialog(app_db.anna.id, app_db.michail.id).dialog_id


def test_michail_typing_in_another_process_shows_and_goes_with_his_message(
    app_db, logged_in_app
):
    """Michail (another process) starts typing: Анна's header says so without a
    key press; he sends: the sign goes and his message is in the chat."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        assert "typing" not in title(app)
        michail_in_another_process(app_db, dialog_id(app_db), "type")
        assert await until(pilot, lambda: "Michail is typing…" in title(app))
        michail_in_another_process(app_db, dialog_id(app_db), "send")
        assert await until(pilot, lambda: chat.items[-1].text == "Here I am")
        assert "typing" not in title(app)

    run(app, scenario)


def test_the_sign_goes_five_seconds_after_the_last_key(app_db, logged_in_app):
    """No more keys from Michail: when his 5 s are up, the header drops the sign
    by itself (no write, no poll needed)."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        typing_signal.set_typing(app_db.michail.id, dialog_id(app_db),
                                 clock.now() + typing_signal.TYPING_FOR)
        assert await until(pilot, lambda: "Michail is typing…" in title(app))
        clock.freeze(clock.now() + typing_signal.TYPING_FOR)
        app.screen._typing_expired()  # the timer set for that moment
        assert "typing" not in title(app)

    run(app, scenario)


def test_my_keys_write_once_per_three_seconds_and_the_send_ends_it(
    app_db, logged_in_app, monkeypatch
):
    """Анна types a sentence (many keys within a moment): one typing write, and
    Michail's side lists her; Enter sends, and her sign is gone with it."""
    written = []
    real = typing_signal.set_typing

    def counted(user_id, dialog, until):
        written.append((user_id, dialog))
        real(user_id, dialog, until)

    monkeypatch.setattr(typing_signal, "set_typing", counted)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        await type_text(pilot, "See you there")
        await settle(pilot)
        assert written == [(app_db.anna.id, dialog_id(app_db))]
        [sign] = typing_signal.typing_in_my_dialogs(app_db.michail.id)
        assert sign.user.login == "anna"
        await pilot.press("enter")
        assert await until(pilot, lambda: not typing_signal.typing_in_my_dialogs(
            app_db.michail.id))
        assert len(written) == 1

    run(app, scenario)


def test_a_restored_draft_is_not_typing(app_db, logged_in_app, monkeypatch):
    """Анна left a draft for Michail; opening the chat puts it back in the
    composer — and tells Michail nothing."""
    drafts.save_draft(app_db.anna.id, app_db.michail.id, "Half a thought")
    written = []
    monkeypatch.setattr(typing_signal, "set_typing", lambda *args: written.append(args))
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        from tui.widgets.composer import Composer

        assert await until(pilot, lambda: app.screen.query_one(Composer).text == "Half a thought")
        await settle(pilot)
        assert written == []

    run(app, scenario)


def test_online_friend_has_a_dot_and_the_header_says_online(app_db, logged_in_app):
    """Michail (a friend) is online: a green dot before him in the list and
    "online" in the header; Olga is no friend: no dot even when online."""
    presence.heartbeat(app_db.michail.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        listing = app.screen.query_one(DialogList)
        assert listing.online == {app_db.michail.id}
        assert "online" in title(app)
        assert "●" in str(listing.get_option_at_index(1).prompt._name)

    run(app, scenario)


def test_nobody_in_account_is_kept_and_hides_everyones(app_db, logged_in_app):
    """Анна chooses "Nobody" in Account: it is stored for her, and the chat header
    no longer says when Michail was online."""
    from tests.tui.test_profile import open_account

    presence.heartbeat(app_db.michail.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_account(pilot)
        choice = screen.query_one("#last-seen", Select)
        assert choice.value == "everybody"
        choice.value = "nobody"
        await settle(pilot)
        assert await until(
            pilot, lambda: settings.user_settings(app_db.anna.id).last_seen == "nobody")
        await pilot.press("escape")
        await open_chat(pilot, app_db.michail.id)
        assert "online" not in title(app) and "last seen" not in title(app)

    run(app, scenario)


def test_quitting_the_app_goes_offline_at_once(app_db, logged_in_app):
    """While Анна's app runs she is online to Olga; when it quits she is
    offline at once, not a minute later."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        assert await until(
            pilot, lambda: presence.presence_of(app_db.olga.id, [app_db.anna.id])[
                app_db.anna.id].online)

    run(app, scenario)
    assert presence.presence_of(app_db.olga.id, [app_db.anna.id])[app_db.anna.id].online is False


def test_snapshot_online_friend_typing(app_db, logged_in_app, snap_compare):
    """The Dialogs screen with Michail online (green dot) and typing."""
    presence.heartbeat(app_db.michail.id)
    typing_signal.set_typing(app_db.michail.id, dialog_id(app_db),
                             clock.now() + typing_signal.TYPING_FOR)
    app = logged_in_app("anna", poll_interval=POLL)

    async def run_before(pilot):
        await settle(pilot)
        assert await until(pilot, lambda: app.live_thread.started.is_set())
        await open_chat(pilot, app_db.michail.id)
        assert await until(pilot, lambda: "typing" in title(app))

    assert snap_compare(app, terminal_size=(100, 24), run_before=run_before)


def test_snapshot_last_seen_in_russian(app_db, logged_in_app, snap_compare):
    """In Russian, with the right plural: "был(а) 22 минуты назад"."""
    from datetime import timedelta

    presence.heartbeat(app_db.michail.id)
    presence.go_offline(app_db.michail.id)
    clock.freeze(clock.now() + timedelta(minutes=22))
    app = logged_in_app("anna", lang="ru", poll_interval=POLL)

    async def run_before(pilot):
        await settle(pilot)
        await open_chat(pilot, app_db.michail.id)

    assert snap_compare(app, terminal_size=(100, 24), run_before=run_before)


def test_the_header_turns_to_last_seen_when_the_beats_stop(app_db, logged_in_app):
    """Michail's app stops beating (it crashed): at the next reading the header
    says when he was last seen, and his dot is gone."""
    from datetime import timedelta

    presence.heartbeat(app_db.michail.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        assert title(app).endswith("online")
        clock.freeze(clock.now() + presence.ONLINE_FOR + timedelta(minutes=1))
        app.screen._refresh_presence()  # what its 30 s interval does
        assert await until(pilot, lambda: "last seen 2 minutes ago" in title(app))
        assert app.screen.query_one(DialogList).online == frozenset()

    run(app, scenario)


def test_snapshot_account_privacy(app_db, logged_in_app, snap_compare):
    """Account scrolled to Privacy: who sees when I was online, set to friends."""
    from tests.tui.test_profile import open_account

    settings.save_settings(app_db.anna.id, last_seen="friends")
    app = logged_in_app("anna", poll_interval=POLL)

    async def run_before(pilot):
        await settle(pilot)
        screen = await open_account(pilot)
        choice = screen.query_one("#last-seen", Select)
        choice.focus()
        choice.scroll_visible(animate=False)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_two_people_typing_in_one_dialog_are_named_together(app_db, logged_in_app):
    """A dialog of three (made by hand, as a group will be): Michail and Olga
    type in it; Анна's header names both."""
    from models.schema import DialogMember

    dialog = dialog_id(app_db)
    DialogMember.create(dialog=dialog, user=app_db.olga.id, peer=app_db.anna.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_chat(pilot, app_db.michail.id)
        for person in (app_db.michail.id, app_db.olga.id):
            typing_signal.set_typing(person, dialog, clock.now() + typing_signal.TYPING_FOR)
        assert await until(pilot, lambda: "Michail and Olga are typing…" in title(app))

    run(app, scenario)


def test_someones_profile_turns_to_last_seen_when_they_quit(app_db, logged_in_app):
    """Michail's profile is open on Анна's screen while he is online; he quits:
    within the profile's next reading (every few seconds) it says when he was
    last seen, without Анна reopening it."""
    from tui.screens.user_profile import UserProfileScreen
    from tui.widgets.profile_card import ProfileCard

    presence.heartbeat(app_db.michail.id)
    app = logged_in_app("anna", poll_interval=POLL)

    def card(pilot) -> str:
        shown = pilot.app.screen.query(ProfileCard)
        return " ".join(str(s.render()) for s in shown.first().query(Static)) if shown else ""

    async def scenario(pilot):
        await settle(pilot)
        app.open_profile(app_db.michail.id)
        assert await until(pilot, lambda: isinstance(app.screen, UserProfileScreen)
                           and "online" in card(pilot))
        presence.go_offline(app_db.michail.id)
        app.screen.refresh_now_playing()  # what its few-seconds interval does
        assert await until(pilot, lambda: "last seen" in card(pilot))

    run(app, scenario)
