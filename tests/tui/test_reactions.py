"""Reactions in the app: ``+`` on a message or a post opens the picker of six,
the choice shows under the bubble / on the card as "👍 1", the same again
takes it back, ``w`` lists who reacted, and the other person's open chat
updates by itself."""

from __future__ import annotations

import asyncio
import io

from models import posts, reactions
from models.reactions import REACTIONS
from tests.tui.conftest import settle
from tests.tui.test_dialogs import open_chat, run
from tui.screens.reaction_picker import ReactionPicker
from tui.screens.reactors import ReactorsScreen
from tui.widgets.post_card import PostCard, post_renderable

LIKE, HEART, LAUGH, WOW, SAD, FIRE = REACTIONS


def test_plus_on_a_message_reacts_and_the_same_again_takes_it_back(app_db, logged_in_app):
    """Анна selects Michail's message, presses + and 2: "❤️ 1" under the bubble and
    stored; + then Enter on the marked ❤️ takes it back."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await pilot.press("up", "up")
        message = chat.selected_message
        assert message.sender.id == app_db.michail.id
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, ReactionPicker)
        await pilot.press("2")
        await settle(pilot)
        assert [(r.emoji, r.count, r.mine) for r in chat.selected_message.reactions] == [
            (HEART, 1, True)
        ]
        assert f"{HEART} 1" in chat.render_lines_text()
        [stored] = reactions.message_reactors(app_db.michail.id, message.id)
        assert (stored.user.login, stored.emoji) == ("anna", HEART)
        await pilot.press("plus")
        await pilot.pause()
        assert app.screen.current == HEART and app.screen.index == 1
        await pilot.press("enter")
        await settle(pilot)
        assert chat.selected_message.reactions == ()
        assert HEART not in chat.render_lines_text()
        assert reactions.message_reactors(app_db.michail.id, message.id) == []

    run(app, scenario)


def test_escape_in_the_picker_changes_nothing(app_db, logged_in_app):
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await pilot.press("up", "plus")
        await pilot.pause()
        await pilot.press("right", "right", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReactionPicker)
        assert chat.selected_message.reactions == ()

    run(app, scenario)


def test_w_shows_who_reacted_with_what(app_db, logged_in_app):
    """Michail reacted 🔥 to Анна's message: w on it lists "🔥  Michail Petrov @michail"."""
    app = logged_in_app("anna")
    mine = [m for m in app_db_history(app_db) if m.sender.id == app_db.anna.id][0]
    reactions.react_to_message(app_db.michail.id, mine.id, FIRE)

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        chat.select_message(mine.id)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ReactorsScreen)
        options = app.screen.query_one("#reactors")
        assert [str(options.get_option_at_index(i).prompt)
                for i in range(options.option_count)] == [f"{FIRE}  Michail Petrov @michail"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReactorsScreen)

    run(app, scenario)


def app_db_history(app_db):
    from models import dialogs

    return dialogs.history(app_db.anna.id, app_db.michail.id)


def test_the_other_persons_reaction_appears_in_the_open_chat(app_db, logged_in_app):
    """Анна has the chat open; Michail (another connection) reacts 😂 to her
    message: "😂 1" appears under it without a key press, and taking it back
    makes it go."""
    app = logged_in_app("anna", poll_interval=0.05)
    mine = [m for m in app_db_history(app_db) if m.sender.id == app_db.anna.id][0]

    async def wait_for(pilot, chat, wanted):
        for _ in range(200):
            shown = next(m for m in chat.items if m.id == mine.id).reactions
            if [(r.emoji, r.count) for r in shown] == wanted:
                return
            await pilot.pause(0.05)
        raise AssertionError(f"still {shown}")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        await asyncio.to_thread(reactions.react_to_message, app_db.michail.id, mine.id, LAUGH)
        await wait_for(pilot, chat, [(LAUGH, 1)])
        await settle(pilot)
        assert f"{LAUGH} 1" in chat.render_lines_text()
        await asyncio.to_thread(reactions.react_to_message, app_db.michail.id, mine.id, LAUGH)
        await wait_for(pilot, chat, [])

    run(app, scenario)


def test_plus_on_a_post_reacts_and_the_card_shows_it(app_db, logged_in_app):
    """On the Feed, + and 1 on the first post: the card shows "👍 1"; w lists Анна."""
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            cards = list(app.screen.query(PostCard))
            card = next(c for c in cards if c.parent.has_focus or c.highlighted)
            await pilot.press("plus")
            await pilot.pause()
            assert isinstance(app.screen, ReactionPicker)
            await pilot.press("1")
            await settle(pilot)
            assert [(r.emoji, r.count, r.mine) for r in card.post.reactions] == [(LIKE, 1, True)]
            assert f"{LIKE} 1" in card_text(card)
            assert [r.user.login for r in reactions.post_reactors(app_db.anna.id, card.post.id)
                    ] == ["anna"]
            await pilot.press("w")
            await settle(pilot)
            assert isinstance(app.screen, ReactorsScreen)

    asyncio.run(main())


def card_text(card: PostCard) -> str:
    """What the card draws, as text."""
    from rich.console import Console

    console = Console(width=90, record=True, file=io.StringIO())
    console.print(post_renderable(card.post, None))
    return console.export_text()


