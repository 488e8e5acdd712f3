"""Muting a dialog: per person, by dialog id; a muted dialog's unread messages
stay out of the header's total; the live poll says which new messages come from
muted dialogs, and which are groups, with their titles; the schema step that
brings a version-4 database to it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from test_activity import send
from version_four import v4_message

from models import dialogs, groups, messages, migrations, mutes, settings
from models.activity import LivePoller
from models.db import close_database, database, open_database
from models.errors import NotFoundError, ValidationError
from models.schema import DialogMute, User


@pytest.fixture
def people(make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    boris = make_user("boris", "Борис", "Петров")
    vera = make_user("vera", "Vera", "Smith")
    return anna.id, boris.id, vera.id


def test_a_muted_dialog_is_left_out_of_the_unread_total_only(people):
    """Boris wrote Анна 2 messages, Vera 3. Анна mutes Vera's dialog: her total
    is 2, Vera's dialog still counts its own 3; unmuted, the total is 5 again."""
    anna, boris, vera = people
    send(boris, anna, "one")
    send(boris, anna, "two")
    with_vera = send(vera, anna, "a").dialog_id
    send(vera, anna, "b")
    send(vera, anna, "c")
    assert dialogs.unread_total(anna) == 5
    assert mutes.set_muted(anna, with_vera, True) is True
    assert dialogs.unread_total(anna) == 2
    assert dialogs.unread_count(anna, vera) == 3
    assert mutes.is_muted(anna, with_vera)
    assert mutes.set_muted(anna, with_vera, True) is True  # twice: still one row
    assert DialogMute.select().count() == 1
    assert mutes.set_muted(anna, with_vera, False) is False
    assert dialogs.unread_total(anna) == 5
    assert not mutes.is_muted(anna, with_vera)


def test_muting_is_per_person(people):
    """Анна muting her dialog with Boris changes nothing for Boris."""
    anna, boris, _vera = people
    dialog = send(boris, anna, "hello").dialog_id
    send(anna, boris, "hi")
    mutes.set_muted(anna, dialog, True)
    assert dialogs.unread_total(boris) == 1
    assert mutes.muted_dialog_ids(boris) == frozenset()
    assert mutes.muted_dialog_ids(anna) == {dialog}


def test_only_a_member_mutes_a_dialog(people):
    """Vera cannot mute (or learn about) Анна and Boris's dialog; a dialog that
    does not exist and a number that is not one are refused."""
    anna, boris, vera = people
    dialog = send(anna, boris, "hi").dialog_id
    with pytest.raises(NotFoundError):
        mutes.set_muted(vera, dialog, True)
    with pytest.raises(NotFoundError):
        mutes.set_muted(anna, dialog + 1000, True)
    with pytest.raises(ValidationError):
        mutes.set_muted(anna, "1", True)
    assert DialogMute.select().count() == 0


def test_muted_among_answers_for_the_dialogs_asked(people):
    anna, boris, vera = people
    one = send(boris, anna, "x").dialog_id
    two = send(vera, anna, "y").dialog_id
    mutes.set_muted(anna, two, True)
    assert mutes.muted_dialog_ids(anna, [one]) == frozenset()
    assert mutes.muted_dialog_ids(anna, [one, two]) == {two}
    assert mutes.muted_dialog_ids(anna, []) == frozenset()


def test_a_person_deleted_takes_their_mutes_along(people):
    anna, boris, _vera = people
    mutes.set_muted(anna, send(anna, boris, "hi").dialog_id, True)
    User.delete().where(User.id == anna).execute()
    assert DialogMute.select().count() == 0


def test_the_poll_says_which_new_messages_come_from_muted_dialogs(people):
    """The live poll hands the app the muted dialogs among the new messages'
    (so it does not notify), and a total without them."""
    anna, boris, vera = people
    muted = send(vera, anna, "first").dialog_id
    send(boris, anna, "first")
    mutes.set_muted(anna, muted, True)
    # One long-lived thread, as the app's: SQLite's data_version is per connection.
    pool = ThreadPoolExecutor(max_workers=1)
    poller = LivePoller(anna)
    try:
        pool.submit(poller.poll).result(timeout=30)  # the first poll learns where things are
        send(vera, anna, "from a muted dialog")
        send(boris, anna, "from Boris")
        changes = pool.submit(poller.poll).result(timeout=30)
    finally:
        pool.submit(lambda: database.obj.close()).result(timeout=30)
        pool.shutdown()
    assert [m.text for m in changes.messages] == ["from a muted dialog", "from Boris"]
    assert changes.muted_dialogs == {muted}
    assert changes.unread_total == 2  # Boris's two


