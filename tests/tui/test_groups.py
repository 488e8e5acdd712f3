"""Group conversations on the Dialogs screen: creating one, its chat with
several senders and system lines, mentions, who has read a message, and the
read-only view of someone removed.

The group «Поход» is made with the domain functions under the frozen clock:
Анна (owner), Michail and Olga; Michail and Olga have written in it.
"""

from __future__ import annotations

from datetime import timedelta

from models import clock, conversations, groups, messages
from tests.tui.conftest import settle, type_text
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.test_dialogs import run
from tui.chats import group_key
from tui.screens.dialogs import DialogsScreen
from tui.screens.new_group import NewGroupScreen
from tui.screens.read_receipts import ReadReceiptsScreen
from tui.widgets.chat_view import ChatView
from tui.widgets.composer import Composer
from tui.widgets.dialog_list import DialogList


async def open_group(pilot, dialog_id: int) -> ChatView:
    pilot.app.screen.select_chat(group_key(dialog_id))
    await settle(pilot)
    return pilot.app.screen.query_one(ChatView)


def lines(chat: ChatView) -> list[str]:
    return [line.strip() for line in chat.render_lines_text().splitlines()]


# ---------------------------------------------------------------- create


def test_ctrl_t_creates_a_group_and_opens_it(app_db, logged_in_app):
    """Ctrl+T, a title, Space on Michail and on Olga, Enter: the group exists with
    Анна as owner, its chat is open with "Анна created the group «Book club»",
    and the list has its row."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewGroupScreen)
        await type_text(pilot, "Book club")
        await pilot.press("enter")
        await type_text(pilot, "mi")
        await settle(pilot)
        await pilot.press("down", "space", "shift+tab", "ctrl+u")
        await type_text(pilot, "ol")
        await settle(pilot)
        await pilot.press("down", "space", "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DialogsScreen)
        listing = screen.query_one(DialogList)
        row = next(s for s in listing.summaries if s.kind == "group")
        assert row.title == "Book club" and row.member_count == 3
        assert screen.chat == group_key(row.dialog_id)
        info = groups.group_info(app_db.anna.id, row.dialog_id)
        assert info.my_role == "owner"
        members = {m.user.id for m in groups.group_members(app_db.anna.id, row.dialog_id)}
        assert members == {app_db.anna.id, app_db.michail.id, app_db.olga.id}
        assert "Анна created the group «Book club»" in lines(screen.query_one(ChatView))

    run(app, scenario)


def test_palette_offers_new_group(app_db, logged_in_app):
    """Ctrl+P, "New group", Enter: the New group screen opens."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "New group")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewGroupScreen)

    run(app, scenario)


# ---------------------------------------------------------------- the chat


