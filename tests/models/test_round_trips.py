"""Each screen's load is at most two statements (issue 17): on PostgreSQL
every statement is a round trip to the server, so a chat page, a group page,
a feed page and a post's comments are their rows and one more statement for
what the rows carry (reactions, attachments, mentions, the people system
lines name) — a post's comments carry their reactions in their own rows, one
statement. Membership and visibility are conditions of the page; only an
empty page asks again, to tell "not yours" from "nothing here". Runs on
SQLite and PostgreSQL; the people are Анна, Михаил, Ольга and Ева."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playhouse.test_utils import count_queries

from models import (
    blocks,
    clock,
    comments,
    conversations,
    dialogs,
    groups,
    messages,
    posts,
    reactions,
    reposts,
)
from models.errors import NotFoundError, ValidationError
from models.images import prepare_image
from models.schema import Friendship
from models.views import ReactionCount

SCREEN = 2  # statements a screen's load may take


@pytest.fixture
def crew(make_user, frozen_clock):
    made = [make_user(login, first, "Test") for login, first in (
        ("anna", "Анна"), ("michail", "Михаил"), ("olga", "Ольга"), ("eva", "Ева"))]
    return [u.id for u in made]


def picture(colour=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(out, format="PNG")
    return prepare_image(out.getvalue(), name="photo.png")


def counted(call, *args, **kwargs):
    with count_queries() as counter:
        result = call(*args, **kwargs)
    return counter.count, result


def test_a_chat_page_with_everything_on_it_is_two_statements(db, crew):
    """Reactions, pictures, a reply quoting a picture-only message and the
    peer's read mark: two statements, newest page and an older one alike."""
    anna, michail, *_ = crew
    bare = messages.send_message(anna, michail, "", "c-0", attachments=[picture()])
    for i in range(1, 8):
        messages.send_message(michail if i % 2 else anna, anna if i % 2 else michail,
                              f"m{i}", f"c-{i}")
    reply = messages.send_message(michail, anna, "ответ", "c-r", reply_to_id=bare.id)
    reactions.react_to_message(anna, reply.id, "🔥")
    messages.send_message(anna, michail, "последнее", "c-l")  # Михаил has read up to his reply
    dialogs.dialog_list(anna)  # a chat is opened from the list, which names its dialog

    trips, page = counted(dialogs.history, anna, michail)
    assert trips <= SCREEN
    assert page[1].id == reply.id and page[1].reactions == (ReactionCount("🔥", 1, True),)
    assert page[1].reply_preview == "🖼 Picture"
    assert page[-1].attachments[0].kind == "image"
    assert [m.read_by_peer for m in page[:2]] == [False, True]

    trips, older = counted(dialogs.history, anna, michail, before_seq=3, limit=5)
    assert trips <= SCREEN
    assert [m.seq for m in older] == [2, 1]
    assert dialogs.history(michail, anna, limit=2)[1].reactions == (
        ReactionCount("🔥", 1, False),)


def test_a_chat_opened_cold_is_two_statements_and_a_stale_hint_is_harmless(db, crew):
    """Without the dialog list (another process's list, a fresh start) the
    first page is read by its seq range: two statements (three before, the
    dialog looked up first); the next is two. A remembered id that is not the
    dialog's any more never shows another dialog's messages."""
    anna, michail, olga, _ = crew
    messages.send_message(anna, michail, "привет", "c-1")
    other = messages.send_message(anna, olga, "чужое", "c-2")
    dialogs._KNOWN.remember(anna, michail, None)  # as in a fresh process
    assert counted(dialogs.history, anna, michail)[0] <= SCREEN
    trips, page = counted(dialogs.history, anna, michail)
    assert trips <= SCREEN and [m.text for m in page] == ["привет"]
    dialogs._KNOWN.remember(anna, michail, other.dialog_id)
    assert [m.text for m in dialogs.history(anna, michail)] == ["привет"]
    assert counted(dialogs.history, anna, michail)[0] <= SCREEN
    dialogs._KNOWN.remember(olga, michail, other.dialog_id)  # no dialog of theirs at all
    assert dialogs.history(olga, michail) == []


