"""Group conversations (models/groups.py), on SQLite and PostgreSQL: who may
read, write and change a group, its system lines, roles, leaving and the last
one out, the 500-member cap, and what a removed member still sees."""

from __future__ import annotations

import json

import pytest

from models import activity, conversations, dialogs, drafts, groups, messages, system_lines
from models.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from models.schema import Dialog, DialogMember, Message


def send(user, dialog_id, text, **kw):
    return messages.send_to_dialog(user, dialog_id, text, messages.new_client_id(), **kw)


def lines(user, dialog_id):
    """(event, actor login, target login, title) of the system lines I see, oldest first."""
    return [
        (m.system.event, m.sender.login, m.system.target.login if m.system.target else None,
         m.system.title)
        for m in reversed(conversations.history_of(user, dialog_id)) if m.kind == "system"
    ]


def test_creating_a_group_makes_the_creator_owner_and_says_so(db, crew):
    """Анна makes «Поход»: she owns it, the others are members, the first line
    says she made it, and each member's app hears of the new group."""
    anna, michail, olga, _, _ = crew
    gid = groups.create_group(anna, "  Поход  ", [michail, olga, michail])
    info = groups.group_info(michail, gid)
    assert (info.title, info.owner.id, info.member_count, info.my_role) == (
        "Поход", anna, 3, "member")
    assert [(m.user.id, m.role) for m in groups.group_members(olga, gid)] == [
        (anna, "owner"), (michail, "member"), (olga, "member")]
    assert lines(olga, gid) == [("created", "anna", None, "Поход")]
    assert [a.kind for a in activity.activity_after(michail, 0)] == [activity.GROUP_ADDED]
    row = dialogs.dialog_list(olga).items[0]
    assert (row.kind, row.title, row.peer, row.role, row.member_count, row.unread_count) == (
        "group", "Поход", None, "member", 3, 0)
    assert row.last_system.event == "created"


@pytest.mark.parametrize("title", ["", "   ", "\u200b\u200b", "x" * 101])
def test_a_group_needs_a_title_of_1_to_100_characters(db, crew, title):
    with pytest.raises(ValidationError) as err:
        groups.create_group(crew[0], title, [crew[1]])
    assert err.value.field == "title"
    assert Dialog.select().count() == 0


def test_strangers_get_not_found_and_never_the_content(db, crew):
    """Ева is not in the group: its history, members, info, a send, a read mark,
    who-read-it and a draft all say it does not exist."""
    anna, michail, _, _, eva = crew
    gid = groups.create_group(anna, "Поход", [michail])
    secret = send(anna, gid, "секрет")
    for call in (
        lambda: conversations.history_of(eva, gid),
        lambda: groups.group_members(eva, gid),
        lambda: groups.group_info(eva, gid),
        lambda: send(eva, gid, "hi"),
        lambda: conversations.mark_read_in(eva, gid, 5),
        lambda: conversations.read_by(eva, secret.id),
        lambda: drafts.save_draft_in(eva, gid, "x"),
        lambda: groups.add_members(eva, gid, [eva]),
        lambda: groups.leave_group(eva, gid),
        lambda: messages.edit_message(eva, secret.id, "mine now"),
    ):
        with pytest.raises(NotFoundError):
            call()
    assert dialogs.messages_by_id(eva, [secret.id]) == []
    assert dialogs.messages_after(eva, 0) == []
    assert dialogs.dialog_list(eva).items == ()
    assert Message.select().where(Message.sender == eva).count() == 0