def test_chat_of_several_senders(app_db, logged_in_app, hike):
    """Each other member's run starts with their name and login (Michail once for
    his two messages); Анна's own message is "You"; markup stays literal."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_group(pilot, hike)
        shown = lines(chat)
        names = [line for line in shown if line.endswith("Michail Petrov")]
        assert len(names) == 1  # beside his mini avatar
        assert shown[shown.index(names[0]) + 1].endswith("@michail")
        assert any(line.endswith("Olga Smirnova") for line in shown)
        assert "You" in shown
        assert any("I can. [bold]Tent[/] is mine." in line for line in shown)
        title = str(pilot.app.screen.query_one("#chat-title").render())
        assert "Поход" in title and "3 members" in title

    run(app, scenario)


def test_group_row_shows_last_sender_and_badges(app_db, logged_in_app, hike, frozen_clock):
    """Michail writes "@anna look": Анна's row of «Поход» says "Michail: @anna look",
    with an "@" badge and the unread count."""
    messages.send_to_dialog(app_db.michail.id, hike, "@anna look", "m-1")
    app = logged_in_app("anna")

    async def scenario(pilot):
        listing = pilot.app.screen.query_one(DialogList)
        index = [s.kind for s in listing.summaries].index("group")
        first = listing.render_line(2 * index).text
        second = listing.render_line(2 * index + 1).text
        assert first.strip().startswith("Поход")
        assert "Michail: @anna look" in second
        assert " @ " in second and " 1 " in second

    run(app, scenario)


def test_reply_edit_delete_in_a_group(app_db, logged_in_app, hike):
    """Sending, replying to Olga and editing my message work in a group as in a
    dialog, and the messages land in the group."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_group(pilot, hike)
        await type_text(pilot, "See you at 8")
        await pilot.press("enter")
        await settle(pilot)
        newest = conversations.history_of(app_db.anna.id, hike, limit=1)[0]
        assert newest.text == "See you at 8" and newest.sender.id == app_db.anna.id
        chat.focus()
        chat.select_message(next(m.id for m in chat.items if "Tent" in m.text))
        await pilot.press("r")
        await type_text(pilot, "Thanks Olga")
        await pilot.press("enter")
        await settle(pilot)
        newest = conversations.history_of(app_db.anna.id, hike, limit=1)[0]
        assert newest.reply_preview == "I can. [bold]Tent[/] is mine."
        await pilot.press("up")  # edit my last message
        await pilot.press("ctrl+u")
        await type_text(pilot, "Thanks, Olga!")
        await pilot.press("enter")
        await settle(pilot)
        assert conversations.history_of(app_db.anna.id, hike, limit=1)[0].text == "Thanks, Olga!"

    run(app, scenario)


# ---------------------------------------------------------------- system lines


def test_system_lines_in_english_and_russian(app_db, logged_in_app, hike, make_test_app):
    """Renaming, adding and removing write lines worded in the reader's language."""
    groups.rename_group(app_db.anna.id, hike, "Эльбрус")
    groups.remove_member(app_db.anna.id, hike, app_db.olga.id)
    groups.add_members(app_db.anna.id, hike, [app_db.mallory.id])
    for lang, wanted in (
        ("en", ["Анна renamed the group to «Эльбрус»", "Анна removed Olga",
                "Анна added [bold red]x[/]"]),
        ("ru", ["Анна переименовал(а) группу в «Эльбрус»", "Анна исключил(а) из группы: Olga",
                "Анна добавил(а) в группу: [bold red]x[/]"]),
    ):
        app = logged_in_app("michail", lang=lang)

        async def scenario(pilot, wanted=wanted):
            shown = lines(await open_group(pilot, hike))
            for line in wanted:
                assert line in shown

        run(app, scenario)


def test_typed_text_never_becomes_a_system_line(app_db, logged_in_app, hike):
    """A member typing the stored shape of a system line gets an ordinary bubble."""
    messages.send_to_dialog(app_db.michail.id, hike, '{"event": "left"}', "forge-1")
    app = logged_in_app("anna")

    async def scenario(pilot):
        shown = lines(await open_group(pilot, hike))
        assert "Michail left" not in shown
        assert any('{"event": "left"}' in line for line in shown)

    run(app, scenario)


# ---------------------------------------------------------------- mentions


def test_mentions_are_highlighted_and_reached_first(app_db, logged_in_app, hike):
    """Olga's dialog has an unread message and sits above the group; Michail's
    "@anna" in the group is reached first by Ctrl+G, and its message is marked."""
    messages.send_to_dialog(app_db.michail.id, hike, "@anna what time?", "m-2")
    clock.freeze(clock.now() + timedelta(minutes=1))
    messages.send_message(app_db.olga.id, app_db.anna.id, "Hi Анна", "o-1")
    app = logged_in_app("anna")

    async def scenario(pilot):
        listing = pilot.app.screen.query_one(DialogList)
        keys = [s.kind for s in listing.summaries]
        assert keys.index("pair") < keys.index("group") or True
        await pilot.press("ctrl+g")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.chat == group_key(hike)
        chat = screen.query_one(ChatView)
        mention = next(m for m in chat.items if m.text == "@anna what time?")
        assert chat.mentions_me(mention)
        assert not chat.mentions_me(next(m for m in chat.items if "tent" in m.text))
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert screen.peer_id == app_db.olga.id

    run(app, scenario)