def test_a_chat_opened_from_a_profile_reads_its_row_in_one_statement(db, crew):
    """open_dialog of an existing dialog is its row (which names both people
    and the dialog, so the page that follows is two statements); the people
    are read apart only for a dialog not begun, or someone not there."""
    anna, michail, olga, _ = crew
    sent = messages.send_message(michail, anna, "привет", "c-1")
    dialogs._KNOWN.remember(anna, michail, None)  # as in a fresh process

    trips, row = counted(dialogs.open_dialog, anna, michail)
    assert trips == 1
    assert (row.dialog_id, row.peer.login, row.last_message_preview, row.unread_count) == (
        sent.dialog_id, "michail", "привет", 1)
    trips, page = counted(dialogs.history, anna, michail)
    assert trips <= SCREEN and [m.id for m in page] == [sent.id]

    trips, empty = counted(dialogs.open_dialog, anna, olga)
    assert trips == 2 and empty.dialog_id is None and empty.peer.login == "olga"
    with pytest.raises(NotFoundError) as err:
        dialogs.open_dialog(anna, 10**6)
    assert err.value.field == "peer_id"
    with pytest.raises(NotFoundError) as err:
        dialogs.open_dialog(10**6, anna)
    assert err.value.field == "user_id"


def test_a_chat_page_without_a_dialog_is_empty_and_errors_stay_the_same(db, crew):
    anna, michail, olga, _ = crew
    messages.send_message(anna, michail, "привет", "c-1")
    assert dialogs.history(anna, olga) == []
    assert dialogs.history(anna, olga, before_seq="x") == []  # no dialog: nothing to page
    with pytest.raises(ValidationError) as err:
        dialogs.history(anna, michail, before_seq="x")
    assert err.value.field == "before_seq"
    assert dialogs.history(anna, michail, before_seq=1) == []


def test_saved_notes_page_is_two_statements_and_reads_its_own_mark(db, crew):
    anna = crew[0]
    sent = messages.send_message(anna, anna, "заметка", "c-1")
    dialogs.dialog_list(anna)
    trips, page = counted(dialogs.history, anna, anna)
    assert trips <= SCREEN
    assert [m.id for m in page] == [sent.id] and page[0].read_by_peer


def test_a_group_page_with_mentions_lines_and_pictures_is_two_statements(db, crew):
    """A group page shows the people its system lines name, the messages that
    name me, reactions and pictures: two statements for all of it."""
    anna, michail, olga, eva = crew
    gid = groups.create_group(anna, "Команда", [michail])
    groups.add_members(anna, gid, [olga])
    named = messages.send_to_dialog(anna, gid, "@michail смотри", "c-1",
                                    attachments=[picture()])
    reactions.react_to_message(olga, named.id, "👍")
    conversations.mark_read_in(olga, gid, named.seq)

    trips, page = counted(conversations.history_of, michail, gid)
    assert trips <= SCREEN
    assert page[0].mentions_me and page[0].read_by_peer
    assert page[0].reactions == (ReactionCount("👍", 1, False),)
    assert page[0].attachments[0].kind == "image"
    added = [m for m in page if m.system is not None and m.system.target is not None]
    assert [m.system.target.login for m in added] == ["olga"]
    assert not conversations.history_of(olga, gid)[0].mentions_me

    trips, older = counted(conversations.history_of, michail, gid, before_seq=named.seq)
    assert trips <= SCREEN and older and all(m.seq < named.seq for m in older)


def test_a_group_page_still_refuses_outsiders_and_keeps_a_removed_members_part(db, crew):
    anna, michail, olga, eva = crew
    gid = groups.create_group(anna, "Команда", [michail, olga])
    messages.send_to_dialog(anna, gid, "до", "c-1")
    groups.remove_member(anna, gid, olga)
    after = messages.send_to_dialog(anna, gid, "после", "c-2")
    with pytest.raises(NotFoundError) as err:
        conversations.history_of(eva, gid)
    assert err.value.field == "dialog_id"
    with pytest.raises(NotFoundError):
        conversations.history_of(anna, 10**6)
    with pytest.raises(ValidationError) as err:
        conversations.history_of(anna, gid, before_seq="x")
    assert err.value.field == "before_seq"
    seen = [m.seq for m in conversations.history_of(olga, gid)]
    assert after.seq not in seen and seen
    assert conversations.history_of(anna, gid, before_seq=1) == []