def test_only_owner_and_admins_add_remove_and_rename(db, crew):
    anna, michail, olga, dmitry, eva = crew
    gid = groups.create_group(anna, "Поход", [michail, olga])
    for call in (lambda: groups.add_members(michail, gid, [dmitry]),
                 lambda: groups.remove_member(michail, gid, olga),
                 lambda: groups.rename_group(michail, gid, "Мой"),
                 lambda: groups.set_admin(michail, gid, olga, True)):
        with pytest.raises(PermissionDeniedError):
            call()
    groups.set_admin(anna, gid, michail, True)
    groups.add_members(michail, gid, [dmitry])
    groups.rename_group(michail, gid, "Эльбрус")
    with pytest.raises(PermissionDeniedError):
        groups.set_admin(michail, gid, olga, True)  # naming admins is the owner's
    with pytest.raises(PermissionDeniedError):
        groups.remove_member(michail, gid, anna)  # nobody removes the owner
    groups.set_admin(anna, gid, olga, True)
    with pytest.raises(PermissionDeniedError):
        groups.remove_member(michail, gid, olga)  # an admin is removed by the owner only
    groups.remove_member(michail, gid, dmitry)
    assert lines(anna, gid) == [
        ("created", "anna", None, "Поход"), ("admin_granted", "anna", "michail", None),
        ("added", "michail", "dmitry", None), ("renamed", "michail", None, "Эльбрус"),
        ("admin_granted", "anna", "olga", None), ("removed", "michail", "dmitry", None)]
    assert groups.group_info(olga, gid).title == "Эльбрус"
    assert {a.kind for a in activity.activity_after(olga, 0)} >= {
        activity.GROUP_RENAMED, activity.GROUP_ROLES}
    assert activity.GROUP_REMOVED in {a.kind for a in activity.activity_after(dmitry, 0)}
    del eva


def test_nobody_is_added_twice(db, crew):
    anna, michail, olga, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail])
    with pytest.raises(ConflictError) as err:
        groups.add_members(anna, gid, [olga, michail])
    assert err.value.field == "user_ids"
    assert groups.group_info(anna, gid).member_count == 2  # all or nothing: Ольга not added
    assert DialogMember.select().where(DialogMember.dialog == gid).count() == 2


def test_at_most_500_members(db, crew, make_user):
    anna = crew[0]
    others = [make_user(f"p{i}").id for i in range(500)]
    with pytest.raises(ValidationError):
        groups.create_group(anna, "Толпа", others)  # 501 with Анна
    gid = groups.create_group(anna, "Толпа", others[:499])
    assert groups.group_info(anna, gid).member_count == 500
    with pytest.raises(ValidationError):
        groups.add_members(anna, gid, [others[499]])
    groups.remove_member(anna, gid, others[0])
    groups.add_members(anna, gid, [others[499]])
    assert groups.group_info(anna, gid).member_count == 500


def test_system_lines_cannot_be_forged_edited_or_replied_to(db, crew):
    """Typing a system line's payload sends a plain text message; a system line
    cannot be edited, deleted or replied to, not even by its actor."""
    anna, michail, _, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail])
    forged = send(michail, gid, system_lines.payload("removed", anna))
    assert forged.kind == "text" and forged.system is None
    assert json.loads(conversations.history_of(anna, gid)[0].text)["event"] == "removed"
    created = conversations.history_of(anna, gid)[-1]
    assert created.kind == "system" and created.text == ""
    with pytest.raises(PermissionDeniedError):
        messages.edit_message(anna, created.id, "нет")
    with pytest.raises(PermissionDeniedError):
        messages.delete_message(anna, created.id)
    with pytest.raises(ValidationError):
        send(michail, gid, "ответ", reply_to_id=created.id)


def test_an_owner_who_leaves_hands_over_to_the_longest_standing_admin(db, crew):
    anna, michail, olga, dmitry, _ = crew
    gid = groups.create_group(anna, "Поход", [michail, olga])
    groups.add_members(anna, gid, [dmitry])
    groups.set_admin(anna, gid, dmitry, True)
    assert groups.leave_group(anna, gid) is False
    assert groups.group_info(olga, gid).owner.id == dmitry  # the admin, though newer
    assert lines(olga, gid)[-2:] == [("left", "anna", None, None),
                                     ("owner", "anna", "dmitry", None)]
    groups.leave_group(dmitry, gid)  # no admin left: the longest-standing member
    assert groups.group_info(olga, gid).owner.id == michail


def test_the_last_one_out_deletes_the_group(db, crew):
    anna, michail, _, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail])
    send(michail, gid, "пока")
    groups.remove_member(anna, gid, michail)
    assert groups.leave_group(anna, gid) is True
    assert Dialog.get_or_none(Dialog.id == gid) is None
    assert Message.select().where(Message.dialog == gid).count() == 0
    with pytest.raises(NotFoundError):
        conversations.history_of(michail, gid)  # their read-only copy went with it


