"""Dialogs and messages as a person uses them: writing, replying, editing,
deleting, reading marks, the dialog list and live polling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playhouse.test_utils import count_queries

from models import clock, dialogs, messages
from models.db import is_sqlite
from models.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    Text,
    ValidationError,
)
from models.schema import Dialog, DialogMember, Message


@pytest.fixture
def people(make_user, frozen_clock):
    """Anna, Boris and Vera, three registered people."""
    anna = make_user("anna", "Анна", "Иванова")
    boris = make_user("boris", "Борис", "Петров")
    vera = make_user("vera", "Vera", "Smith")
    return anna.id, boris.id, vera.id


def send(user, peer, text, **kw):
    return messages.send_message(user, peer, text, messages.new_client_id(), **kw)


def tick(seconds=1):
    clock.freeze(clock.now() + timedelta(seconds=seconds))


# ---------------------------------------------------------------- opening

def test_opening_a_dialog_writes_nothing(db, people):
    """Opening a chat with Boris shows an empty dialog and stores nothing until Anna writes."""
    anna, boris, _ = people
    summary = dialogs.open_dialog(anna, boris)
    assert summary.dialog_id is None
    assert summary.peer.login == "boris"
    assert summary.last_message_preview == ""
    assert summary.unread_count == 0
    assert Dialog.select().count() == 0
    assert DialogMember.select().count() == 0


def test_opening_a_dialog_with_an_unknown_person_is_refused(db, people):
    """A chat with someone who does not exist says so, naming the peer."""
    anna, _, _ = people
    with pytest.raises(NotFoundError) as err:
        dialogs.open_dialog(anna, 9999)
    assert err.value.field == "peer_id"


def test_opening_an_existing_dialog_shows_its_last_message(db, people):
    """After Boris writes, Anna opening the chat sees his message and one unread."""
    anna, boris, _ = people
    sent = send(boris, anna, "Привет!")
    summary = dialogs.open_dialog(anna, boris)
    assert summary.dialog_id == sent.dialog_id
    assert summary.last_message_preview == "Привет!"
    assert summary.last_message_from_me is False
    assert summary.unread_count == 1


# ---------------------------------------------------------------- sending

def test_first_message_creates_the_dialog_and_numbers_from_one(db, people):
    """Anna's first message to Boris starts their dialog; messages count 1, 2, 3."""
    anna, boris, _ = people
    first = send(anna, boris, "one")
    second = send(boris, anna, "two")
    third = send(anna, boris, "three")
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.dialog_id == second.dialog_id == third.dialog_id
    assert Dialog.select().count() == 1
    assert DialogMember.select().count() == 2
    assert first.sender.login == "anna"
    assert first.created_at == clock.now()
    assert first.edited_at is None and first.deleted is False


@pytest.mark.parametrize(
    "text",
    [
        "Привет, как дела?",
        "🙂👍🏽 emoji 👨‍👩‍👧",
        "שלום עולם",
        "first line\nsecond line\n\tindented",
        "[bold]x[/] [@click=app.quit]click[/]",
    ],
)
def test_any_language_and_markup_is_stored_exactly(db, people, text):
    """Cyrillic, emoji, right-to-left and multi-line text, and markup-looking
    text, come back exactly as typed (markup is stored literally, never parsed)."""
    anna, boris, _ = people
    sent = send(anna, boris, text)
    assert sent.text == text
    assert dialogs.history(boris, anna)[0].text == text


def test_control_characters_and_bidi_overrides_are_stripped(db, people):
    """Escape sequences that would recolour Boris's terminal, and bidi overrides
    that would reorder what he reads, never reach him."""
    anna, boris, _ = people
    sent = send(anna, boris, "\x1b[31mred\x1b[0m \u202eevil\u202c\r\nnext\x07")
    assert sent.text == "[31mred[0m evil\nnext"
    assert "\x1b" not in dialogs.history(boris, anna)[0].text


