"""Reading a chat: which day each message is from, one name over a run of one
person's messages, where a chat with unread messages opens, a short chat
next to the composer, and PgUp/PgDn/End wherever the focus is in the chat."""

from __future__ import annotations

from datetime import datetime

from models import clock, dialogs, messages
from models.schema import DialogMember
from tests.tui.conftest import settle
from tests.tui.test_dialogs import _bulk_dialog, open_chat, run
from tui.widgets.chat_view import ChatView
from tui.widgets.composer import Composer


def painted(chat: ChatView) -> list[str]:
    """The pane's rows as a person sees them."""
    return [chat.render_line(y).text.rstrip() for y in range(chat.scrollable_content_region.height)]


def _talk_over_days(app_db) -> None:
    """Анна and Olga: one message last year, two days ago, yesterday, and today
    three of Анна's within four minutes, then one more ten minutes later."""
    anna, olga = app_db.anna.id, app_db.olga.id
    script = [
        (datetime(2025, 12, 30, 10, 0), olga, "Happy New Year soon!"),
        (datetime(2026, 3, 12, 9, 0), anna, "two days ago"),
        (datetime(2026, 3, 13, 21, 0), olga, "yesterday evening"),
        (datetime(2026, 3, 14, 11, 0), anna, "first of three"),
        (datetime(2026, 3, 14, 11, 2), anna, "second of three"),
        (datetime(2026, 3, 14, 11, 4), anna, "third of three"),
        (datetime(2026, 3, 14, 11, 14), anna, "ten minutes later"),
    ]
    now = clock.now()
    for n, (at, sender, text) in enumerate(script):
        clock.freeze(at)
        messages.send_message(sender, olga if sender == anna else anna, text, f"days-{n}")
    clock.freeze(now)


def test_day_separators_and_one_name_over_a_run_of_messages(app_db, logged_in_app):
    """Messages of different days are under "30 December 2025", "12 March",
    "Yesterday" and "Today"; Анна's three messages written within four minutes
    show "You" once, each with its own time and ✓, and the one ten minutes
    later starts a new run with "You" again."""
    _talk_over_days(app_db)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.olga.id)
        text = chat.render_lines_text()
        lines = text.splitlines()
        separators = [line.strip(" ─") for line in lines if "────" in line]
        assert separators == ["30 December 2025", "12 March", "Yesterday", "Today"]
        assert sum(line.strip() == "You" for line in lines) == 3  # 12 March, two runs today
        for clock_time in ("11:00", "11:02", "11:04", "11:14"):
            mine = next(line for line in lines if clock_time in line)
            assert mine.endswith(f"{clock_time} ✓"), mine
        first = lines.index(next(line for line in lines if "first of three" in line))
        assert "second of three" in lines[first + 1]  # no name and no gap inside a run
        assert "third of three" in lines[first + 2]
        assert lines[first - 1].strip() == "You"
        # Every message is laid out with the height it is drawn with.
        counted = [chat._offsets[i + 1] - chat._offsets[i] for i in range(len(chat.items))]
        assert counted == [len(chat._strips_for(i, chat._width)) for i in range(len(chat.items))]

    run(app, scenario)


def test_day_separators_in_russian(app_db, logged_in_app):
    """In Russian: "30 декабря 2025", "12 марта", "Вчера", "Сегодня"."""
    _talk_over_days(app_db)
    app = logged_in_app("anna", lang="ru")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.olga.id)
        lines = chat.render_lines_text().splitlines()
        separators = [line.strip(" ─") for line in lines if "────" in line]
        assert separators == ["30 декабря 2025", "12 марта", "Вчера", "Сегодня"]
        assert sum(line.strip() == "Вы" for line in lines) == 3

    run(app, scenario)


def _unread_from(app_db, count: int, read_up_to: int) -> None:
    """A ``count``-message dialog that Анна has read only up to ``read_up_to``."""
    _bulk_dialog(app_db.anna.id, app_db.michail.id, count)
    DialogMember.update(last_read_seq=read_up_to).where(
        DialogMember.user == app_db.anna.id).execute()


def test_a_chat_with_unread_messages_opens_at_the_first_one(app_db, logged_in_app):
    """Анна read up to message 20 of 300: the chat opens with "New messages" on
    screen right above message 21 (not at message 300). What the page shows is
    read; End shows the newest message at once, and then everything is read."""
    _unread_from(app_db, 300, 20)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        rows = painted(chat)
        assert any("New messages" in row for row in rows)
        marker = next(i for i, row in enumerate(rows) if "New messages" in row)
        assert "message 21" in "\n".join(rows[marker:marker + 4])
        assert not any("message 20" in row for row in rows[marker:])
        assert chat.has_newer and chat.items[-1].seq < 300
        assert 0 < dialogs.unread_count(app_db.anna.id, app_db.michail.id) < 140
        chat.focus()
        await pilot.press("end")
        await settle(pilot)
        assert chat.items[-1].seq == 300 and not chat.has_newer
        assert any("message 300" in row for row in painted(chat))
        assert dialogs.unread_count(app_db.anna.id, app_db.michail.id) == 0

    run(app, scenario)