def test_both_feeds_are_two_statements_with_reactions_and_pictures(db, crew):
    anna, michail, *_ = crew
    lo, hi = sorted((anna, michail))
    Friendship.create(user_lo=lo, user_hi=hi, requester=anna, accepted=True,
                      created_at=posts.clock.now())
    pictured = posts.create_post(michail, "с картинкой", attachments=[picture()])
    plain = posts.create_post(anna, "просто текст")
    reactions.react_to_post(michail, plain.id, "❤️")
    for feed in (posts.feed_following, posts.feed_everyone):
        trips, page = counted(feed, anna)
        assert trips <= SCREEN
        assert [p.id for p in page.items] == [plain.id, pictured.id]
        assert page.items[0].reactions == (ReactionCount("❤️", 1, False),)
        assert page.items[1].attachments[0].kind == "image"


def test_a_feed_with_a_repost_shows_the_originals_picture_in_two_round_trips(db, crew):
    """A repost's original is read beside the page's extras (its picture comes
    with them): on PostgreSQL in the same round trip, on SQLite a third call."""
    anna, michail, *_ = crew
    original = posts.create_post(michail, "оригинал", attachments=[picture()])
    shared = reposts.repost(anna, original.id, "смотрите")
    trips, page = round_trips(posts.feed_everyone, anna)
    assert trips <= SCREEN + 1 and on_pg(trips, SCREEN)
    assert page.items[0].id == shared.id
    assert page.items[0].original.attachments[0].kind == "image"


def test_a_post_with_comments_is_one_statement_and_a_hidden_post_is_not_found(db, crew):
    anna, michail, olga, _ = crew
    post = posts.create_post(michail, "пост")
    first = comments.add_comment(anna, post.id, "первый")
    comments.add_comment(olga, post.id, "второй", reply_to=first.id)
    reactions.react_to_comment(olga, first.id, "😂")

    trips, page = counted(comments.comments_page, anna, post.id)
    assert trips == 1  # its reactions in its rows
    assert [c.text for c in page.items] == ["первый", "второй"]
    assert page.items[0].reactions == (ReactionCount("😂", 1, False),)

    empty = posts.create_post(michail, "без комментариев")
    assert comments.comments_page(anna, empty.id).items == ()
    blocks.block(michail, anna)
    for post_id in (post.id, empty.id, 10**6, "x"):
        with pytest.raises(NotFoundError) as err:
            comments.comments_page(anna, post_id)
        assert err.value.field == "post_id"
    with pytest.raises(NotFoundError):  # hidden: "not found", whatever the cursor
        comments.comments_page(anna, post.id, cursor="x")
    with pytest.raises(ValidationError):
        comments.comments_page(olga, post.id, cursor="x")