def test_the_poll_names_the_groups_the_new_messages_come_from(people):
    """The live poll hands the app the title of each group among the new
    messages' dialogs (a notice names the group), and none for a dialog."""
    anna, boris, vera = people
    hike = groups.create_group(vera, "Поход", [anna, boris])
    chess = groups.create_group(boris, "Chess", [anna])
    send(boris, anna, "first")
    pool = ThreadPoolExecutor(max_workers=1)
    poller = LivePoller(anna)
    try:
        pool.submit(poller.poll).result(timeout=30)
        messages.send_to_dialog(boris, hike, "in the hike", "b-1")
        send(boris, anna, "to Анна alone")
        messages.send_to_dialog(boris, chess, "in chess", "b-2")
        changes = pool.submit(poller.poll).result(timeout=30)
        quiet = pool.submit(poller.poll).result(timeout=30)
    finally:
        pool.submit(lambda: database.obj.close()).result(timeout=30)
        pool.shutdown()
    assert [m.text for m in changes.messages] == ["in the hike", "to Анна alone", "in chess"]
    assert dict(changes.group_titles) == {hike: "Поход", chess: "Chess"}
    assert quiet is None or quiet.group_titles == ()


def test_notification_settings_are_kept_and_checked(people):
    anna, boris, _vera = people
    assert settings.user_settings(anna) == settings.DEFAULTS
    assert (settings.DEFAULTS.notify_bell, settings.DEFAULTS.notify_desktop) == (True, True)
    assert not settings.DEFAULTS.do_not_disturb
    assert settings.DEFAULTS.mentions_when_muted
    saved = settings.save_settings(anna, notify_bell=False, do_not_disturb=True,
                                   mentions_when_muted=False, notify_desktop=False)
    assert (saved.notify_bell, saved.notify_desktop, saved.do_not_disturb,
            saved.mentions_when_muted) == (False, False, True, False)
    assert settings.user_settings(anna) == saved
    assert settings.user_settings(boris) == settings.DEFAULTS
    with pytest.raises(ValidationError):
        settings.save_settings(anna, notify_bell="yes")
    assert settings.user_settings(anna).notify_bell is False


def test_a_version_4_database_with_dialogs_is_upgraded_to_mutes(db_url, make_user_factory):
    """A database at version 4 (before mutes) holding a dialog opens upgraded:
    the table and its unique index are there, the dialog and its messages are
    kept, and the dialog can be muted."""
    db = open_database(db_url, upgrade=False)
    with db.atomic():
        for version in (1, 2, 3, 4):
            migrations.STEPS[version](db)
        migrations._set_version(db, 4)
    anna, boris = make_user_factory("anna"), make_user_factory("boris")
    dialog, _message = v4_message(db, boris, anna, "before the upgrade")
    assert "dialog_mute" not in db.get_tables()
    close_database()

    db = open_database(db_url)
    try:
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert "dialog_mute" in db.get_tables()
        indexes = {index.name: index for index in db.get_indexes("dialog_mute")}
        assert indexes["dialog_mute_user_id_dialog_id"].unique
        assert [m.text for m in dialogs.history(anna, boris)] == ["before the upgrade"]
        assert dialogs.unread_total(anna) == 1
        mutes.set_muted(anna, dialog, True)
        assert dialogs.unread_total(anna) == 0
    finally:
        close_database()
        database.initialize(None)


def test_mutes_are_read_through_indexes(db, people, query_plans):
    """Muting, the muted set and the total with a muted dialog read by index."""
    anna, boris, vera = people
    one = send(boris, anna, "x").dialog_id
    send(vera, anna, "y")
    mutes.set_muted(anna, one, True)
    with query_plans() as plans:
        mutes.set_muted(anna, one, True)
        mutes.is_muted(anna, one)
        mutes.muted_dialog_ids(anna)
        mutes.muted_dialog_ids(anna, [one])
        dialogs.unread_total(anna)
    assert plans.queries
    assert plans.full_scans() == []