def test_4000_characters_fit_and_4001_are_refused(db, people):
    """A message of 4000 characters is sent; one more and the user is told the limit and the length."""
    anna, boris, _ = people
    assert len(send(anna, boris, "я" * 4000).text) == 4000
    with pytest.raises(ValidationError) as err:
        send(anna, boris, "я" * 4001)
    assert err.value.field == "text"
    assert "4000" in err.value.message and "4001" in err.value.message
    assert Message.select().count() == 1


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t ", "\x1b\x07", "\u202e"])
def test_empty_or_whitespace_only_messages_are_refused(db, people, text):
    """Pressing send with nothing (or only spaces or invisible characters) says
    "A message cannot be empty." and sends nothing."""
    anna, boris, _ = people
    with pytest.raises(ValidationError) as err:
        send(anna, boris, text)
    assert err.value.message == "A message cannot be empty."
    assert err.value.field == "text"
    assert Message.select().count() == 0
    assert Dialog.select().count() == 0


def test_surrounding_whitespace_is_trimmed(db, people):
    """Stray blank lines around a message are not stored."""
    anna, boris, _ = people
    assert send(anna, boris, "\n  hello  \n\n").text == "hello"


@pytest.mark.parametrize("client_id", ["", "a" * 65, "has space", "dot.ted", "ключ", None])
def test_malformed_client_ids_are_refused(db, people, client_id):
    """A client id must be 1–64 characters of letters, digits, '-' and '_'."""
    anna, boris, _ = people
    with pytest.raises(ValidationError) as err:
        messages.send_message(anna, boris, "hi", client_id)
    assert err.value.field == "client_id"


def test_new_client_ids_are_valid_and_unique(db, people):
    """Each new client id is a fresh, acceptable id."""
    ids = {messages.new_client_id() for _ in range(100)}
    assert len(ids) == 100
    anna, boris, _ = people
    for cid in list(ids)[:3]:
        messages.send_message(anna, boris, "x", cid)


def test_sending_to_an_unknown_person_is_refused(db, people):
    """Writing to someone who does not exist fails clearly and stores nothing."""
    anna, _, _ = people
    with pytest.raises(NotFoundError) as err:
        send(anna, 424242, "hello?")
    assert err.value.field == "peer_id"
    assert Dialog.select().count() == 0


def test_resending_with_the_same_client_id_returns_the_same_message(db, people):
    """When the app resends after a timeout, Boris still sees the message once."""
    anna, boris, _ = people
    cid = messages.new_client_id()
    first = messages.send_message(anna, boris, "only once", cid)
    tick()
    again = messages.send_message(anna, boris, "only once", cid)
    assert again == first
    assert Message.select().count() == 1
    assert Dialog.get_by_id(first.dialog_id).last_seq == 1
    assert [m.text for m in dialogs.history(boris, anna)] == ["only once"]


def test_a_resent_message_is_returned_unchanged_even_if_edited_meanwhile(db, people):
    """A late resend does not overwrite what the message became."""
    anna, boris, _ = people
    cid = messages.new_client_id()
    first = messages.send_message(anna, boris, "draft", cid)
    messages.edit_message(anna, first.id, "final")
    again = messages.send_message(anna, boris, "draft", cid)
    assert again.id == first.id and again.text == "final"
    assert Message.select().count() == 1


def test_a_client_id_reused_for_another_dialog_is_refused(db, people):
    """The same client id cannot become a different message in another chat."""
    anna, boris, vera = people
    cid = messages.new_client_id()
    messages.send_message(anna, boris, "to Boris", cid)
    with pytest.raises(ConflictError) as err:
        messages.send_message(anna, vera, "to Vera", cid)
    assert err.value.field == "client_id"
    assert dialogs.history(vera, anna) == []


def test_two_people_may_use_the_same_client_id(db, people):
    """Client ids belong to their sender: Boris's "abc" is not Anna's "abc"."""
    anna, boris, _ = people
    a = messages.send_message(anna, boris, "from Anna", "abc")
    b = messages.send_message(boris, anna, "from Boris", "abc")
    assert a.id != b.id and (a.seq, b.seq) == (1, 2)


# ---------------------------------------------------------------- saved notes

