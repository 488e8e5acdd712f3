"""Blocking a person (models/blocks.py): whom Anna blocked cannot write to her,
ask to be her friend or add her to a group, and no longer sees her posts or
her profile beyond her name; nothing tells them. Both backends; and the schema
step that adds the table to a version-4 database holding data."""

from __future__ import annotations

import pytest
from peewee import IntegrityError
from playhouse.test_utils import count_queries
from version_four import v4_message

from models import blocks, clock, communities, dialogs, friends, messages, migrations, posts
from models.db import close_database, database, open_database
from models.errors import NotFoundError, PermissionDeniedError, ValidationError
from models.profiles import get_profile_for, update_profile
from models.schema import Activity, Block, Friendship, Message, User
from models.views import Relation


@pytest.fixture
def people(db, make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    michail = make_user("michail", "Michail", "Petrov")
    olga = make_user("olga", "Olga", "Smirnova")
    return anna.id, michail.id, olga.id


def _texts(page) -> list[str]:
    return [p.text for p in page.items]


def test_block_unblock_and_the_list(people):
    """Blocking twice is one row; the list is by last name; unblocking takes
    one person off it; blocking oneself or nobody is refused."""
    anna, michail, olga = people
    blocks.block(anna, olga)
    blocks.block(anna, michail)
    blocks.block(anna, michail)
    assert [p.login for p in blocks.list_blocked(anna)] == ["michail", "olga"]
    assert blocks.is_blocked(anna, michail) and not blocks.is_blocked(michail, anna)
    assert blocks.blocked_either_way(michail, anna)
    assert blocks.list_blocked(michail) == []
    blocks.unblock(anna, michail)
    blocks.unblock(anna, michail)
    assert [p.login for p in blocks.list_blocked(anna)] == ["olga"]
    assert not blocks.blocked_either_way(anna, michail)
    with pytest.raises(ValidationError):
        blocks.block(anna, anna)
    with pytest.raises(NotFoundError):
        blocks.block(anna, 999_999)


def test_a_blocked_person_cannot_write_and_nothing_is_stored(people):
    """Michail's new message, reply and edit into the existing dialog and his
    resend of a message sent before the block are all refused with the
    sentence he is shown; nothing new is stored."""
    anna, michail, _olga = people
    before = messages.send_message(michail, anna, "Привет", "m1")
    blocks.block(anna, michail)
    stored = Message.select().count()
    attempts = [
        lambda: messages.send_message(michail, anna, "Ответь!", "m2"),
        lambda: messages.send_message(michail, anna, "Ну?", "m3", reply_to_id=before.id),
        lambda: messages.edit_message(michail, before.id, "Привет (edited)"),
        lambda: messages.send_message(michail, anna, "Привет", "m1"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDeniedError) as err:
            attempt()
        assert err.value.message == "This person does not accept your messages."
    assert Message.select().count() == stored
    assert Message.get_by_id(before.id).text == "Привет"
    assert Message.get_or_none(Message.client_id == "m2") is None


def test_i_cannot_write_to_whom_i_blocked_until_i_unblock(people):
    anna, michail, olga = people
    blocks.block(anna, michail)
    with pytest.raises(PermissionDeniedError) as err:
        messages.send_message(anna, michail, "hi", "a1")
    assert "You blocked this person" in err.value.message
    messages.send_message(anna, olga, "others are fine", "a2")
    messages.send_message(anna, anna, "notes are fine", "a3")
    blocks.unblock(anna, michail)
    messages.send_message(michail, anna, "thanks", "m1")
    messages.send_message(anna, michail, "ok", "a4")
    assert [m.text for m in dialogs.history(anna, michail)] == ["ok", "thanks"]  # newest first


def test_a_blocked_person_cannot_ask_to_be_friends(people):
    anna, michail, _olga = people
    blocks.block(anna, michail)
    with pytest.raises(PermissionDeniedError) as err:
        friends.send_request(michail, anna)
    assert err.value.message == "This person does not accept your friend requests."
    with pytest.raises(PermissionDeniedError):
        friends.send_request(anna, michail)
    assert Friendship.select().count() == 0


def test_a_request_that_outlived_a_block_cannot_be_accepted(people):
    """(A request sent at the very moment of the block, on PostgreSQL, is not
    seen by the block's delete.) Accepting it is refused either way."""
    anna, michail, _olga = people
    blocks.block(anna, michail)
    Friendship.create(user_lo=min(anna, michail), user_hi=max(anna, michail),
                      requester=michail, accepted=False, created_at=clock.now())
    with pytest.raises(PermissionDeniedError):
        friends.accept_request(anna, michail)
    assert friends.relation(anna, michail) is Relation.REQUEST_RECEIVED


@pytest.mark.parametrize("who_asked", ["blocker", "blocked"])
def test_blocking_removes_a_pending_request_either_way(people, who_asked):
    anna, michail, _olga = people
    asker, asked = (anna, michail) if who_asked == "blocker" else (michail, anna)
    friends.send_request(asker, asked)
    blocks.block(anna, michail)
    assert friends.relation(anna, michail) is Relation.NONE
    assert friends.incoming_requests(asked) == [] and friends.outgoing_requests(asker) == []


def test_blocking_ends_a_friendship_and_unblocking_does_not_bring_it_back(people):
    anna, michail, olga = people
    friends.send_request(michail, anna)
    friends.accept_request(anna, michail)
    friends.send_request(olga, anna)
    friends.accept_request(anna, olga)
    blocks.block(anna, michail)
    assert [p.login for p in friends.friends(anna)] == ["olga"]
    assert friends.friends(michail) == []
    blocks.unblock(anna, michail)
    assert friends.relation(michail, anna) is Relation.NONE


def test_blocking_is_not_announced(people):
    """No activity row for Michail (his running app learns nothing), though
    blocking ended a friendship, which an unfriending would have told him."""
    anna, michail, _olga = people
    friends.send_request(michail, anna)
    friends.accept_request(anna, michail)
    Activity.delete().execute()
    blocks.block(anna, michail)
    blocks.unblock(anna, michail)
    assert Activity.select().count() == 0


def test_a_blocked_person_does_not_see_my_posts_anywhere(people):
    """Michail no longer sees Anna's posts on her wall, in the feeds (friends'
    or everyone's), in the "new posts" count or on a community's wall; Olga
    still sees them all; after unblocking, Michail sees them again."""
    anna, michail, olga = people
    club = communities.create_community(olga, "Книжный клуб").id
    communities.join(anna, club)
    communities.join(michail, club)
    friends.send_request(michail, anna)
    friends.accept_request(anna, michail)
    posts.create_post(michail, "michail's own")
    posts.create_post(anna, "anna on her wall")
    posts.create_post(anna, "anna in the club", community_id=club)
    posts.create_post(olga, "olga in the club", community_id=club)
    blocks.block(anna, michail)

    assert _texts(posts.posts_by_author(michail, anna)) == []
    assert _texts(posts.feed_everyone(michail)) == ["olga in the club", "michail's own"]
    assert _texts(posts.feed_following(michail)) == ["olga in the club", "michail's own"]
    assert _texts(posts.community_posts(michail, club)) == ["olga in the club"]
    assert posts.newer_post_count(michail, 0, everyone=True) == 2
    assert posts.newer_post_count(michail, 0) == 2
    assert len(posts.feed_everyone(olga).items) == 4
    assert _texts(posts.posts_by_author(olga, anna)) == ["anna in the club", "anna on her wall"]

    blocks.unblock(anna, michail)
    assert _texts(posts.posts_by_author(michail, anna)) == ["anna in the club", "anna on her wall"]


def test_a_page_of_the_feed_is_full_when_posts_are_hidden(people):
    """Hidden posts do not eat a page: after Anna's five newer posts, a page of
    two still holds two of Olga's, and the next page continues from there."""
    anna, michail, olga = people
    for who in (michail, olga):
        friends.send_request(who, anna)
        friends.accept_request(anna, who)
    friends.send_request(michail, olga)
    friends.accept_request(olga, michail)
    for n in range(3):
        posts.create_post(olga, f"olga {n}")
    for n in range(5):
        posts.create_post(anna, f"anna {n}")
    blocks.block(anna, michail)
    for feed in (posts.feed_everyone, posts.feed_following):
        first = feed(michail, limit=2)
        assert _texts(first) == ["olga 2", "olga 1"]
        assert _texts(feed(michail, cursor=first.next_cursor, limit=2)) == ["olga 0"]


def test_a_blocked_person_cannot_like_my_post(people):
    anna, michail, _olga = people
    post = posts.create_post(anna, "hello")
    blocks.block(anna, michail)
    with pytest.raises(NotFoundError):
        posts.like_post(michail, post.id)
    assert posts.posts_by_author(anna, anna).items[0].like_count == 0


def test_a_blocked_person_sees_only_my_name(people):
    anna, michail, olga = people
    update_profile(anna, city="Казань", about="Люблю горы", birthday="1990-05-01")
    blocks.block(anna, michail)
    seen = get_profile_for(michail, anna)
    assert seen.user.full_name == "Анна Иванова"
    assert (seen.city, seen.about, seen.birthday, seen.last_seen_at) == ("", "", None, None)
    assert seen.restricted and not get_profile_for(olga, anna).restricted
    assert seen.user.avatar_id is None
    assert get_profile_for(olga, anna).city == "Казань"
    assert get_profile_for(anna, anna).about == "Люблю горы"
    # Anna, who blocked him, still sees Michail's profile.
    update_profile(michail, city="Тверь")
    assert get_profile_for(anna, michail).city == "Тверь"


def test_nobody_adds_me_to_a_group_who_i_blocked(people):
    """The check group conversations call for each person they add."""
    anna, michail, olga = people
    blocks.block(anna, michail)
    with pytest.raises(PermissionDeniedError) as err:
        blocks.check_can_add_to_group(michail, anna)
    assert err.value.message == "This person cannot be added to a group by you."
    blocks.check_can_add_to_group(olga, anna)
    blocks.check_can_add_to_group(anna, michail)  # the blocker adding is not refused here
    # Many at once (creating a group): one query, refused if any of them blocked the adder.
    with pytest.raises(PermissionDeniedError):
        blocks.check_can_add_to_group(michail, olga, anna, michail)
    with count_queries() as counter:
        blocks.check_can_add_to_group(olga, anna, michail, olga)
    assert counter.count == 1


def test_deleting_a_person_deletes_their_blocks(people):
    anna, michail, olga = people
    blocks.block(anna, michail)
    blocks.block(olga, anna)
    User.delete().where(User.id == anna).execute()
    assert Block.select().count() == 0


def test_is_blocked_is_one_query(people):
    anna, michail, _olga = people
    blocks.block(anna, michail)
    with count_queries() as counter:
        assert blocks.is_blocked(anna, michail)
    assert counter.count == 1


def _version_four_database(url: str) -> tuple[int, int]:
    """A database as version 4 left it, holding two friends and a message."""
    db = open_database(url, upgrade=False)
    with db.atomic():
        for version in (1, 2, 3, 4):
            migrations.STEPS[version](db)
        migrations._set_version(db, 4)
        vera, pavel = (
            User.create(login=login, login_key=login, password_hash="!", first_name=login,
                        last_name="Old", first_key=login, last_key="old",
                        created_at=clock.now()).id
            for login in ("vera", "pavel")
        )
        Friendship.create(user_lo=vera, user_hi=pavel, requester=pavel, accepted=True,
                          created_at=clock.now())
        v4_message(db, pavel, vera, "from before")  # the tables as version 4 had them
    close_database()
    return vera, pavel


def test_a_version_four_database_is_upgraded_to_keep_blocks(db_url, frozen_clock):
    """Opening a version-4 database (no block table; people, a friendship and a
    dialog in it) adds the table in the upgrade; what was there stays, and
    blocking works on it."""
    vera, pavel = _version_four_database(db_url)
    try:
        db = open_database(db_url, upgrade=False)
        assert migrations.current_version(db) == 4 and "block" not in db.get_tables()
        close_database()

        db = open_database(db_url)
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert "block" in db.get_tables()
        assert User.select().count() == 2 and Message.select().count() == 1
        assert [m.text for m in dialogs.history(vera, pavel)] == ["from before"]
        blocks.block(vera, pavel)
        assert Friendship.select().count() == 0
        with pytest.raises(PermissionDeniedError):
            messages.send_message(pavel, vera, "after", "p2")
        with pytest.raises(IntegrityError), db.atomic():  # the pair stays unique
            Block.insert(blocker=vera, blocked=pavel, created_at=clock.now()).execute()
        assert migrations.upgrade(db) == (migrations.SCHEMA_VERSION,) * 2
    finally:
        close_database()
        database.initialize(None)


def test_either_way_is_asked_in_one_statement_and_their_block_is_told_first(people, sql_sent):
    """Whether either of two people blocked the other is one statement (a round
    trip on PostgreSQL, asked twice by every send there); when both blocked each
    other, the sender hears that the other does not accept their messages, and a
    friend request that the other does not accept it."""
    anna, michail, olga = people
    with sql_sent() as sent:
        blocks.check_can_message(anna, michail)
        blocks.check_can_request(anna, michail)
        assert not blocks.blocked_either_way(anna, michail)
    assert len([sql for sql in sent if '"block"' in sql]) == 3
    blocks.block(anna, michail)
    with pytest.raises(PermissionDeniedError) as refused:
        blocks.check_can_message(michail, anna)
    assert refused.value.message == "This person does not accept your messages."
    with pytest.raises(PermissionDeniedError) as own:
        blocks.check_can_message(anna, michail)
    assert "You blocked this person" in own.value.message
    blocks.block(michail, anna)
    for sender, other in ((anna, michail), (michail, anna)):
        with pytest.raises(PermissionDeniedError) as both:
            blocks.check_can_message(sender, other)
        assert both.value.message == "This person does not accept your messages."
        with pytest.raises(PermissionDeniedError) as request:
            blocks.check_can_request(sender, other)
        assert request.value.message == "This person does not accept your friend requests."
    assert blocks.blocked_either_way(anna, michail) and blocks.blocked_either_way(michail, anna)
    assert not blocks.blocked_either_way(anna, olga)