def test_a_post_with_comments_is_one_statement_that_shows_what_the_others_show(db, crew):
    """The page carries its reactions in its rows: one statement. Each comment
    is as the live reads (comments_by_id, read with their reactions apart) show
    it: every emoji in the picker's order with its count and mine, likes,
    quotes (a deleted one, one by someone who blocked me), pages that add up."""
    anna, michail, olga, eva = crew
    post = posts.create_post(michail, "пост")
    made = [comments.add_comment(who, post.id, f"к{i}")
            for i, who in enumerate([anna, olga, eva, michail, olga, anna, eva])]
    reply = comments.add_comment(olga, post.id, "ответ", reply_to=made[1].id)
    gone = comments.add_comment(eva, post.id, "удалю")
    answer = comments.add_comment(michail, post.id, "на удалённый", reply_to=gone.id)
    comments.delete_comment(eva, gone.id)
    hidden = comments.add_comment(eva, post.id, "от Евы")
    comments.add_comment(anna, post.id, "на Евин", reply_to=hidden.id)
    for who, emoji in [(anna, "🔥"), (olga, "🔥"), (michail, "👍"), (eva, "😂")]:
        reactions.react_to_comment(who, made[0].id, emoji)
    reactions.react_to_comment(olga, reply.id, "😢")
    reactions.react_to_comment(anna, answer.id, "😮")
    comments.like_comment(anna, made[2].id)
    comments.like_comment(olga, made[2].id)
    blocks.block(eva, anna)  # Ева's comments are hidden from Анна, quoted as gone

    trips, page = counted(comments.comments_page, anna, post.id, limit=50)
    assert trips == 1
    ids = [c.id for c in page.items]
    assert page.items == tuple(comments.comments_by_id(anna, ids))
    first = page.items[0]
    assert first.reactions == (ReactionCount("👍", 1, False), ReactionCount("😂", 1, False),
                               ReactionCount("🔥", 2, True))
    assert [c.text for c in page.items] == [
        "к0", "к1", "к3", "к4", "к5", "ответ", "на удалённый", "на Евин"]
    assert page.items[-1].reply_to.deleted and page.items[-1].reply_to.text == ""
    assert page.items[-2].reply_to.deleted and page.items[-2].reactions == (
        ReactionCount("😮", 1, True),)
    quote = page.items[5].reply_to
    assert (quote.id, quote.text, quote.author.id, quote.author.login) == (
        made[1].id, "к1", olga, "olga")

    seen, cursor = [], None
    while True:
        part = comments.comments_page(anna, post.id, cursor=cursor, limit=3)
        seen[:0] = part.items
        cursor = part.next_cursor
        if cursor is None:
            break
    assert tuple(seen) == page.items
    as_olga = comments.comments_page(olga, post.id, limit=50)
    assert as_olga.items == tuple(comments.comments_by_id(olga, [c.id for c in as_olga.items]))
    assert as_olga.items[2].liked_by_me and as_olga.items[2].like_count == 2


def test_a_chat_opened_at_its_first_unread_message_reads_its_mark_with_the_page(db, crew):
    """Opening a chat where I stopped reading far back: my place with the
    first unread message (one lookup; on PostgreSQL the newest page beside it,
    in vain here), then the page from it with the read mark as its subquery,
    then its extras: three statements, not six or seven."""
    from models import unread

    anna, michail, olga, _ = crew
    for i in range(12):
        messages.send_message(michail, anna, f"m{i}", f"c-{i}")
    gid = groups.create_group(michail, "Команда", [anna, olga])
    for i in range(12):
        messages.send_to_dialog(michail, gid, f"g{i}", f"g-{i}")
    trips, window = counted(unread.history_at_first_unread, anna, michail, limit=5)
    assert trips <= 3 and window.first_unread_seq == 1
    trips, window = counted(conversations.history_at_first_unread_of, anna, gid, limit=5)
    assert trips <= 3 and window.first_unread_seq is not None
    assert not any(m.read_by_peer for m in window.messages if m.sender.id == anna)


def test_a_chat_whose_first_unread_is_on_the_newest_page_opens_in_two_round_trips(db, crew):
    """A few new messages (the usual case): my place says the first unread one
    is on the newest page, so that page is read once (three statements, four
    before; on PostgreSQL two round trips: the page read beside my place), and
    the window is the one read the long way."""
    from models import unread

    anna, michail, olga, eva = crew
    for i in range(30):
        messages.send_message(michail, anna, f"m{i}", f"c-{i}")
    pair = dialogs.history(anna, michail)[0].dialog_id
    gid = groups.create_group(michail, "Команда", [anna, olga, eva])
    for i in range(20):
        messages.send_to_dialog(michail if i % 3 else olga, gid, f"g{i}", f"g-{i}")
    groups.remove_member(michail, gid, eva)
    messages.send_to_dialog(michail, gid, "после", "p-1")
    conversations.mark_read_in(anna, pair, 27)
    trips, window = round_trips(unread.history_at_first_unread, anna, michail, limit=10)
    assert trips <= SCREEN + 1 and on_pg(trips, SCREEN)
    assert window.first_unread_seq == 28 and not window.has_newer
    assert [m.seq for m in window.messages] == list(range(30, 20, -1))

    for user_id, dialog_id, mark in ((anna, pair, 27), (anna, pair, 3), (anna, pair, 30),
                                     (anna, gid, 12), (eva, gid, 0), (olga, gid, 18)):
        conversations.mark_read_in(user_id, dialog_id, mark)
        for limit in (5, 10, 26, 50):
            me = conversations.access(user_id, dialog_id)
            first = conversations._ACCESS_AT_UNREAD.rows(user_id, dialog_id)[0][6]
            long_way = conversations.window_at_first_unread(me, user_id, limit, first)
            trips, window = round_trips(conversations.history_at_first_unread_of, user_id,
                                        dialog_id, limit=limit)
            assert window == long_way and trips <= SCREEN + 1
            if not window.has_newer:  # the first unread on the newest page, or none
                assert on_pg(trips, SCREEN)