def test_a_removed_member_keeps_history_up_to_removal_read_only(db, crew):
    """Михаил is removed: he still reads what came before, with the line saying
    so, but cannot write; nothing sent or renamed afterwards reaches him."""
    anna, michail, olga, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail, olga])
    before = send(olga, gid, "до")
    drafts.save_draft_in(michail, gid, "черновик")
    groups.remove_member(anna, gid, michail)
    mark = dialogs.latest_message_id()
    after = send(olga, gid, "после @michail")
    groups.rename_group(anna, gid, "Секрет")
    seen = conversations.history_of(michail, gid)
    assert [m.id for m in seen][1] == before.id
    assert seen[0].system.event == "removed" and seen[0].system.target.id == michail
    assert dialogs.messages_after(michail, mark) == []
    assert dialogs.messages_by_id(michail, [after.id]) == []
    row = dialogs.dialog_list(michail).items[0]
    assert (row.read_only, row.role, row.title, row.mention_count) == (True, None, "Поход", 0)
    assert row.last_system.event == "removed"
    assert row.unread_count == 1  # «до», not «после»
    assert groups.group_info(michail, gid).title == "Поход"
    assert drafts.drafts_for(michail) == []
    with pytest.raises(PermissionDeniedError):
        send(michail, gid, "эй")
    with pytest.raises(PermissionDeniedError):
        groups.group_members(michail, gid)
    with pytest.raises(PermissionDeniedError):
        drafts.save_draft_in(michail, gid, "x")
    conversations.mark_read_in(michail, gid, 10_000)
    assert dialogs.unread_total(michail) == 0
    assert DialogMember.get(dialog=gid, user=michail).last_read_seq == seen[0].seq


def test_a_member_added_later_sees_history_from_being_added(db, crew):
    anna, michail, olga, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail])
    send(anna, gid, "старое")
    groups.add_members(anna, gid, [olga])
    send(anna, gid, "новое")
    assert [m.text or m.system.event for m in reversed(conversations.history_of(olga, gid))] == [
        "added", "новое"]
    assert conversations.unread_in(olga, gid) == 1
    groups.remove_member(anna, gid, olga)
    groups.add_members(anna, gid, [olga])  # back: sees from the new line on
    assert [m.system.event for m in conversations.history_of(olga, gid)] == ["added"]


def test_read_marks_tick_twice_and_say_who_read_when(db, crew, frozen_clock):
    from datetime import timedelta

    from models import clock
    anna, michail, olga, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail, olga])
    sent = send(anna, gid, "кто прочтёт?")
    assert sent.read_by_peer is False
    assert conversations.history_of(anna, gid)[0].read_by_peer is False
    clock.freeze(frozen_clock + timedelta(minutes=3))
    conversations.mark_read_in(olga, gid, sent.seq)
    assert conversations.history_of(anna, gid)[0].read_by_peer is True
    readers = conversations.read_by(anna, sent.id)
    assert [(r.user.id, r.read_at) for r in readers] == [
        (olga, frozen_clock + timedelta(minutes=3))]
    reads = [a for a in activity.activity_after(anna, 0) if a.kind == activity.READ]
    assert [(a.actor.id, a.dialog_id, a.ref_id) for a in reads] == [(olga, gid, sent.seq)]
    assert [a.kind for a in activity.activity_after(michail, 0)] == [activity.GROUP_ADDED]