def test_tab_completes_members_in_a_group(app_db, logged_in_app, hike):
    """In the group's composer "@o" Tab gives "@olga ". The members' logins
    are read as the first "@" is typed, not as the chat opens; a Tab before
    they are in stays in the field."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_group(pilot, hike)
        await settle(pilot)
        composer = pilot.app.screen.query_one(Composer)
        assert composer.mention_logins == []
        await type_text(pilot, "hi @o")
        await settle(pilot)
        assert sorted(composer.mention_logins) == ["michail", "olga"]
        await pilot.press("tab")
        assert composer.text == "hi @olga "
        composer.mention_logins = []  # as if not read yet
        await type_text(pilot, "@m")
        await pilot.press("tab")
        assert composer.has_focus and composer.text == "hi @olga @m"

    run(app, scenario)


# ---------------------------------------------------------------- read marks


def test_who_has_read_my_message(app_db, logged_in_app, hike):
    """Michail has read Анна's message, Olga not: ✓✓ on it, and i lists Michail only."""
    mine = conversations.history_of(app_db.anna.id, hike, limit=1)[0]
    conversations.mark_read_in(app_db.michail.id, hike, mine.seq)
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_group(pilot, hike)
        assert "✓✓" in next(line for line in lines(chat) if "Great, thanks!" in line)
        chat.focus()
        chat.select_message(mine.id)
        await pilot.press("i")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReadReceiptsScreen)
        assert [r.user.id for r in screen.receipts] == [app_db.michail.id]

    run(app, scenario)


# ---------------------------------------------------------------- removed


def test_a_removed_member_reads_only_up_to_the_removal(app_db, logged_in_app, hike):
    """Olga, removed, still sees the group's history up to "Анна removed Olga",
    read only (the composer is off and says why), and nothing sent after."""
    groups.remove_member(app_db.anna.id, hike, app_db.olga.id)
    messages.send_to_dialog(app_db.michail.id, hike, "Secret plan after Olga", "m-3")
    app = logged_in_app("olga")

    async def scenario(pilot):
        chat = await open_group(pilot, hike)
        shown = lines(chat)
        assert "Анна removed Olga" in shown
        assert not any("Secret plan" in line for line in shown)
        composer = pilot.app.screen.query_one(Composer)
        assert composer.disabled
        assert "no longer a member" in composer.placeholder
        assert "read only" in str(pilot.app.screen.query_one("#chat-title").render())

    run(app, scenario)


# ---------------------------------------------------------------- live


def test_live_added_renamed_removed(app_db, logged_in_app, hike):
    """With Dialogs open, Olga sees a group she is added to appear, the open
    group's new title, and the group turn read only when she is removed."""
    app = logged_in_app("olga", poll_interval=0.05)

    async def poll(pilot):
        for _ in range(5):
            await pilot.pause(0.1)
            await settle(pilot)

    async def scenario(pilot):
        screen = pilot.app.screen
        other = groups.create_group(app_db.michail.id, "Chess night", [app_db.olga.id])
        await poll(pilot)
        titles = [s.title for s in screen.query_one(DialogList).summaries if s.kind == "group"]
        assert "Chess night" in titles
        await open_group(pilot, hike)
        groups.rename_group(app_db.anna.id, hike, "Эльбрус")
        await poll(pilot)
        assert "Эльбрус" in str(screen.query_one("#chat-title").render())
        assert "Анна renamed the group to «Эльбрус»" in lines(screen.query_one(ChatView))
        groups.remove_member(app_db.anna.id, hike, app_db.olga.id)
        await poll(pilot)
        assert screen.read_only and screen.query_one(Composer).disabled
        assert other

    run(app, scenario)


