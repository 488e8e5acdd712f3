"""Someone renames themselves while Анна's chat with them is open: the new name
shows at once, without reopening the chat.

Анна's app runs and polls (tests/tui/test_live.py); the test plays Michail
with the domain functions, as Edit profile and Account in his own terminal
would. His name is on the dialog list, in the open chat's header and on each
of his messages (in a group above his runs, beside his mini avatar, and in
the lines about him), and on the members panel.
"""

from __future__ import annotations

import re

from textual.widgets import OptionList

from models import accounts, dialogs, groups, messages, profiles
from tests.tui.conftest import PASSWORD, settle
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_groups import lines, open_group
from tests.tui.test_live import POLL, open_chat, run, until
from tui.screens.dialogs import DialogsScreen
from tui.screens.group_members import GroupMembersScreen
from tui.widgets.dialog_list import DialogList


def title(screen: DialogsScreen) -> str:
    return str(screen.query_one("#chat-title").render())


def listed(screen: DialogsScreen) -> str:
    """The dialog list's rows on screen, as text."""
    listing = screen.query_one(DialogList)
    return "\n".join(listing.render_line(y).text for y in range(listing.size.height))


def test_a_peer_renaming_shows_in_the_open_chat_its_header_and_the_list(app_db, logged_in_app):
    """Анна has her chat with Michail open, his first message selected; he
    becomes Misha Orlov in Edit profile: the header, his row of the list and
    his message say Misha Orlov, the same message still selected. Then he
    takes the login "misha" in Account: the header says @misha."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        screen = app.screen
        chat.select_message(chat.items[0].id)
        await settle(pilot)
        assert "Michail Petrov" in title(screen) and "Michail Petrov" in listed(screen)
        assert "Michail Petrov" in chat.render_lines_text()
        profiles.update_profile(app_db.michail.id, first_name="Misha", last_name="Orlov")

        def renamed() -> bool:
            return ("Misha Orlov" in title(screen) and "Misha Orlov" in listed(screen)
                    and "Misha Orlov" in chat.render_lines_text())

        assert await until(pilot, renamed)
        assert "Michail" not in title(screen) + listed(screen) + chat.render_lines_text()
        assert chat.items[0].sender.full_name == "Misha Orlov" and chat.selected == 0
        assert app.screen is screen and screen.chat is not None  # never reopened
        accounts.change_login(app_db.michail.id, PASSWORD, "misha")
        assert await until(pilot, lambda: "@misha " in title(screen) + " ")
        assert "@michail" not in title(screen)

    run(app, scenario)


def test_a_longer_name_keeps_the_chat_where_it_was_read(app_db, logged_in_app):
    """Анна scrolled back two pages in a long chat of his messages and hers; his
    new name is long enough to take two lines above each of his messages: the
    same message stays at the top of the pane, the newest are still below."""
    for n in range(40):
        sender, peer = (app_db.michail, app_db.anna) if n % 2 == 0 else (
            app_db.anna, app_db.michail)
        sent = messages.send_message(sender.id, peer.id, f"Message {n}", f"long-{n}")
    dialogs.mark_read(app_db.anna.id, app_db.michail.id, sent.seq)
    app = logged_in_app("anna", poll_interval=POLL)

    def top(chat) -> str:
        """The first message whose text is on screen."""
        for y in range(chat.size.height):
            found = re.search(r"Message \d+", chat.render_line(y).text)
            if found:
                return found.group()
        return ""

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        await pilot.press("pageup", "pageup")
        await settle(pilot)
        shown_first = top(chat)
        assert shown_first and not chat.is_vertical_scroll_end
        profiles.update_profile(app_db.michail.id, first_name="Maximilian Alexander Friedrich",
                                last_name="von Konstantinopolsky-Wolkenstein")
        assert await until(pilot, lambda: "Konstantinopolsky" in chat.render_lines_text())
        await settle(pilot)
        assert top(chat) == shown_first
        assert not chat.is_vertical_scroll_end

    run(app, scenario)


def test_a_rename_while_elsewhere_shows_when_dialogs_come_back(app_db, logged_in_app):
    """Анна left her chat with Michail open and went to the Feed; he renames: back
    on Dialogs (F3) the chat, its header and the list name him anew."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        screen = app.screen
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is not screen
        profiles.update_profile(app_db.michail.id, last_name="Orlov")
        assert await until(pilot, lambda: chat.items[0].sender.last_name == "Orlov")
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is screen
        assert await until(pilot, lambda: "Michail Orlov" in listed(screen))
        assert "Michail Orlov" in title(screen) and "Michail Orlov" in chat.render_lines_text()
        assert "Petrov" not in title(screen) + listed(screen) + chat.render_lines_text()

    run(app, scenario)