def test_a_read_tells_each_present_sender_once_in_the_same_statements(db, crew):
    """Reading a group tells every sender whose message the read reached (one
    READ each), not the reader nor one who left; the statements are as many
    for three senders as for one (one insert for all of them)."""
    from playhouse.test_utils import count_queries

    anna, michail, olga, dmitry, eva = crew
    gid = groups.create_group(anna, "Поход", [michail, olga, dmitry, eva])

    def statements_of_a_read(senders):
        for n, who in enumerate(senders):
            last = send(who, gid, f"привет {n}")
        with count_queries() as counted:
            conversations.mark_read_in(anna, gid, last.seq)
        return counted.count, last.seq

    one, _ = statements_of_a_read([michail])
    send(eva, gid, "я ухожу")
    groups.leave_group(eva, gid)
    three, seq = statements_of_a_read([olga, dmitry, michail])
    assert three == one
    reads = {who: [a.ref_id for a in activity.activity_after(who, 0)
                   if a.kind == activity.READ and a.actor.id == anna] for who in crew}
    assert len(reads[michail]) == 2 and reads[michail][1] == seq
    assert reads[olga] == [seq] and reads[dmitry] == [seq]
    assert reads[eva] == [] and reads[anna] == []


def test_mentions_count_apart_and_come_first(db, crew):
    """«@olga» names Ольга (a member), not Ева (outside) nor the sender: it
    highlights, counts in her "@" badge until read, and is where she goes first."""
    anna, michail, olga, _, eva = crew
    gid = groups.create_group(anna, "Поход", [michail, olga])
    send(michail, gid, "просто так")
    named = send(michail, gid, "@olga, @eva и @michail: идём? mail@olga.ru")
    mine = conversations.history_of(olga, gid)[0]
    assert mine.mentions_me is True
    assert conversations.history_of(anna, gid)[0].mentions_me is False
    row = dialogs.dialog_list(olga).items[0]
    assert (row.unread_count, row.mention_count) == (2, 1)
    assert conversations.mention_count(olga) == 1
    assert conversations.mention_count(michail) == 0 and conversations.mention_count(eva) == 0
    found = conversations.next_unread_mention(olga)
    assert (found.dialog_id, found.seq, found.mention) == (gid, named.seq, True)
    conversations.mark_read_in(olga, gid, named.seq)
    assert conversations.mention_count(olga) == 0
    assert conversations.next_unread_mention(olga) is None
    again = send(anna, gid, "@OLGA ещё раз")
    assert conversations.mention_count(olga, gid) == 1
    messages.delete_message(anna, again.id)
    assert conversations.mention_count(olga, gid) == 0


def test_groups_and_dialogs_share_one_list_in_order(db, crew):
    anna, michail, olga, dmitry, _ = crew
    messages.send_message(michail, anna, "личное 1", messages.new_client_id())
    gid = groups.create_group(anna, "Поход", [michail])
    messages.send_message(olga, anna, "личное 2", messages.new_client_id())
    g2 = groups.create_group(dmitry, "Клуб", [anna])
    send(michail, gid, "в группе")
    page = dialogs.dialog_list(anna, limit=2)
    rest = dialogs.dialog_list(anna, cursor=page.next_cursor, limit=2)
    order = [(s.kind, s.title or s.peer.login) for s in page.items + rest.items]
    assert order == [("group", "Поход"), ("group", "Клуб"), ("pair", "olga"), ("pair", "michail")]
    assert rest.next_cursor is None
    top = page.items[0]
    assert (top.last_sender.id, top.last_message_preview, top.unread_count) == (
        michail, "в группе", 1)
    assert dialogs.unread_total(anna) == 3
    assert dialogs.dialog_summary(anna, g2).title == "Клуб"


def test_drafts_of_a_group_are_kept_by_the_group(db, crew):
    anna, michail, _, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail])
    first = send(anna, gid, "первое")
    drafts.save_draft_in(michail, gid, "ответ", reply_to_id=first.id)
    (draft,) = drafts.drafts_for(michail)
    assert (draft.peer, draft.dialog_id, draft.text, draft.reply_to.id) == (
        None, gid, "ответ", first.id)
    send(michail, gid, "ответ")
    assert drafts.drafts_for(michail) == []


def test_a_send_is_resend_safe_and_a_client_id_stays_in_its_group(db, crew):
    anna, michail, _, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail])
    g2 = groups.create_group(anna, "Другая", [michail])
    one = messages.send_to_dialog(anna, gid, "раз", "cid-1")
    assert messages.send_to_dialog(anna, gid, "раз", "cid-1").id == one.id
    with pytest.raises(ConflictError):
        messages.send_to_dialog(anna, g2, "раз", "cid-1")
    with pytest.raises(ConflictError):
        messages.send_message(anna, michail, "раз", "cid-1")
    assert Message.select().where(Message.client_id == "cid-1").count() == 1


