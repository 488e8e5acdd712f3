"""Reactions on messages and posts: one of six per person, the same again takes
it back, counts with every page (one query for the page), only for those who
can read the target, live to the other person, and a version-4 database
upgraded to keep them. Runs on SQLite and PostgreSQL. The people are Анна,
Борис and Vera; Vera is in no dialog with the other two."""

from __future__ import annotations

import pytest
from playhouse.test_utils import count_queries
from test_activity import PollThread, send
from version_four import old_database

from models import activity, dialogs, messages, migrations, posts, reactions, unread
from models.db import close_database, database, open_database
from models.errors import NotFoundError, ValidationError
from models.schema import Reaction, User

LIKE, HEART, LAUGH, WOW, SAD, FIRE = reactions.REACTIONS


@pytest.fixture
def people(make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    boris = make_user("boris", "Борис", "Петров")
    vera = make_user("vera", "Vera", "Smith")
    return anna.id, boris.id, vera.id


def shown(counts) -> list[tuple[str, int, bool]]:
    return [(c.emoji, c.count, c.mine) for c in counts]


def test_the_six_reactions_are_the_issues_six():
    assert reactions.REACTIONS == ("👍", "❤️", "😂", "😮", "😢", "🔥")


def test_reacting_twice_takes_it_back_and_another_replaces_it(db, people):
    """Борис gives 👍 to Анна's message; both see "👍 1" in the chat (only he as
    his). 👍 again takes it back; ❤️ then 😂 leaves just his 😂: one per person."""
    anna, boris, _ = people
    hello = send(anna, boris, "Hello")
    after = reactions.react_to_message(boris, hello.id, LIKE)
    assert shown(after.reactions) == [(LIKE, 1, True)]
    assert shown(dialogs.history(anna, boris)[0].reactions) == [(LIKE, 1, False)]
    assert reactions.react_to_message(boris, hello.id, LIKE).reactions == ()
    reactions.react_to_message(boris, hello.id, HEART)
    reactions.react_to_message(boris, hello.id, LAUGH)
    assert shown(dialogs.history(boris, anna)[0].reactions) == [(LAUGH, 1, True)]
    assert Reaction.select().count() == 1


def test_counts_add_up_and_come_in_the_pickers_order(db, people):
    """Both react to one message: "👍 1 ❤️ 1" whatever the order they reacted in;
    counts add up when both choose the same."""
    anna, boris, _ = people
    hello = send(anna, boris, "Hello")
    reactions.react_to_message(anna, hello.id, HEART)
    reactions.react_to_message(boris, hello.id, LIKE)
    assert shown(dialogs.history(anna, boris)[0].reactions) == [
        (LIKE, 1, False), (HEART, 1, True)
    ]
    reactions.react_to_message(boris, hello.id, HEART)
    assert shown(dialogs.history(boris, anna)[0].reactions) == [(HEART, 2, True)]


def test_saved_notes_take_reactions_too(db, people):
    anna, _, _ = people
    note = send(anna, anna, "buy milk")
    assert shown(reactions.react_to_message(anna, note.id, FIRE).reactions) == [(FIRE, 1, True)]


def test_who_reacted_lists_each_person_with_their_reaction(db, people):
    anna, boris, _ = people
    hello = send(anna, boris, "Hello")
    reactions.react_to_message(boris, hello.id, WOW)
    reactions.react_to_message(anna, hello.id, SAD)
    listed = [(r.user.login, r.emoji) for r in reactions.message_reactors(anna, hello.id)]
    assert listed == [("boris", WOW), ("anna", SAD)]


def test_only_the_dialogs_members_can_react_or_see_who_did(db, people):
    """Vera is not in Анна and Борис's dialog: reacting or asking who reacted is
    answered as for a message that does not exist, and changes nothing."""
    anna, boris, vera = people
    hello = send(anna, boris, "Hello")
    reactions.react_to_message(boris, hello.id, LIKE)
    with pytest.raises(NotFoundError):
        reactions.react_to_message(vera, hello.id, HEART)
    with pytest.raises(NotFoundError):
        reactions.message_reactors(vera, hello.id)
    with pytest.raises(NotFoundError):
        reactions.react_to_message(vera, 10**9, HEART)
    assert [(r.user.login, r.emoji) for r in reactions.message_reactors(anna, hello.id)] == [
        ("boris", LIKE)
    ]


def test_an_unknown_reaction_or_a_deleted_message_is_refused(db, people):
    """Only the six are taken; deleting a message takes its reactions along, and
    a deleted message takes no new ones."""
    anna, boris, _ = people
    hello = send(anna, boris, "Hello")
    for wrong in ("👎", "", "[b]x[/b]", None, "👍👍"):
        with pytest.raises(ValidationError):
            reactions.react_to_message(boris, hello.id, wrong)
    reactions.react_to_message(boris, hello.id, LIKE)
    messages.delete_message(anna, hello.id)
    assert Reaction.select().count() == 0  # they went with the text
    assert dialogs.history(boris, anna)[0].reactions == ()
    with pytest.raises(NotFoundError):
        reactions.react_to_message(boris, hello.id, LIKE)
    assert Reaction.select().count() == 0


def test_a_page_of_messages_costs_the_same_queries_however_many_have_reactions(db, people):
    """The counts of a page come with it in one query, not one per message: a
    page of 30 messages all with reactions costs what a page with one costs."""
    anna, boris, _ = people
    sent = [send(anna, boris, f"m{i}") for i in range(30)]
    reactions.react_to_message(boris, sent[0].id, LIKE)
    dialogs.dialog_list(anna)  # the chat is opened from the list: its dialog is known
    with count_queries() as one:
        page = dialogs.history(anna, boris)
    assert sum(1 for m in page if m.reactions) == 1
    with count_queries() as window_of_one:
        unread.history_at_first_unread(anna, boris)
    for message in sent[1:]:
        reactions.react_to_message(boris, message.id, FIRE)
        reactions.react_to_message(anna, message.id, HEART)
    with count_queries() as all_of_them:
        page = dialogs.history(anna, boris)
    assert all(m.reactions for m in page)
    assert all_of_them.count == one.count
    with count_queries() as window:
        opened = unread.history_at_first_unread(anna, boris)
    assert all(m.reactions for m in opened.messages)
    assert window.count == window_of_one.count


def test_posts_take_reactions_and_the_feeds_show_them(db, people):
    """Борис reacts to Анна's post: her page, the feeds and the community list all
    show "🔥 1"; the same again takes it back; who reacted names him."""
    anna, boris, vera = people
    post = posts.create_post(anna, "My first post")
    assert shown(reactions.react_to_post(boris, post.id, FIRE).reactions) == [(FIRE, 1, True)]
    reactions.react_to_post(vera, post.id, FIRE)
    assert shown(posts.posts_by_author(anna, anna).items[0].reactions) == [(FIRE, 2, False)]
    assert shown(posts.feed_everyone(boris).items[0].reactions) == [(FIRE, 2, True)]
    assert [(r.user.login, r.emoji) for r in reactions.post_reactors(anna, post.id)] == [
        ("boris", FIRE), ("vera", FIRE)
    ]
    assert shown(reactions.react_to_post(boris, post.id, FIRE).reactions) == [(FIRE, 1, False)]


def test_a_post_gone_takes_its_reactions_and_refuses_new_ones(db, people):
    anna, boris, _ = people
    post = posts.create_post(anna, "soon gone")
    reactions.react_to_post(boris, post.id, LIKE)
    posts.delete_post(anna, post.id)
    assert Reaction.select().count() == 0
    with pytest.raises(NotFoundError):
        reactions.react_to_post(boris, post.id, LIKE)
    with pytest.raises(NotFoundError):
        reactions.post_reactors(boris, post.id)


def test_a_person_gone_takes_their_reactions(db, people):
    anna, boris, _ = people
    hello = send(anna, boris, "Hello")
    post = posts.create_post(anna, "post")
    reactions.react_to_message(boris, hello.id, LIKE)
    reactions.react_to_post(boris, post.id, LIKE)
    reactions.react_to_message(anna, hello.id, LIKE)
    User.delete().where(User.id == boris).execute()
    assert Reaction.select().count() == 0  # his, and the dialog's message with Анна's


def test_a_reaction_reaches_the_other_persons_poll(db, people, request):
    """Борис reacts to Анна's message: her next poll brings the message back with
    "👍 1" (and his next poll brings nothing of his own); Анна's reaction then
    reaches him the same way. On a post, its author is told."""
    anna, boris, vera = people
    hello = send(anna, boris, "Hello")
    anna_poll, boris_poll = PollThread(anna), PollThread(boris)
    request.addfinalizer(anna_poll.close)
    request.addfinalizer(boris_poll.close)
    anna_poll.poll(), boris_poll.poll()
    reactions.react_to_message(boris, hello.id, LIKE)
    changes = anna_poll.poll()
    [changed] = changes.changed_messages
    assert changed.id == hello.id and shown(changed.reactions) == [(LIKE, 1, False)]
    reactions.react_to_message(anna, hello.id, HEART)
    [changed] = boris_poll.poll().changed_messages
    assert shown(changed.reactions) == [(LIKE, 1, True), (HEART, 1, False)]
    assert anna_poll.poll() is None  # her own reaction: nothing for her screen
    post = posts.create_post(anna, "a post")
    anna_poll.poll()
    reactions.react_to_post(vera, post.id, SAD)
    [changed_post] = anna_poll.poll().changed_posts
    assert changed_post.id == post.id and shown(changed_post.reactions) == [(SAD, 1, False)]
    assert activity.activity_after(vera, 0) == []


def test_a_version_four_database_is_upgraded_to_keep_reactions(db_url, frozen_clock):
    """Opening a version-4 database with people, a message and a post adds the
    reaction table in the upgrade; everything stays and reactions work."""
    vera, pavel, message_id, post_id = old_database(db_url, 4)
    try:
        db = open_database(db_url, upgrade=False)
        assert migrations.current_version(db) == 4
        assert "reaction" not in db.get_tables()
        close_database()
        db = open_database(db_url)
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert [m.text for m in dialogs.history(vera, pavel)] == ["from version 4"]
        reactions.react_to_message(pavel, message_id, LIKE)
        reactions.react_to_post(vera, post_id, HEART)
        assert shown(dialogs.history(vera, pavel)[0].reactions) == [(LIKE, 1, False)]
        assert shown(posts.posts_by_author(pavel, pavel).items[0].reactions) == [
            (HEART, 1, False)
        ]
        assert migrations.upgrade(db) == (migrations.SCHEMA_VERSION, migrations.SCHEMA_VERSION)
    finally:
        close_database()
        database.initialize(None)