def test_saved_notes_are_a_dialog_with_oneself(db, people):
    """Anna writes notes to herself; they show in her list with her as the peer,
    have one member row, and never count as unread."""
    anna, boris, _ = people
    note = send(anna, anna, "buy milk")
    assert note.seq == 1
    assert DialogMember.select().where(DialogMember.dialog == note.dialog_id).count() == 1
    page = dialogs.dialog_list(anna)
    assert [s.peer.id for s in page.items] == [anna]
    assert page.items[0].last_message_preview == "buy milk"
    assert page.items[0].last_message_from_me is True
    assert dialogs.unread_total(anna) == 0
    assert dialogs.history(anna, anna)[0].read_by_peer is True
    assert dialogs.history(boris, anna) == []
    assert dialogs.dialog_list(boris).items == ()


# ---------------------------------------------------------------- replies

def test_reply_quotes_the_first_line_of_the_message(db, people):
    """Boris's reply shows the first line of Anna's message as a quote, at most 80 characters."""
    anna, boris, _ = people
    original = send(anna, boris, "x" * 100 + "\nsecond line")
    reply = send(boris, anna, "answer", reply_to_id=original.id)
    assert reply.reply_to_id == original.id
    assert reply.reply_preview == "x" * 79 + "…"
    assert len(reply.reply_preview) == 80
    assert dialogs.history(anna, boris)[0].reply_preview == reply.reply_preview


def test_reply_to_a_deleted_message_shows_deleted(db, people):
    """Once the quoted message is deleted, the quote reads "message deleted", as the
    chat does in its place, in words the UI can translate (a ``Text``, not a string
    someone could have typed)."""
    anna, boris, _ = people
    original = send(anna, boris, "oops")
    send(boris, anna, "what?", reply_to_id=original.id)
    messages.delete_message(anna, original.id)
    quote = dialogs.history(boris, anna)[0].reply_preview
    assert quote == "message deleted"
    assert isinstance(quote, Text) and quote.template == "message deleted"


def test_reply_to_a_message_of_another_dialog_is_refused(db, people):
    """Quoting a message from another chat (or one that does not exist) is refused."""
    anna, boris, vera = people
    elsewhere = send(vera, boris, "private")
    send(anna, boris, "hello")
    for bad in (elsewhere.id, 999999):
        with pytest.raises(ValidationError) as err:
            send(anna, boris, "re", reply_to_id=bad)
        assert err.value.field == "reply_to_id"
    assert Dialog.get_by_id(elsewhere.dialog_id).last_seq == 1
    assert len(dialogs.history(anna, boris)) == 1


# ---------------------------------------------------------------- edit / delete

def test_editing_my_message_changes_it_and_marks_it_edited(db, people):
    """Anna fixes a typo; Boris sees the new text marked as edited."""
    anna, boris, _ = people
    sent = send(anna, boris, "helo")
    tick(60)
    edited = messages.edit_message(anna, sent.id, " hello \x1b[0m")
    assert edited.text == "hello [0m"
    assert edited.edited_at == clock.now()
    assert edited.seq == sent.seq and edited.created_at == sent.created_at
    assert dialogs.history(boris, anna)[0].text == "hello [0m"


def test_an_edit_that_changes_nothing_is_not_an_edit(db, people):
    """Anna opens her message for editing and presses Enter without changing
    it (or only its outer spaces): it is not marked edited, and Boris's poll
    hears of no edit."""
    from models import activity

    anna, boris, _ = people
    sent = send(anna, boris, "as it was")
    position = activity.latest_activity_id(boris)
    tick(60)
    same = messages.edit_message(anna, sent.id, "  as it was ")
    assert same.text == "as it was" and same.edited_at is None
    assert dialogs.history(boris, anna)[0].edited_at is None
    assert activity.activity_after(boris, position) == []
    changed = messages.edit_message(anna, sent.id, "as it is now")
    assert changed.edited_at == clock.now()


def test_edit_follows_the_text_rules(db, people):
    """An edit cannot empty a message or make it longer than 4000 characters."""
    anna, boris, _ = people
    sent = send(anna, boris, "text")
    for bad in ("  ", "a" * 4001):
        with pytest.raises(ValidationError):
            messages.edit_message(anna, sent.id, bad)
    assert dialogs.history(anna, boris)[0].text == "text"