def test_a_send_into_500_members_writes_no_row_per_member(db, crew, make_user):
    """In a group of 500 a send writes a fixed handful of rows, and every
    member's unread count (and the list's) stays right."""
    from playhouse.test_utils import count_queries

    anna = crew[0]
    others = [make_user(f"m{i}").id for i in range(499)]
    gid = groups.create_group(anna, "Все", others)
    send(others[0], gid, "разогрев")
    conversations.mark_read_in(anna, gid, 2)
    before = {m.user_id: m.last_read_seq for m in DialogMember.select()}
    with count_queries() as counted:
        sent = send(anna, gid, "всем привет")
    writes = [q for q in counted.get_queries()
              if q.msg[0].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) <= 6
    after = {m.user_id: m.last_read_seq for m in DialogMember.select()}
    assert [u for u in after if after[u] != before[u]] == [anna]
    send(others[1], gid, "и тебе")
    conversations.mark_read_in(others[2], gid, sent.seq)
    expected = {anna: 1, others[0]: 2, others[1]: 0, others[2]: 1}  # sending reads too
    for member in [anna, *others]:
        count = conversations.unread_in(member, gid)
        assert count == expected.get(member, 3), member
        assert dialogs.unread_total(member) == count
    assert dialogs.dialog_list(others[5]).items[0].unread_count == 3


def test_live_poller_hears_of_group_changes(db, crew):
    """Ольга's running app learns of the group she was put in, its lines and
    messages, a rename, and her removal — and then nothing more of it."""
    from test_activity import PollThread

    anna, michail, olga, _, _ = crew
    poller = PollThread(olga)
    poller.poll()
    gid = groups.create_group(anna, "Поход", [michail, olga])
    send(michail, gid, "@olga привет")
    changes = poller.poll()
    assert [m.kind for m in changes.messages] == ["system", "text"]
    assert changes.messages[1].mentions_me is True
    assert [a.kind for a in changes.activity] == [activity.GROUP_ADDED]
    assert changes.unread_total == 1
    groups.rename_group(anna, gid, "Эльбрус")
    changes = poller.poll()
    assert changes.messages[0].system.title == "Эльбрус"
    assert [a.kind for a in changes.activity] == [activity.GROUP_RENAMED]
    groups.remove_member(anna, gid, olga)
    send(michail, gid, "без неё")
    changes = poller.poll()
    assert [m.system.event for m in changes.messages] == ["removed"]
    assert [a.kind for a in changes.activity] == [activity.GROUP_REMOVED]
    poller.close()


def test_group_reads_use_indexes_only(db, crew, query_plans):
    """Every question a group screen asks is an index search, never a scan of
    the big tables (SQLite's plans)."""
    anna, michail, olga, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail, olga])
    sent = send(michail, gid, "@anna привет")
    with query_plans() as plans:
        conversations.history_of(anna, gid)
        conversations.history_of(anna, gid, before_seq=2)
        conversations.history_at_first_unread_of(anna, gid)
        dialogs.dialog_list(anna)
        dialogs.unread_total(anna)
        dialogs.messages_after(anna, 0)
        conversations.mention_count(anna)
        conversations.next_unread_mention(anna)
        conversations.read_by(michail, sent.id)
        groups.group_members(anna, gid)
    assert plans.full_scans() == []


