"""Drafts (models/drafts.py): what a person typed for a dialog and has not sent,
kept per person and dialog, never shown to anyone else; and the schema step
that adds them to a version-1 database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from models import clock, dialogs, messages, migrations
from models.db import close_database, database, open_database
from models.drafts import clear_draft, drafts_for, save_draft
from models.errors import NotFoundError, ValidationError
from models.schema import Draft, Meta, User


@pytest.fixture
def people(db, make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    michail = make_user("michail", "Michail", "Petrov")
    olga = make_user("olga", "Olga", "Smirnova")
    return anna.id, michail.id, olga.id


def texts(user_id: int) -> dict[int, str]:
    return {d.peer.id: d.text for d in drafts_for(user_id)}


def test_a_draft_is_kept_per_dialog_and_replaced_when_saved_again(people):
    """Anna's drafts for Michail and Olga are two drafts; saving again replaces
    one, and the newest comes first."""
    anna, michail, olga = people
    save_draft(anna, michail, "Привет, Миша")
    clock.freeze(clock.now().replace(minute=5))
    save_draft(anna, olga, "Olga, about Friday")
    save_draft(anna, michail, "Привет, Миша! Ты завтра")
    assert [(d.peer.id, d.text) for d in drafts_for(anna)] == [
        (michail, "Привет, Миша! Ты завтра"), (olga, "Olga, about Friday")]
    assert drafts_for(anna)[0].peer.first_name == "Michail"


def test_a_draft_is_never_shown_to_anyone_else(people):
    """Michail, the person the draft is for, and Olga see no draft of Anna's."""
    anna, michail, olga = people
    save_draft(anna, michail, "a secret half-thought")
    assert drafts_for(michail) == [] and drafts_for(olga) == []
    assert texts(anna) == {michail: "a secret half-thought"}


def test_an_empty_draft_or_clearing_removes_it(people):
    anna, michail, olga = people
    save_draft(anna, michail, "something")
    save_draft(anna, olga, "else")
    save_draft(anna, michail, "   ")
    assert texts(anna) == {olga: "else"}
    clear_draft(anna, olga)
    clear_draft(anna, olga)  # twice: nothing to do
    assert drafts_for(anna) == []
    assert Draft.select().count() == 0


def test_a_draft_keeps_its_lines_and_loses_control_characters(people):
    anna, michail, _olga = people
    save_draft(anna, michail, "line one\nline two  \x1b[31mred\x07")
    assert texts(anna) == {michail: "line one\nline two  [31mred"}


def test_a_draft_keeps_the_message_it_replies_to(people):
    """A reply in progress is part of the draft; a reply to a message of another
    dialog, or to a deleted one, is refused."""
    anna, michail, olga = people
    theirs = messages.send_message(michail, anna, "Are you coming?", "c1")
    other = messages.send_message(olga, anna, "Hi Anna", "c2")
    save_draft(anna, michail, "Yes, at seven", theirs.id)
    (draft,) = drafts_for(anna)
    assert draft.reply_to is not None and draft.reply_to.id == theirs.id
    assert draft.reply_to.text == "Are you coming?"
    with pytest.raises(ValidationError):
        save_draft(anna, michail, "wrong dialog", other.id)
    with pytest.raises(ValidationError):
        save_draft(anna, olga, "not my dialog's message", 999_999)
    save_draft(anna, michail, "", theirs.id)  # only the reply so far: kept
    assert drafts_for(anna)[0].reply_to.id == theirs.id
    messages.delete_message(michail, theirs.id)
    assert drafts_for(anna)[0].reply_to is None  # deleted meanwhile: the text stays


def test_a_draft_for_someone_not_written_to_yet(people):
    """A draft may come before the dialog's first message."""
    anna, _michail, olga = people
    save_draft(anna, olga, "First words")
    assert dialogs.open_dialog(anna, olga).dialog_id is None
    assert texts(anna) == {olga: "First words"}
    with pytest.raises(NotFoundError):
        save_draft(anna, 999_999, "nobody")


def test_sending_the_message_clears_its_draft_but_not_a_newer_one(people):
    """Sending removes the draft of what was sent; a draft that already says
    something else (typed while the message was on its way) stays."""
    anna, michail, olga = people
    save_draft(anna, michail, "See you at seven ")
    messages.send_message(anna, michail, "See you at seven ", "s1")
    assert drafts_for(anna) == []
    save_draft(anna, olga, "and one more thing")
    messages.send_message(anna, olga, "the first thing", "s2")
    assert texts(anna) == {olga: "and one more thing"}


def test_a_huge_draft_is_refused_with_its_size(people):
    anna, michail, _olga = people
    with pytest.raises(ValidationError) as err:
        save_draft(anna, michail, "x" * 20_001)
    assert "20001" in err.value.message


def test_deleting_a_person_deletes_their_drafts(people):
    anna, michail, olga = people
    save_draft(anna, michail, "to Michail")
    save_draft(olga, anna, "to Anna")
    User.delete().where(User.id == anna).execute()
    assert Draft.select().count() == 0


def _version_one_database(url: str) -> tuple[int, int]:
    """A database as the first release left it, with two people in it."""
    db = open_database(url, upgrade=False)
    with db.atomic():
        migrations._v1(db)
        Meta.insert(key="schema_version", value="1").execute()
    ids = tuple(
        User.create(login=login, login_key=login, password_hash="!", first_name=login,
                    last_name="Old", first_key=login, last_key="old",
                    created_at=clock.now()).id
        for login in ("vera", "pavel")
    )
    close_database()
    return ids


def test_a_version_one_database_is_upgraded_to_keep_drafts(db_url, frozen_clock):
    """Opening a version-1 database (no draft table, people in it) adds the
    table in the upgrade; the people stay and drafts work."""
    vera, pavel = _version_one_database(db_url)
    try:
        db = open_database(db_url, upgrade=False)
        assert migrations.current_version(db) == 1
        assert "draft" not in db.get_tables()
        close_database()
        db = open_database(db_url)
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert "draft" in db.get_tables()
        assert User.select().count() == 2
        save_draft(vera, pavel, "Hello from an old database")
        assert texts(vera) == {pavel: "Hello from an old database"}
        assert migrations.upgrade(db) == (migrations.SCHEMA_VERSION, migrations.SCHEMA_VERSION)
    finally:
        close_database()
        database.initialize(None)