def test_unread_messages_near_the_end_open_on_the_newest_page(app_db, logged_in_app):
    """Unread messages at the end of 60 (Michail's 57 and 59): the newest page,
    "New messages" right above message 57, and the newest one on screen."""
    _unread_from(app_db, 60, 56)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        rows = "\n".join(painted(chat))
        assert "New messages" in rows and "message 60" in rows
        assert rows.index("message 56") < rows.index("New messages") < rows.index("message 57")
        assert not chat.has_newer

    run(app, scenario)


def test_a_short_chat_sits_at_the_bottom_next_to_the_composer(app_db, logged_in_app):
    """Two messages fill the pane's bottom rows, not its top ones; a click on the
    last one selects it."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        rows = painted(chat)
        filled = [i for i, row in enumerate(rows) if row.strip()]
        assert filled[-1] >= len(rows) - 2
        assert not any(row.strip() for row in rows[:len(rows) // 2])
        last = next(i for i, row in enumerate(rows) if "Yes, see you at seven." in row)
        await pilot.click(ChatView, offset=(40, last))
        assert chat.selected_message.text == "Yes, see you at seven."

    run(app, scenario)


def test_pgup_and_pgdn_in_the_composer_scroll_the_chat(app_db, logged_in_app):
    """With the focus in the composer, PgUp scrolls the history up and PgDn down;
    the focus stays in the composer, and what was typed stays."""
    _bulk_dialog(app_db.anna.id, app_db.michail.id, 40)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        composer = app.screen.query_one(Composer)
        assert composer.has_focus
        await pilot.press("h", "i")
        bottom = chat.scroll_y
        await pilot.press("pageup")
        await settle(pilot)
        assert chat.scroll_y < bottom and composer.has_focus
        await pilot.press("pagedown")
        await settle(pilot)
        assert chat.scroll_y == bottom and composer.has_focus and composer.text == "hi"
        # In the dialog list PgUp/PgDn stay the list's: the chat does not move.
        app.screen.query_one("#dialog-list").focus()
        await pilot.press("pageup")
        await settle(pilot)
        assert chat.scroll_y == bottom

    run(app, scenario)


def test_end_after_paging_to_the_top_reaches_the_newest_in_one_press(app_db, logged_in_app):
    """Paged back to message 1 of 400 (the window holds the oldest ones), one End
    shows message 400 at the bottom."""
    _bulk_dialog(app_db.anna.id, app_db.michail.id, 400)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        for _ in range(20):
            await pilot.press("home")
            await settle(pilot)
            if not chat.has_older:
                break
        assert chat.items[0].seq == 1 and chat.has_newer
        await pilot.press("end")
        await settle(pilot)
        assert chat.items[-1].seq == 400 and chat.is_vertical_scroll_end
        assert "message 400" in "\n".join(painted(chat))

    run(app, scenario)


def test_snapshot_chat_with_days_runs_and_new_messages(app_db, logged_in_app, snap_compare):
    """Анна's chat with Olga: day separators, "New messages" above Olga's unread
    message of yesterday, and Анна's runs of messages under one "You" each, every
    message with its own time and ✓."""
    _talk_over_days(app_db)
    DialogMember.update(last_read_seq=2).where(DialogMember.user == app_db.anna.id).where(
        DialogMember.peer == app_db.olga.id).execute()

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        pilot.app.open_dialog(app_db.olga.id)
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_reading_far_back_a_new_message_is_not_read_and_my_reply_goes_last(
        app_db, logged_in_app):
    """Анна reads from her first unread message, far back: a message Michail
    sends meanwhile stays unread; her reply goes after the newest message, and
    the chat shows the newest page with it."""
    from tests.tui.test_live import until
    from tui.events import MessagesArrived

    _unread_from(app_db, 300, 20)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        unread_before = dialogs.unread_count(app_db.anna.id, app_db.michail.id)
        late = messages.send_message(app_db.michail.id, app_db.anna.id, "still there?", "late-1")
        app.screen.post_message(MessagesArrived([late]))
        await settle(pilot)
        assert dialogs.unread_count(app_db.anna.id, app_db.michail.id) == unread_before + 1
        await pilot.press("o", "k")
        await pilot.press("enter")
        # The send and the newest page's read are two workers, one after the
        # other: on a loaded machine one settle saw only the first.
        await until(pilot, lambda: chat.items[-1].text == "ok")
        assert [m.text for m in chat.items[-2:]] == ["still there?", "ok"]
        assert not chat.has_newer and chat.is_vertical_scroll_end

    run(app, scenario)