def test_edits_and_deletions_reach_every_member_but_not_the_removed(db, crew):
    anna, michail, olga, dmitry, _ = crew
    gid = groups.create_group(anna, "Поход", [michail, olga, dmitry])
    sent = send(michail, gid, "черновой план")
    groups.remove_member(anna, gid, dmitry)
    messages.edit_message(michail, sent.id, "чистовой план")
    messages.delete_message(michail, send(michail, gid, "лишнее").id)
    for member in (anna, olga):
        kinds = [a.kind for a in activity.activity_after(member, 0)]
        assert kinds[-2:] == [activity.MESSAGE_EDITED, activity.MESSAGE_DELETED]
        assert dialogs.messages_by_id(member, [sent.id])[0].text == "чистовой план"
    assert activity.MESSAGE_EDITED not in [a.kind for a in activity.activity_after(dmitry, 0)]
    assert activity.MESSAGE_EDITED not in [a.kind for a in activity.activity_after(michail, 0)]
    with pytest.raises(PermissionDeniedError):
        messages.edit_message(anna, sent.id, "моё")  # not hers to change


def test_db_check_notices_a_group_whose_counts_disagree(db, crew):
    """`messenger db check` is quiet about healthy groups and names one whose
    member count or owner no longer matches its member rows."""
    from models import maintenance

    anna, michail, olga, _, _ = crew
    gid = groups.create_group(anna, "Поход", [michail, olga])
    groups.remove_member(anna, gid, olga)
    assert maintenance.check_database() == []
    Dialog.update(member_count=7).where(Dialog.id == gid).execute()
    DialogMember.update(role="member").where(
        (DialogMember.dialog == gid) & (DialogMember.user == anna)).execute()
    assert maintenance.check_database() == [
        f"Group {gid}: member count 7, but 2 present members.",
        f"Group {gid}: 0 owners instead of one."]


def test_nobody_is_added_to_a_group_by_a_person_they_blocked(db, crew):
    """Creating or adding: refused whole, nothing stored, when anyone in it blocked the adder."""
    from models import blocks

    anna, michail, olga, dmitry, eva = crew
    blocks.block(olga, anna)
    before = Dialog.select().count()
    with pytest.raises(PermissionDeniedError):
        groups.create_group(anna, "Поход", [michail, olga])
    assert Dialog.select().count() == before
    group = groups.create_group(anna, "Поход", [michail])
    with pytest.raises(PermissionDeniedError):
        groups.add_members(anna, group, [dmitry, olga])
    assert {m.user.id for m in groups.group_members(anna, group)} == {anna, michail}
    groups.set_admin(anna, group, michail, True)
    groups.add_members(michail, group, [olga])  # olga blocked anna, not michail
    assert olga in {m.user.id for m in groups.group_members(anna, group)}


def test_a_chat_opened_at_a_message_keeps_to_what_a_member_may_read(db, crew):
    """page_around (a search result) and history_after: a removed member gets
    nothing sent after the removal, a late joiner nothing from before joining."""
    from models import chat_search

    anna, michail, olga, dmitry, eva = crew
    group = groups.create_group(anna, "Поход", [michail, olga])
    early = send(anna, group, "before dmitry")
    groups.add_members(anna, group, [dmitry])
    groups.remove_member(anna, group, olga)
    late = send(anna, group, "after olga left")
    with pytest.raises(NotFoundError):
        chat_search.page_around(olga, late.id)
    with pytest.raises(NotFoundError):
        chat_search.page_around(dmitry, early.id)
    with pytest.raises(NotFoundError):
        chat_search.page_around(eva, early.id)
    seen = chat_search.page_around(olga, early.id)
    assert late.id not in {m.id for m in seen.messages}
    assert late.id not in {m.id for m in chat_search.history_after(olga, group, 0)}
    around = chat_search.page_around(dmitry, late.id)
    assert early.id not in {m.id for m in around.messages}


def test_member_logins_are_the_present_members_and_for_members_only(db, crew):
    """What "@" completes to: the logins of the present members, as the
    members list has them; a removed member and a stranger get none."""
    anna, michail, olga, dmitry, eva = crew
    gid = groups.create_group(anna, "Поход", [michail, olga, dmitry])
    groups.remove_member(anna, gid, dmitry)
    assert sorted(groups.member_logins(olga, gid)) == sorted(
        m.user.login for m in groups.group_members(olga, gid)) == ["anna", "michail", "olga"]
    with pytest.raises(PermissionDeniedError):
        groups.member_logins(dmitry, gid)
    with pytest.raises(NotFoundError):
        groups.member_logins(eva, gid)