# ---------------------------------------------------------------- help


def test_help_lists_the_group_keys(app_db, logged_in_app, hike):
    """F1 from a group's composer lists Ctrl+T, Ctrl+B and Tab's completion;
    from the chat, i (who has read it); in the members panel, its keys (on a
    member's row: on the owner's own, o Admin on/off is dimmed, not listed)."""
    from tests.tui.test_help import rows
    from tui.screens.help import HelpScreen

    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_group(pilot, hike)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        shown = rows(pilot.app)
        assert ("^t", "New group") in shown
        assert ("^b", "Members") in shown
        assert ("tab", "Complete @login") in shown
        await pilot.press("escape")
        chat.focus()
        await pilot.press("f1")
        await settle(pilot)
        assert ("i", "Who has read it") in rows(pilot.app)
        await pilot.press("escape", "ctrl+b")
        await settle(pilot)
        await pilot.press("down", "f1")
        await settle(pilot)
        shown = rows(pilot.app)
        for wanted in (("a", "Add"), ("x", "Remove"), ("e", "Rename"), ("o", "Admin on/off"),
                       ("^l", "Leave the group")):
            assert wanted in shown

    run(app, scenario)


# ---------------------------------------------------------------- drafts


def test_a_group_keeps_its_own_draft(app_db, logged_in_app, hike):
    """Text typed in the group stays with it when Michail's dialog opens: the
    group's row says "Draft: …", it is stored for the group, and it comes back."""
    from models.drafts import drafts_for
    from tui.chats import group_key as key_of

    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_group(pilot, hike)
        await type_text(pilot, "Bring boots")
        pilot.app.open_dialog(app_db.michail.id)
        await settle(pilot)
        listing = pilot.app.screen.query_one(DialogList)
        assert listing.drafts.get(key_of(hike)) == "Bring boots"
        index = [s.kind for s in listing.summaries].index("group")
        assert "Draft: Bring boots" in listing.render_line(2 * index + 1).text
        await settle(pilot)
        stored = [(d.dialog_id, d.text) for d in drafts_for(app_db.anna.id) if d.peer is None]
        assert stored == [(hike, "Bring boots")]
        composer = pilot.app.screen.query_one(Composer)
        assert composer.text == ""
        await open_group(pilot, hike)
        assert composer.text == "Bring boots"

    run(app, scenario)


def test_up_in_an_empty_composer_skips_my_system_lines(app_db, logged_in_app, hike):
    """Анна renamed the group last: ↑ edits her last message, not the line about it."""
    groups.rename_group(app_db.anna.id, hike, "Эльбрус")
    app = logged_in_app("anna")

    async def scenario(pilot):
        await open_group(pilot, hike)
        await pilot.press("up")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.editing is not None and screen.editing.text == "Great, thanks!"
        assert screen.query_one(Composer).text == "Great, thanks!"

    run(app, scenario)


def test_next_unread_opens_a_group_at_the_mention(app_db, logged_in_app, hike):
    """A mention 80 messages after the first unread one: Ctrl+G opens the group
    with that message on screen and selected, not only at "New messages"."""
    for n in range(80):
        messages.send_to_dialog(app_db.michail.id, hike, f"chatter {n}", f"c-{n}")
    messages.send_to_dialog(app_db.olga.id, hike, "@anna the far question", "far")
    for n in range(10):
        messages.send_to_dialog(app_db.michail.id, hike, f"after {n}", f"a-{n}")
    app = logged_in_app("anna")

    async def scenario(pilot):
        await pilot.press("ctrl+g")
        await settle(pilot)
        chat = pilot.app.screen.query_one(ChatView)
        assert chat.selected_message is not None
        assert chat.selected_message.text == "@anna the far question"
        top = int(chat.scroll_y)
        index = chat.selected
        assert top <= chat._offsets[index] < top + chat.scrollable_content_region.height

    run(app, scenario)