def test_a_reaction_on_my_post_reaches_my_open_feed(app_db, logged_in_app):
    """Olga reacts 😮 to Анна's post while Анна's Feed is on screen: the card
    shows "😮 1" by itself."""
    app = logged_in_app("anna", poll_interval=0.05)
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await asyncio.to_thread(reactions.react_to_post, app_db.olga.id, mine.id, WOW)
            for _ in range(200):
                cards = [c for c in app.screen.query(PostCard) if c.post.id == mine.id]
                if cards and all(c.post.reactions for c in cards):
                    break
                await pilot.pause(0.05)
            assert cards and all(
                [(r.emoji, r.count) for r in c.post.reactions] == [(WOW, 1)] for c in cards
            )
            assert f"{WOW} 1" in card_text(cards[0])

    asyncio.run(main())


# ---------------------------------------------------------------- snapshots

def _reacted_conversation(app_db) -> None:
    """The snapshot conversation, with reactions: Michail's 👍 and ❤️ on Анна's
    message, Анна's 😂 on his reply (hers shown as hers), three kinds on it."""
    from tests.tui.test_dialogs import _conversation

    _conversation(app_db)
    history = app_db_history(app_db)
    mine = next(m for m in history if m.sender.id == app_db.anna.id)
    reply = history[0]
    reactions.react_to_message(app_db.michail.id, mine.id, LIKE)
    reactions.react_to_message(app_db.anna.id, reply.id, LAUGH)
    reactions.react_to_message(app_db.michail.id, reply.id, HEART)


def _open_chat_snapshot(app_db, *, picker: bool):
    from tests.tui.test_dialogs import _to_dialogs

    async def run_before(pilot):
        await _to_dialogs(pilot)
        pilot.app.open_dialog(app_db.michail.id)
        await settle(pilot)
        if picker:
            chat = pilot.app.screen.query_one("ChatView")
            chat.focus()
            await pilot.press("up", "plus", "right")
            await settle(pilot)

    return run_before


def test_snapshot_chat_with_reactions(app_db, logged_in_app, snap_compare):
    """Reactions under the bubbles: "👍 1" under Анна's, "❤️ 1  😂 1" under
    Michail's reply (her 😂 in the accent colour); nothing overlaps."""
    _reacted_conversation(app_db)
    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30),
                        run_before=_open_chat_snapshot(app_db, picker=False))


def test_snapshot_chat_with_reactions_small(app_db, logged_in_app, snap_compare):
    """The same in an 80×24 terminal."""
    _reacted_conversation(app_db)
    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24),
                        run_before=_open_chat_snapshot(app_db, picker=False))


def test_snapshot_reaction_picker(app_db, logged_in_app, snap_compare):
    """+ on Michail's reply, then →: the six in a row, 😂 (Анна's) marked, 😮 highlighted."""
    _reacted_conversation(app_db)
    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30),
                        run_before=_open_chat_snapshot(app_db, picker=True))


def test_f1_lists_the_reaction_keys_in_the_chat_and_on_the_feed(app_db, logged_in_app):
    """F1 with a message selected lists + React and w Who reacted (in Russian too:
    "Реакция", "Кто отреагировал"); on the Feed's post list as well."""
    from tests.tui.test_help import rows

    for lang, react, who in (("en", "React", "Who reacted"),
                             ("ru", "Реакция", "Кто отреагировал")):
        app = logged_in_app("anna", lang=lang)

        async def main(app=app, react=react, who=who):
            async with app.run_test(size=(100, 30)) as pilot:
                await settle(pilot)
                await pilot.press("f1")
                await settle(pilot)
                assert ("+", react) in rows(app) and ("w", who) in rows(app)
                await pilot.press("escape", "f3")
                await settle(pilot)
                chat = await open_chat(pilot, app_db.michail.id)
                chat.focus()
                await pilot.press("up", "f1")
                await settle(pilot)
                assert ("+", react) in rows(app) and ("w", who) in rows(app)

        asyncio.run(main())


def test_a_click_on_a_reaction_in_the_picker_chooses_it(app_db, logged_in_app):
    """The mouse works too: a click on 😂 (the third) reacts with it."""
    app = logged_in_app("anna")

    async def scenario(pilot):
        chat = await open_chat(pilot, app_db.michail.id)
        chat.focus()
        await pilot.press("up", "plus")
        await pilot.pause()
        await pilot.click("#reaction-row", offset=(2 * 6 + 2, 0))
        await settle(pilot)
        assert [r.emoji for r in chat.selected_message.reactions] == [LAUGH]

    run(app, scenario)


def test_a_reaction_on_my_post_while_i_am_elsewhere_shows_when_i_come_back(
        app_db, logged_in_app):
    """Анна is on Dialogs when Olga reacts 😢 to her post: back on the Feed
    (which is not read again) the card shows "😢 1"."""
    app = logged_in_app("anna", poll_interval=0.05)
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            before = app.live_thread.attempts
            await asyncio.to_thread(reactions.react_to_post, app_db.olga.id, mine.id, SAD)
            while app.live_thread.attempts < before + 3:
                await pilot.pause(0.05)
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            cards = [c for c in app.screen.query(PostCard) if c.post.id == mine.id]
            assert cards and all(
                [(r.emoji, r.count) for r in c.post.reactions] == [(SAD, 1)] for c in cards
            )

    asyncio.run(main())