def test_only_the_author_may_edit_or_delete(db, people):
    """Boris cannot change Anna's message; Vera, outside the chat, is told it does not exist."""
    anna, boris, vera = people
    sent = send(anna, boris, "mine")
    with pytest.raises(PermissionDeniedError):
        messages.edit_message(boris, sent.id, "hacked")
    with pytest.raises(PermissionDeniedError):
        messages.delete_message(boris, sent.id)
    with pytest.raises(NotFoundError):
        messages.edit_message(vera, sent.id, "hacked")
    with pytest.raises(NotFoundError):
        messages.delete_message(vera, sent.id)
    with pytest.raises(NotFoundError):
        messages.edit_message(anna, 999999, "nothing")
    assert dialogs.history(anna, boris)[0].text == "mine"


def test_deleting_keeps_the_place_and_numbering(db, people):
    """A deleted message stays as "deleted" in its place; later ones keep their numbers;
    it can no longer be edited."""
    anna, boris, _ = people
    first = send(anna, boris, "one")
    send(anna, boris, "two")
    messages.delete_message(anna, first.id)
    messages.delete_message(anna, first.id)  # twice is harmless
    third = send(anna, boris, "three")
    assert third.seq == 3
    shown = dialogs.history(boris, anna)
    assert [(m.seq, m.text, m.deleted) for m in shown] == [
        (3, "three", False), (2, "two", False), (1, "", True)
    ]
    assert Message.get_by_id(first.id).text == ""
    with pytest.raises(NotFoundError):
        messages.edit_message(anna, first.id, "back")


# ---------------------------------------------------------------- read marks

def test_unread_counts_and_mark_read(db, people):
    """Boris writes three messages to Anna and Vera one: Anna sees 3 from Boris and
    4 in all; reading up to the second leaves 1; marks never move back or past the end."""
    anna, boris, vera = people
    msgs = [send(boris, anna, f"m{i}") for i in range(3)]
    send(vera, anna, "hi")
    assert dialogs.unread_count(anna, boris) == 3
    assert dialogs.unread_total(anna) == 4
    assert dialogs.unread_count(boris, anna) == 0
    dialogs.mark_read(anna, boris, msgs[1].seq)
    assert dialogs.unread_count(anna, boris) == 1
    assert dialogs.unread_total(anna) == 2
    dialogs.mark_read(anna, boris, 1)
    assert dialogs.unread_count(anna, boris) == 1
    dialogs.mark_read(anna, vera, 10**6)
    assert dialogs.unread_total(anna) == 1
    member = DialogMember.get((DialogMember.user == anna) & (DialogMember.peer == vera))
    assert member.last_read_seq == 1  # clamped to the newest message


def test_answering_reads_everything_before(db, people):
    """When Anna replies to Boris, his earlier messages no longer count as unread for her."""
    anna, boris, _ = people
    send(boris, anna, "one")
    send(boris, anna, "two")
    send(anna, boris, "my answer")
    assert dialogs.unread_count(anna, boris) == 0
    assert dialogs.unread_count(boris, anna) == 1


def test_mark_read_counts_only_up_to_the_mark(db, people):
    """Reading the first two of five messages leaves three unread; deleted ones never count."""
    anna, boris, _ = people
    msgs = [send(boris, anna, f"m{i}") for i in range(5)]
    dialogs.mark_read(anna, boris, 2)
    assert dialogs.unread_count(anna, boris) == 3
    messages.delete_message(boris, msgs[4].id)
    assert dialogs.unread_count(anna, boris) == 2
    assert dialogs.unread_total(anna) == 2
    dialogs.mark_read(anna, boris, 0)
    assert dialogs.unread_count(anna, boris) == 2


def test_mark_read_before_any_message_does_nothing(db, people):
    """Marking an empty chat read neither fails nor creates it."""
    anna, boris, _ = people
    dialogs.mark_read(anna, boris, 5)
    assert Dialog.select().count() == 0
    assert dialogs.unread_count(anna, boris) == 0
    with pytest.raises(ValidationError):
        dialogs.mark_read(anna, boris, "5")


def test_read_by_peer_follows_the_peers_mark(db, people):
    """Anna's messages show as read once Boris has read up to them."""
    anna, boris, _ = people
    send(anna, boris, "one")
    send(anna, boris, "two")
    assert [m.read_by_peer for m in dialogs.history(anna, boris)] == [False, False]
    dialogs.mark_read(boris, anna, 1)
    assert [m.read_by_peer for m in dialogs.history(anna, boris)] == [False, True]
    send(boris, anna, "reply")  # replying reads everything before it
    assert [m.read_by_peer for m in dialogs.history(anna, boris)] == [True, True, True]