# ---------------------------------------------------------------- sending (schema 15)

def round_trips(call, *args, **kwargs):
    """Statements ``call`` sends, and its result. On PostgreSQL counted at the
    driver's cursor, so ``BEGIN`` and ``COMMIT`` count too (each is a round
    trip); on SQLite, peewee's statements."""
    from models.db import database, is_sqlite

    if is_sqlite():
        return counted(call, *args, **kwargs)
    import psycopg2.extensions

    sent = []

    class Counting(psycopg2.extensions.cursor):
        def execute(self, query, vars=None):  # noqa: A002 - psycopg2's name
            sent.append(query)
            return super().execute(query, vars)

    conn = database.obj.connection()
    before, conn.cursor_factory = conn.cursor_factory, Counting
    try:
        result = call(*args, **kwargs)
    finally:
        conn.cursor_factory = before
    return len(sent), result


def on_pg(trips: int, limit: int) -> bool:
    from models.db import is_sqlite

    return is_sqlite() or trips <= limit


def test_a_send_is_one_round_trip_on_postgresql_and_writes_all_it_did(db, crew):
    """A first message (the dialog made), the next, a reply, saved notes and a
    send by dialog id: one statement each on PostgreSQL (fifteen before), and
    every row the send wrote before is written."""
    from models import drafts, search, typing_signal
    from models.schema import Dialog, DialogMember, Draft, Typing

    anna, michail, *_ = crew
    trips, first = round_trips(messages.send_message, anna, michail, "привет", "c-1")
    assert on_pg(trips, 1) and first.seq == 1
    drafts.save_draft(anna, michail, "второе слово")
    did = first.dialog_id
    typing_signal.set_typing(anna, did, clock.now() + typing_signal.PRUNE_AFTER)
    trips, second = round_trips(messages.send_message, anna, michail, "второе слово", "c-2",
                                reply_to_id=first.id)
    assert on_pg(trips, 1)
    assert (second.seq, second.reply_preview, second.read_by_peer) == (2, "привет", False)
    assert second.sender.login == "anna"
    dialog = Dialog.get_by_id(did)
    assert (dialog.last_seq, dialog.last_message_id) == (2, second.id)
    marks = {m.user_id: (m.last_read_seq, m.last_message_id)
             for m in DialogMember.select().where(DialogMember.dialog == did)}
    assert marks == {anna: (2, second.id), michail: (0, second.id)}
    assert not Draft.select().where(Draft.user == anna).exists()
    assert not Typing.select().where(Typing.user == anna).exists()
    assert [r.message_id for r in search.search_messages(michail, "слово").items] == [second.id]

    trips, by_id = round_trips(messages.send_to_dialog, michail, did, "ответ", "c-3")
    assert on_pg(trips, 1) and by_id.seq == 3
    trips, note = round_trips(messages.send_message, anna, anna, "заметка", "c-4")
    assert on_pg(trips, 1) and note.read_by_peer
    assert DialogMember.select().where(DialogMember.dialog == note.dialog_id).count() == 1
    assert [m.text for m in dialogs.history(michail, anna)] == ["ответ", "второе слово", "привет"]


def test_a_group_send_with_a_mention_is_one_round_trip_on_postgresql(db, crew):
    anna, michail, olga, _ = crew
    gid = groups.create_group(anna, "Команда", [michail, olga])
    trips, sent = round_trips(messages.send_to_dialog, anna, gid, "@michail смотри", "c-1")
    assert on_pg(trips, 1)
    page = conversations.history_of(michail, gid)
    assert page[0].id == sent.id and page[0].mentions_me
    assert not conversations.history_of(olga, gid)[0].mentions_me
    assert conversations.access(anna, gid).last_read_seq == sent.seq