def test_a_member_renaming_shows_on_his_messages_in_the_open_group(
        app_db, logged_in_app, hike):
    """«Поход» is open; Анна made Michail an admin, so a line names him too. He
    becomes Misha Orlov: the name above his run, the line about him and his
    mini avatar (its initials) change; the window stays where it was."""
    groups.set_admin(app_db.anna.id, hike, app_db.michail.id, True)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        chat = await open_group(pilot, hike)
        assert await until(pilot, lambda: app_db.michail.id in chat.faces)
        face = chat.faces[app_db.michail.id]
        before = lines(chat)
        assert "Анна made Michail an admin" in before
        assert any(line.endswith("Michail Petrov") for line in before)
        items, scrolled = len(chat.items), chat.scroll_y
        profiles.update_profile(app_db.michail.id, first_name="Misha", last_name="Orlov")

        def renamed() -> bool:
            shown = lines(chat)
            return (any(line.endswith("Misha Orlov") for line in shown)
                    and "Анна made Misha an admin" in shown)

        assert await until(pilot, renamed)
        assert not any("Michail" in line for line in lines(chat))
        assert await until(pilot, lambda: chat.faces[app_db.michail.id] is not face)
        assert (len(chat.items), chat.scroll_y) == (items, scrolled)

    run(app, scenario)


def test_a_member_renaming_shows_on_the_open_members_panel(app_db, logged_in_app, hike):
    """Анна looks at «Поход»'s members (Ctrl+B); Olga becomes Olya: her row says so."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f3")
        await settle(pilot)
        await open_group(pilot, hike)
        await pilot.press("ctrl+b")
        await settle(pilot)
        panel = app.screen
        assert isinstance(panel, GroupMembersScreen)
        rows = panel.query_one(OptionList)

        def shown() -> str:
            return "\n".join(rows.render_line(y).text for y in range(rows.size.height))

        assert "Olga Smirnova" in shown()
        profiles.update_profile(app_db.olga.id, first_name="Olya")
        assert await until(pilot, lambda: "Olya Smirnova" in shown())
        assert "Olga" not in shown() and app.screen is panel

    run(app, scenario)


def test_a_reply_to_someone_renamed_names_them_as_they_are_now(app_db, logged_in_app):
    """Анна began a reply to Michail's message ("Replying to Michail Petrov",
    a few words typed) and went to Olga's chat; he became Misha Orlov. Back in
    his chat her reply and its words are there, and the bar says Misha Orlov;
    a reply open on screen when he renames changes at once too."""
    from tui.widgets.composer import Composer
    from tui.widgets.reply_bar import ReplyBar

    app = logged_in_app("anna", poll_interval=POLL)

    def bar(screen) -> str:
        return screen.query_one(ReplyBar).line(200).plain

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        screen = app.screen
        his = next(m for m in chat.items if m.sender.id == app_db.michail.id)
        chat.focus()
        chat.select_message(his.id)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("o", "k")
        assert "Replying to Michail Petrov" in bar(screen)
        app.open_dialog(app_db.olga.id)
        await settle(pilot)
        profiles.update_profile(app_db.michail.id, first_name="Misha", last_name="Orlov")
        assert await until(pilot, lambda: "Misha Orlov" in listed(screen))
        app.open_dialog(app_db.michail.id)
        await settle(pilot)
        assert "Replying to Misha Orlov" in bar(screen)
        assert screen.query_one(Composer).text == "ok" and screen.reply_to.id == his.id
        profiles.update_profile(app_db.michail.id, first_name="Mikhail", last_name="Orlov")
        assert await until(pilot, lambda: "Replying to Mikhail Orlov" in bar(screen))
        assert screen.query_one(Composer).text == "ok"

    run(app, scenario)