# ---------------------------------------------------------------- history

def test_history_pages_through_120_messages_each_exactly_once(db, people):
    """Scrolling back through 120 messages, 50 at a time, shows each once, newest first."""
    anna, boris, _ = people
    for i in range(120):
        send(anna if i % 2 else boris, anna if i % 2 == 0 else boris, f"message {i}")
    seen = []
    before = None
    pages = 0
    while True:
        page = dialogs.history(anna, boris, before_seq=before, limit=50)
        if not page:
            break
        pages += 1
        seen.extend(m.seq for m in page)
        before = page[-1].seq
    assert pages == 3
    assert seen == list(range(120, 0, -1))


def test_someone_outside_the_dialog_sees_nothing(db, people):
    """Vera cannot read Anna and Boris's chat, nor find it in her list."""
    anna, boris, vera = people
    send(anna, boris, "secret")
    assert dialogs.history(vera, anna) == []
    assert dialogs.history(vera, boris) == []
    assert dialogs.dialog_list(vera).items == ()
    assert dialogs.messages_after(vera, 0) == []
    assert dialogs.unread_total(vera) == 0


def test_history_refuses_bad_paging_arguments(db, people):
    """A nonsensical page size or position is refused with the field named."""
    anna, boris, _ = people
    send(anna, boris, "x")
    with pytest.raises(ValidationError) as err:
        dialogs.history(anna, boris, limit=0)
    assert err.value.field == "limit"
    with pytest.raises(ValidationError) as err:
        dialogs.history(anna, boris, before_seq="3")
    assert err.value.field == "before_seq"


def test_history_page_costs_the_same_queries_whatever_its_size(db, people):
    """Opening a chat with many replies does not query once per message."""
    anna, boris, _ = people
    first = send(anna, boris, "root")
    for i in range(3):
        send(boris, anna, f"r{i}", reply_to_id=first.id)
    dialogs.history(anna, boris)  # the dialog's id is known from here on
    with count_queries() as small:
        dialogs.history(anna, boris)
    for i in range(40):
        send(boris if i % 2 else anna, anna if i % 2 else boris, f"r{i}", reply_to_id=first.id)
    with count_queries() as big:
        shown = dialogs.history(anna, boris)
    assert len(shown) == 44
    assert big.count == small.count <= 5  # + the page's attachments


def test_a_chat_page_of_two_people_does_not_ask_for_mentions(db, people, sql_sent):
    """Only a group send stores mentions, so a two-person chat page skips that
    query: on PostgreSQL every statement is a round trip to the server
    (bench/README.md, issue 17). The page is two statements: the messages
    (with the membership and the peer's read mark as subqueries), and their
    reactions and attachments together."""
    anna, boris, _ = people
    send(anna, boris, "@boris hello")
    send(boris, anna, "hi")
    dialogs.dialog_list(anna)  # the list names the dialog the chat opens
    with sql_sent() as sent:
        shown = dialogs.history(anna, boris)
    assert [m.text for m in shown] == ["hi", "@boris hello"]
    assert not any(m.mentions_me for m in shown)
    assert not [sql for sql in sent if '"mention"' in sql]
    assert len(sent) == 2


def test_a_send_takes_its_seq_from_the_update_that_allocates_it(db, people, sql_sent):
    """The dialog's counter is moved and read in one statement (UPDATE …
    RETURNING), not moved and then read again; the numbering stays gapless."""
    anna, boris, _ = people
    with sql_sent() as sent:
        first = send(anna, boris, "one")
        second = send(boris, anna, "two")
    assert (first.seq, second.seq) == (1, 2)
    assert not [sql for sql in sent if sql.startswith('SELECT "t1"."last_seq" FROM "dialog"')]
    if is_sqlite():
        assert len([sql for sql in sent if 'RETURNING "dialog"."last_seq"' in sql]) == 2
    else:  # the whole send is one call of messenger_send, which does the same (schema 15)
        assert len(sent) == 2 and all("messenger_send(" in sql for sql in sent)
    assert [m.seq for m in dialogs.history(anna, boris)] == [2, 1]


# ---------------------------------------------------------------- dialog list