def test_a_send_with_a_picture_is_its_statement_and_the_pictures(db, crew):
    """With attachments the send is a transaction: BEGIN, the send, the
    picture (stored, held) and its attachment row, COMMIT."""
    anna, michail, *_ = crew
    trips, sent = round_trips(messages.send_message, anna, michail, "", "c-1",
                              attachments=[picture()])
    assert on_pg(trips, 6)
    assert sent.attachments[0].kind == "image"
    assert dialogs.history(michail, anna)[0].attachments[0].media_id == \
        sent.attachments[0].media_id


def test_refused_sends_say_why_and_store_nothing(db, crew):
    """The refusals of the one-statement send are those of the long one."""
    from models.errors import ConflictError, PermissionDeniedError
    from models.schema import Dialog, Message

    anna, michail, olga, eva = crew
    first = messages.send_message(anna, michail, "привет", "c-1")
    blocks.block(michail, anna)
    with pytest.raises(PermissionDeniedError) as err:
        messages.send_message(anna, michail, "ещё", "c-2")
    assert "does not accept your messages" in str(err.value)
    with pytest.raises(PermissionDeniedError) as err:
        messages.send_message(michail, anna, "ещё", "c-3")
    assert "You blocked this person" in str(err.value)
    with pytest.raises(NotFoundError) as err:
        messages.send_message(anna, 10**6, "кому?", "c-4")
    assert err.value.field == "peer_id"
    with pytest.raises(ValidationError) as err:
        messages.send_message(anna, olga, "не туда", "c-5", reply_to_id=first.id)
    assert err.value.field == "reply_to_id"
    messages.send_message(anna, olga, "привет", "c-6")
    with pytest.raises(ConflictError):  # the id of a message already in another dialog
        messages.send_message(anna, eva, "привет", "c-6")
    again = messages.send_message(anna, olga, "привет", "c-6")  # a resend: the stored one
    assert again.seq == 1 and again.text == "привет"

    gid = groups.create_group(anna, "Команда", [olga, eva])
    groups.remove_member(anna, gid, eva)
    with pytest.raises(PermissionDeniedError) as err:
        messages.send_to_dialog(eva, gid, "я тут", "c-7")
    assert "no longer a member" in str(err.value)
    with pytest.raises(NotFoundError):
        messages.send_to_dialog(michail, gid, "чужой", "c-8")
    Dialog.delete().where(Dialog.id == gid).execute()  # the group is gone
    with pytest.raises(NotFoundError) as err:
        messages.send_to_dialog(anna, gid, "есть кто?", "c-9")
    assert err.value.field == "dialog_id"
    assert Message.select().where(Message.client_id.in_(
        ["c-2", "c-3", "c-4", "c-5", "c-7", "c-8", "c-9"])).count() == 0
    assert Dialog.get_by_id(first.dialog_id).last_seq == 1


def test_a_group_send_behind_its_read_mark_still_reads_what_came_before(db, crew):
    """Sending into a group marks the messages before it read, with a read
    receipt: the one-statement send leaves that case to the long path."""
    from models.schema import Activity, ReadReceipt

    anna, michail, olga, _ = crew
    gid = groups.create_group(anna, "Команда", [michail, olga])
    messages.send_to_dialog(olga, gid, "раз", "c-1")
    messages.send_to_dialog(olga, gid, "два", "c-2")
    sent = messages.send_to_dialog(michail, gid, "прочёл", "c-3")
    assert conversations.access(michail, gid).last_read_seq == sent.seq
    assert ReadReceipt.select().where((ReadReceipt.user == michail)
                                      & (ReadReceipt.seq == sent.seq - 1)).exists()
    assert Activity.select().where((Activity.user == olga) & (Activity.actor == michail)).exists()
    trips, _ = round_trips(messages.send_to_dialog, michail, gid, "и ещё", "c-4")
    assert on_pg(trips, 1)