def test_dialog_list_is_ordered_by_newest_message_with_previews(db, people, make_user):
    """Anna's list puts the chat with the newest message on top, with its first
    line, its time, who wrote it and how many are unread."""
    anna, boris, vera = people
    send(anna, boris, "to boris")
    tick()
    send(vera, anna, "from vera\nwith a second line")
    tick()
    send(anna, anna, "note")
    tick()
    latest = send(boris, anna, "latest from boris")
    page = dialogs.dialog_list(anna)
    assert [s.peer.login for s in page.items] == ["boris", "anna", "vera"]
    top = page.items[0]
    assert top.last_message_preview == "latest from boris"
    assert top.last_message_at == latest.created_at
    assert top.last_message_from_me is False
    assert top.unread_count == 1
    assert page.items[2].last_message_preview == "from vera"
    assert page.items[2].unread_count == 1
    assert page.next_cursor is None
    messages.delete_message(boris, latest.id)
    gone = dialogs.dialog_list(anna).items[0].last_message_preview
    assert gone == "message deleted" and isinstance(gone, Text)
    assert dialogs.dialog_list(anna).items[0].unread_count == 0


def test_dialog_list_pages_and_costs_constant_queries(db, people, make_user):
    """Thirty chats, ten per page: every chat appears once, newest first, and a
    page costs the same number of queries however many chats it shows: one
    (dialogs and groups together)."""
    anna, _, _ = people
    others = [make_user(f"user{i}").id for i in range(30)]
    for i, other in enumerate(others):
        send(other, anna, f"hello {i}")
    seen = []
    cursor = None
    with count_queries() as counter:
        page = dialogs.dialog_list(anna, cursor=cursor, limit=10)
    assert counter.count == 1
    while True:
        seen.extend(s.peer.id for s in page.items)
        if page.next_cursor is None:
            break
        page = dialogs.dialog_list(anna, cursor=page.next_cursor, limit=10)
    assert seen == list(reversed(others))
    with count_queries() as counter:
        dialogs.dialog_list(anna, limit=50)
    assert counter.count == 1


# ---------------------------------------------------------------- live polling

def test_live_polling_returns_only_new_messages_of_my_dialogs(db, people):
    """An open app asking "anything newer than N?" gets new messages for Anna,
    oldest first, and nothing of other people's chats."""
    anna, boris, vera = people
    send(boris, anna, "before")
    mark = dialogs.latest_message_id()
    assert dialogs.messages_after(anna, mark) == []
    first = send(boris, anna, "new 1")
    send(boris, vera, "not for Anna")
    second = send(vera, anna, "new 2")
    mine = send(anna, anna, "note")
    got = dialogs.messages_after(anna, mark)
    assert [m.id for m in got] == [first.id, second.id, mine.id]
    assert dialogs.latest_message_id() == mine.id
    assert [m.id for m in dialogs.messages_after(anna, mark, limit=1)] == [first.id]


def test_live_polling_refuses_a_bad_position(db, people):
    """A polling position that is not a message id is refused, naming it."""
    anna, _, _ = people
    with pytest.raises(ValidationError) as err:
        dialogs.messages_after(anna, None)
    assert err.value.field == "after_message_id"


def test_latest_message_id_is_zero_on_an_empty_database(db):
    """A fresh database has no messages: polling starts from 0."""
    assert dialogs.latest_message_id() == 0


# ---------------------------------------------------------------- query plans

def test_lists_use_indexes_not_full_scans(db, people, query_plans):
    """History, the dialog list, unread counts and live polling read through
    indexes, so a big database opens as fast as a small one."""
    anna, boris, vera = people
    for i in range(5):
        send(anna, boris, f"a{i}")
        send(vera, anna, f"v{i}")
    reply = send(boris, anna, "re", reply_to_id=1)
    with query_plans() as plans:
        dialogs.history(anna, boris)
        dialogs.history(anna, boris, before_seq=reply.seq)
        dialogs.dialog_list(anna)
        dialogs.dialog_list(anna, cursor=reply.id)
        dialogs.open_dialog(anna, vera)
        dialogs.messages_after(anna, 0)
        dialogs.unread_total(anna)
        dialogs.unread_count(anna, boris)
    assert plans.queries
    assert plans.full_scans() == []
